"""From a recognised paper to rows in the workbook: what to add, what to skip, and the edit.

:func:`plan` is pure: given the workbook as read (a :class:`~s55xl.model.Tracker`) and the
paper, it decides which report the rows belong to (``--report``, else a report with the same
title, else a new one whose ID is made from the title), which findings are new, and which are
skipped because their Ref is already there. ``--dry-run`` stops there.

:func:`make_edit` returns the edit :func:`s55xl.xlsx.safewrite.edit_workbook` applies. It plans
again from the workbook as it is at the moment of writing (read through :mod:`s55xl.xlsx.reader`),
then adds rows inside the contract's data (:func:`append_rows`): under the last data row, inside
the Excel table at the headers, which grows over them without overlapping anything (nothing is
moved: with no room — a Total row, a summary line, another table — the import is refused with the
cell named). Columns are found by header (any order; columns it does not know are left alone);
new cells look like the row above; text is written as text (a response starting "=" stays words,
not a formula). Signatories found in the paper go onto the Signatories sheet (those already there
are skipped). :func:`import_into` puts it together for the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from s55xl import schema
from s55xl.cells import EXCEL_CELL_LIMIT
from s55xl.errors import UnusableInput
from s55xl.importer.document import Item, Paper
from s55xl.importer.metadata import derive_report_id
from s55xl.model import Tracker, id_key
from s55xl.xlsx import sheetxml
from s55xl.xlsx.edits import Edits, contiguous_id_rows

Cell = tuple[str, int, int]  # (sheet name, row, column), 1-based


@dataclass
class Planned:
    """One finding to write: appended when ``row`` is None, else over that Excel row."""

    item: Item
    row: int | None = None

    def values(self, report_id: str) -> dict[str, Any]:
        """The row's cells by field; ``target_date`` None when the paper gives none."""
        i = self.item
        return {"report_id": report_id, "ref": i.ref, "type": i.type,
                "addressed_to": i.addressed_to, "recommendation": i.recommendation,
                "force_response": i.force_response,
                "target_date": getattr(i, "target_date", None)}

    def as_json(self, report_id: str) -> dict[str, Any]:
        values = self.values(report_id)
        when = values["target_date"]
        values["target_date"] = when.isoformat() if when else None
        return values


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
    signatories: list[dict[str, Any]] = field(default_factory=list)  # rows for Signatories

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
    result.notes.extend(getattr(paper, "notes", None) or ())  # what could not be read, by page
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
    _plan_signatories(result, tracker, paper)
    return result


def _plan_signatories(result: ImportPlan, tracker: Tracker, paper: Paper) -> None:
    """The paper's signatories not yet on the Signatories sheet (for this report or all)."""
    found = list(getattr(paper, "signatories", None) or [])
    if not found:
        return
    if schema.SIGNATORIES.name not in tracker.layouts:
        result.notes.append("The paper is signed by " + "; ".join(s.name for s in found)
                            + ", but the workbook has no Signatories sheet, so they were not "
                            "added.")
        return
    rid = id_key(result.report_id)
    taken = {_title_key(s.name) for s in tracker.signatories
             if s.name and (not s.report_id or id_key(s.report_id) == rid)}
    order = 0
    for sig in found:
        order += 1
        if _title_key(sig.name) in taken:
            continue
        taken.add(_title_key(sig.name))
        result.signatories.append({"report_id": result.report_id, "name": sig.name,
                                   "rank": sig.rank, "role": sig.role, "order": order})


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
              "report_url": paper.report_url, "report_type": paper.report_type,
              "inspectorate": paper.inspectorate}
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
    if dry_run or not (result.rows or result.new_report or result.signatories):
        return result, None
    from s55xl.xlsx.safewrite import edit_workbook

    plans: list[ImportPlan] = []
    backup = edit_workbook(Path(workbook), make_edit(paper, report_id=report_id,
                                                     replace=replace, plans=plans))
    return plans[-1], backup  # as planned against the workbook at the moment it was written


def make_edit(paper: Paper, *, report_id: str | None = None, replace: bool = False,
              plans: list[ImportPlan] | None = None):
    """The edit for :func:`s55xl.xlsx.safewrite.edit_workbook`; the plan it carried out is appended
    to ``plans``."""

    def edit(edits: Edits) -> set[Cell]:
        tracker = edits.tracker
        result = plan(tracker, paper, report_id=report_id, replace=replace)
        cells = apply(result, edits, tracker)
        if plans is not None:
            plans.append(result)
        return cells

    return edit


def apply(result: ImportPlan, edits: Edits, tracker: Tracker) -> set[Cell]:
    """Record ``result``'s writes in ``edits`` (whose workbook ``tracker`` was read from)."""
    written: set[Cell] = set()
    if result.new_report:
        written |= add_rows(edits, tracker, schema.REPORTS, [result.new_report])
    if result.rows:
        replaced = [p for p in result.rows if p.row is not None]
        layout = tracker.layouts[schema.RECOMMENDATIONS.name]
        sheet = edits.sheet(layout.sheet)
        for planned in replaced:  # --replace: keep what the paper does not say
            for name, value in planned.values(result.report_id).items():
                col = layout.columns.get(name)
                if col is not None and value is not None:
                    sheet.set(planned.row, col, value)
                    written.add((layout.sheet, planned.row, col))
        new = [p.values(result.report_id) for p in result.rows if p.row is None]
        written |= add_rows(edits, tracker, schema.RECOMMENDATIONS, new)
    if result.signatories:
        written |= add_rows(edits, tracker, schema.SIGNATORIES, result.signatories)
    return written


