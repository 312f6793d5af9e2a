"""What ``s55xl serve`` runs with: teams and their tokens, where documents go, and the limits.

One server serves many teams. Each access token belongs to a team: the tokens file holds one
``team: token`` a line (``#`` comments and blank lines ignored), ``S55XL_SERVER_TOKENS`` holds
``team:token`` pairs separated by commas. A team's documents live under ``--out/<team>/`` and
only that team's callers list or download them. With no token the server refuses to start: it
would otherwise hand every workbook to anyone who can reach it.

Once read, ``S55XL_SERVER_TOKENS`` is removed from the server's own environment, so nothing the
buttons run (and no text a workbook supplies) can reach it.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from s55xl.errors import S55Error

TOKENS_ENV = "S55XL_SERVER_TOKENS"
MIN_TOKEN_LENGTH = 16
MAX_BODY = 25 * 1024 * 1024   # a workbook's JSON beyond this is refused (413)
TIME_LIMIT = 240.0            # seconds for one button; the VBA client waits 300
BODY_TIME_LIMIT = 60.0        # seconds for the body to arrive
HEADER_TIME_LIMIT = 20.0      # seconds for a request's headers to arrive
WORKERS = 8                   # buttons run at once; more wait their turn
TEAM_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
KEY_FILE = ".s55xl-server-key"
TOKEN_ADVICE = ("use long random ones, e.g. from: python -c \"import secrets; "
                "print(secrets.token_urlsafe(32))\"")


@dataclass(frozen=True)
class ServerConfig:
    """``out``: the folder holding one folder per team, each one folder per workbook.

    ``tokens``: ``(team, token)`` pairs. ``allow_paths``: folders IT lets workbooks name in
    Settings (Output folder, templates) besides the team's own folder; empty means none.
    ``public_url``: the address users reach the server at (behind the reverse proxy), used in
    download links; None means the address each request came in on. ``key``: the server's
    secret for document addresses (read from, or made in, ``out``; see :func:`server_key`).
    """

    out: Path
    tokens: tuple[tuple[str, str], ...]
    max_body: int = MAX_BODY
    time_limit: float = TIME_LIMIT
    body_time_limit: float = BODY_TIME_LIMIT
    header_time_limit: float = HEADER_TIME_LIMIT
    workers: int = WORKERS
    public_url: str | None = None
    allow_paths: tuple[Path, ...] = ()
    key: bytes = field(default=b"", repr=False)

    @property
    def teams(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(team for team, _ in self.tokens))


def _pair(text: str, sep: str, where: str) -> tuple[str, str]:
    team, colon, token = text.partition(sep)
    team, token = team.strip(), token.strip()
    if not colon or not team or not token:
        raise S55Error(f"{where} has no team: write each token as 'team{sep} token', e.g. "
                       f"'governance{sep} <token>' (the team names the folder its documents "
                       "are kept in).")
    if not TEAM_NAME.fullmatch(team):
        raise S55Error(f"{where}: the team name '{team[:40]}' may hold only lower-case letters, "
                       "digits, '-' and '_' (at most 40, starting with a letter or digit).")
    return team, token


def read_tokens(tokens_file: Path | None = None, environ=None) -> tuple[tuple[str, str], ...]:
    """The ``(team, token)`` pairs from the environment and ``tokens_file``.

    Raises :class:`S55Error` with the sentence to show. Messages never quote a token.
    """
    environ = os.environ if environ is None else environ
    found: list[tuple[str, str]] = []
    for n, item in enumerate(environ.get(TOKENS_ENV, "").split(","), start=1):
        if item.strip():
            found.append(_pair(item, ":", f"{TOKENS_ENV} (entry {n})"))
    if tokens_file is not None:
        try:
            text = Path(tokens_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise S55Error(f"{tokens_file}: cannot read the tokens file "
                           f"({exc.strerror or exc}).") from None
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.strip().startswith("#"):
                found.append(_pair(line, ":", f"{tokens_file} line {n}"))
    if not found:
        raise S55Error(f"no access token is configured, so the server will not start. Set "
                       f"{TOKENS_ENV} (team:token, comma-separated) or give --tokens-file FILE "
                       f"(one 'team: token' a line).")
    weak = [t for _, t in found if len(t) < MIN_TOKEN_LENGTH or any(c.isspace() or c in ",:"
                                                                    for c in t)]
    if weak:
        raise S55Error(f"{len(weak)} access token(s) are shorter than {MIN_TOKEN_LENGTH} "
                       f"characters or contain spaces, commas or colons; {TOKEN_ADVICE}")
    teams_of: dict[str, set[str]] = {}
    for team, token in found:
        teams_of.setdefault(token, set()).add(team)
    if any(len(teams) > 1 for teams in teams_of.values()):
        raise S55Error("one access token is given to more than one team; give each team its "
                       f"own token ({TOKEN_ADVICE}).")
    return tuple(dict.fromkeys(found))


def forget_tokens(environ=None) -> None:
    """Remove the tokens from the environment once read (see the module docstring)."""
    (os.environ if environ is None else environ).pop(TOKENS_ENV, None)


def allowed_roots(paths) -> tuple[Path, ...]:
    """The ``--allow-path`` folders, each an existing folder, as real absolute paths."""
    roots = []
    for raw in paths or ():
        path = Path(raw)
        if not path.is_absolute() or not path.is_dir():
            raise S55Error(f"--allow-path {raw}: give the full path of an existing folder.")
        roots.append(path.resolve())
    return tuple(dict.fromkeys(roots))


def server_key(out: Path) -> bytes:
    """The server's secret for document addresses, kept in ``out`` (made on first start).

    Addresses stay the same across restarts, and nobody without the file can work out another
    team's folder names. Raises :class:`S55Error` when the file cannot be read or made.
    """
    path = Path(out) / KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data[:64]
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise S55Error(f"{path}: cannot read the server key ({exc.strerror or exc}).") from None
    data = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise S55Error(f"{path}: cannot create the server key ({exc.strerror or exc}); the "
                       "--out folder must be writable by the server.") from None
    return data
