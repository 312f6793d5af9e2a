"""Opening a PDF safely before anything reads its pages, with pikepdf (on qpdf).

qpdf parses the file's cross-reference table and objects without decoding any stream, so a
password, a damaged file or a page count no report has is found out cheaply, and every compressed
stream a text reader would decode (page contents, forms, fonts, character maps — not images, which
are never decoded here) is inflated in small pieces with :mod:`zlib`, counting, and given up on as
soon as the total passes :data:`MAX_INFLATED` at a ratio no real content has (or one stream
alone passes it). A "decompression bomb" — a small file whose streams
would inflate to gigabytes — is therefore refused in about the time it takes to inflate
:data:`MAX_INFLATED` bytes, with memory of one piece at a time, before PDFium would have held it
all. Object streams (compressed containers of other objects, which qpdf must inflate to list
the objects) are held to qpdf's own per-stream memory limit (``flate_max_memory``) while the file
is looked through.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from s55xl.errors import UnusableInput

MAX_PAGES = 1500
MAX_INFLATED = 256 * 1024 * 1024  # bytes of page content, fonts and maps: reports use a few MB
MAX_RATIO = 50  # inflated to compressed, past MAX_INFLATED in all: real content is under 20
PIECE = 1024 * 1024
MAX_STREAM_MEMORY = 64 * 1024 * 1024  # qpdf's limit for decoding any one stream
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}


def damaged(path: Path) -> UnusableInput:
    return UnusableInput(
        f"{path}: is damaged (truncated or corrupt) and cannot be read as a PDF. Download "
        "the report again from the inspectorate's website.")


def locked(path: Path) -> UnusableInput:
    return UnusableInput(
        f"{path}: is protected with a password, so s55xl cannot read it. Open it, remove the "
        "password (or print it to a new PDF) and import that copy.")


def open_checked(path: Path):
    """The PDF at ``path`` opened with pikepdf, once it has passed every check; raises
    :class:`UnusableInput` with the reason otherwise."""
    from pikepdf.settings import set_qpdf_limits

    # qpdf's own cap on the memory one Flate stream may take while it is decoded: object
    # streams (which hold other objects, and which qpdf must inflate to find them) included.
    previous = set_qpdf_limits(flate_max_memory=MAX_STREAM_MEMORY)
    try:
        return _open_checked(path)
    finally:
        set_qpdf_limits(**previous)


def _open_checked(path: Path):
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise locked(path) from None
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError):
        raise damaged(path) from None
    try:
        count = len(pdf.pages)
    except (pikepdf.PdfError, RuntimeError, ValueError):
        pdf.close()
        raise damaged(path) from None
    if count == 0:
        pdf.close()
        raise damaged(path)
    if count > MAX_PAGES:
        pdf.close()
        raise UnusableInput(
            f"{path}: has {count} pages, more than any inspection report "
            f"(s55xl reads up to {MAX_PAGES}). Check that it is the right file.")
    try:
        _check_streams(pdf, path)
    except UnusableInput:
        pdf.close()
        raise
    except (pikepdf.PdfError, RuntimeError, ValueError, zlib.error):
        pdf.close()
        raise damaged(path) from None
    return pdf


def _check_streams(pdf, path: Path) -> None:
    import pikepdf

    seen = _Inflated(path)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/Image":
            continue
        filters = obj.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else (
            [str(filters)] if filters is not None else [])
        if not names or names[0] not in ("/FlateDecode", "/Fl") or _IMAGE_FILTERS & set(names):
            continue
        seen.inflate(obj.read_raw_bytes())


class _Inflated:
    """Counts what the streams inflate to. Past :data:`MAX_INFLATED` in all, a file is refused
    when its streams grew more than :data:`MAX_RATIO` times over (a bomb: real page content and
    fonts compress a few times, a bomb a thousand); one stream alone past the limit is refused
    whatever its ratio. A large report drawn with many maps and charts, which inflates to more
    in all at an ordinary ratio, is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0
        self.compressed = 0

    def inflate(self, data: bytes) -> None:
        inflater = zlib.decompressobj()
        pending = data
        here = 0
        self.compressed += len(data)
        while pending:
            try:
                piece = inflater.decompress(pending, PIECE)
            except zlib.error:
                return  # a broken stream: PDFium reads what it can of it
            here += len(piece)
            self.total += len(piece)
            if here > MAX_INFLATED or (self.total > MAX_INFLATED
                                       and self.total > MAX_RATIO * self.compressed):
                raise UnusableInput(
                    f"{self.path}: holds compressed content that would expand to more than "
                    f"{MAX_INFLATED // (1024 * 1024)} MB when read — far more than any report's "
                    "text — so it was not read (it may be built to exhaust memory). Check that "
                    "it is the right file, or download the report again from the "
                    "inspectorate's website.")
            pending = inflater.unconsumed_tail
            if not piece and not pending:
                break
