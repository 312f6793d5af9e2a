"""Writing to the governance workbook without ever losing it.

The workbook is the governance team's record, so every write made from the command line
(``s55xl update``, ``s55xl import``) goes through :func:`edit_workbook`:

1. Refuse when Excel has the workbook open: Excel keeps an owner file ``~$name.xlsm`` beside a
   workbook while it is open (on a shared drive too, which is how Excel tells a second officer
   the file is "locked for editing"), and a save from Excel would overwrite ours anyway. s55xl
   also takes its own lock (``.name.s55xl-lock``) so two s55xl runs never write at once.
2. Keep a timestamped backup in ``s55xl-backups/`` beside the workbook.
3. Load with openpyxl (``keep_vba=True`` for .xlsm), apply the edit, save to a temporary file in
   the same folder (so the final rename cannot cross file systems) and flush it to disk.
4. Verify the temporary file before it replaces anything: the VBA project byte-identical; every
   kind of package part the original had still there (openpyxl renames some parts, such as
   comments, so parts are counted by content type); every cell outside the cells the edit wrote
   unchanged, values and formulas; and no Excel extension (``extLst``) content that openpyxl
   cannot keep — such as dropdowns or conditional formats stored as x14 extensions — lost.
   If any check fails the original is kept and :class:`WriteRefused` names what would be lost.
5. Check the original has not changed since it was read (someone saved it meanwhile), then
   replace it atomically with ``os.replace``: at every instant the file on disk is either the
   old workbook or the complete new one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

from s55xl.cells import column_index, column_letter
from s55xl.errors import UnusableInput, WorkbookLocked, WriteRefused
from s55xl.xlsx.reader import sniff

BACKUP_DIR = "s55xl-backups"
KEEP_BACKUPS = 20
# Parts openpyxl may drop or rebuild without loss: Excel recreates them on open.
REBUILT_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
}
_EXT = re.compile(rb"<(?:\w+:)?ext\b[^>]*\buri=\"(\{[0-9A-Fa-f-]+\})\"")
_EXT_NAMES = {
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "dropdown lists (data validations)",
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": "conditional formats",
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "sparklines",
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "slicers",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "slicers",
}
_EXT_NAMES = {k.upper(): v for k, v in _EXT_NAMES.items()}

Cell = tuple[str, int, int]  # (sheet name, row, column), 1-based
Edit = Callable[["object"], Iterable[Cell] | None]


def owner_files(path: Path) -> list[Path]:
    """The lock files Excel may keep beside ``path`` while it is open."""
    names = {f"~${path.name}"}
    if len(path.name) > 2:
        names.add(f"~${path.name[2:]}")
    return [path.with_name(n) for n in sorted(names)]


def _owner(lock: Path) -> str:
    """The user name Excel writes at the start of its owner file, if readable."""
    try:
        data = lock.read_bytes()[:165]
    except OSError:
        return ""
    if data and 0 < data[0] <= 54:
        name = data[1:1 + data[0]].decode("latin-1", "replace").strip("\x00 ")
        if name.isprintable():
            return name
    return ""


def check_not_open(path: Path) -> None:
    """Raise :class:`WorkbookLocked` when Excel (here or on another PC) has ``path`` open."""
    for lock in owner_files(path):
        if lock.exists():
            who = _owner(lock)
            by = f" by {who}" if who else ""
            raise WorkbookLocked(
                f"{path}: is open in Excel{by} ({lock.name} exists). Close the workbook "
                "everywhere it is open and try again, or use the buttons inside the workbook.")


class _ToolLock:
    """An exclusive lock file so two s55xl runs never write the same workbook at once."""

    def __init__(self, path: Path) -> None:
        self.lock = path.with_name(f".{path.name}.s55xl-lock")

    def __enter__(self) -> _ToolLock:
        for attempt in range(2):
            try:
                fd = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if attempt == 0 and self._stale():
                    self.lock.unlink(missing_ok=True)
                    continue
                raise WorkbookLocked(
                    f"{self.lock.parent / self.lock.name[1:-12]}: another s55xl run is writing "
                    f"it. Wait for it to finish (or delete {self.lock.name} if none is "
                    "running).") from None
            with os.fdopen(fd, "w") as fh:
                fh.write(str(os.getpid()))
            return self
        raise AssertionError("unreachable")

    def _stale(self) -> bool:
        try:
            pid = int(self.lock.read_text().strip() or 0)
        except (OSError, ValueError):
            return True
        if pid <= 0:
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OSError):
            return False
        return False

    def __exit__(self, *exc) -> None:
        self.lock.unlink(missing_ok=True)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``s55xl-backups/<stem> <timestamp><suffix>`` beside it."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem} {stamp} ({n}){path.suffix}"
        n += 1
    shutil.copy2(path, target)
    old = sorted(folder.glob(f"{path.stem} *{path.suffix}"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def _content_types(zf: zipfile.ZipFile) -> Counter:
    from defusedxml import ElementTree

    root = ElementTree.fromstring(zf.read("[Content_Types].xml"))
    defaults, overrides = {}, {}
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "Default":
            defaults[el.get("Extension", "").lower()] = el.get("ContentType")
        elif tag == "Override":
            overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType")
    kinds: Counter = Counter()
    for name in zf.namelist():
        if name.endswith("/") or name == "[Content_Types].xml":
            continue
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), name)
        kinds[kind] += 1
    return kinds


def _extensions(zf: zipfile.ZipFile) -> Counter:
    found: Counter = Counter()
    for name in zf.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            for uri in _EXT.findall(zf.read(name)):
                found[uri.decode().upper()] += 1
    return found


class Formula(str):
    """A formula as openpyxl holds it (``=SUM(A1:A3)``), kept apart from text."""


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _normal(value):
    """One form for a cell value, whichever reader produced it.

    Excel stores characters XML cannot hold as ``_xHHHH_``; calamine decodes them and openpyxl
    does not, so text is compared decoded.
    """
    if value is None or value == "":
        return None
    if type(value) is str and "_x" in value:
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, (str, int, float, bool, date, datetime, time)):
        return str(value)  # rich text, array formulas
    return value


def _snapshot(wb) -> dict[str, dict[tuple[int, int], object]]:
    """Every non-empty cell of the loaded workbook; formulas as :class:`Formula`."""
    shot = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or value == "":
                    continue
                if cell.data_type == "f":
                    text = value if isinstance(value, str) else getattr(value, "text", "")
                    cells[(cell.row, cell.column)] = Formula(str(text).lstrip("="))
                else:
                    cells[(cell.row, cell.column)] = _normal(value)
        shot[ws.title] = cells
    return shot


_FORMULA = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)')


def _formulas(xml: bytes) -> dict[tuple[int, int], str]:
    from xml.sax.saxutils import unescape

    found = {}
    for letters, row, text in _FORMULA.findall(xml):
        found[(int(row), column_index(letters))] = unescape((text or b"").decode("utf-8"),
                                          {"&quot;": '"', "&apos;": "'"})
    return found


def _compare_cells(before: dict[str, dict], after_path: Path, allowed: set[Cell]) -> str:
    """The first cell (outside ``allowed``) whose value or formula differs, described."""
    from s55xl import xlsx

    grids = xlsx.read_grids(after_path)
    if list(grids) != list(before):
        return "the sheets would change"
    with zipfile.ZipFile(after_path) as zf:
        parts = xlsx.sheet_parts(zf)
        for title, old in before.items():
            new = {}
            for r, row in enumerate(grids[title].rows, start=1):
                for c, value in enumerate(row, start=1):
                    value = _normal(value)
                    if value is not None:
                        new[(r, c)] = value
            if any(isinstance(v, Formula) for v in old.values()):
                new.update({k: Formula(v) for k, v in _formulas(zf.read(parts[title])).items()})
            for key in old.keys() | new.keys():
                if (title, *key) in allowed:
                    continue
                x, y = old.get(key), new.get(key)
                if x != y or isinstance(x, Formula) != isinstance(y, Formula):
                    return (f"cell {title}!{column_letter(key[1])}{key[0]} would change from "
                            f"{x!r} to {y!r}")
    return ""


def verify(original: Path, candidate: Path, before: dict[str, list[tuple]],
           allowed: set[Cell]) -> list[str]:
    """What writing ``candidate`` over ``original`` would lose (empty when nothing)."""
    problems = []
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(candidate) as b:
        if "xl/vbaProject.bin" in a.namelist():
            if ("xl/vbaProject.bin" not in b.namelist()
                    or a.read("xl/vbaProject.bin") != b.read("xl/vbaProject.bin")):
                problems.append("the macros (VBA project) would change")
        kinds_a, kinds_b = _content_types(a), _content_types(b)
        for kind, n in kinds_a.items():
            if kind in REBUILT_PARTS:
                continue
            if kinds_b.get(kind, 0) < n:
                problems.append(f"{n - kinds_b.get(kind, 0)} part(s) of type {kind} would be lost")
        ext_a, ext_b = _extensions(a), _extensions(b)
        for uri, n in ext_a.items():
            if ext_b.get(uri, 0) < n:
                what = _EXT_NAMES.get(uri, f"Excel extension {uri}")
                problems.append(f"{what} stored as an Excel extension would be lost")
    if not problems:
        changed = _compare_cells(before, candidate, allowed)
        if changed:
            problems.append(changed)
    return problems


def edit_workbook(path: Path, edit: Edit) -> Path:
    """Apply ``edit`` to the workbook at ``path`` safely; returns the backup's path.

    ``edit`` receives the openpyxl workbook and returns the cells it wrote (``(sheet, row,
    col)``); every other cell must come out unchanged. Raises :class:`WorkbookLocked`,
    :class:`UnusableInput` or :class:`WriteRefused`; in every case the workbook on disk is left
    as it was.
    """
    import openpyxl

    path = Path(path)
    sniff(path)
    check_not_open(path)
    with _ToolLock(path):
        digest = _digest(path)
        macro = path.suffix.lower() in (".xlsm", ".xltm")
        try:
            with warnings.catch_warnings():  # losses are found by verify(), not warned about
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(path, keep_vba=macro, keep_links=True,
                                            rich_text=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
            raise UnusableInput(f"{path}: cannot be opened for writing ({exc}).") from None
        before = _snapshot(wb)
        allowed = set(edit(wb) or ())
        tmp = path.with_name(f".{path.stem}.s55xl-{os.getpid()}{path.suffix}")
        try:
            wb.save(tmp)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            problems = verify(path, tmp, before, allowed)
            if problems:
                raise WriteRefused(
                    f"{path}: was not changed, because saving it would lose something: "
                    + "; ".join(problems) + ". Use the buttons inside the workbook instead.")
            check_not_open(path)
            if _digest(path) != digest:
                raise WriteRefused(
                    f"{path}: was saved by someone else while s55xl was working, so it was "
                    "not changed. Run the command again.")
            saved = backup(path)
            try:
                os.replace(tmp, path)
            except PermissionError:
                raise WorkbookLocked(
                    f"{path}: is locked by another program (probably Excel), so it was not "
                    "changed. Close it and try again.") from None
            _fsync_dir(path.parent)
            return saved
        finally:
            tmp.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


DATE_FORMAT = "dd/mm/yyyy"


def write_text(cell, value: str) -> None:
    """Put ``value`` in ``cell`` as text, never as a formula (``=``, ``+``, ``-``, ``@``)."""
    cell.value = value
    cell.data_type = "s"


def write_value(cell, value) -> None:
    """Put ``value`` in ``cell``: text always as text, a date with a UK date format unless the
    cell already shows dates, anything else (numbers, None) as it is."""
    if isinstance(value, str):
        write_text(cell, value)
        return
    cell.value = value
    if isinstance(value, date) and not cell.is_date:
        cell.number_format = DATE_FORMAT
