"""Entra ID (Microsoft 365) sign-in: checking the access token the Excel add-in sends.

With ``s55xl serve --entra-tenant TENANT --entra-audience AUD`` the add-in asks Office for the
signed-in user's access token (``Office.auth.getAccessToken``) and sends it as
``Authorization: Bearer <token>``. The server accepts it only when, checked with PyJWT:

- its header names ``RS256`` — Entra's algorithm — and a key ID (``alg: none``, HS256 and every
  other algorithm are refused before any key is looked at);
- its signature verifies with that key from the tenant's published key set (JWKS), which is
  fetched once and cached; an unknown key ID fetches the set again (Microsoft rotates keys),
  at most once per cool-down so a stream of made-up key IDs cannot hammer Microsoft;
- its issuer is the tenant (``https://login.microsoftonline.com/<tenant>/v2.0`` for v2.0
  tokens, ``https://sts.windows.net/<tenant>/`` for v1.0 ones), its ``tid`` is the tenant, and
  its audience is the application's (client ID or Application ID URI);
- it has not expired and is already valid (``exp``, ``nbf``), allowing :data:`LEEWAY` seconds
  of clock difference.

Each refusal is one sentence for the task pane (:class:`EntraRefused`). The user's display
name (``name``) and UPN (``preferred_username`` or ``upn``) go into the Log, History and the
request log; the app roles (``roles``) name the team whose documents the user sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jwt

from s55xl.errors import S55Error
from s55xl.server.config import TEAM_NAME

TENANT_ENV = "S55XL_ENTRA_TENANT"
AUDIENCE_ENV = "S55XL_ENTRA_AUDIENCE"
TEAM_ENV = "S55XL_ENTRA_TEAM"
AUTHORITY = "https://login.microsoftonline.com"
LEEWAY = 120          # seconds of clock difference allowed for exp and nbf
KEYS_LIFESPAN = 3600  # seconds a fetched key set is trusted before it is fetched again
COOLDOWN = 30         # seconds between fetches forced by an unknown key ID
ALGORITHM = "RS256"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

SIGN_IN_AGAIN = "Close the s55xl task pane, open it again and sign in; if it happens again, tell IT."


class EntraRefused(Exception):
    """The token was refused; ``sentence`` says why, for the user."""

    def __init__(self, sentence: str, *, status: int = 401) -> None:
        super().__init__(sentence)
        self.sentence, self.status = sentence, status


@dataclass(frozen=True)
class EntraSettings:
    """Which tenant and application the server accepts tokens for.

    ``audiences``: the application's client ID and/or Application ID URI (``api://…``).
    ``team``: the team of a user whose token names no team role (None: such users are refused).
    ``keys_url`` and ``authority`` are Microsoft's; tests point them at a loopback server.
    """

    tenant: str
    audiences: tuple[str, ...]
    team: str | None = None
    authority: str = AUTHORITY
    keys_url: str | None = None
    leeway: float = LEEWAY
    cooldown: float = COOLDOWN

    @property
    def issuers(self) -> tuple[str, ...]:
        return (f"{self.authority}/{self.tenant}/v2.0", f"https://sts.windows.net/{self.tenant}/")

    @property
    def jwks_url(self) -> str:
        return self.keys_url or f"{self.authority}/{self.tenant}/discovery/v2.0/keys"

    @property
    def client_id(self) -> str | None:
        """The application (client) ID, for the manifest's ``WebApplicationInfo``."""
        for aud in self.audiences:
            if _GUID.match(aud):
                return aud
            tail = aud.rstrip("/").rsplit("/", 1)[-1]
            if aud.startswith("api://") and _GUID.match(tail):
                return tail
        return None

    @property
    def resource(self) -> str | None:
        """The Application ID URI (``api://…``), for the manifest's ``Resource``."""
        return next((a for a in self.audiences if a.startswith("api://")), None)


def read_settings(tenant: str | None, audience: str | None, team: str | None = None,
                  environ=None) -> EntraSettings | None:
    """The Entra settings from the options, else the environment; None when neither is set.

    Raises :class:`S55Error` with the fix when only one is set or the tenant is not a GUID.
    """
    import os

    environ = os.environ if environ is None else environ
    tenant = (tenant or environ.get(TENANT_ENV, "")).strip()
    audience = (audience or environ.get(AUDIENCE_ENV, "")).strip()
    team = (team or environ.get(TEAM_ENV, "")).strip() or None
    if not tenant and not audience:
        return None
    if not tenant or not audience:
        missing = "--entra-tenant" if not tenant else "--entra-audience"
        raise S55Error(f"Entra sign-in needs both --entra-tenant and --entra-audience (or "
                       f"{TENANT_ENV} and {AUDIENCE_ENV}); {missing} is missing. See docs/addin.md.")
    if not _GUID.match(tenant):
        raise S55Error(f"--entra-tenant must be the directory (tenant) ID, a GUID such as "
                       f"72f988bf-86f1-41af-91ab-2d7cd011db47, not {tenant!r}: it is on the Entra "
                       "admin centre's Overview page.")
    if team is not None and not TEAM_NAME.fullmatch(team):
        raise S55Error(f"--entra-team '{team[:40]}' is not a team name: use lower-case letters, "
                       "digits, '-' and '_' as in the tokens file (e.g. governance).")
    audiences = tuple(a.strip() for a in audience.split(",") if a.strip())
    settings = EntraSettings(tenant=tenant.lower(), audiences=audiences, team=team)
    if settings.client_id is not None and settings.client_id not in audiences:
        # version 2.0 tokens name the client ID as their audience, version 1.0 ones the
        # Application ID URI: accept both, whichever IT gave
        settings = EntraSettings(tenant=settings.tenant, team=team,
                                 audiences=(*audiences, settings.client_id))
    if settings.client_id is None:
        raise S55Error("--entra-audience must name the add-in's app registration by its "
                       "application (client) ID, or by an Application ID URI ending in it "
                       "(api://<server>/<client ID>): the add-in's manifest needs the ID for "
                       "sign-in. See docs/addin.md.")
    return settings


@dataclass(frozen=True)
class EntraUser:
    """Who a valid token belongs to. ``roles``: the app roles Entra gave the user."""

    name: str
    upn: str
    object_id: str
    roles: tuple[str, ...]

    @property
    def label(self) -> str:
        """The name for the Log, History and request log: ``Jo Bloggs (jo.bloggs@force.police.uk)``."""
        if self.name and self.upn and self.name != self.upn:
            return f"{self.name} ({self.upn})"
        return self.name or self.upn or self.object_id


def looks_like_jwt(token: str) -> bool:
    """True for a compact JWS (three dot-separated parts): an Entra token, not a team token."""
    return token.count(".") == 2 and token.startswith("eyJ")


class EntraVerifier:
    """Checks tokens against ``settings``; one per server, so the key set is cached."""

    def __init__(self, settings: EntraSettings) -> None:
        self.settings = settings
        self._keys = jwt.PyJWKClient(settings.jwks_url, cache_jwk_set=True,
                                     lifespan=KEYS_LIFESPAN, timeout=10,
                                     cooldown_duration=settings.cooldown)

    def verify(self, token: str) -> EntraUser:
        """The user ``token`` belongs to. Raises :class:`EntraRefused` with the reason."""
        s = self.settings
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise EntraRefused("s55xl: the sign-in token is not in the form Microsoft issues. "
                               + SIGN_IN_AGAIN) from None
        alg = header.get("alg")
        if not alg or str(alg).lower() == "none":
            raise EntraRefused("s55xl: the sign-in token is unsigned (alg none), so it was "
                               "refused.")
        if alg != ALGORITHM:
            raise EntraRefused(f"s55xl: the sign-in token is signed with {str(alg)[:20]}, but "
                               f"Entra ID signs with {ALGORITHM}, so it was refused.")
        kid = header.get("kid")
        if not kid:
            raise EntraRefused("s55xl: the sign-in token names no signing key, so it was refused.")
        try:
            key = self._keys.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise EntraRefused("s55xl: the server could not fetch Microsoft's signing keys to "
                               "check your sign-in. Try again in a few minutes; if it goes on, "
                               "tell IT (the server must reach login.microsoftonline.com).",
                               status=503) from None
        except jwt.PyJWKClientError:
            raise EntraRefused("s55xl: the sign-in token is signed with a key the tenant does "
                               "not publish, so it was refused. " + SIGN_IN_AGAIN) from None
        try:
            claims = jwt.decode(
                token, key.key, algorithms=[ALGORITHM], audience=list(s.audiences),
                issuer=list(s.issuers), leeway=s.leeway,
                options={"require": ["exp", "nbf", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise EntraRefused("s55xl: your sign-in has expired. " + SIGN_IN_AGAIN) from None
        except jwt.ImmatureSignatureError:
            raise EntraRefused("s55xl: the sign-in token is not valid yet (is the computer's "
                               "clock right?). " + SIGN_IN_AGAIN) from None
        except jwt.InvalidAudienceError:
            raise EntraRefused("s55xl: the sign-in token was issued for another application, "
                               "not this s55xl server. Ask IT to check the add-in's Entra app "
                               "registration (docs/addin.md).") from None
        except jwt.InvalidIssuerError:
            raise EntraRefused("s55xl: the sign-in token was issued by another organisation's "
                               "Microsoft 365, not this force's, so it was refused.") from None
        except jwt.InvalidSignatureError:
            raise EntraRefused("s55xl: the sign-in token's signature does not match Microsoft's "
                               "key, so it was refused. " + SIGN_IN_AGAIN) from None
        except jwt.MissingRequiredClaimError as exc:
            raise EntraRefused(f"s55xl: the sign-in token lacks its {exc.claim!r} claim, so it "
                               "was refused.") from None
        except jwt.PyJWTError:
            raise EntraRefused("s55xl: the sign-in token could not be read. "
                               + SIGN_IN_AGAIN) from None
        if str(claims.get("tid", "")).lower() != s.tenant:
            raise EntraRefused("s55xl: the sign-in token was issued by another organisation's "
                               "Microsoft 365, not this force's, so it was refused.")
        roles = claims.get("roles") or []
        return EntraUser(
            name=str(claims.get("name") or "")[:100],
            upn=str(claims.get("preferred_username") or claims.get("upn") or "")[:100],
            object_id=str(claims.get("oid") or claims.get("sub") or "")[:64],
            roles=tuple(str(r) for r in roles if isinstance(r, str)),
        )

    def team(self, user: EntraUser, teams: tuple[str, ...] | None = None) -> str:
        """The team ``user`` works for: the first app role that names one of ``teams`` (the
        teams of the tokens file), else the ``--entra-team`` default. Raises
        :class:`EntraRefused` (403) when there is neither."""
        for role in user.roles:
            if role in (teams or ()):
                return role
        if self.settings.team:
            return self.settings.team
        raise EntraRefused(f"s55xl: you are signed in as {user.label}, but you have not been "
                           "given an s55xl team. Ask IT to assign you the team's app role "
                           "(docs/addin.md).", status=403)
