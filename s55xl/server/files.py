"""The documents a server run wrote: kept under ``--out``, one folder per workbook name, and
downloaded with ``GET /files/<folder>/<file>`` (the folder itself lists its files).

Paths are resolved and must stay inside ``--out``: anything else is "not found", never a file
elsewhere on the server. Hidden names (a leading dot: the half-written ``.s55xl-….part`` files
of a run in progress) are neither listed nor served.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote


def link(base_url: str, root: Path, path: Path) -> str:
    """The download address of ``path`` (a file or folder under ``root``)."""
    relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
    tail = "/" if Path(path).is_dir() else ""
    return f"{base_url.rstrip('/')}/files/{quote(relative)}{tail}"


def find(root: Path, wanted: str) -> Path | None:
    """The file or folder ``wanted`` names under ``root``, or None when there is none."""
    base = root.resolve()
    if any(part.startswith(".") for part in wanted.split("/") if part):
        return None
    try:
        target = (base / wanted).resolve()
        target.relative_to(base)
    except (ValueError, OSError):
        return None
    if target == base or not target.exists():
        return None
    return target


def index_page(root: Path, folder: Path, base_url: str) -> str:
    """A plain page listing the files in ``folder``, each a download link."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    title = html.escape(folder.name)
    items = "\n".join(f'<li><a href="{html.escape(link(base_url, root, p))}">'
                      f"{html.escape(p.name)}</a></li>" for p in files)
    return (f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>s55xl documents: {title}</title></head>\n<body><main>"
            f"<h1>Documents for {title}</h1>\n<ul>\n{items}\n</ul></main></body></html>\n")
