"""The headless reader: a workbook file on disk to a :class:`~s55xl.model.Tracker`.

Values are read with python-calamine, which reads a 10,000-row tracker several times faster than
openpyxl. Calamine does not report formula errors (it gives an empty cell), so the few cells
stored with an error type (``t="e"``) are found by scanning that sheet's XML and put back into the
grid, where they become findings like any other bad value.

Before anything is parsed the file is sniffed, so that the usual wrong files get one line saying
what they are and what to do: an old ``.xls``, a CSV or text file renamed, an encrypted
(password-protected) workbook, an OpenDocument file, a truncated or corrupt zip, and a zip whose
contents would expand past a sane size (a zip bomb).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from s55xl import sniff as sniff_file
from s55xl import tables
from s55xl.cells import column_index
from s55xl.errors import UnusableInput
from s55xl.model import Tracker
from s55xl.sniff import CFB_MAGIC, ZIP_MAGIC, read_head

MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 100  # real workbooks compress 5-20:1; deflate's ceiling is about 1000:1
_ERROR_CELL = re.compile(rb'<c\b([^>]*?)\bt="e"([^>]*)>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
# What zipfile and zlib raise for damaged archives (bad CRC, impossible header fields...).
BROKEN_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, zlib.error,
              EOFError, ValueError, RuntimeError, OSError)
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sniff(path: Path) -> None:
    """Raise :class:`UnusableInput` unless ``path`` looks like an .xlsx/.xlsm package."""
    head = read_head(path, "workbook")
    if head == CFB_MAGIC:
        raise UnusableInput(_describe_cfb(path))
    if not head.startswith(ZIP_MAGIC):
        if sniff_file.looks_like_text(path):
            raise UnusableInput(
                f"{path}: is a text or CSV file, not an Excel workbook. Open it in Excel and "
                "use File > Save As > Excel Workbook (.xlsx).")
        raise UnusableInput(
            f"{path}: is not an Excel workbook. s55xl reads .xlsx and .xlsm files saved by "
            "Excel.")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "mimetype" in names and "xl/workbook.xml" not in names:
                raise UnusableInput(
                    f"{path}: is an OpenDocument spreadsheet. Open it and save it as Excel "
                    "Workbook (.xlsx).")
            if "xl/workbook.xml" not in names:
                raise UnusableInput(
                    f"{path}: is a zip file but not an Excel workbook (no xl/workbook.xml). "
                    "Give the .xlsx or .xlsm file.")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED or (total > 64 * 1024 * 1024
                                            and total / packed > MAX_RATIO):
                raise UnusableInput(
                    f"{path}: would expand to {total // (1024 * 1024)} MB when opened, more "
                    "than a governance workbook can need, so it was not opened. Check that it "
                    "is the right file.")
    except BROKEN_ZIP:
        raise UnusableInput(damaged_message(path)) from None


def damaged_message(path: Path) -> str:
    """Why ``path`` cannot be opened: XML entity declarations (never written by Excel), or
    damage, with where s55xl's own copies are (see :mod:`s55xl.xlsx.safewrite`)."""
    if _declares_entities(path):
        return entities_message(path)
    backups = Path(path).absolute().parent / "s55xl-backups"
    return (f"{path}: is damaged (truncated or corrupt) and cannot be opened. Restore it from "
            f"the copies s55xl keeps in {backups} (named '{Path(path).stem} <date> <time>"
            f"{Path(path).suffix}'), or from the file's version history.")


def _declares_entities(path: Path) -> bool:
    """Whether any XML part of the package starts with a document type declaration."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist()[:1000]:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        return True
    except Exception:  # noqa: BLE001 - damaged in some other way: the damage message stands
        return False
    return False


def entities_message(path: Path) -> str:
    return (f"{path}: contains XML with entity declarations, which Excel never writes and "
            "s55xl will not read. Open it in Excel and save it again, or check where it came "
            "from.")


def _describe_cfb(path: Path) -> str:
    if sniff_file.cfb_kind(path) == "encrypted":
        return (f"{path}: is protected with a password, so s55xl cannot read it. In Excel use "
                "File > Info > Protect Workbook > Encrypt with Password, clear the password "
                "and save.")
    return (f"{path}: is an old Excel 97-2003 (.xls) workbook. Open it in Excel and use File > "
            "Save As > Excel Macro-Enabled Workbook (.xlsm).")


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name inside the package (``xl/worksheets/sheet1.xml``)."""
    from defusedxml import ElementTree

    wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in wb.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = str(PurePosixPath("xl") / target)
            parts[sheet.get("name")] = part
    return parts


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells stored as formula errors in one sheet's XML: ``(row, col) → '#N/A'``."""
    found = {}
    if b't="e"' not in xml:
        return found
    for m in _ERROR_CELL.finditer(xml):
        ref = _REF.search(m.group(1) + b" " + m.group(2))
        if not ref:
            continue
        found[(int(ref.group(2)), column_index(ref.group(1)))] = m.group(3).decode("ascii", "replace")
    return found


def read_grids(path: Path, wanted: tuple[str, ...] | None = None) -> dict[str, tables.Grid]:
    """Every sheet (or those named in ``wanted``, matched loosely) as a grid from A1."""
    from python_calamine import CalamineError, CalamineWorkbook

    sniff(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except CalamineError as exc:
        if "password" in str(exc).lower():
            raise UnusableInput(_describe_cfb(path)) from None
        raise UnusableInput(damaged_message(path)) from None
    except OSError:
        raise UnusableInput(damaged_message(path)) from None
    grids: dict[str, tables.Grid] = {}
    names = list(wb.sheet_names)
    keep = names if wanted is None else [
        n for n in (tables.find_sheet(names, w) for w in wanted) if n]
    try:
        with zipfile.ZipFile(path) as zf:
            parts = sheet_parts(zf)
            for part in ("xl/workbook.xml", "xl/sharedStrings.xml"):
                if part in zf.namelist():
                    with zf.open(part) as fh:
                        _refuse_dtd(path, fh.read(2048))
            for name in keep:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                part = parts.get(name)
                if part and part in zf.namelist():
                    xml = zf.read(part)
                    _refuse_dtd(path, xml[:2048])
                    errors = error_cells(xml)
                    for (r, c), code in errors.items():
                        if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                            rows[r - 1][c - 1] = code
                grids[name] = tables.Grid(rows=rows)
    except (CalamineError, KeyError, *BROKEN_ZIP):
        raise UnusableInput(damaged_message(path)) from None
    except Exception as exc:  # noqa: BLE001 - XML bombs and other malformed packages
        if type(exc).__module__.startswith(("defusedxml", "xml")):
            raise UnusableInput(_dtd_message(path)) from None
        raise
    finally:
        wb.close()
    return grids


def _dtd_message(path: Path) -> str:
    return entities_message(path)


def _refuse_dtd(path: Path, head: bytes) -> None:
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise UnusableInput(_dtd_message(path))


def load(path: str | Path) -> Tracker:
    """Read the governance workbook at ``path``. Raises :class:`UnusableInput` if it can't."""
    path = Path(path)
    grids = read_grids(path, ("Reports", "Recommendations", "Signatories", "Settings"))
    return tables.read_tracker(grids, str(path))
