"""One write-back session: the cells, tables and styles an edit changes, and which rows it owns.

An edit (``update``'s computed columns, ``import``'s rows, :func:`append_rows`) receives an
:class:`Edits` for the workbook as it is at the moment of writing, reads it through
:mod:`s55xl.xlsx.reader` (``edits.tracker``) and records what to write with
:meth:`SheetEdits.set`. :meth:`Edits.parts` turns the record into new bytes for the few parts
that change (worksheets, tables, styles), with :mod:`s55xl.xlsx.sheetxml`.

Rule 2 of the contract — which rows are data rows — lives here too (:meth:`SheetEdits.data_rows`):
the contract table's body when the sheet has an Excel table at the headers (never its header or
Total row), else the contiguous rows under the headers that carry a Report ID; never a cell
inside another table.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from s55xl.cells import a1
from s55xl.computed import contiguous_id_rows
from s55xl.errors import WriteRefused
from s55xl.model import SheetLayout, Tracker
from s55xl.xlsx import package, sheetxml
from s55xl.xlsx.package import Table
from s55xl.xlsx.styles import DateStyles


@dataclass
class SheetEdits:
    """What one session writes into one worksheet. ``layout`` is None for a sheet the tracker
    does not read (e.g. History)."""

    name: str
    part: str
    xml: bytes
    tables: list[Table]
    cells: dict[tuple[int, int], sheetxml.Value] = field(default_factory=dict)
    like_above: set[int] = field(default_factory=set)  # appended rows: styled like the row above
    stretched: dict[str, Table] = field(default_factory=dict)
    kept_formulas: list[tuple[int, int]] = field(default_factory=list)

    def set(self, row: int, col: int, value) -> None:
        """Write ``value`` (text, number, date, bool; None empties) into the cell."""
        self.cells[(row, col)] = sheetxml.Value(value)

    def table_at(self, layout: SheetLayout) -> Table | None:
        """The Excel table whose header row is the contract's headers, if the sheet has one."""
        for table in self.tables:
            if table.min_row == layout.header_row and table.header_rows and all(
                    table.min_col <= c <= table.max_col for c in layout.columns.values()):
                return table
        return None

    def in_other_table(self, row: int, col: int, mine: Table | None) -> Table | None:
        for table in self.tables:
            if table is not mine and table.holds(row, col):
                return table
        return None

    def data_rows(self, layout: SheetLayout, id_rows: list[int]) -> set[int]:
        """The rows s55xl may write computed cells into (rule 2). ``id_rows``: the rows that
        carry a Report ID, of all the non-blank rows read under the headers (in order)."""
        table = self.table_at(layout)
        if table is not None:
            first, last = table.body
            return {r for r in range(first, last + 1)}
        return set(id_rows)

    def stretch(self, table: Table, *, last_row: int | None = None,
                new_columns: list[str] = ()) -> None:
        package.stretch(table, last_row=last_row, new_columns=list(new_columns))
        self.stretched[table.part] = table

    def where(self, row: int, col: int) -> str:
        return f"{self.name}!{a1(row, col)}"


class Edits:
    """The session: open on the workbook file as it is now."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zf = zipfile.ZipFile(self.path)
        self.parts_by_sheet = package.workbook_parts(self._zf)
        self.date1904 = package.date1904(self._zf)
        self.sheets: dict[str, SheetEdits] = {}
        self._tracker: Tracker | None = None
        self.styles: DateStyles | None = None

    def close(self) -> None:
        self._zf.close()

    @property
    def tracker(self) -> Tracker:
        """The workbook read through :mod:`s55xl.xlsx.reader`, as it is now."""
        if self._tracker is None:
            from s55xl.xlsx.reader import load

            self._tracker = load(self.path)
        return self._tracker

    def sheet(self, name: str) -> SheetEdits:
        if name not in self.sheets:
            part = self.parts_by_sheet.get(name)
            if part is None or part not in self._zf.namelist():
                raise WriteRefused(f"{self.path}: has no worksheet called {name}.")
            if "chartsheet" in part or b"<chartsheet" in self._zf.read(part)[:400]:
                raise WriteRefused(f"{self.path}: the {name} sheet is a chart sheet, not a "
                                   "worksheet, so s55xl cannot write rows into it.")
            self.sheets[name] = SheetEdits(name, part, self._zf.read(part),
                                           package.tables_of(self._zf, part))
        return self.sheets[name]

    def _date_styles(self) -> DateStyles | None:
        if self.styles is None:
            part = package.styles_part(self._zf)
            if part is None:
                return None
            self.styles = DateStyles(self._zf.read(part))
        return self.styles

    def parts(self) -> tuple[dict[str, bytes], dict[str, set[tuple[int, int]]]]:
        """The new bytes of every changed part, and the cells owned in each changed sheet."""
        replaced: dict[str, bytes] = {}
        owned: dict[str, set[tuple[int, int]]] = {}
        for sheet in self.sheets.values():
            if not sheet.cells and not sheet.stretched:
                continue
            styles = self._date_styles()
            old_xml = sheet.xml

            def restyle(value, style, _styles=styles, _xml=old_xml):
                if _styles is None or not isinstance(value, date):
                    return style
                return _styles.for_date(style or 0)

            above = _row_styles(old_xml, {r - 1 for r in sheet.like_above})

            def default_style(row, col, _above=above, _like=sheet.like_above):
                return _above.get(row - 1, {}).get(col) if row in _like else None

            try:
                done = sheetxml.patch(old_xml, sheet.cells, date1904=self.date1904,
                                      default_style=default_style, restyle=restyle)
            except sheetxml.NotPatchable as exc:
                raise WriteRefused(
                    f"{self.path}: the {sheet.name} sheet is stored in a way s55xl cannot change "
                    f"safely ({exc}), so the workbook was not changed. Open it in Excel, save it "
                    "and try again, or use the buttons inside the workbook.") from None
            sheet.kept_formulas = done.kept_formulas
            if done.xml != old_xml:
                replaced[sheet.part] = done.xml
            owned[sheet.part] = set(sheet.cells) - set(done.kept_formulas)
            for table in sheet.stretched.values():
                replaced[table.part] = table.xml
        if self.styles is not None and self.styles.changed:
            replaced[package.styles_part(self._zf)] = self.styles.xml
        return replaced, owned


def _row_styles(xml: bytes, wanted: set[int]) -> dict[int, dict[int, int]]:
    """``{row: {col: style}}`` of the cells in the ``wanted`` rows."""
    import re

    out: dict[int, dict[int, int]] = {}
    if not wanted:
        return out
    for r, _s, _e, _attrs, body in sheetxml.rows(xml):
        if r in wanted:
            styles = {}
            for c, _cs, _ce, attrs, _inner in sheetxml.cells(body):
                m = re.search(rb'\bs="(\d+)"', attrs)
                styles[c] = int(m.group(1)) if m else 0
            out[r] = styles
    return out


__all__ = ["Edits", "SheetEdits", "contiguous_id_rows"]
