"""Reading the governance workbook through xlwings: the live-Excel twin of :mod:`s55xl.xlsx`.

Each sheet the tool needs is read once, as the values of its used range (one read per sheet),
into a :class:`~s55xl.tables.Grid` and handed to :func:`s55xl.tables.read_tracker`, so a button
reads a workbook exactly as ``s55xl validate`` does: same header matching, any column order,
extra columns ignored. This module only reads; :mod:`s55xl.excel.writes` decides what to write.

Besides the input tables it finds the tool's own places in the book — the Findings and Log
tables (by header, in any order), the ``SelectedReport`` and ``LastRunStatus`` names — and the
cells the previous run marked, which it re-derives from the Findings sheet's Sheet and Cell
columns (see :func:`previous_marks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from s55xl import coerce, schema, tables
from s55xl.cells import split_a1
from s55xl.errors import S55Error
from s55xl.model import Tracker

INPUT_SHEETS = tuple(s.name for s in schema.INPUT_SHEETS)


class NoReportChosen(S55Error):
    """Generate selected was pressed but no report was chosen (or the choice is not a report)."""


@dataclass
class AuxTable:
    """Where one of the tool's own tables (Findings, Log) sits, or will sit, in the book.

    ``sheet`` is the workbook's name for the sheet; ``add_sheet`` is True when the sheet does not
    exist and must be added. ``columns`` maps each header the contract lists to its column;
    ``new_headers`` are those that must be written (missing from a hand-made sheet).
    ``last_row`` is the last row with anything in those columns (the header row when empty).
    ``table`` is the Excel table whose header row this is, if any, and ``table_cols`` its first
    and last column, so it can be resized to fit what is written.
    """

    sheet: str
    add_sheet: bool
    header_row: int
    columns: dict[str, int]
    new_headers: dict[int, str] = field(default_factory=dict)
    last_row: int = 0
    table: Any = None
    table_cols: tuple[int, int] | None = None
    table_last_row: int = 0


@dataclass
class LiveBook:
    """Everything read from the book for one button press."""

    book: Any
    source: str
    sheet_names: list[str]
    grids: dict[str, tables.Grid]
    tracker: Tracker
    findings_table: AuxTable
    log_table: AuxTable

    def sheet(self, name: str):
        return self.book.sheets[name]


def read_grid(sheet) -> tables.Grid:
    """A sheet's used range as a grid: one read, formula errors kept as ``#N/A`` text."""
    rng = sheet.used_range
    rows = rng.options(ndim=2, err_to_str=True).value
    return tables.Grid(rows=rows or [[]], first_row=rng.row, first_col=rng.column)


def load(book) -> LiveBook:
    """Read the input tables and the tool's own tables. Raises :class:`UnusableInput`."""
    names = [s.name for s in book.sheets]
    grids: dict[str, tables.Grid] = {}
    for wanted in (*INPUT_SHEETS, schema.FINDINGS_SHEET, schema.LOG_SHEET):
        name = tables.find_sheet(names, wanted)
        if name and name not in grids:
            grids[name] = read_grid(book.sheets[name])
    inputs = {tables.find_sheet(names, w) for w in INPUT_SHEETS} - {None}
    tracker = tables.read_tracker({n: grids[n] for n in grids if n in inputs}, book.name)
    findings = locate_aux(book, names, grids, schema.FINDINGS_SHEET, schema.FINDINGS_HEADERS)
    log = locate_aux(book, names, grids, schema.LOG_SHEET, schema.LOG_HEADERS)
    return LiveBook(book, book.name, names, grids, tracker, findings, log)


def _used_width(grid: tables.Grid) -> int:
    """The last column (1-based) holding anything, or 0 for an empty sheet."""
    last = 0
    for values in grid.rows:
        for j in range(len(values) - 1, -1, -1):
            if not coerce.is_blank(values[j]):
                last = max(last, grid.first_col + j)
                break
    return last


