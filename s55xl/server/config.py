"""What ``s55xl serve`` runs with: where documents go, the access tokens and the limits.

Tokens come from ``S55XL_SERVER_TOKENS`` (comma-separated) and/or a tokens file (one a line,
``#`` comments and blank lines ignored). With none the server refuses to start: it would
otherwise hand every workbook to anyone who can reach it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from s55xl.errors import S55Error

TOKENS_ENV = "S55XL_SERVER_TOKENS"
MIN_TOKEN_LENGTH = 16
MAX_BODY = 25 * 1024 * 1024   # a workbook's JSON beyond this is refused (413)
TIME_LIMIT = 240.0            # seconds for one button; the VBA client waits 300
BODY_TIME_LIMIT = 60.0        # seconds for the body to arrive
WORKERS = 8                   # buttons run at once; more wait their turn


@dataclass(frozen=True)
class ServerConfig:
    """``out``: the folder holding one folder of documents per workbook name.

    ``public_url``: the address users reach the server at (behind the reverse proxy), used in
    download links; None means the address each request came in on.
    """

    out: Path
    tokens: tuple[str, ...]
    max_body: int = MAX_BODY
    time_limit: float = TIME_LIMIT
    body_time_limit: float = BODY_TIME_LIMIT
    workers: int = WORKERS
    public_url: str | None = None


def read_tokens(tokens_file: Path | None = None, environ=None) -> tuple[str, ...]:
    """The tokens from the environment and ``tokens_file``. Raises :class:`S55Error`."""
    environ = os.environ if environ is None else environ
    found = [t.strip() for t in environ.get(TOKENS_ENV, "").split(",") if t.strip()]
    if tokens_file is not None:
        try:
            text = Path(tokens_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise S55Error(f"{tokens_file}: cannot read the tokens file "
                           f"({exc.strerror or exc}).") from None
        found += [line.strip() for line in text.splitlines()
                  if line.strip() and not line.strip().startswith("#")]
    if not found:
        raise S55Error(f"no access token is configured, so the server will not start. Set "
                       f"{TOKENS_ENV} (comma-separated) or give --tokens-file FILE.")
    short = [t for t in found if len(t) < MIN_TOKEN_LENGTH or any(c.isspace() or c == ","
                                                                  for c in t)]
    if short:
        raise S55Error(f"{len(short)} access token(s) are shorter than {MIN_TOKEN_LENGTH} "
                       "characters or contain spaces; use long random ones, e.g. from: "
                       "python -c \"import secrets; print(secrets.token_urlsafe(32))\"")
    return tuple(dict.fromkeys(found))
