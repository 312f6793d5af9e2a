"""What an input file is, decided from its first bytes rather than trusted from its name.

Both doors that read files — the workbook reader (:mod:`s55xl.xlsx.reader`) and the importer
(:mod:`s55xl.importer.readers`) — ask here first, so every wrong file gets one line naming it and
saying what to do, whichever command was given it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from s55xl.errors import UnusableInput

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, .doc, encrypted OOXML
PDF_MAGIC = b"%PDF"
RTF_MAGIC = b"{\\rtf"
CFB_SCAN_BYTES = 50 * 1024 * 1024

CfbKind = Literal["encrypted", "excel", "word", "other"]


def read_head(path: Path, noun: str, n: int = 8) -> bytes:
    """The first ``n`` bytes of ``path``; :class:`UnusableInput` if it is missing, a folder,
    unreadable or empty. ``noun`` names what was expected ("workbook", "document")."""
    if not path.exists():
        raise UnusableInput(f"{path}: no such file. Check the name and folder.")
    if path.is_dir():
        raise UnusableInput(f"{path}: is a folder, not a {noun}. Give the {noun}'s file name.")
    try:
        with path.open("rb") as fh:
            head = fh.read(n)
    except PermissionError:
        raise UnusableInput(
            f"{path}: cannot be read — it is open in another program or you lack permission. "
            "Close it and try again.") from None
    except OSError as exc:
        raise UnusableInput(f"{path}: cannot be read ({exc.strerror}).") from None
    if not head:
        raise UnusableInput(f"{path}: is empty (0 bytes). Restore it from a backup or give "
                            f"the right {noun}.")
    return head


def cfb_kind(path: Path) -> CfbKind:
    """What an OLE compound file holds: a password-protected Office file, an old Excel
    workbook, an old Word document, or something else.

    The stream names live in the file's directory as UTF-16 text, so looking for them in the
    bytes is enough to tell these apart without parsing the compound file.
    """
    with path.open("rb") as fh:
        data = fh.read(CFB_SCAN_BYTES)
    has = lambda name: name.encode("utf-16-le") in data  # noqa: E731
    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted"
    if has("WordDocument"):
        return "word"
    if has("Workbook") or has("Book"):
        return "excel"
    return "other"


def looks_like_text(path: Path) -> bool:
    """True when the file's first 4 KB decode as UTF-8 or Windows-1252 text with no NULs."""
    with path.open("rb") as fh:
        chunk = fh.read(4096)
    if b"\x00" in chunk:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            chunk.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
