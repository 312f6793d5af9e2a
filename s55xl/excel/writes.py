"""What a button writes back into the workbook, worked out in full before anything is written.

The functions below add one run's results to a :class:`WritePlan` — :func:`computed_columns`,
:func:`marks`, :func:`findings_sheet`, :func:`log_row` and :func:`status` — and
:meth:`WritePlan.apply` then writes it: blocks of values (each computed column, or a run of
adjacent ones, is one 2-D write; the Findings list and the Log row are one write each), fill
colours (a vertical run of same-coloured cells is one write: ``Range.color`` works on every
xlwings engine and client, where ``set_colors`` goes cell by cell on the desktop and is unknown
to the VBA client), notes, table resizes and last the Control status. Nothing is written while
the plan is being made, so a failure there leaves the workbook exactly as it was. Through
xlwings' VBA client (server mode) a fill is removed and notes are written by s55xl's own
routines in the workbook, since the client cannot do either (:mod:`s55xl.excel.clients`).

Marks of the previous run are cleared by re-deriving them from the Findings sheet (see
:func:`s55xl.excel.book.previous_marks`): a cell listed there last time and not this time gets
its fill removed and s55xl's note deleted. Fills are set to "no fill", so s55xl's shading
replaces any fill staff gave an input cell themselves; notes staff wrote are never touched (a
cell that already has someone else's note gets no s55xl note; the Findings sheet lists it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from s55xl import schema
from s55xl.cells import EXCEL_CELL_LIMIT, column_letter, split_a1
from s55xl.excel import clients
from s55xl.excel.book import AuxTable, LiveBook, find_table, named_range
from s55xl.findings import Finding
from s55xl.schema import ERROR_VALUES

ERROR_FILL = "#FFC7CE"    # Excel's "Bad" light red
WARNING_FILL = "#FFEB9C"  # Excel's "Neutral" light yellow
MAX_NOTES = 300           # notes are a convenience; the Findings sheet always lists everything
NOTE_PREFIX = "s55xl"
SEVERITY_LABELS = {"error": "Error", "warning": "Warning"}
# xlwings' VBA client on a Mac decodes UTF-8 itself and turns characters from U+D800 up
# (emoji, private use, some symbols) into "?" or drops the next character
MAC_DECODER_LIMIT = 0xD800


@dataclass
class Block:
    """One rectangular write: ``values`` (rows of cells) with its top-left at ``row``/``col``."""

    sheet: str
    row: int
    col: int
    values: list[list[Any]]

    def write(self, book) -> None:
        nrows, ncols = len(self.values), len(self.values[0])
        book.sheets[self.sheet].range(
            (self.row, self.col), (self.row + nrows - 1, self.col + ncols - 1)).value = self.values
        if clients.needs_routines(book):
            # xlwings' VBA client garbles these on a Mac: s55xl's routine writes them again
            for i, row in enumerate(self.values):
                for j, value in enumerate(row):
                    if isinstance(value, str) and any(ord(c) >= MAC_DECODER_LIMIT for c in value):
                        clients.run_routine(book, "S55_SetText", clients.encode(self.sheet),
                                            _address(self.row + i, self.col + j),
                                            clients.encode(value))


@dataclass
class Fill:
    """``nrows`` cells of one column from ``row`` down get ``colour`` (None: no fill)."""

    sheet: str
    row: int
    col: int
    nrows: int
    colour: str | None


@dataclass
class NoteEdit:
    """Add (``existing`` False), replace (``existing`` True) or delete (``text`` None) a note."""

    sheet: str
    row: int
    col: int
    text: str | None
    existing: bool = False


@dataclass
class TableResize:
    table: Any
    sheet: str
    address: str


@dataclass
class WritePlan:
    """Every write of one run, in the order :meth:`apply` makes them."""

    add_sheets: list[str] = field(default_factory=list)
    reactivate: str | None = None
    blocks: list[Block] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    notes: list[NoteEdit] = field(default_factory=list)
    resizes: list[TableResize] = field(default_factory=list)
    status: Block | None = None
    added_columns: list[str] = field(default_factory=list)
    kept_formulas: list[str] = field(default_factory=list)  # computed cells holding staff's formulas

    def apply(self, book) -> int:
        """Write the plan into ``book``. Returns how many notes were written.

        Through xlwings' VBA client (server mode), removing a fill and every note go through
        s55xl's own routines in the workbook (:mod:`s55xl.excel.clients`), which also keep
        staff's own notes untouched. Notes are skipped as a whole when the connection cannot
        write them (an Office.js client without notes); fills and the Findings sheet carry the
        same information.
        """
        if self.add_sheets:
            for name in self.add_sheets:
                book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])
            if self.reactivate:
                book.sheets[self.reactivate].activate()
        for b in self.blocks:
            b.write(book)
        for f in self.fills:
            if f.colour is None and clients.needs_routines(book):  # the client needs a colour
                clients.run_routine(book, "S55_ClearFill", clients.encode(f.sheet),
                                    _address(f.row, f.col, f.nrows))
                continue
            sheet = book.sheets[f.sheet]
            sheet.range((f.row, f.col), (f.row + f.nrows - 1, f.col)).color = f.colour
        written = 0
        can_add = True
        routines = clients.needs_routines(book)
        for n in self.notes:
            if routines:  # s55xl's routine adds, replaces or deletes only s55xl's own notes
                address = _address(n.row, n.col)
                if n.text is None:
                    clients.run_routine(book, "S55_DeleteNote", clients.encode(n.sheet), address)
                else:
                    clients.run_routine(book, "S55_SetNote", clients.encode(n.sheet), address,
                                        clients.encode(n.text))
                    written += 1
                continue
            cell = book.sheets[n.sheet].range((n.row, n.col))
            if n.text is None:
                note = cell.note
                if note is not None:
                    note.delete()
            elif n.existing:
                cell.note.text = n.text
                written += 1
            elif can_add:
                try:
                    cell.add_note(n.text)
                    written += 1
                except NotImplementedError:  # this connection cannot write notes
                    can_add = False
        for r in self.resizes:
            r.table.resize(book.sheets[r.sheet].range(r.address))
        if self.status is not None:
            self.status.write(book)
        return written

    def count_writes(self) -> int:
        return (len(self.add_sheets) + len(self.blocks) + len(self.fills) + len(self.notes)
                + len(self.resizes) + (self.status is not None))


_VALUE_CHARS = frozenset("0123456789 \t\r\n\u00a0.,:/-+()%£$€eE")
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
           "ion|chw|maw|ebr|mai|meh|gor|awst|medi|hyd|tach|rhag")
_MONTH_DATE = re.compile(rf"\s*(?:\d{{1,4}}[\s\-/.,]*)?(?:{_MONTHS})[a-z]*\.?"
                         rf"(?:[\s\-/.,]*\d{{1,4}}){{0,2}}\s*", re.IGNORECASE)


def would_change(text: str) -> bool:
    """True when Excel, given ``text`` as a cell's value, would store something else: a
    number ("3.10" becomes 3.1), a date ("1/2", "Mar 3"), a time, a percentage, a currency
    amount, TRUE/FALSE, an error value ("#N/A") or a formula. Cautious: text that merely
    might be read so counts too (the apostrophe it then gets is never shown)."""
    stripped = text.strip()
    if not stripped:
        return False
    core = stripped[:-2] if stripped[-2:].lower() in ("am", "pm") else stripped
    return bool(stripped[:1] in ("=", "+", "-", "@", "'")
                or stripped.upper() in ("TRUE", "FALSE") or stripped.upper() in ERROR_VALUES
                or (any(c.isdigit() for c in core) and all(c in _VALUE_CHARS for c in core))
                or (len(stripped) <= 40 and any(c.isdigit() for c in stripped)
                    and _MONTH_DATE.fullmatch(stripped)))


def cell_text(value: Any) -> Any:
    """Text as Excel must receive it to show it verbatim.

    Text Excel would turn into something else (:func:`would_change`: a formula, a number, a
    date, TRUE…) gets Excel's text prefix, a leading apostrophe, which is not part of the
    value and survives ``Range.Value`` in every client (desktop xlwings, xlwings' VBA client,
    Office.js). Over-long text is cut to Excel's limit with "…".
    """
    if isinstance(value, str):
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[:EXCEL_CELL_LIMIT - 1] + "…"
        if would_change(value) or value[:1] in ("=", "+", "-", "@", "'"):
            return "'" + value
    return value


def _address(row: int, col: int, nrows: int = 1) -> str:
    """``F7`` or ``F7:F9``: the A1 address s55xl's VBA routines take."""
    first = f"{column_letter(col)}{row}"
    return first if nrows == 1 else f"{first}:{column_letter(col)}{row + nrows - 1}"


def column_blocks(sheet: str, start_row: int, columns: dict[int, list[Any]]) -> list[Block]:
    """One block per run of adjacent columns (each list is a column's values from start_row)."""
    blocks: list[Block] = []
    run: list[int] = []
    for col in sorted(columns):
        if run and (col != run[-1] + 1 or len(columns[col]) != len(columns[run[0]])):
            blocks.append(_block(sheet, start_row, run, columns))
            run = []
        run.append(col)
    if run:
        blocks.append(_block(sheet, start_row, run, columns))
    return [b for b in blocks if b.values and b.values[0]]


def _block(sheet: str, start_row: int, run: list[int], columns: dict[int, list]) -> Block:
    n = len(columns[run[0]])
    return Block(sheet, start_row, run[0], [[columns[c][i] for c in run] for i in range(n)])


# -- the computed columns -------------------------------------------------------------------

def computed_columns(live: LiveBook, dates: list, findings: list[Finding],
                     plan: WritePlan) -> None:
    """Reports' date columns and Recommendations' Validation column, each written whole.

    The values are :func:`s55xl.computed.computed_values`' — the same ones ``s55xl update``
    writes into the file. Every row from under the header to the sheet's last used row is
    written, so values left in rows that are now blank are cleared. A computed column missing
    from a hand-made sheet is added after the sheet's last used column, header included (as
    ``s55xl update`` does), an Excel table ending just before it is widened to take it, and it
    is listed in ``plan.added_columns`` so the status can say so.
    """
    from s55xl.computed import computed_values, placement

    tracker = live.tracker
    values = computed_values(tracker, findings, dates)
    for spec, records in ((schema.REPORTS, tracker.reports),
                          (schema.RECOMMENDATIONS, tracker.recommendations)):
        layout = tracker.layouts[spec.name]
        by_row = values[spec.name]
        first, last = layout.header_row + 1, layout.last_row
        rows, others = data_rows(live, layout, records)
        present: dict[int, dict[int, list]] = defaultdict(dict)  # run start -> col -> values
        appended: dict[int, list] = {}
        for name, (col, new) in placement(spec, layout).items():
            if new:
                header = spec.by_field[name].header
                cells = [cell_text(by_row.get(r, {}).get(name)) for r in range(first, last + 1)]
                cells = [v if r in rows else None for r, v in zip(range(first, last + 1), cells,
                                                                   strict=True)]
                appended[col] = [header, *cells]
                plan.added_columns.append(f"'{header}' on the {layout.sheet} sheet")
                continue
            mine = _own_formulas(live, layout.sheet, col, first, last)
            plan.kept_formulas += [f"{layout.sheet}!{column_letter(col)}{r}" for r in sorted(mine)
                                   if r in rows]
            allowed = [r for r in range(first, last + 1) if r in rows and r not in mine
                       and not any(t.holds(r, col) for t in others)]
            for start, run in _runs(allowed):
                present[start][col] = [cell_text(by_row.get(r, {}).get(name)) for r in run]
        for start, columns in present.items():
            plan.blocks += column_blocks(layout.sheet, start, columns)
        plan.blocks += column_blocks(layout.sheet, layout.header_row, appended)
        if appended:
            _widen_table(live, layout.sheet, layout.header_row, min(appended), max(appended),
                         plan)


