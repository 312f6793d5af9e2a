"""``s55xl update``: fill the computed columns and the Validation column in the workbook file.

Only the computed cells of the data rows are written (rule 2, :meth:`SheetEdits.data_rows`),
plus a computed header the workbook lacks, added after its last column (the Excel table at the
headers is widened over it). A formula staff put in a computed cell is theirs: it is left as
it is, and one warning finding says so. Changes of Status, Owner and Target date since the
last recorded state are appended to the History sheet (:mod:`s55xl.history`), as the buttons
append them. Everything else stays byte for byte as it was — :mod:`s55xl.xlsx.safewrite`
verifies that before the file is replaced.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from s55xl import checks, history, schema, xlsx
from s55xl.cells import a1
from s55xl.computed import computed_values, kept_formulas, placement
from s55xl.findings import Finding, count
from s55xl.xlsx.append import add_dicts
from s55xl.xlsx.edits import Edits, SheetEdits, contiguous_id_rows
from s55xl.xlsx.safewrite import edit_workbook


@dataclass
class UpdateResult:
    """``backup`` is None when there was nothing to write (the file was left alone)."""

    workbook: Path
    backup: Path | None
    findings: list[Finding]
    cells_written: int
    columns_added: list[str]
    kept: list[str] = field(default_factory=list)  # computed cells holding staff's formulas
    history: int = 0  # rows appended to the History sheet
    no_history_sheet: bool = False  # changes were found but the workbook has no History sheet

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")


def update(path: Path, today: date | None = None, *, now: datetime | None = None,
           user: str | None = None) -> UpdateResult:
    """Validate, work out deadlines and write the results into the workbook at ``path``.

    ``now`` and ``user`` date and sign the History rows (None: the clock and the login name).
    """
    today = today or date.today()
    path = Path(path)
    tracker = xlsx.load(path)
    checked = checks.run(tracker, today)
    grids = xlsx.read_grids(path, (history.HISTORY_SHEET,))
    past = history.read(next(iter(grids.values()), None))
    changes = history.changes(tracker, past, when=now or datetime.now().replace(microsecond=0),
                              user=_login() if user is None else user)
    findings = list(checked.findings)
    values = computed_values(tracker, findings, checked.dates)
    written: list[tuple[str, int, int]] = []
    added: list[str] = []
    kept: list[str] = []
    sessions: list[Edits] = []

    def edit(edits: Edits) -> None:
        sessions.append(edits)
        for spec, records in ((schema.REPORTS, tracker.reports),
                              (schema.RECOMMENDATIONS, tracker.recommendations)):
            layout = tracker.layouts[spec.name]
            sheet = edits.sheet(layout.sheet)
            table = sheet.table_at(layout)
            rows = sheet.data_rows(layout, contiguous_id_rows(
                [(r.row, bool(r.report_id)) for r in records]))
            columns = _computed_columns(sheet, spec, layout, table, written, added)
            for row, fields in values[spec.name].items():
                if row not in rows:
                    continue
                for name, value in fields.items():
                    col = columns[name]
                    if sheet.in_other_table(row, col, table) is not None:
                        continue
                    sheet.set(row, col, value)
                    written.append((layout.sheet, row, col))
        if changes and grids:
            name, grid = next(iter(grids.items()))
            rows = [dict(zip(history.HISTORY_HEADERS, c.as_row(), strict=True)) for c in changes]
            add_dicts(edits, name, grid, rows)

    saved = edit_workbook(path, edit)
    if saved is None:  # nothing written; the file is untouched
        written.clear()
    for sheet_edits in (sessions[-1].sheets.values() if saved is not None else ()):
        for row, col in sheet_edits.kept_formulas:
            kept.append(f"{sheet_edits.name}!{a1(row, col)}")
            written.remove((sheet_edits.name, row, col))
    warning = kept_formulas(kept)
    if warning:
        findings.append(warning)
    recorded = len(changes) if grids and saved is not None else 0
    return UpdateResult(path, saved, findings, len(written), added, kept, recorded,
                        no_history_sheet=bool(changes) and not grids)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account without a passwd entry)
        return ""


def _computed_columns(sheet: SheetEdits, spec: schema.SheetSpec, layout, table, written: list,
                      added: list[str]) -> dict[str, int]:
    """The column of each computed field, adding a header after the last column if missing."""
    columns = {}
    new_headers: list[str] = []
    for name, (col, new) in placement(spec, layout).items():
        columns[name] = col
        if new:
            header = spec.by_field[name].header
            sheet.set(layout.header_row, col, header)
            written.append((layout.sheet, layout.header_row, col))
            added.append(f"{layout.sheet}!{header}")
            if table is not None and table.max_col + len(new_headers) == col - 1:
                new_headers.append(header)
    if new_headers:
        sheet.stretch(table, new_columns=new_headers)
    return columns
