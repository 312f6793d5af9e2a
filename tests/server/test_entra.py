"""Entra ID sign-in: tokens minted from a local RSA key whose key set is served on loopback.

First the checker itself (each kind of bad token refused with its own sentence), then a real
``s55xl serve`` app over HTTP: a valid token runs the button and the user's name and UPN land in
the Log and History rows written back; every bad token is a 401 with its sentence; a rotated
key is fetched when its key ID first appears; team tokens keep working beside Entra.
"""

from __future__ import annotations

import copy
import socket
import time

import pytest
from support.entra import CLIENT_ID, TENANT, Tenant
from support.liveserver import serving
from support.server import TEAMS, TOKEN, Running
from support.xlpayload import written_cells

from s55xl.errors import S55Error
from s55xl.server.entra import EntraRefused, EntraVerifier, looks_like_jwt, read_settings

USER = "Jo Bloggs (jo.bloggs@force.police.uk)"


@pytest.fixture(scope="module")
def tenant():
    t = Tenant()
    yield t
    t.close()


def refusals(tenant: Tenant) -> dict[str, tuple[str, str]]:
    """Each bad token and the words its refusal must contain."""
    now = int(time.time())
    return {
        "wrong audience": (tenant.token(aud="api://someone-else/1234"), "another application"),
        "wrong issuer": (tenant.token(iss="https://login.microsoftonline.com/"
                                          "11111111-2222-3333-4444-555555555555/v2.0"),
                         "another organisation"),
        "wrong tenant id": (tenant.token(tid="11111111-2222-3333-4444-555555555555"),
                            "another organisation"),
        "expired": (tenant.token(exp=now - 600, nbf=now - 4000, iat=now - 4000), "expired"),
        "not yet valid": (tenant.token(nbf=now + 900, exp=now + 4000), "not valid yet"),
        "bad signature": (tenant.token(key=tenant.other_key), "signature does not match"),
        "unknown key id": (tenant.token(key=tenant.other_key, kid="never-published"),
                           "key the tenant does not publish"),
        "alg none": (tenant.unsigned_token(), "unsigned (alg none)"),
        "HS256 with the public key": (tenant.hs256_with_public_key(), "signed with HS256"),
        "no key id": (tenant.token(kid=None), "names no signing key"),
        "no expiry": (tenant.token(exp=None), "'exp' claim"),
    }


KINDS = ["wrong audience", "wrong issuer", "wrong tenant id", "expired", "not yet valid",
         "bad signature", "unknown key id", "alg none", "HS256 with the public key", "no key id",
         "no expiry"]


def test_a_valid_token_gives_the_user(tenant):
    user = EntraVerifier(tenant.settings()).verify(tenant.token())
    assert (user.name, user.upn, user.roles) == ("Jo Bloggs", "jo.bloggs@force.police.uk",
                                                 ("governance",))
    assert user.label == USER


def test_a_v1_token_from_the_tenant_is_accepted(tenant):
    token = tenant.token(iss=f"https://sts.windows.net/{TENANT}/", aud=CLIENT_ID,
                         preferred_username=None, upn="jo.bloggs@force.police.uk")
    assert EntraVerifier(tenant.settings()).verify(token).upn == "jo.bloggs@force.police.uk"


def test_clock_allowance_of_two_minutes(tenant):
    now = int(time.time())
    verifier = EntraVerifier(tenant.settings())
    assert verifier.verify(tenant.token(exp=now - 60, nbf=now - 3600)).name == "Jo Bloggs"
    assert verifier.verify(tenant.token(nbf=now + 60)).name == "Jo Bloggs"


@pytest.mark.parametrize("kind", KINDS)
def test_each_bad_token_is_refused_with_its_sentence(tenant, kind):
    token, words = refusals(tenant)[kind]
    with pytest.raises(EntraRefused) as caught:
        EntraVerifier(tenant.settings()).verify(token)
    assert words in caught.value.sentence
    assert caught.value.status == 401
    assert "Traceback" not in caught.value.sentence and "jwt" not in caught.value.sentence.lower()


def test_team_comes_from_the_role_naming_a_known_team_else_the_default(tenant):
    verifier = EntraVerifier(tenant.settings())
    teams = ("audit", "governance")
    user = verifier.verify(tenant.token(roles=["Reader", "governance"]))
    assert verifier.team(user, teams) == "governance"
    nobody = verifier.verify(tenant.token(roles=None))
    stranger = verifier.verify(tenant.token(roles=["payroll"]))
    for who in (nobody, stranger):
        with pytest.raises(EntraRefused) as caught:
            verifier.team(who, teams)
        assert caught.value.status == 403 and "app role" in caught.value.sentence
        assert EntraVerifier(tenant.settings(team="audit")).team(who, teams) == "audit"


def test_settings_from_options_or_environment():
    assert read_settings(None, None, environ={}) is None
    s = read_settings(None, None, environ={"S55XL_ENTRA_TENANT": TENANT.upper(),
                                           "S55XL_ENTRA_AUDIENCE": f"api://x/{CLIENT_ID}, {CLIENT_ID}"})
    assert s.tenant == TENANT and s.audiences == (f"api://x/{CLIENT_ID}", CLIENT_ID)
    assert s.client_id == CLIENT_ID and s.resource == f"api://x/{CLIENT_ID}"
    only_uri = read_settings(TENANT, f"api://s55xl.force.local/{CLIENT_ID}", environ={})
    assert only_uri.audiences == (f"api://s55xl.force.local/{CLIENT_ID}", CLIENT_ID)
    with pytest.raises(S55Error, match="--entra-audience is missing"):
        read_settings(TENANT, None, environ={})
    with pytest.raises(S55Error, match="directory \\(tenant\\) ID"):
        read_settings("force.onmicrosoft.com", CLIENT_ID, environ={})
    with pytest.raises(S55Error, match="application \\(client\\) ID"):
        read_settings(TENANT, "api://s55xl.force.local/s55xl", environ={})
    with pytest.raises(S55Error, match="not a team name"):
        read_settings(TENANT, CLIENT_ID, "Governance Team", environ={})
    assert read_settings(TENANT, CLIENT_ID, environ={"S55XL_ENTRA_TEAM": "audit"}).team == "audit"


