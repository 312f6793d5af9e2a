"""A stand-in for an Entra ID tenant: an RSA key of the test's own, its public key set served
on the loopback address, and access tokens minted with it (PyJWT), good or bad on purpose.

The refused kinds that PyJWT will not make (``alg: none``; HS256 keyed with the public key, the
classic key-confusion attack) are put together by hand here, as an attacker would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

TENANT = "3f2b8c1d-6a4e-4b7f-9c2d-1e5a7b9c0d12"
CLIENT_ID = "8d3e1f6a-2b4c-4d5e-8f9a-0b1c2d3e4f5a"
AUDIENCE = f"api://s55xl.force.local/{CLIENT_ID}"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
KID = "test-key-1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Tenant:
    """The key, its JWKS on ``keys_url`` and :meth:`token` to mint access tokens."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}
        self.fetches = 0
        tenant = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                tenant.fetches += 1
                body = json.dumps(tenant.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.keys_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/discovery/v2.0/keys"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def settings(self, **overrides):
        from s55xl.server.entra import EntraSettings

        values = {"tenant": TENANT, "audiences": (AUDIENCE, CLIENT_ID), "team": None,
                  "keys_url": self.keys_url, "cooldown": 0}
        values.update(overrides)
        return EntraSettings(**values)

    def claims(self, **overrides) -> dict:
        now = int(time.time())
        claims = {"aud": AUDIENCE, "iss": ISSUER, "tid": TENANT, "iat": now, "nbf": now,
                  "exp": now + 3600, "name": "Jo Bloggs",
                  "preferred_username": "jo.bloggs@force.police.uk",
                  "oid": "0b9a8c7d-1111-2222-3333-444455556666", "roles": ["governance"],
                  "ver": "2.0"}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, *, key=None, kid: str | None = KID, **claims) -> str:
        headers = {"kid": kid} if kid else {}
        pem = (key or self.key).private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())
        return jwt.encode(self.claims(**claims), pem, algorithm="RS256", headers=headers)

    def unsigned_token(self, **claims) -> str:
        header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": KID}).encode())
        return f"{header}.{_b64(json.dumps(self.claims(**claims)).encode())}."

    def hs256_with_public_key(self, **claims) -> str:
        secret = self.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KID}).encode())
        body = _b64(json.dumps(self.claims(**claims)).encode())
        mac = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(mac)}"
