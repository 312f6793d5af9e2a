"""The workbook package around the worksheets: its Excel tables, cell styles and date system,
and writing a copy with a few parts replaced and every other part byte-for-byte as it was.

Tables and styles are changed the way :mod:`s55xl.xlsx.sheetxml` changes cells — on the bytes,
one attribute or one element at a time — so nothing s55xl does not own is re-serialised.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from s55xl.cells import column_letter
from s55xl.errors import UnusableInput
from s55xl.xlsx.reader import damaged_message, entities_message, sheet_parts

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE_REL = _NS_REL + "/table"
_A1_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


@dataclass
class Table:
    """One Excel table (``ListObject``) as its part stores it. Rows and columns 1-based."""

    part: str
    name: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    header_rows: int
    total_rows: int
    xml: bytes

    @property
    def body(self) -> tuple[int, int]:
        """First and last data row (last < first when the table has no data row)."""
        return self.min_row + self.header_rows, self.max_row - self.total_rows

    def holds(self, row: int, col: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col

    @property
    def ref(self) -> str:
        return (f"{column_letter(self.min_col)}{self.min_row}:"
                f"{column_letter(self.max_col)}{self.max_row}")


def bounds(ref: str) -> tuple[int, int, int, int]:
    """``"A1:H20"`` → (min_col, min_row, max_col, max_row)."""
    from s55xl.cells import column_index

    m = _A1_RANGE.match(ref.strip())
    if m is None:
        raise ValueError(ref)
    c1, r1 = column_index(m.group(1)), int(m.group(2))
    c2 = column_index(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) if m.group(4) else r1
    return c1, r1, c2, r2


def _attr(xml: bytes, name: str) -> str | None:
    root = xml[xml.find(b"<table"):]
    root = root[:root.find(b">")]
    m = re.search(rb'\b%s="([^"]*)"' % name.encode(), root)
    return m.group(1).decode() if m else None


def rels_part(part: str) -> str:
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / f"{p.name}.rels")


def tables_of(zf: zipfile.ZipFile, part: str) -> list[Table]:
    """The Excel tables on the worksheet stored in ``part``."""
    from defusedxml import ElementTree

    rels = rels_part(part)
    if rels not in zf.namelist():
        return []
    found = []
    try:
        relations = ElementTree.fromstring(zf.read(rels))
    except Exception as exc:  # noqa: BLE001 - entity declarations and malformed XML
        where = Path(zf.filename or "the workbook")
        if type(exc).__module__.startswith("defusedxml"):
            raise UnusableInput(entities_message(where)) from None
        if type(exc).__module__.startswith("xml"):
            raise UnusableInput(damaged_message(where)) from None
        raise
    for rel in relations:
        if rel.get("Type") != _TABLE_REL:
            continue
        target = rel.get("Target", "")
        name = (target.lstrip("/") if target.startswith("/")
                else str(PurePosixPath(part).parent / target))
        name = str(PurePosixPath(*_normalise(name.split("/"))))
        if name not in zf.namelist():
            continue
        xml = zf.read(name)
        c1, r1, c2, r2 = bounds(_attr(xml, "ref") or "A1")
        found.append(Table(name, _attr(xml, "displayName") or _attr(xml, "name") or "",
                           c1, r1, c2, r2, int(_attr(xml, "headerRowCount") or 1),
                           int(_attr(xml, "totalsRowCount") or 0), xml))
    return found


def _normalise(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in ("", "."):
            out.append(p)
    return out


def stretch(table: Table, *, last_row: int | None = None, new_columns: list[str] = ()) -> Table:
    """The one table-stretching routine: lengthen ``table`` to ``last_row`` and widen it by
    ``new_columns`` (header texts, added after its last column). Returns the changed table."""
    max_row = max(table.max_row, last_row or 0)
    max_col = table.max_col + len(new_columns)
    table.max_row, table.max_col = max_row, max_col
    xml = table.xml
    ref = table.ref.encode()
    xml = re.sub(rb'(<(?:\w+:)?table\b[^>]*?\bref=")[^"]*(")', lambda m: m.group(1) + ref
                 + m.group(2), xml, count=1)
    if table.total_rows:  # the filter stops above the Total row
        c1, r1, c2, r2 = table.min_col, table.min_row, max_col, max_row - table.total_rows
        filter_ref = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}".encode()
    else:
        filter_ref = ref
    xml = re.sub(rb'(<(?:\w+:)?autoFilter\b[^>]*?\bref=")[^"]*(")',
                 lambda m: m.group(1) + filter_ref + m.group(2), xml, count=1)
    if new_columns:
        ids = [int(i) for i in re.findall(rb'<(?:\w+:)?tableColumn\b[^>]*?\bid="(\d+)"', xml)]
        next_id = max(ids, default=0) + 1
        added = b"".join(b'<tableColumn id="%d" name=%s/>'
                         % (next_id + k, quoteattr(escape(name)).encode("utf-8"))
                         for k, name in enumerate(new_columns))
        m = re.search(rb"</((?:\w+:)?)tableColumns>", xml)
        xml = xml[:m.start()] + added + xml[m.start():]
        xml = re.sub(rb'(<(?:\w+:)?tableColumns\b[^>]*?\bcount=")(\d+)(")',
                     lambda m: m.group(1) + str(len(ids) + len(new_columns)).encode()
                     + m.group(3), xml, count=1)
    table.xml = xml
    return table


def date1904(zf: zipfile.ZipFile) -> bool:
    """True when the workbook counts dates from 1904 (a Mac setting)."""
    head = zf.read("xl/workbook.xml")
    return bool(re.search(rb'\bdate1904="(1|true)"', head))


def workbook_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    return sheet_parts(zf)


def styles_part(zf: zipfile.ZipFile) -> str | None:
    return "xl/styles.xml" if "xl/styles.xml" in zf.namelist() else None


def write_copy(source: Path, target: Path, replaced: dict[str, bytes]) -> None:
    """Write ``source`` to ``target`` with the parts in ``replaced`` swapped; the other parts
    keep their bytes, order, names, dates and compression."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = replaced.get(info.filename)
            if data is None:
                data = src.read(info)
            dst.writestr(info, data, compress_type=info.compress_type)