def test_team_tokens_do_not_look_like_entra_tokens(tenant):
    assert looks_like_jwt(tenant.token())
    assert not looks_like_jwt(TOKEN)


# -- over HTTP ------------------------------------------------------------------------------

@pytest.fixture
def entra_server(tmp_path, tenant):
    from s55xl.server import ServerConfig, create_app

    config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS)
    with serving(create_app(config, tenant.settings())) as url:
        yield Running(url, int(url.rsplit(":", 1)[1]), tmp_path / "srv")


@pytest.fixture
def office_payload(demo_payload) -> dict:
    payload = copy.deepcopy(demo_payload)
    payload["client"] = "Office.js"
    for sheet in payload["sheets"]:
        sheet["notes"], sheet["notes_supported"] = [], True
    return payload


def test_a_signed_in_user_runs_the_button_and_is_named_in_log_and_history(
        entra_server, tenant, office_payload):
    answer = entra_server.post("/validate", office_payload, token=tenant.token())
    assert answer.status == 200, answer.text
    cells = written_cells(answer.json()["actions"], office_payload)
    log_users = [v for (sheet, cell), v in cells.items() if sheet == "Log" and cell.startswith("B")]
    history_users = [v for (sheet, cell), v in cells.items()
                     if sheet == "History" and cell.startswith("G")]
    assert log_users == [USER]
    assert history_users and set(history_users) == {USER}


@pytest.mark.parametrize("kind", KINDS)
def test_each_bad_token_is_a_401_with_its_sentence(entra_server, tenant, office_payload, kind):
    token, words = refusals(tenant)[kind]
    answer = entra_server.post("/validate", office_payload, token=token)
    assert answer.status == 401
    assert words in answer.text and answer.text.startswith("s55xl: ")
    assert answer.headers["content-type"].startswith("text/plain")


def test_team_tokens_still_work_beside_entra(entra_server, office_payload):
    assert entra_server.post("/validate", office_payload).status == 200


def test_keys_are_cached_and_a_rotated_key_is_fetched_when_it_appears(tmp_path, office_payload):
    from s55xl.server import ServerConfig, create_app

    tenant = Tenant()
    try:
        config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS)
        with serving(create_app(config, tenant.settings())) as url:
            server = Running(url, 0, tmp_path / "srv")
            for _ in range(3):
                assert server.request("GET", "/files/none", token=tenant.token()).status == 404
            assert tenant.fetches == 1
            rotated = tenant.token(key=tenant.other_key, kid="rotated-key")
            assert server.post("/validate", office_payload, token=rotated).status == 401
            import jwt

            public = jwt.algorithms.RSAAlgorithm.to_jwk(tenant.other_key.public_key(), as_dict=True)
            tenant.jwks["keys"].append({**public, "kid": "rotated-key", "use": "sig"})
            answer = server.post("/validate", office_payload, token=rotated)
            assert answer.status == 200, answer.text
            assert tenant.fetches == 3
    finally:
        tenant.close()


def test_the_signed_in_user_is_in_the_request_log_and_sees_only_the_teams_documents(
        entra_server, tenant, office_payload, caplog):
    from support.server import SECOND_TOKEN

    caplog.set_level("INFO", logger="s55xl.server")
    answer = entra_server.post("/generate-selected", office_payload, token=tenant.token())
    assert answer.status == 200, answer.text
    documents = answer.json()["s55xl"]["documents"]
    assert documents and all(d["url"].startswith(f"{entra_server.url}/files/governance/")
                             for d in documents)
    lines = [r.getMessage() for r in caplog.records if "action=generate-selected" in r.getMessage()]
    assert lines and "team=governance user=Jo_Bloggs_(jo.bloggs@force.police.uk)" in lines[-1]
    path = documents[0]["url"][len(entra_server.url):]
    assert entra_server.request("GET", path, token=tenant.token()).status == 200
    assert entra_server.request("GET", path, token=SECOND_TOKEN).status == 404
    audit = tenant.token(roles=["audit"])
    assert entra_server.request("GET", path, token=audit).status == 404


def test_a_user_without_a_team_role_is_told_to_ask_it(entra_server, tenant, office_payload):
    answer = entra_server.post("/validate", office_payload, token=tenant.token(roles=["payroll"]))
    assert answer.status == 403
    assert answer.text.startswith("s55xl: you are signed in as Jo Bloggs "
                                  "(jo.bloggs@force.police.uk), but you have not been given an "
                                  "s55xl team.")


def test_when_microsofts_keys_cannot_be_fetched_the_user_is_told_to_try_again(tenant):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/keys"
    with pytest.raises(EntraRefused) as caught:
        EntraVerifier(tenant.settings(keys_url=closed)).verify(tenant.token())
    assert caught.value.status == 503
    assert "could not fetch Microsoft's signing keys" in caught.value.sentence