def data_rows(live: LiveBook, layout, records) -> tuple[set[int], list]:
    """Rule 2 for the buttons: the rows computed cells may go in, and the other tables.

    The contract table's body when the headers are an Excel table's (never its Total row),
    else the contiguous rows under the headers carrying a Report ID
    (:func:`s55xl.computed.contiguous_id_rows`)."""
    from s55xl.computed import contiguous_id_rows

    found = find_table(live.book, layout.sheet, layout.header_row, list(layout.columns.values()))
    others = [t for t in sheet_tables(live.book, layout.sheet)
              if found is None or t.name != getattr(found[0], "name", None)]
    if found is not None:
        table, _first, _last, last_row = found
        try:
            totals = bool(table.show_totals)
        except Exception:  # noqa: BLE001 - an engine that cannot say has no Total row to keep
            totals = False
        return set(range(layout.header_row + 1, last_row + (0 if totals else 1))), others
    return set(contiguous_id_rows([(r.row, bool(r.report_id)) for r in records])), others


@dataclass
class TableArea:
    """Where one Excel table sits (1-based, inclusive)."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def holds(self, row: int, col: int) -> bool:
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


def sheet_tables(book, sheet: str) -> list[TableArea]:
    try:
        found = list(book.sheets[sheet].tables)
    except Exception:  # noqa: BLE001 - an engine without tables: plain ranges work as well
        return []
    out = []
    for table in found:
        try:
            rng = table.range
            out.append(TableArea(table.name, rng.row, rng.column, rng.row + rng.shape[0] - 1,
                                 rng.column + rng.shape[1] - 1))
        except Exception:  # noqa: BLE001 - a table the engine cannot describe is left alone
            continue
    return out


def _own_formulas(live: LiveBook, sheet: str, col: int, first: int, last: int) -> set[int]:
    """Rows whose cell in ``col`` holds a formula staff typed (never overwritten)."""
    if last < first:
        return set()
    try:
        formulas = live.book.sheets[sheet].range((first, col), (last, col)).options(
            ndim=1).formula
    except Exception:  # noqa: BLE001 - an engine that cannot give formulas: none are seen
        return set()
    if isinstance(formulas, str):
        formulas = [formulas]
    out = set()
    for r, f in zip(range(first, last + 1), formulas or (), strict=False):
        if isinstance(f, (list, tuple)):
            f = f[0] if f else None
        if isinstance(f, str) and f.startswith("="):
            out.add(r)
    return out


def _runs(rows: list[int]):
    """``(start, [rows])`` for each run of consecutive rows."""
    run: list[int] = []
    for r in rows:
        if run and r != run[-1] + 1:
            yield run[0], run
            run = []
        run.append(r)
    if run:
        yield run[0], run


def _widen_table(live: LiveBook, sheet: str, header_row: int, first_new: int, last_new: int,
                 plan: WritePlan) -> None:
    found = find_table(live.book, sheet, header_row)
    if found is None:
        return
    table, first, last, last_row = found
    if last == first_new - 1:
        address = f"{column_letter(first)}{header_row}:{column_letter(last_new)}{last_row}"
        plan.resizes.append(TableResize(table, sheet, address))


# -- marks on the offending cells ---------------------------------------------------------------

def note_text(found: list[Finding]) -> str:
    lines = [f"{SEVERITY_LABELS[f.severity]}: {f.message}" for f in found]
    return f"{NOTE_PREFIX} — " + "\n".join(lines)


def _is_ours(note) -> bool:
    try:
        return (note.text or "").startswith(NOTE_PREFIX)
    except NotImplementedError:  # the engine cannot read note text: trust the Findings list
        return True


def marks(live: LiveBook, findings: list[Finding], previous: list[tuple[str, int, int]],
          plan: WritePlan) -> int:
    """Fill and note every cell with a finding; clear the previous run's other marks.

    Returns how many cells are marked.
    """
    names = {n.casefold(): n for n in live.sheet_names}
    marked: dict[tuple[str, int, int], list[Finding]] = {}
    for f in findings:
        sheet = names.get(f.sheet.casefold())
        where = split_a1(f.cell) if f.cell else None
        if sheet is None or where is None:
            continue
        marked.setdefault((sheet, *where), []).append(f)
    colours: dict[tuple[str, int, int], str | None] = {
        key: ERROR_FILL if any(f.severity == "error" for f in found) else WARNING_FILL
        for key, found in marked.items()}
    for key in previous:
        colours.setdefault(key, None)
    plan.fills += fill_runs(colours)

    noted_now = list(marked)[:MAX_NOTES]
    noted_before = set(previous[:MAX_NOTES])
    if clients.needs_routines(live.book):
        # the client sends no notes: its routine checks each cell's note itself
        for key in dict.fromkeys(noted_now + previous[:MAX_NOTES]):
            sheet, row, col = key
            text = note_text(marked[key]) if key in noted_now else None
            if text is not None or key not in marked:
                plan.notes.append(NoteEdit(sheet, row, col, text))
        return len(marked)
    for key in dict.fromkeys(noted_now + previous[:MAX_NOTES]):
        sheet, row, col = key
        existing = live.sheet(sheet).range((row, col)).note
        ours = existing is not None and key in noted_before and _is_ours(existing)
        if key in marked and key in noted_now:
            if existing is None or ours:
                plan.notes.append(NoteEdit(sheet, row, col, note_text(marked[key]),
                                           existing=existing is not None))
        elif ours:
            plan.notes.append(NoteEdit(sheet, row, col, None))
    return len(marked)


def fill_runs(colours: dict[tuple[str, int, int], str | None]) -> list[Fill]:
    """Group cells into vertical runs of one colour: one write per run."""
    by_column: dict[tuple[str, int], list[tuple[int, str | None]]] = defaultdict(list)
    for (sheet, row, col), colour in colours.items():
        by_column[(sheet, col)].append((row, colour))
    fills: list[Fill] = []
    for (sheet, col), cells in sorted(by_column.items()):
        cells.sort()
        for row, colour in cells:
            last = fills[-1] if fills else None
            if (last and last.sheet == sheet and last.col == col and last.colour == colour
                    and last.row + last.nrows == row):
                last.nrows += 1
            else:
                fills.append(Fill(sheet, row, col, 1, colour))
    return fills


# -- the Findings sheet, the Log row and the status --------------------------------------------

def hyperlink(sheet: str, cell: str) -> str:
    """A formula linking to ``sheet!cell`` inside the workbook, showing ``sheet!cell``."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    target = f"#{quoted}!{cell}".replace('"', '""')
    shown = f"{sheet}!{cell}".replace('"', '""')
    return f'=HYPERLINK("{target}","{shown}")'


