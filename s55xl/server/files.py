"""The documents a server run wrote: kept under ``--out/<team>/``, one folder per workbook, and
downloaded with ``GET /files/<team>/<folder>/<file>`` (the folder itself lists its files).

A workbook's folder is its name plus a short code worked out from the server's secret key, the
team and the name (:func:`folder_name`): the same workbook always gets the same folder, and
nobody can work out another team's addresses from workbook names. A caller sees only its own
team's folder: any other address is "not found", the same whether or not it exists.

Paths must stay inside the team's folder and never pass through a link (a link placed in a
folder is neither listed nor followed). Hidden names (a leading dot: the half-written
``.s55xl-….part`` files of a run in progress, the server key) are neither listed nor served.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import os
import stat
from pathlib import Path
from urllib.parse import quote

from s55xl.confine import Confinement, Outside
from s55xl.excel.paths import workbook_folder_name

CODE_LENGTH = 10


def folder_name(key: bytes, team: str, workbook: str) -> str:
    """``tracker-3f9c1a0b7d``: the folder of ``workbook``'s documents in ``team``'s folder."""
    name = workbook_folder_name(workbook)
    code = hmac.new(key, f"{team}\0{name}".encode(), hashlib.sha256).hexdigest()[:CODE_LENGTH]
    return f"{name}-{code}"


def link(base_url: str, root: Path, path: Path) -> str:
    """The download address of ``path`` (a file or folder under ``root``, the ``--out`` folder)."""
    relative = Path(os.path.abspath(path)).relative_to(root).as_posix()
    tail = "/" if Path(path).is_dir() else ""
    return f"{base_url.rstrip('/')}/files/{quote(relative)}{tail}"


def find(root: Path, team: str, wanted: str) -> Path | None:
    """The file or folder ``wanted`` names inside ``team``'s folder under ``root``, or None
    when there is none, it is another team's, or a link is on the way."""
    parts = [p for p in wanted.split("/") if p]
    if len(parts) < 2 or parts[0] != team:
        return None
    if any(p.startswith(".") or p in ("..", ".") or "\\" in p or "\x00" in p for p in parts):
        return None
    try:
        path = Confinement(root / team).locate("/".join(parts[1:]))  # no link on the way
        mode = os.lstat(path).st_mode
    except (Outside, OSError, ValueError):
        return None
    return path if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else None


def listed(folder: Path) -> list[Path]:
    """The plain files in ``folder`` a listing shows: no links, nothing hidden."""
    found = []
    for entry in os.scandir(folder):
        if not entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
            found.append(Path(entry.path))
    return sorted(found)


def index_page(root: Path, folder: Path, base_url: str) -> str:
    """A plain page listing the files in ``folder``, each a download link."""
    title = html.escape(folder.name)
    items = "\n".join(f'<li><a href="{html.escape(link(base_url, root, p))}">'
                      f"{html.escape(p.name)}</a></li>" for p in listed(folder))
    return (f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>s55xl documents: {title}</title></head>\n<body><main>"
            f"<h1>Documents for {title}</h1>\n<ul>\n{items}\n</ul></main></body></html>\n")
