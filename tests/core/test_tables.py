"""Rows from a sheet's grid: which rows count, what each holds, and where it came from."""

from __future__ import annotations

from datetime import datetime

from s55xl import schema
from s55xl.model import Tracker
from s55xl.tables import Grid, read_table

HEADERS = ["Report ID", "Ref", "Type", "Addressed to", "Recommendation", "Force response",
           "Owner", "Status", "Target date"]


def read(rows, first_row=1, first_col=1):
    tracker = Tracker(source="t.xlsx")
    grid = Grid(rows=rows, first_row=first_row, first_col=first_col)
    recs = read_table(grid, schema.RECOMMENDATIONS, "Recommendations", "t.xlsx", tracker)
    return recs, tracker.findings


def test_blank_and_space_only_rows_are_skipped_and_rows_keep_their_excel_numbers():
    recs, findings = read([
        ["Tracker of recommendations"],                      # a title row above the headers
        HEADERS,
        ["R1", "1", "Rec", "Home Office", "Text one.", None, None, "Open"],
        [],                                                  # an empty row
        [None, "", "   ", None],                             # blanks and spaces only
        ["R1", 2.0, None, None, "  Text two.  ", "", "\t"],  # a number, padding, a tab
        ["", "", "", "", "", "", "", "", datetime(2024, 3, 31)],  # only a date
    ], first_row=3, first_col=2)
    assert [(r.row, r.report_id, r.ref, r.recommendation) for r in recs] == [
        (5, "R1", "1", "Text one."), (8, "R1", "2", "Text two."), (9, None, None, None)]
    assert recs[0].type == "Recommendation" and recs[0].status == "In progress"
    assert recs[1].owner is None  # a tab alone is blank
    assert recs[2].target_date == datetime(2024, 3, 31).date()
    assert findings == []


def test_a_row_showing_only_a_formula_error_is_read_and_reported_by_cell():
    recs, findings = read([HEADERS, ["#N/A"], ["R1", "1", None, None, "Text.", "#REF!"]])
    assert [r.row for r in recs] == [2, 3]
    assert [(f.code, f.cell, f.column) for f in findings] == [
        ("formula-error", "A2", "Report ID"), ("formula-error", "F3", "Force response")]
    assert recs[0].report_id is None and recs[1].force_response is None


def test_a_hash_that_is_not_an_error_is_text():
    recs, findings = read([HEADERS, ["R1", "#3", None, None, "#1 priority."]])
    assert (recs[0].ref, recs[0].recommendation) == ("#3", "#1 priority.")
    assert findings == []


def test_short_rows_and_extra_columns():
    recs, _ = read([HEADERS + ["Notes"], ["R1"], ["R1", "2", None, None, "T.", None, None, None,
                                                   None, "not ours"]])
    assert [(r.row, r.ref) for r in recs] == [(2, None), (3, "2")]