def findings_sheet(live: LiveBook, findings: list[Finding], now: datetime,
                   plan: WritePlan) -> None:
    """The findings as rows of the Findings table, replacing the previous run's rows."""
    aux = live.findings_table
    names = {n.casefold(): n for n in live.sheet_names}
    rows: list[dict[str, Any]] = []
    for f in findings:
        sheet = names.get(f.sheet.casefold(), f.sheet)
        link = hyperlink(sheet, f.cell) if f.cell and sheet in live.sheet_names else ""
        rows.append({"Severity": SEVERITY_LABELS[f.severity], "Sheet": cell_text(sheet),
                     "Cell": link, "Column": cell_text(f.column),
                     "Problem": cell_text(f.message), "Code": f.code})
    if not rows:
        rows.append({"Problem": f"No problems found ({now:%d/%m/%Y %H:%M})."})
    _aux_rows(aux, rows, plan, replace=True)


def log_row(live: LiveBook, values: dict[str, Any], plan: WritePlan) -> None:
    _aux_rows(live.log_table, [values], plan, replace=False)


def _aux_rows(aux: AuxTable, rows: list[dict[str, Any]], plan: WritePlan, *,
              replace: bool) -> None:
    """Write ``rows`` (header → value, already made safe) into the table ``aux``.

    ``replace`` writes from under the header and blanks the rest of the previous rows;
    otherwise the rows are appended under the last one.
    """
    if aux.add_sheet and aux.sheet not in plan.add_sheets:
        plan.add_sheets.append(aux.sheet)
    if aux.new_headers:
        plan.blocks += column_blocks(aux.sheet, aux.header_row,
                                     {c: [h] for c, h in aux.new_headers.items()})
    start = aux.header_row + 1 if replace else aux.last_row + 1
    height = max(len(rows), aux.last_row - aux.header_row) if replace else len(rows)
    padded = rows + [{}] * (height - len(rows))
    columns = {col: [r.get(header, "") for r in padded] for header, col in aux.columns.items()}
    plan.blocks += column_blocks(aux.sheet, start, columns)
    if aux.table is not None and aux.table_cols:
        end = start + len(rows) - 1
        if end != aux.table_last_row and (replace or end > aux.table_last_row):
            first, last = aux.table_cols
            address = f"{column_letter(first)}{aux.header_row}:{column_letter(last)}{end}"
            plan.resizes.append(TableResize(aux.table, aux.sheet, address))


def status(book, text: str) -> Block | None:
    """The write that puts ``text`` in the Control sheet's ``LastRunStatus`` cell, if any."""
    rng = named_range(book, schema.STATUS_NAME)
    if rng is None:
        return None
    return Block(rng.sheet.name, rng.row, rng.column, [[cell_text(text)]])
