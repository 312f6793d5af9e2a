"""The second line of defence: before a new workbook replaces the old one, check that it differs
only where s55xl owns it.

- The package holds the same parts, in the same order, and every part but the owned ones
  (the edited worksheets, the tables stretched over new rows or columns, and the styles part
  when a date format was added) is byte-for-byte the same.
- In an owned worksheet, every cell but the owned ones is byte-for-byte the same ``<c>``
  element (so its value, formula and cached result), and so is everything outside the cell data
  but the ``<dimension>`` element.
- In the styles part, every existing cell style and number format is still there, in order.
- Every changed part is still well-formed XML (in a worksheet: its new cells).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from s55xl.cells import column_letter
from s55xl.xlsx import sheetxml

_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_SPANS = re.compile(rb'\s*spans="[^"]*"')


_ROW_R = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def _rows(xml: bytes) -> tuple[bytes, dict[int, tuple[bytes, bytes]]]:
    """(the part outside the cell data, ``{row: (its start tag without spans, its bytes)}``).

    The cell data is cut at each ``</row>`` (a row written ``<row .../>`` stays with the row
    after it, on both sides alike)."""
    start, end, _ = sheetxml.split(xml)
    outside = _DIMENSION.sub(b"", xml[:start] + xml[end:]).replace(b"<sheetData></sheetData>",
                                                                   b"")
    found: dict[int, tuple[bytes, bytes]] = {}
    if xml[start - 2:start] != b"/>":
        for chunk in xml[start:end].split(b"</row>"):
            m = _ROW_R.search(chunk)
            key = int(m.group(1)) if m else -1
            head = chunk[:chunk.find(b">", m.start()) + 1] if m else chunk
            found[key] = (_SPANS.sub(b"", head), chunk)
    return outside, found


def _row_cells(chunk: bytes) -> dict[bytes, bytes]:
    """Cell reference (``b"K5"``) → the cell's bytes."""
    return {m.group(1): m.group(0) for m in _CELL.finditer(chunk)}


def _without(chunk: bytes, refs: list[bytes]) -> bytes:
    """One row's bytes with the cells ``refs`` cut out, and its ``spans`` hint dropped."""
    for ref in refs:
        at = chunk.find(b' r="%s"' % ref)
        if at < 0:
            continue
        c_start = chunk.rfind(b"<c", 0, at)
        m = _CELL.match(chunk, c_start) if c_start >= 0 else None
        if m is not None and m.group(1) == ref:
            chunk = chunk[:c_start] + chunk[m.end():]
    return _SPANS.sub(b"", chunk, count=1)


_BARE_ROW = re.compile(rb'<row r="\d+"></row>|<row r="\d+"/>')


def _strip(xml: bytes, owned: list[tuple[int, int]], cut: list[bytes] | None = None
           ) -> bytes | None:
    """The whole part with the ``owned`` cells (in sheet order) cut out, the dimension, the
    rows' ``spans`` hints and bare empty rows dropped; the cut cells are added to ``cut``.
    None when a cell cannot be cut cleanly (the row-by-row comparison then decides). Each
    search is bounded by its row, so this stays linear in the size of the sheet."""
    pieces, pos, cursor, missing = [], 0, 0, 0
    by_row: dict[int, list[int]] = {}
    for r, c in owned:
        by_row.setdefault(r, []).append(c)
    for r in sorted(by_row):
        row_start = xml.find(b'<row r="%d"' % r, cursor)
        if row_start < 0:  # a new row (an import), or rows written another way
            missing += 1
            if missing > 100:
                return None
            continue
        row_end = xml.find(b"</row>", row_start)
        if row_end < 0:
            return None
        cursor = row_end
        for c in sorted(by_row[r]):
            ref = f"{column_letter(c)}{r}".encode()
            at = xml.find(b' r="%s"' % ref, max(pos, row_start), row_end)
            if at < 0:
                continue
            c_start = xml.rfind(b"<c", pos, at)
            m = _CELL.match(xml, c_start) if c_start >= 0 else None
            if m is None or m.group(1) != ref:
                return None
            pieces.append(xml[pos:c_start])
            if cut is not None:
                cut.append(m.group(0))
            pos = m.end()
    pieces.append(xml[pos:])
    out = _SPANS.sub(b"", _DIMENSION.sub(b"", b"".join(pieces)))
    return _BARE_ROW.sub(b"", out)


def _well_formed(cells: list[bytes]) -> bool:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(b"<cells>" + b"".join(cells) + b"</cells>", True)
    except expat.ExpatError:
        return False
    return True


def _sheet_changes(name: str, old: bytes, new: bytes, owned: set[tuple[int, int]]
                   ) -> tuple[str, bool]:
    """(what would change beyond the owned cells, or ""; whether the new cells were already
    checked as well-formed XML)."""
    cut: list[bytes] = []
    fast_old, fast_new = _strip(old, list(owned)), _strip(new, list(owned), cut)
    if fast_old is not None and fast_old == fast_new:
        return ("" if _well_formed(cut) else f"the {name} sheet's new cells are not valid XML",
                True)
    out_a, rows_a = _rows(old)
    out_b, rows_b = _rows(new)
    if out_a != out_b:
        return f"the {name} sheet's settings outside its cells would change", False
    mine: dict[int, list[bytes]] = {}
    for r, c in owned:
        mine.setdefault(r, []).append(f"{column_letter(c)}{r}".encode())
    for r in rows_a.keys() | rows_b.keys():
        a, b = rows_a.get(r), rows_b.get(r)
        if a is not None and b is not None and a[1] == b[1]:
            continue
        if a is not None and (b is None or a[0] != b[0]):
            return f"row {r} of the {name} sheet would change its height or formatting", False
        refs = mine.get(r, [])
        if a is not None and _without(a[1], refs) == _without(b[1], refs):
            continue  # only owned cells differ
        cells_a = _row_cells(a[1]) if a else {}
        cells_b = _row_cells(b[1]) if b else {}
        for ref in cells_a.keys() | cells_b.keys():
            if ref not in refs and cells_a.get(ref) != cells_b.get(ref):
                return f"cell {name}!{ref.decode()} would change", False
        if a is not None and list(cells_a) != [k for k in cells_b if k in cells_a]:
            return f"the cells of row {r} of the {name} sheet would be reordered", False
    return "", False


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
    changed: list[str] = []
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(candidate) as b:
        if a.namelist() != b.namelist():
            return ["the parts of the workbook would change"]
        for name in a.namelist():
            old, new = a.read(name), b.read(name)
            if old == new:
                continue
            changed.append(name)
            if name in owned:
                found, checked = _sheet_changes(sheets.get(name, name), old, new, owned[name])
                if found:
                    problems.append(found)
                if checked:
                    changed.pop()  # its new cells were parsed above
            elif name in tables:
                continue
            elif name == styles:
                if not _styles_kept(old, new):
                    problems.append("the workbook's existing cell styles would change")
            else:
                problems.append(f"{_describe(name)} would change")
    if not problems:
        problems += _opens(candidate, changed)
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


def _opens(path: Path, parts: list[str]) -> list[str]:
    """Each changed XML part of the new file must still be well-formed XML."""
    from xml.parsers import expat

    with zipfile.ZipFile(path) as zf:
        for part in parts:
            parser = expat.ParserCreate()
            try:
                parser.Parse(zf.read(part), True)
            except expat.ExpatError as exc:
                return [f"the new file could not be read back ({part}: {exc})"]
    return []
