"""What the computed columns should hold: one answer for both front doors.

``s55xl update`` (openpyxl, on disk) and the Update deadlines / Validate buttons (xlwings, live)
both fill the same cells from :func:`computed_values`, so the workbook looks the same whichever
way it was updated.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from s55xl import schema
from s55xl.deadlines import ReportDates
from s55xl.findings import Finding
from s55xl.model import SheetLayout, Tracker

OK = "OK"


def kept_formulas(cells: list[str], limit: int = 5) -> Finding | None:
    """The one warning for computed cells that hold staff's own formulas (``cells`` as
    ``"Reports!N3"``), which both writers leave as they are; None when there are none."""
    if not cells:
        return None
    many = len(cells) != 1
    listed = ", ".join(cells[:limit]) + (f" and {len(cells) - limit} more"
                                         if len(cells) > limit else "")
    sheet, _, cell = cells[0].partition("!")
    return Finding(
        "warning", "formula-kept", sheet, cell, None, "",
        f"{len(cells)} computed cell{'s hold' if many else ' holds'} a formula of your own "
        f"({listed}), so s55xl left {'them' if many else 'it'} as "
        f"{'they are' if many else 'it is'}. Clear the cell if s55xl should fill it.")


def validation_text(findings: list[Finding]) -> str:
    """The Validation cell of one recommendation row: "OK" or its problems, one per line."""
    if not findings:
        return OK
    return "\n".join(f"{f.severity.capitalize()} ({f.column}): {f.message}" for f in findings)


def computed_values(tracker: Tracker, findings: list[Finding], dates: list[ReportDates]
                    ) -> dict[str, dict[int, dict[str, Any]]]:
    """``{sheet: {row: {field: value}}}`` for every computed cell of every data row.

    Reports without a date to count from get blank computed cells, so stale dates never linger.
    """
    by_id = {d.report_id: d for d in dates}
    reports: dict[int, dict[str, Any]] = {}
    for report in tracker.reports:
        d = by_id.get(report.report_id) if report.report_id and report.published else None
        reports[report.row] = {
            "statutory_deadline": d.statutory_deadline if d else None,
            "submit_by": d.submit_by if d else None,
            "board_meeting": d.board_meeting if d else None,
            "paper_due": d.paper_due if d else None,
            "days_remaining": d.days_remaining if d and d.status != "responded" else None,
            "deadline_status": schema.DEADLINE_STATUSES[d.status] if d else None,
        }
    rec_sheet = tracker.layouts["Recommendations"].sheet
    per_row: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet == rec_sheet and f.row is not None:
            per_row[f.row].append(f)
    recs = {rec.row: {"validation": validation_text(per_row.get(rec.row, []))}
            for rec in tracker.recommendations}
    return {"Reports": reports, "Recommendations": recs}


def placement(spec: schema.SheetSpec, layout: SheetLayout) -> dict[str, tuple[int, bool]]:
    """Where each computed column of ``spec`` goes: ``{field: (column, new)}``.

    A column the sheet lacks (``new`` is True) goes after the sheet's last used column, in
    contract order, so both front doors add missing columns in the same place.
    """
    out = {}
    next_col = max([layout.width, *layout.columns.values(), *layout.extra]) + 1
    for column in spec.computed_columns:
        if column.field in layout.columns:
            out[column.field] = (layout.columns[column.field], False)
        else:
            out[column.field] = (next_col, True)
            next_col += 1
    return out


def contiguous_id_rows(rows: list[tuple[int, bool]]) -> list[int]:
    """Which rows of a sheet with no Excel table are data rows (rule 2 of the write-back).

    From ``(row, has a Report ID)`` for every non-blank row under the headers, in order: the
    first unbroken run of rows with a Report ID. Rows before it without one (a units row) are
    skipped; the first row without one after it (a summary line, another table's header) ends
    it, so nothing under the data is ever written by either front door.
    """
    out: list[int] = []
    for row, has_id in rows:
        if has_id:
            out.append(row)
        elif out:
            break
    return out