def add_rows(edits: Edits, tracker: Tracker, spec: schema.SheetSpec,
             rows: list[dict[str, Any]]) -> set[Cell]:
    """Record ``rows`` (``{field: value}``) as new rows of the contract sheet ``spec``."""
    layout = tracker.layouts[spec.name]
    records = {"Reports": tracker.reports, "Recommendations": tracker.recommendations,
               "Signatories": tracker.signatories}[spec.name]
    id_rows = [(r.row, bool(getattr(r, "report_id", None) or getattr(r, "name", None)))
               for r in records]
    by_header = [{layout.columns[k]: v for k, v in row.items()
                  if k in layout.columns and v is not None} for row in rows]
    return append_to(edits, layout.sheet, layout.header_row, layout.width or max(
        layout.columns.values()), [r.row for r in records], by_header,
        data=contiguous_id_rows(id_rows))


def append_to(edits: Edits, sheet_name: str, header_row: int, width: int, used_rows: list[int],
              rows: list[dict[int, Any]], *, data: list[int] | None = None) -> set[Cell]:
    """Add ``rows`` (``{column: value}``) under the data of the table whose headers are on
    ``header_row``; the one routine for lengthening a table. ``used_rows``: the non-blank rows
    under the headers; ``data``: those that are data rows when the sheet has no Excel table.
    Raises :class:`~s55xl.errors.UnusableInput` naming the cell when there is no room."""
    written: set[Cell] = set()
    if not rows:
        return written
    sheet = edits.sheet(sheet_name)
    cols = {c for row in rows for c in row} or {1}
    table = next((t for t in sheet.tables if t.min_row == header_row and t.header_rows
                  and t.min_col <= min(cols) and t.max_col >= max(cols)), None)
    if table is not None:
        first, last_body = table.body
        inside = [r for r in used_rows if first <= r <= last_body]
        start = max(inside, default=first - 1) + 1
        columns = range(table.min_col, table.max_col + 1)
    else:
        block = data if data is not None else used_rows
        start = max(block, default=header_row) + 1
        columns = range(1, width + 1)
    end = start + len(rows) - 1
    occupied = sheetxml.occupied(sheet.xml, set(range(start, end + 1)))
    for r in range(start, end + 1):
        if table is not None and r > table.body[1] and table.total_rows:
            raise UnusableInput(
                f"{edits.path}: the {sheet_name} sheet's table {table.name} has a Total row at "
                f"{sheet.where(table.max_row, table.min_col)}, so rows cannot be added without "
                "moving it. Turn the Total Row off (Table Design > Total Row) and import again.")
        for c in columns:
            if c in occupied.get(r, ()):
                raise UnusableInput(
                    f"{edits.path}: there is no room for the new rows under the {sheet_name} "
                    f"sheet's data: cell {sheet.where(r, c)} is in use. Move what is there (or "
                    "insert empty rows above it) and import again.")
            other = sheet.in_other_table(r, c, table)
            if other is not None:
                raise UnusableInput(
                    f"{edits.path}: there is no room for the new rows under the {sheet_name} "
                    f"sheet's data: cell {sheet.where(r, c)} is inside the table {other.name}. "
                    "Move that table down and import again.")
    for offset, values in enumerate(rows):
        r = start + offset
        sheet.like_above.add(r)
        for col, value in values.items():
            sheet.set(r, col, value)
            written.add((sheet_name, r, col))
    if table is not None and end > table.max_row:
        sheet.stretch(table, last_row=end)
    return written


def append_rows(workbook: Path, sheet: str, rows: list[dict[str, Any]]) -> Path | None:
    """Append ``rows`` (dicts keyed by header text, matched loosely) to the table on ``sheet``
    of the workbook file, through the safe write path; returns the backup's path (None when
    ``rows`` is empty). The headers are the sheet's first non-blank row; a header the sheet
    lacks raises :class:`~s55xl.errors.UnusableInput`."""
    from s55xl import xlsx
    from s55xl.xlsx.safewrite import edit_workbook

    if not rows:
        return None

    def edit(edits: Edits) -> None:
        grids = xlsx.read_grids(edits.path, (sheet,))
        if not grids:
            raise UnusableInput(f"{edits.path}: has no {sheet} sheet. Add it and try again.")
        name, grid = next(iter(grids.items()))
        add_dicts(edits, name, grid, rows)

    return edit_workbook(Path(workbook), edit)


def add_dicts(edits: Edits, name: str, grid, rows: list[dict[str, Any]]) -> set[Cell]:
    """Inside a write session: append ``rows`` (dicts keyed by header text, matched loosely)
    under the table on sheet ``name``, whose values are ``grid``; returns the cells written.
    A header the sheet lacks raises :class:`~s55xl.errors.UnusableInput`."""
    from s55xl.schema import normalise_header

    header_at = next((i for i, row in enumerate(grid.rows)
                      if any(v not in (None, "") for v in row)), None)
    if header_at is None:
        raise UnusableInput(f"{edits.path}: the {name} sheet has no header row. Type the "
                            "headers in its first row and try again.")
    headers = {normalise_header(str(v)): c for c, v in enumerate(grid.rows[header_at], 1)
               if v not in (None, "")}
    by_col = []
    for row in rows:
        values = {}
        for key, value in row.items():
            col = headers.get(normalise_header(key))
            if col is None:
                raise UnusableInput(f"{edits.path}: the {name} sheet has no '{key}' header "
                                    f"(row {header_at + 1}). Add it and try again.")
            if value is not None:
                values[col] = value
        by_col.append(values)
    used = [i + 1 for i, row in enumerate(grid.rows)
            if i > header_at and any(v not in (None, "") for v in row)]
    return append_to(edits, name, header_at + 1, max(headers.values()), used, by_col)
