"""Access tokens, checked in constant time.

The VBA client sends the ``AUTH`` value from the workbook's xlwings.conf sheet or the user's
xlwings.conf file as the ``Authorization`` header, verbatim: ``Bearer <token>`` or the bare
token both work. A browser following a download link sends HTTP Basic credentials (any user
name, the token as the password) after the server's 401 asks for them.

Every configured token is compared (``hmac.compare_digest`` on SHA-256 digests, which have
the same length), with no early exit, so the time taken says nothing about which part matched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


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


def is_valid(token: str, tokens: tuple[str, ...]) -> bool:
    digest = hashlib.sha256(token.encode("utf-8", "replace")).digest()
    ok = False
    for known in tokens:
        ok |= hmac.compare_digest(digest, hashlib.sha256(known.encode("utf-8")).digest())
    return ok