def locate_aux(book, names: Sequence[str], grids: dict[str, tables.Grid], wanted: str,
               headers: Sequence[str]) -> AuxTable:
    """Find (or plan) the Findings or Log table: its header row and a column for each header.

    A missing sheet is added by the writer; a sheet without some of the headers gets them
    appended after its last used column, in the contract's order, so columns staff added are
    never overwritten.
    """
    name = tables.find_sheet(names, wanted)
    if name is None:
        return AuxTable(sheet=wanted, add_sheet=True, header_row=1,
                        columns={h: i + 1 for i, h in enumerate(headers)},
                        new_headers={i + 1: h for i, h in enumerate(headers)}, last_row=1)
    grid = grids[name]
    keys = {schema.normalise_header(h): h for h in headers}
    best, best_hits = None, 0
    for i, values in enumerate(grid.rows[:tables.HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in values if isinstance(v, str) and schema.normalise_header(v) in keys)
        if hits > best_hits:
            best, best_hits = i, hits
    header_row = grid.first_row + best if best is not None else 1
    columns: dict[str, int] = {}
    if best is not None:
        for j, value in enumerate(grid.rows[best]):
            header = keys.get(schema.normalise_header(value)) if isinstance(value, str) else None
            if header and header not in columns:
                columns[header] = grid.first_col + j
    new_headers = {}
    next_col = max(_used_width(grid), max(columns.values(), default=0)) + 1
    for h in headers:
        if h not in columns:
            columns[h] = next_col
            new_headers[next_col] = h
            next_col += 1
    last_row = header_row
    offsets = [c - grid.first_col for c in columns.values()]
    for i in range(len(grid.rows) - 1, header_row - grid.first_row, -1):
        values = grid.rows[i]
        if any(0 <= o < len(values) and not coerce.is_blank(values[o]) for o in offsets):
            last_row = grid.first_row + i
            break
    aux = AuxTable(sheet=name, add_sheet=False, header_row=header_row, columns=columns,
                   new_headers=new_headers, last_row=last_row)
    _attach_table(book, aux)
    return aux


def find_table(book, sheet: str, header_row: int, columns=()):
    """The Excel table on ``sheet`` whose header row is ``header_row`` (and, when ``columns``
    are given, covers one of them): ``(table, first column, last column, last row)`` or None."""
    try:
        sheet_tables = list(book.sheets[sheet].tables)
    except Exception:  # noqa: BLE001 - an engine without tables: plain ranges work as well
        return None
    for table in sheet_tables:
        try:
            header = table.header_row_range
            whole = table.range
        except Exception:  # noqa: BLE001 - a table the engine cannot describe is left alone
            continue
        if header is None or whole is None or header.row != header_row:
            continue
        first, last = header.column, header.column + header.shape[1] - 1
        if not columns or any(first <= c <= last for c in columns):
            return table, first, last, whole.row + whole.shape[0] - 1
    return None


def _attach_table(book, aux: AuxTable) -> None:
    """Note the Excel table whose header row is ``aux``'s, so it can be resized to fit."""
    found = find_table(book, aux.sheet, aux.header_row, list(aux.columns.values()))
    if found is not None:
        aux.table, first, last, aux.table_last_row = found
        aux.table_cols = (first, last)


def named_range(book, name: str):
    """The range a workbook-level defined name refers to, or None when it is missing."""
    try:
        if not book.names.contains(name):
            return None
        return book.names[name].refers_to_range
    except Exception:  # noqa: BLE001 - a name that refers to nothing usable counts as missing
        return None


def previous_marks(live: LiveBook) -> list[tuple[str, int, int]]:
    """The cells the previous run marked, in the order it listed them: ``(sheet, row, col)``.

    They are re-derived from what the previous run wrote on the Findings sheet (its Sheet and
    Cell columns) rather than remembered elsewhere: the Findings sheet is exactly the list of
    marked cells, staff can see it, and nothing hidden can go stale on its own. Cells on sheets
    that no longer exist are ignored.
    """
    aux = live.findings_table
    if aux.add_sheet or aux.sheet not in live.grids:
        return []
    grid = live.grids[aux.sheet]
    sheet_col = aux.columns["Sheet"] - grid.first_col
    cell_col = aux.columns["Cell"] - grid.first_col
    known = {n.casefold(): n for n in live.sheet_names}
    seen: set[tuple[str, int, int]] = set()
    marks = []
    for i in range(aux.header_row - grid.first_row + 1, len(grid.rows)):
        values = grid.rows[i]
        sheet = coerce.to_text(values[sheet_col]) if 0 <= sheet_col < len(values) else None
        cell = coerce.to_text(values[cell_col]) if 0 <= cell_col < len(values) else None
        if not cell:
            continue
        if "!" in cell:  # written as Sheet!F7
            prefix, cell = cell.rsplit("!", 1)
            sheet = sheet or prefix.strip("'")
        where = split_a1(cell)
        name = known.get((sheet or "").casefold())
        if where is None or name is None:
            continue
        key = (name, *where)
        if key not in seen:
            seen.add(key)
            marks.append(key)
    return marks


def _match_report(tracker: Tracker, report_id: str) -> str | None:
    report = tracker.report(report_id)
    return report.report_id if report else None


HOW_TO_CHOOSE = (
    "Choose a report first: pick its Report ID in 'Selected report' on the Control sheet, or "
    "click a cell in its row on the Reports sheet (or one of its rows on the Recommendations "
    "sheet) — then press the button again.")


def selected_report(live: LiveBook) -> tuple[str, str]:
    """The report ``generate_selected`` should use, and how it was chosen.

    The Control sheet's ``SelectedReport`` cell wins; when it is blank, the report of the row the
    active cell is on (Reports or Recommendations sheet). Raises :class:`NoReportChosen` with
    how to choose one.
    """
    tracker = live.tracker
    rng = named_range(live.book, schema.SELECTED_REPORT_NAME)
    typed = coerce.to_text(rng.value) if rng is not None else None
    if typed:
        found = _match_report(tracker, typed)
        if found is None:
            raise NoReportChosen(
                f"The selected report '{typed}' (Selected report on the {schema.CONTROL_SHEET} "
                "sheet) is not a Report ID on the Reports sheet. Pick one from its list, or "
                "clear it and click a cell in the report's row.")
        return found, f"Selected report on the {schema.CONTROL_SHEET} sheet"
    try:
        selection = live.book.selection
        sheet, row = (selection.sheet.name, selection.row) if selection is not None else (None, 0)
    except Exception:  # noqa: BLE001 - no cell selected (a shape, a chart): nothing chosen
        sheet, row = None, 0
    reports = tracker.layouts.get("Reports")
    recs = tracker.layouts.get("Recommendations")
    if sheet and reports and sheet == reports.sheet:
        for r in tracker.reports:
            if r.row == row and r.report_id:
                return r.report_id, f"the active cell's row ({sheet} row {row})"
    if sheet and recs and sheet == recs.sheet:
        for rec in tracker.recommendations:
            if rec.row == row and rec.report_id:
                found = _match_report(tracker, rec.report_id)
                if found:
                    return found, f"the active cell's row ({sheet} row {row})"
    raise NoReportChosen(HOW_TO_CHOOSE)
