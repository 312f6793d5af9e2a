"""From a recognised paper to rows in the workbook: what to add, what to skip, and the edit.

:func:`plan` is pure: given the workbook as read (a :class:`~s55xl.model.Tracker`) and the
paper, it decides which report the rows belong to (``--report``, else a report with the same
title, else a new one whose ID is made from the title), which findings are new, and which are
skipped because their Ref is already there. ``--dry-run`` stops there.

:func:`make_edit` returns the edit :func:`s55xl.xlsx.safewrite.edit_workbook` applies to the openpyxl
workbook. It plans again from the workbook it is given — the file as it is at the moment of
writing — then appends rows under the last used row of each sheet, with columns found by header
(any order; columns it does not know are left alone), copies the formatting of the row above,
writes text as text (a response starting "=" stays words, not a formula) and stretches the
Excel table over the new rows. :func:`import_into` puts the two together for the command line.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from s55xl import schema, tables
from s55xl.cells import EXCEL_CELL_LIMIT, column_letter
from s55xl.errors import UnusableInput
from s55xl.importer.document import Item, Paper
from s55xl.importer.metadata import derive_report_id
from s55xl.model import Tracker, id_key
from s55xl.xlsx.safewrite import Cell


@dataclass
class Planned:
    """One finding to write: appended when ``row`` is None, else over that Excel row."""

    item: Item
    row: int | None = None

    def as_json(self, report_id: str) -> dict[str, Any]:
        i = self.item
        return {"report_id": report_id, "ref": i.ref, "type": i.type,
                "addressed_to": i.addressed_to, "recommendation": i.recommendation,
                "force_response": i.force_response}


@dataclass
class ImportPlan:
    """What an import adds and skips. ``new_report`` holds the Reports row to add, if any."""

    report_id: str
    title: str | None
    published: date | None
    rows: list[Planned] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    new_report: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "report": {"report_id": self.report_id, "title": self.title,
                       "published": self.published.isoformat() if self.published else None},
            "added": [p.as_json(self.report_id) for p in self.rows],
            "skipped": [{"ref": ref, "reason": reason} for ref, reason in self.skipped],
        }


def ref_key(ref: str | None) -> str:
    """Refs compared loosely: "AFI 4" = "afi4", "Recommendation 2" = "R2", "3.1." = "3.1"."""
    key = re.sub(r"[\s_]+", "", (ref or "")).casefold().rstrip(".")
    key = re.sub(r"^recommendation", "r", key)
    key = re.sub(r"^(?:areaforimprovement)", "afi", key)
    return re.sub(r"^(?:causeofconcern)", "coc", key)


def _title_key(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").casefold()).strip()


def plan(tracker: Tracker, paper: Paper, *, report_id: str | None = None,
         replace: bool = False) -> ImportPlan:
    """Decide what importing ``paper`` into the workbook read as ``tracker`` would do."""
    result = _choose_report(tracker, paper, report_id)
    rid = result.report_id
    existing: dict[str, int | None] = {}
    for rec in tracker.recommendations_for(rid):
        if rec.ref:
            existing.setdefault(ref_key(rec.ref), rec.row)
    seen: set[str] = set()
    for item in paper.items:
        key = ref_key(item.ref)
        if key in seen:
            result.skipped.append((item.ref, (f"{item.ref} appears more than once in the paper; "
                                              "only the first was taken.")))
            continue
        seen.add(key)
        too_long = [f for f in ("recommendation", "force_response")
                    if len(getattr(item, f) or "") > EXCEL_CELL_LIMIT]
        if too_long:
            result.skipped.append((item.ref, (f"{item.ref}: the text is longer than an Excel "
                                              "cell can hold (32,767 characters); check the "
                                              "paper.")))
            continue
        if key in existing:
            row = existing[key]
            if not replace:
                where = f" (Recommendations row {row})" if row else ""
                result.skipped.append((item.ref, (f"{item.ref} is already in the workbook for "
                                                  f"{rid}{where}; add --replace to overwrite "
                                                  "it.")))
                continue
            result.rows.append(Planned(item, row))
        else:
            result.rows.append(Planned(item))
    return result


def _choose_report(tracker: Tracker, paper: Paper, report_id: str | None) -> ImportPlan:
    def existing_plan(report) -> ImportPlan:
        return ImportPlan(report.report_id, report.title or paper.title,
                          report.published or paper.published)

    if report_id:
        report = tracker.report(report_id)
        if report is not None:
            return existing_plan(report)
        result = ImportPlan(report_id, paper.title, paper.published)
        result.new_report = _report_values(report_id, paper)
        return result
    if paper.title:
        for report in tracker.reports:
            if report.report_id and _title_key(report.title) == _title_key(paper.title):
                result = existing_plan(report)
                result.notes.append(f"The paper's report is already on the Reports sheet as "
                                    f"{report.report_id} (same title); the rows go there.")
                return result
    derived = derive_report_id(paper.title, paper.published)
    if derived:
        how = f"made from the title '{paper.title}'"
    else:
        derived = re.sub(r"[^A-Za-z0-9]+", "-", Path(paper.source).stem).strip("-").upper()[:20]
        derived = derived or "IMPORTED"
        how = "made from the file name, as the paper's title was not found"
    taken = {id_key(r.report_id) for r in tracker.reports if r.report_id}
    candidate, n = derived, 2
    while id_key(candidate) in taken:
        candidate = f"{derived}-{n}"
        n += 1
    result = ImportPlan(candidate, paper.title, paper.published)
    result.new_report = _report_values(candidate, paper)
    result.notes.append(f"The Report ID {candidate} was {how}; give --report ID to choose "
                        "another.")
    return result


def _report_values(report_id: str, paper: Paper) -> dict[str, Any]:
    values = {"report_id": report_id, "title": paper.title, "published": paper.published,
              "report_url": paper.report_url, "report_type": paper.report_type}
    return {k: v for k, v in values.items() if v is not None}


def import_into(workbook: Path, paper: Paper, *, report_id: str | None = None,
                replace: bool = False, dry_run: bool = False) -> tuple[ImportPlan, Path | None]:
    """Import ``paper`` into the workbook file; returns what was done and the backup's path.

    With ``dry_run``, or when there is nothing new to write, the workbook is only read (the
    backup is then None). Raises :class:`~s55xl.errors.UnusableInput` (including
    ``WorkbookLocked``) or :class:`~s55xl.errors.WriteRefused`, leaving the file as it was.
    """
    from s55xl import xlsx

    result = plan(xlsx.load(workbook), paper, report_id=report_id, replace=replace)
    if dry_run or not (result.rows or result.new_report):
        return result, None
    from s55xl.xlsx.safewrite import edit_workbook

    plans: list[ImportPlan] = []
    backup = edit_workbook(Path(workbook), make_edit(paper, str(workbook), report_id=report_id,
                                                     replace=replace, plans=plans))
    return plans[-1], backup  # as planned against the workbook at the moment it was written


# -- writing into an openpyxl workbook ------------------------------------------------------

def tracker_from_openpyxl(wb, source: str) -> Tracker:
    """Read the Reports and Recommendations of an open openpyxl workbook as a tracker."""
    wanted = (schema.REPORTS.name, schema.RECOMMENDATIONS.name)
    names = [ws.title for ws in wb.worksheets]
    grids = {}
    for want in wanted:
        name = tables.find_sheet(names, want)
        if name is not None:
            rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
            grids[name] = tables.Grid(rows=rows)
    return tables.read_tracker(grids, source)


def make_edit(paper: Paper, source: str, *, report_id: str | None = None, replace: bool = False,
              plans: list[ImportPlan] | None = None):
    """The edit for :func:`s55xl.xlsx.safewrite.edit_workbook`; the plan it carried out is appended
    to ``plans``."""

    def edit(wb) -> set[Cell]:
        tracker = tracker_from_openpyxl(wb, source)
        result = plan(tracker, paper, report_id=report_id, replace=replace)
        cells = apply(result, wb, tracker)
        if plans is not None:
            plans.append(result)
        return cells

    return edit


def apply(result: ImportPlan, wb, tracker: Tracker) -> set[Cell]:
    """Write ``result`` into ``wb`` (whose contents ``tracker`` was read from)."""
    written: set[Cell] = set()
    if result.new_report:
        layout = tracker.layouts[schema.REPORTS.name]
        sheet = _Sheet(wb[layout.sheet], layout, schema.REPORTS)
        sheet.write(sheet.append_row(), result.new_report, written)
        sheet.stretch_table()
    if result.rows:
        layout = tracker.layouts[schema.RECOMMENDATIONS.name]
        sheet = _Sheet(wb[layout.sheet], layout, schema.RECOMMENDATIONS)
        for planned in result.rows:
            values = planned.as_json(result.report_id)
            if planned.row is not None:  # --replace: keep what the paper does not say
                values = {k: v for k, v in values.items() if v is not None}
                sheet.write(planned.row, values, written, restyle=False)
            else:
                sheet.write(sheet.append_row(), values, written)
        sheet.stretch_table()
    return written


class _Sheet:
    def __init__(self, ws, layout, spec: schema.SheetSpec) -> None:
        self.ws = ws
        self.layout = layout
        self.spec = spec
        self.table = self._table()
        self.next_row = self._last_used_row() + 1
        self.last_written = 0

    def _table(self):
        from openpyxl.utils.cell import range_boundaries

        for table in self.ws.tables.values():
            min_col, min_row, max_col, _max_row = range_boundaries(table.ref)
            if min_row == self.layout.header_row and all(
                    min_col <= c <= max_col for c in self.layout.columns.values()):
                if table.totalsRowCount:
                    raise UnusableInput(
                        f"the {self.layout.sheet} sheet's table {table.displayName} has a Total "
                        "row, so rows cannot be added below it. Turn the Total Row off (Table "
                        "Design > Total Row) and import again.")
                return table
        return None

    def _last_used_row(self) -> int:
        last = self.layout.header_row
        for row in self.ws.iter_rows(min_row=self.layout.header_row + 1):
            if any(c.value is not None and not (isinstance(c.value, str) and not c.value.strip())
                   for c in row):
                last = row[0].row
        return last

    def append_row(self) -> int:
        row = self.next_row
        self.next_row += 1
        return row

    def write(self, row: int, values: dict[str, Any], written: set[Cell],
              restyle: bool = True) -> None:
        from s55xl.xlsx.safewrite import write_value

        for name, value in values.items():
            col = self.layout.columns.get(name)
            if col is None:
                continue
            cell = self.ws.cell(row, col)
            if restyle and not cell.has_style:
                self._style_like_above(cell)
            write_value(cell, value)
            written.add((self.ws.title, row, col))
        self.last_written = max(self.last_written, row)

    def _style_like_above(self, cell) -> None:
        """Give a new cell the look of the data cell above it, else of its column."""
        above_row = cell.row - 1
        if above_row > self.layout.header_row:
            above = self.ws.cell(above_row, cell.column)
            if above.has_style:
                cell._style = copy(above._style)
                return
        for dim in self.ws.column_dimensions.values():
            if dim.min and dim.max and dim.min <= cell.column <= dim.max and dim.has_style:
                cell._style = copy(dim._style)
                return

    def stretch_table(self) -> None:
        if self.table is None or not self.last_written:
            return
        from openpyxl.utils.cell import range_boundaries

        min_col, min_row, max_col, max_row = range_boundaries(self.table.ref)
        if self.last_written <= max_row:
            return
        self.table.ref = (f"{column_letter(min_col)}{min_row}:"
                          f"{column_letter(max_col)}{self.last_written}")
        if self.table.autoFilter is not None:
            self.table.autoFilter.ref = self.table.ref
