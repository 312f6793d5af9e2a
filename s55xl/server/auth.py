"""Access tokens, checked in constant time.

The VBA client sends the ``AUTH`` value from the workbook's xlwings.conf sheet or the user's
xlwings.conf file as the ``Authorization`` header, verbatim: ``Bearer <token>`` or the bare
token both work. A browser following a download link sends HTTP Basic credentials (any user
name, the token as the password) after the server's 401 asks for them.

Every configured token is compared (``hmac.compare_digest`` on SHA-256 digests, which have
the same length), with no early exit, so the time taken says nothing about which part matched
or which team's token came closest. A token belongs to one team (:mod:`.config`); the caller is
that team.

The user name a workbook sends (``X-S55XL-User``, from the PC's login) cannot be checked with a
team token, so it is kept only as printable text and always recorded as unverified.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass


def presented(header: str | None) -> str | None:
    """The token in an ``Authorization`` header, or None when there is none."""
    if not header or not header.strip():
        return None
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return rest.strip()
    if scheme.lower() == "basic" and rest.strip():
        try:
            decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return header.strip()


def team_of(token: str, tokens: tuple[tuple[str, str], ...]) -> str | None:
    """The team whose token ``token`` is, or None when it is nobody's."""
    digest = hashlib.sha256(token.encode("utf-8", "replace")).digest()
    found = None
    for team, known in tokens:
        if hmac.compare_digest(digest, hashlib.sha256(known.encode("utf-8")).digest()):
            found = team
    return found


@dataclass(frozen=True)
class Caller:
    """Who made a request: the ``team`` (its token's, or the signed-in user's) and ``user``,
    the name for the Log and History; ``verified`` is False for a name the workbook claimed."""

    team: str
    user: str
    verified: bool = False

    @property
    def recorded(self) -> str:
        """The user as the Log and History record it (blank when the workbook sent none)."""
        return self.user if self.verified or not self.user else f"{self.user} (unverified)"


def claimed_user(header: str | None, limit: int = 64) -> str:
    """A name sent in ``X-S55XL-User``: printable characters only (no control or direction
    marks), spaces collapsed, at most ``limit`` long; blank when nothing is left."""
    text = header or ""
    try:  # HTTP headers arrive as Latin-1; a Windows client sends the name's UTF-8 bytes
        text = text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    text = "".join(c for c in text if c.isprintable())  # not Cc, Cf (direction marks), Co, Cs
    return " ".join(text.split())[:limit]
