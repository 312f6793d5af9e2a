"""Which reader a file needs, decided from its first bytes rather than trusted from its name.

A .docx goes to :mod:`.word`, a PDF to :mod:`.pdf`, a saved web page (by its doctype or its
.html name) to :mod:`.webpage`, anything else to :mod:`.text`. Files that cannot be read get one
line saying what they are and what to do instead: a missing file, a folder, an empty file, an
old Word 97-2003 .doc, a password-protected document,
an Excel workbook given by mistake, a damaged or oversized zip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from s55xl.errors import UnusableInput
from s55xl.importer.document import Document
from s55xl.sniff import CFB_MAGIC, PDF_MAGIC, RTF_MAGIC, ZIP_MAGIC, cfb_kind, read_head

MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 256 * 1024 * 1024


def read_blocks(path: Path) -> Document:
    """Read ``path`` (.docx, PDF, web page or text) into blocks. Raises :class:`UnusableInput` if it can't."""
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        _check_docx_package(path)
        from s55xl.importer.word import read_docx

        return read_docx(path)
    if head.startswith(CFB_MAGIC):
        raise UnusableInput(_describe_cfb(path))
    if head.startswith(PDF_MAGIC):
        from s55xl.importer.pdf import read_pdf

        return read_pdf(path)
    if head.startswith(RTF_MAGIC):
        raise UnusableInput(
            f"{path}: is a Rich Text (.rtf) file. Open it in Word and save it as a Word Document "
            "(.docx).")
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise UnusableInput(
            f"{path}: is {path.stat().st_size // (1024 * 1024)} MB, far larger than a paper can "
            "be, so it was not read. Check that it is the right file.")
    if _is_html(head, path):
        from s55xl.importer.webpage import read_html

        return read_html(path)
    from s55xl.importer.text import read_text

    return read_text(path)


def _is_html(head: bytes, path: Path) -> bool:
    """A saved web page: its name says so, or it opens with an HTML doctype or tag."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (path.suffix.casefold() in (".html", ".htm", ".xhtml")
            or start.startswith((b"<!doctype html", b"<html"))
            or (start.startswith(b"<?xml") and b"<html" in start))


def _head(path: Path) -> bytes:
    return read_head(path, "document", 512)


def _check_docx_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise UnusableInput(
                    f"{path}: would expand to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB "
                    "when opened, so it was not opened. Check that it is the right file.")
    except zipfile.BadZipFile:
        raise UnusableInput(
            f"{path}: is damaged (truncated or corrupt) and cannot be opened. Open it in Word "
            "to repair it, or use an earlier copy.") from None
    if "word/document.xml" in names:
        return
    if "xl/workbook.xml" in names:
        raise UnusableInput(
            f"{path}: is an Excel workbook, not a paper. Give the Word document or text file to "
            "import, and the workbook with --into.")
    if "mimetype" in names:
        raise UnusableInput(
            f"{path}: is an OpenDocument file. Open it and save it as a Word Document (.docx).")
    raise UnusableInput(
        f"{path}: is a zip file but not a Word document (no word/document.xml). Give the .docx "
        "file.")


def _describe_cfb(path: Path) -> str:
    """An old-format (OLE) file: a password-protected document, an old workbook or a .doc."""
    kind = cfb_kind(path)
    if kind == "encrypted":
        return (f"{path}: is protected with a password, so s55xl cannot read it. Open it in "
                "Word, remove the password (File > Info > Protect Document) and save it.")
    if kind == "excel":
        return (f"{path}: is an old Excel workbook, not a paper. Give the Word document or text "
                "file to import.")
    return (f"{path}: is an old Word 97-2003 (.doc) document. Open it in Word and use File > "
            "Save As > Word Document (.docx).")
