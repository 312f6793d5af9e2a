"""The second line of defence: before a new workbook replaces the old one, check that it differs
only where s55xl owns it.

- The package holds the same parts, in the same order, and every part but the owned ones
  (the edited worksheets, the tables stretched over new rows or columns, and the styles part
  when a date format was added) is byte-for-byte the same.
- In an owned worksheet, every cell but the owned ones is byte-for-byte the same ``<c>``
  element (so its value, formula and cached result), and so is everything outside the cell data
  but the ``<dimension>`` element.
- In the styles part, every existing cell style and number format is still there, in order.
- The new file opens (python-calamine reads every sheet).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from s55xl.cells import a1
from s55xl.xlsx import sheetxml

_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_SPANS = re.compile(rb'\s*spans="[^"]*"')


def _cells(xml: bytes) -> tuple[bytes, dict[tuple[int, int], bytes], dict[int, bytes]]:
    """(the part outside the cell data, ``{(row, col): <c> bytes}``, ``{row: row attributes}``)."""
    start, end, _ = sheetxml.split(xml)
    outside = _DIMENSION.sub(b"", xml[:start] + xml[end:]).replace(b"<sheetData></sheetData>", b"")
    found: dict[tuple[int, int], bytes] = {}
    attrs: dict[int, bytes] = {}
    if xml[start - 2:start] != b"/>":
        for r, _s, _e, row_attrs, body in sheetxml.rows(xml):
            attrs[r] = _SPANS.sub(b"", row_attrs)
            for c, cs, ce, _a, _i in sheetxml.cells(body):
                found[(r, c)] = body[cs:ce]
    return outside, found, attrs


def _sheet_changes(name: str, old: bytes, new: bytes, owned: set[tuple[int, int]]) -> str:
    out_a, cells_a, rows_a = _cells(old)
    out_b, cells_b, rows_b = _cells(new)
    if out_a != out_b:
        return f"the {name} sheet's settings outside its cells would change"
    for key in cells_a.keys() | cells_b.keys():
        if key in owned:
            continue
        if cells_a.get(key) != cells_b.get(key):
            return f"cell {name}!{a1(*key)} would change"
    for r, attrs in rows_a.items():
        if rows_b.get(r) != attrs:
            return f"row {r} of the {name} sheet would change its height or formatting"
    return ""


def _styles_kept(old: bytes, new: bytes) -> bool:
    def entries(xml: bytes, tag: bytes) -> list[bytes]:
        m = re.search(rb"<%s\b[^>]*?(?:/>|>(.*?)</%s>)" % (tag, tag), xml, re.S)
        return re.findall(rb"<(?:xf|numFmt)\b[^>]*?(?:/>|>.*?</(?:xf|numFmt)>)", m.group(1) or b"",
                          re.S) if m else []

    for tag in (b"cellXfs", b"numFmts"):
        a, b = entries(old, tag), entries(new, tag)
        if b[:len(a)] != a:
            return False
    strip = re.compile(rb"<(cellXfs|numFmts)\b[^>]*?(?:/>|>.*?</\1>)", re.S)
    return strip.sub(b"", old) == strip.sub(b"", new)


def verify(original: Path, candidate: Path, sheets: dict[str, str],
           owned: dict[str, set[tuple[int, int]]], tables: set[str], styles: str | None
           ) -> list[str]:
    """What writing ``candidate`` over ``original`` would change beyond what s55xl owns.

    ``sheets`` maps part → sheet name, ``owned`` part → the cells s55xl wrote there, ``tables``
    the table parts it stretched, ``styles`` the styles part when it added a date style (None
    otherwise). Empty when nothing else would change.
    """
    problems: list[str] = []
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(candidate) as b:
        if a.namelist() != b.namelist():
            return ["the parts of the workbook would change"]
        for name in a.namelist():
            old, new = a.read(name), b.read(name)
            if old == new:
                continue
            if name in owned:
                found = _sheet_changes(sheets.get(name, name), old, new, owned[name])
                if found:
                    problems.append(found)
            elif name in tables:
                continue
            elif name == styles:
                if not _styles_kept(old, new):
                    problems.append("the workbook's existing cell styles would change")
            else:
                problems.append(f"{_describe(name)} would change")
    if not problems:
        problems += _opens(candidate)
    return problems


def _describe(part: str) -> str:
    words = {"xl/vbaProject.bin": "the macros (VBA project)", "xl/sharedStrings.xml":
             "the workbook's text", "xl/workbook.xml": "the list of sheets"}
    if part in words:
        return words[part]
    if "/drawings/" in part:
        return "a drawing (shapes, pictures or text boxes)"
    if "/charts/" in part:
        return "a chart"
    if "comments" in part.lower():
        return "the comments or notes"
    return f"a part of the workbook ({part})"


def _opens(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        try:
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=True)
        finally:
            wb.close()
    except Exception as exc:  # noqa: BLE001 - any failure to read means the file is not fit
        return [f"the new file could not be read back ({exc})"]
    return []
