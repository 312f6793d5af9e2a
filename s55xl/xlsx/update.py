"""``s55xl update``: fill the computed columns and the Validation column in the workbook file.

Only the computed cells are written (and a computed header the workbook lacks, added after its
last column); everything staff typed, the macros, buttons, formats and dropdowns stay as they
were — :mod:`s55xl.xlsx.safewrite` verifies that before the file is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from s55xl import checks, schema, xlsx
from s55xl.cells import column_letter
from s55xl.computed import computed_values, placement
from s55xl.findings import Finding, count
from s55xl.model import SheetLayout
from s55xl.xlsx.safewrite import edit_workbook, write_text, write_value


@dataclass
class UpdateResult:
    workbook: Path
    backup: Path
    findings: list[Finding]
    cells_written: int
    columns_added: list[str]

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")


def update(path: Path, today: date | None = None) -> UpdateResult:
    """Validate, work out deadlines and write the results into the workbook at ``path``."""
    today = today or date.today()
    path = Path(path)
    tracker = xlsx.load(path)
    checked = checks.run(tracker, today)
    findings = checked.findings
    values = computed_values(tracker, findings, checked.dates)
    written: list[tuple[str, int, int]] = []
    added: list[str] = []

    def edit(wb):
        for spec in (schema.REPORTS, schema.RECOMMENDATIONS):
            layout = tracker.layouts[spec.name]
            ws = wb[layout.sheet]
            columns = _computed_columns(ws, spec, layout, written, added)
            for row, fields in values[spec.name].items():
                for name, value in fields.items():
                    col = columns[name]
                    write_value(ws.cell(row, col), value)
                    written.append((layout.sheet, row, col))
        return written

    saved = edit_workbook(path, edit)
    return UpdateResult(path, saved, findings, len(written), added)


def _computed_columns(ws, spec: schema.SheetSpec, layout: SheetLayout, written: list,
                      added: list[str]) -> dict[str, int]:
    """The column of each computed field, adding a header after the last column if missing."""
    columns = {}
    for name, (col, new) in placement(spec, layout).items():
        columns[name] = col
        if new:
            header = spec.by_field[name].header
            write_text(ws.cell(layout.header_row, col), header)
            written.append((layout.sheet, layout.header_row, col))
            added.append(f"{layout.sheet}!{header}")
            _extend_table(ws, layout.header_row, col, header)
    return columns


def _extend_table(ws, header_row: int, col: int, header: str) -> None:
    """Widen an Excel table whose header row ends just before ``col`` to take the new column."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet.table import TableColumn

    for table in ws.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_row == header_row and max_col == col - 1:
            table.ref = f"{table.ref.split(':')[0]}:{column_letter(col)}{max_row}"
            table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=header))
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref

