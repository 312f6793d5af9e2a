"""The Excel buttons (s55xl.excel) run against xlwings' own remote engine.

Each test builds the demo workbook with the builder, turns it into the payload xlwings' VBA
client sends (tests/xlpayload.py), runs a button on ``xlwings.Book(json=payload)`` and checks
the actions the engine would send back to Excel: the values in the computed columns, the fills
on the cells with findings (and nowhere else), the Findings rows, the Log row and the status.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime

import pytest
import xlwings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import vbaclient
from support.xlpayload import (
    apply_actions,
    coloured_cells,
    kinds,
    messages,
    payload_from_workbook,
    remote_book,
    remove_sheet,
    routine_calls,
    set_cell,
    sheet_index,
    written_cells,
)

import s55xl.excel
from s55xl.build.workbook import build, vba_source_dir
from s55xl.excel import writes as excel_writes

SERVER_VBA = (vba_source_dir() / "S55Server.bas").read_text(encoding="cp1252")
TODAY = date(2020, 3, 10)
RED, YELLOW = excel_writes.ERROR_FILL, excel_writes.WARNING_FILL
DATES = {"O2": "2020-04-22", "P2": "2020-04-22", "Q2": "2020-04-14", "R2": "2020-04-03",
         "S2": 43, "T2": "On track"}


@pytest.fixture
def payload(demo_payload):
    return copy.deepcopy(demo_payload)


def run(button, payload, **kwargs):
    """Run ``button`` on the payload; every action for the VBA client must be one it can apply."""
    book = remote_book(payload)
    outcome = button(book, today=TODAY, **kwargs)
    actions = book.json()["actions"]
    if payload["client"] == "VBA":
        vbaclient.check(actions, SERVER_VBA)
    return outcome, actions


def broken(payload):
    """The demo with two errors and a warning on Recommendations and an error on Reports."""
    set_cell(payload, "Recommendations", "F4", None)          # 3.3 to chief constables: error
    set_cell(payload, "Recommendations", "F5", None)          # 3.4 to Home Office: warning
    set_cell(payload, "Recommendations", "J6", "31/02/2021")  # not a date: error
    set_cell(payload, "Reports", "B2", None)                  # no title: error
    return payload


def only_status_and_alert(actions, payload):
    control = sheet_index(payload, "Control")
    assert kinds(actions) == ["setValues", "message"]
    status = actions[0]
    assert (status["sheet_position"], status["start_row"], status["start_column"]) == (
        control, 14, 2)  # Control!C15, the LastRunStatus name
    return status["values"][0][0], messages(actions)[0][0]


# -- the clean demo -------------------------------------------------------------------------

def test_update_deadlines_writes_the_dates_as_one_block(payload):
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    assert outcome.ok, outcome.status
    cells = written_cells(actions, payload)
    assert {k: cells[("Reports", k)] for k in DATES} == DATES
    reports = [a for a in actions if a["func"] == "setValues"
               and a["sheet_position"] == sheet_index(payload, "Reports")]
    assert len(reports) == 1 and reports[0]["start_column"] == 14  # O2:T2 in one write
    assert reports[0]["column_count"] == 6
    assert "Update deadlines: Deadlines worked out for 1 report (1 on track)" in outcome.status


def test_validate_clean_demo(payload):
    outcome, actions = run(s55xl.excel.validate, payload)
    cells = written_cells(actions, payload)
    assert [cells[("Recommendations", f"L{r}")] for r in range(2, 8)] == ["OK"] * 6
    assert not coloured_cells(actions, payload)
    assert cells[("Findings", "E2")].startswith("No problems found")
    assert cells[("Control", "C15")].endswith(
        "Validate: Checked 1 report and 6 recommendations: no problems found.")
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d Validate", cells[("Control", "C15")])
    assert outcome.ok and outcome.findings == []


def test_log_row(payload):
    _, actions = run(s55xl.excel.validate, payload)
    cells = written_cells(actions, payload)
    time = datetime.fromisoformat(cells[("Log", "A2")])
    assert abs((datetime.now() - time).total_seconds()) < 60
    assert [cells[("Log", f"{c}2")] for c in "BCDEF"] == [
        "j.bloggs", "Validate", "",
        "Checked 1 report and 6 recommendations: no problems found.", ""]


def test_log_row_goes_under_the_last_one_and_the_table_grows(payload):
    for row in (2, 3):
        set_cell(payload, "Log", f"A{row}", datetime(2020, 3, row))
        set_cell(payload, "Log", f"C{row}", "Validate")
    _, actions = run(s55xl.excel.update_deadlines, payload)
    cells = written_cells(actions, payload)
    assert cells[("Log", "C4")] == "Update deadlines"
    assert ("Log", "A3") not in cells and ("Log", "A2") not in cells
    resize = [a for a in actions if a["func"] == "resizeTable"]
    assert resize and resize[-1]["args"][1] == "$A$1:$F$4"


# -- findings: values, fills, Findings sheet ----------------------------------------------------

def test_validate_marks_exactly_the_offending_cells(payload):
    outcome, actions = run(s55xl.excel.validate, broken(payload))
    assert outcome.ok
    assert coloured_cells(actions, payload) == {
        ("Recommendations", "F4"): RED,
        ("Recommendations", "F5"): YELLOW,
        ("Recommendations", "J6"): RED,
        ("Reports", "B2"): RED,
    }
    cells = written_cells(actions, payload)
    validation = {r: cells[("Recommendations", f"L{r}")] for r in range(2, 8)}
    assert validation[2] == validation[3] == validation[7] == "OK"
    assert validation[4].startswith("Error (Force response): NCPI-2019 3.3 is addressed to "
                                    "Chief constables, so the force must say what it is doing.")
    assert validation[5].startswith("Warning (Force response): NCPI-2019 3.4: Force response "
                                    "is blank")
    assert validation[6].startswith("Error (Target date): '31/02/2021' is not a date that "
                                    "exists.")
    assert "3 errors and 1 warning" in outcome.status


def test_findings_rows_link_to_their_cells(payload):
    _, actions = run(s55xl.excel.validate, broken(payload))
    findings = [a for a in actions if a["func"] == "setValues"
                and a["sheet_position"] == sheet_index(payload, "Findings")]
    assert len(findings) == 1  # the whole list is one write
    rows = findings[0]["values"]
    assert [(r[0], r[1], r[3], r[5]) for r in rows] == [
        ("Error", "Reports", "Title", "missing-value"),
        ("Error", "Recommendations", "Force response", "force-response-missing"),
        ("Warning", "Recommendations", "Force response", "standard-wording"),
        ("Error", "Recommendations", "Target date", "invalid-value"),
    ]
    assert rows[0][2] == '=HYPERLINK("#\'Reports\'!B2","Reports!B2")'
    assert rows[3][2] == '=HYPERLINK("#\'Recommendations\'!J6","Recommendations!J6")'
    resize = [a for a in actions if a["func"] == "resizeTable"]
    assert resize[0]["args"][1] == "$A$1:$F$5"


def test_second_run_clears_the_marks_that_are_fixed(payload):
    first_book = remote_book(broken(payload))
    s55xl.excel.validate(first_book, today=TODAY)
    apply_actions(payload, first_book.json()["actions"])
    set_cell(payload, "Recommendations", "F4", "The Constabulary is reviewing this.")
    set_cell(payload, "Reports", "B2", "National Child Protection Inspections 2019")
    outcome, actions = run(s55xl.excel.validate, payload)
    assert coloured_cells(actions, payload) == {
        ("Recommendations", "F4"): None,     # fixed: fill removed
        ("Reports", "B2"): None,
        ("Recommendations", "F5"): YELLOW,   # still there: marked again
        ("Recommendations", "J6"): RED,
    }
    cells = written_cells(actions, payload)
    assert cells[("Recommendations", "L4")] == "OK"
    assert cells[("Findings", "B2")] == "Recommendations"
    assert cells[("Findings", "A4")] == "" and cells[("Findings", "A5")] == ""  # old rows blanked
    resize = [a for a in actions if a["func"] == "resizeTable"]
    assert resize[0]["args"][1] == "$A$1:$F$3"


def test_fills_of_adjacent_cells_are_one_write(payload):
    for row in (2, 3, 4):
        set_cell(payload, "Recommendations", f"J{row}", "not a date")
    _, actions = run(s55xl.excel.validate, payload)
    fills = [a for a in actions if a["func"] == "setRangeColor"]
    assert [(f["start_row"], f["start_column"], f["row_count"], f["args"][0]) for f in fills] == [
        (1, 9, 3, RED)]


def test_marks_on_settings_and_signatories(payload):
    set_cell(payload, "Settings", "B9", "every other Tuesday")  # board schedule
    set_cell(payload, "Signatories", "A3", "NO-SUCH-REPORT")
    outcome, actions = run(s55xl.excel.validate, payload)
    assert coloured_cells(actions, payload) == {
        ("Settings", "B9"): RED,
        ("Signatories", "A3"): RED,
        ("Reports", "K2"): YELLOW,  # with no schedule no meeting can take the paper
    }


def test_formula_like_text_is_written_as_text(payload):
    set_cell(payload, "Recommendations", "J3", "=1/0 soon")
    _, actions = run(s55xl.excel.validate, payload)
    cells = written_cells(actions, payload)
    problem = next(v for (s, c), v in cells.items() if s == "Findings" and c.startswith("E")
                   and isinstance(v, str) and "1/0" in v)
    assert problem.startswith("''=1/0 soon'")  # apostrophe prefix: shown verbatim, no formula


# -- notes (where the Excel connection can write them) ------------------------------------------

def office_js(payload, notes=None):
    """The payload as an Office.js client sends it: that client can add and delete notes."""
    payload["client"] = "Office.js"
    for sheet in payload["sheets"]:
        sheet["notes"] = [{"address": a} for a in (notes or {}).get(sheet["name"], [])]
    return payload


def note_actions(actions, payload):
    names = [s["name"] for s in payload["sheets"]]
    return [(a["func"], names[a["sheet_position"]], a["args"][0].replace("$", ""),
             a["args"][1] if len(a["args"]) > 1 else None)
            for a in actions if a["func"] in ("addNote", "deleteNote", "setNoteText")]


def test_notes_on_the_offending_cells(payload):
    outcome, actions = run(s55xl.excel.validate, office_js(broken(payload)))
    notes = note_actions(actions, payload)
    assert [(f, s, c) for f, s, c, _ in notes] == [
        ("addNote", "Reports", "B2"), ("addNote", "Recommendations", "F4"),
        ("addNote", "Recommendations", "F5"), ("addNote", "Recommendations", "J6")]
    text = dict(((s, c), t) for _, s, c, t in notes)
    assert text[("Recommendations", "F4")].startswith(
        "s55xl — Error: NCPI-2019 3.3 is addressed to Chief constables")


def test_vba_client_gets_notes_through_the_workbooks_routine(payload):
    """xlwings' VBA client has no note actions: s55xl's S55_SetNote routine in the workbook
    writes them (and itself leaves a note someone else wrote alone)."""
    _, actions = run(s55xl.excel.validate, broken(payload))
    assert note_actions(actions, payload) == []
    assert len(coloured_cells(actions, payload)) == 4
    notes = routine_calls(actions, "S55_SetNote")
    assert [(s, c) for s, c, _ in notes] == [
        ("Reports", "B2"), ("Recommendations", "F4"), ("Recommendations", "F5"),
        ("Recommendations", "J6")]
    assert notes[1][2].startswith("s55xl — Error: NCPI-2019 3.3 is addressed to Chief constables")


def test_notes_of_the_previous_run_are_replaced_or_removed(payload):
    first = remote_book(broken(copy.deepcopy(payload)))
    s55xl.excel.validate(first, today=TODAY)
    apply_actions(payload, first.json()["actions"])  # Findings now lists B2, F4, F5, J6
    set_cell(payload, "Recommendations", "F4", "The Constabulary is reviewing this.")
    set_cell(payload, "Reports", "B2", "National Child Protection Inspections 2019")
    set_cell(payload, "Recommendations", "F5", None)
    set_cell(payload, "Recommendations", "J6", "31/02/2021")
    office_js(payload, {"Reports": ["$B$2"],
                        "Recommendations": ["$F$4", "$F$5", "$J$6", "$E$3"]})
    _, actions = run(s55xl.excel.validate, payload)
    assert sorted((f, s, c) for f, s, c, _ in note_actions(actions, payload)) == [
        ("deleteNote", "Recommendations", "F4"), ("deleteNote", "Reports", "B2"),
        ("setNoteText", "Recommendations", "F5"), ("setNoteText", "Recommendations", "J6")]


def test_staff_notes_are_left_alone(payload):
    office_js(payload, {"Recommendations": ["$F$4"]})  # someone's own note; s55xl never marked it
    set_cell(payload, "Recommendations", "F4", None)
    _, actions = run(s55xl.excel.validate, payload)
    assert note_actions(actions, payload) == []
    assert coloured_cells(actions, payload) == {("Recommendations", "F4"): RED}


# -- hand-made workbooks: column order, extra columns, missing computed columns -------------------

def _move_columns(payload, sheet, order):
    grid = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    for i, row in enumerate(grid):
        grid[i] = [row[j] if j < len(row) else "" for j in order]
    next(s for s in payload["sheets"] if s["name"] == sheet)["tables"] = []


def test_any_column_order_and_extra_columns_untouched(payload):
    # Recommendations reversed (Validation first), plus a column of staff's own notes at M.
    _move_columns(payload, "Recommendations", list(range(11, -1, -1)))
    for row in range(1, 8):
        set_cell(payload, "Recommendations", f"M{row}", "Team note" if row == 1 else "keep")
    set_cell(payload, "Recommendations", "C6", "31/02/2021")  # Target date is column C now
    outcome, actions = run(s55xl.excel.validate, payload)
    assert outcome.ok, outcome.status
    cells = written_cells(actions, payload)
    assert {c for (s, c) in cells if s == "Recommendations"} == {f"A{r}" for r in range(2, 8)}
    assert cells[("Recommendations", "A6")].startswith("Error (Target date)")
    assert coloured_cells(actions, payload) == {("Recommendations", "C6"): RED}


def test_missing_computed_columns_are_added_after_the_last_column(payload):
    grid = next(s for s in payload["sheets"] if s["name"] == "Reports")["values"]
    for row in grid:
        del row[13:]
    grid[0].append("Team notes")
    grid[1].append("ask the lead")
    payload["sheets"][sheet_index(payload, "Reports")]["tables"] = []
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    assert outcome.ok, outcome.status
    cells = written_cells(actions, payload)
    added = ["Statutory deadline", "Submit by", "Board meeting", "Paper due", "Days remaining",
             "Deadline status"]
    assert [cells[("Reports", f"{c}1")] for c in "OPQRST"] == added
    assert [cells[("Reports", f"{c}2")] for c in "OPQRST"] == list(DATES.values())
    assert not any(s == "Reports" and c.startswith("N") for s, c in cells)
    assert "Added the columns 'Statutory deadline' on the Reports sheet" in outcome.status


def test_added_columns_widen_the_table_they_follow(payload):
    reports = payload["sheets"][sheet_index(payload, "Reports")]
    for row in reports["values"]:
        del row[13:]
    table = reports["tables"][0]
    table.update(range_address="$A$1:$M$2", header_row_range_address="$A$1:$M$1",
                 data_body_range_address="$A$2:$M$2")
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    cells = written_cells(actions, payload)
    assert [cells[("Reports", f"{c}2")] for c in "NOPQRS"] == list(DATES.values())
    resize = [a for a in actions if a["func"] == "resizeTable"
              and a["sheet_position"] == sheet_index(payload, "Reports")]
    assert [a["args"] for a in resize] == [[0, "$A$1:$S$2"]]


def test_responded_report(payload):
    set_cell(payload, "Reports", "L2", date(2020, 4, 20))  # Response published
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    cells = written_cells(actions, payload)
    assert cells[("Reports", "T2")] == "Responded"
    assert cells[("Reports", "S2")] == ""  # days remaining mean nothing once responded
    assert "(1 responded)" in outcome.status


def test_hand_typed_workbook_without_control_findings_or_log(payload):
    """Only the two required sheets, headers in row 3 under a title: Findings and Log added."""
    for name in ("Control", "Findings", "Log", "Signatories", "Settings", "Lists",
                 "xlwings.conf"):
        remove_sheet(payload, name)
    for sheet in ("Reports", "Recommendations"):
        grid = payload["sheets"][sheet_index(payload, sheet)]
        grid["values"][:0] = [[f"Our {sheet}"] + [""] * (len(grid["values"][0]) - 1),
                              [""] * len(grid["values"][0])]
        grid["tables"] = []
    set_cell(payload, "Recommendations", "F6", None)  # 3.3, now in row 6: error
    payload["book"]["selection"] = "A1"
    outcome, actions = run(s55xl.excel.validate, payload)
    assert outcome.ok, outcome.status
    assert [a["args"][1] for a in actions if a["func"] == "addSheet"] == ["Findings", "Log"]
    cells = written_cells(actions, payload)
    assert [cells[("Findings", f"{c}1")] for c in "ABCDEF"] == list(
        excel_writes.schema.FINDINGS_HEADERS)
    assert cells[("Findings", "C2")] == '=HYPERLINK("#\'Recommendations\'!F6","Recommendations!F6")'
    assert cells[("Log", "C2")] == "Validate"
    assert coloured_cells(actions, payload) == {("Recommendations", "F6"): RED}
    assert cells[("Recommendations", "L6")].startswith("Error (Force response)")
    # the active sheet is given back after the sheets are added
    assert actions[2]["func"] == "activateSheet"


# -- unusable books and failures: the message, nothing else -------------------------------------

def test_missing_sheet_gives_the_message_and_writes_nothing_else(payload):
    remove_sheet(payload, "Recommendations")
    outcome, actions = run(s55xl.excel.validate, payload)
    status, alert = only_status_and_alert(actions, payload)
    assert not outcome.ok
    assert "Validate did not run: demo.xlsm: there is no 'Recommendations' sheet" in status
    assert alert.startswith("demo.xlsm: there is no 'Recommendations' sheet. Add a sheet")
    assert messages(actions)[0][1:] == ("s55xl – Validate", "critical")
    assert actions[1]["func"] == "runMacro"  # the workbook's own routine: text intact on a Mac


def test_missing_header_gives_the_message_and_writes_nothing_else(payload):
    set_cell(payload, "Reports", "E1", "Date published")
    _, actions = run(s55xl.excel.update_deadlines, payload)
    status, alert = only_status_and_alert(actions, payload)
    assert "the Reports sheet has no 'Published' column (headers are in row 1)" in alert


def test_broken_rows_are_findings_not_failures(payload):
    for col in "ABCDEFGHIJ":
        set_cell(payload, "Recommendations", f"{col}8", "#N/A")
    set_cell(payload, "Reports", "E2", "#REF!")
    set_cell(payload, "Signatories", "E2", "first")
    outcome, actions = run(s55xl.excel.validate, payload)
    assert outcome.ok, outcome.status
    codes = {(f.sheet, f.cell, f.code) for f in outcome.findings}
    assert ("Reports", "E2", "formula-error") in codes
    assert ("Recommendations", "A8", "formula-error") in codes
    assert ("Signatories", "E2", "invalid-value") in codes
    assert written_cells(actions, payload)[("Reports", "O2")] == ""  # no date, no deadline


def test_unexpected_failure_while_working_out(payload, monkeypatch, tmp_path):
    def explode(*args, **kwargs):
        raise RuntimeError("row 7 made the core fall over")

    monkeypatch.setattr("s55xl.deadlines.for_tracker", explode)
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    status, alert = only_status_and_alert(actions, payload)
    assert not outcome.ok
    assert "RuntimeError: row 7 made the core fall over" in alert
    assert "Nothing in the workbook was changed" in alert
    assert str(outcome.log_file) in alert
    assert outcome.log_file.parent.parent == tmp_path / "tmp"
    text = outcome.log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "Update deadlines" in text
    assert "Traceback" not in status


def test_failure_while_writing_withdraws_the_writes_already_queued(payload, monkeypatch):
    real = excel_writes.Block.write
    calls = []

    def flaky(self, book):
        calls.append(self)
        if len(calls) == 3:
            raise OSError("the sheet is protected")
        real(self, book)

    monkeypatch.setattr(excel_writes.Block, "write", flaky)
    outcome, actions = run(s55xl.excel.validate, broken(payload))
    status, alert = only_status_and_alert(actions, payload)
    assert len(calls) >= 3
    assert "could not write its results into the workbook (OSError: the sheet is protected" in alert
    assert "Nothing in the workbook was changed." in alert


def test_no_traceback_when_the_caller_is_missing(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exc:
        s55xl.excel.validate()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("s55xl: Validate could not reach the workbook") and "Traceback" not in err


def test_empty_cells_sent_as_null_work_too(tmp_path):
    path = build(tmp_path / "demo.xlsm", with_demo=True)
    payload = payload_from_workbook(path, selection="C13", empty=None)
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    assert outcome.ok, outcome.status
    assert written_cells(actions, payload)[("Reports", "T2")] == "On track"


# -- small pieces ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("=SUM(A1)", "'=SUM(A1)"), ("-5 days", "'-5 days"), ("'quoted'", "''quoted'"),
    ("plain", "plain"), (42, 42), (None, None),
    # text Excel would read as a number, date, time, percentage, amount, TRUE or an error
    ("3.10", "'3.10"), ("007", "'007"), ("1/2", "'1/2"), ("2020-04-01", "'2020-04-01"),
    ("Mar 3", "'Mar 3"), ("3 March 2020", "'3 March 2020"), ("10:30", "'10:30"),
    ("12%", "'12%"), ("£3,000", "'£3,000"), ("(5)", "'(5)"), ("1e5", "'1e5"),
    ("TRUE", "'TRUE"), ("#N/A", "'#N/A"), ("Ebrill 3", "'Ebrill 3"),
    # text that stays text as it is
    ("NCPI-2019", "NCPI-2019"), ("R2", "R2"), ("AFI 4", "AFI 4"), ("3 recommendations",
                                                                  "3 recommendations"),
    ("Awaiting others", "Awaiting others"), ("March report", "March report"),
])
def test_cell_text(text, shown):
    assert excel_writes.cell_text(text) == shown


def test_number_like_refs_stay_text_in_history(payload):
    """A Ref such as 3.10 reaches Excel's Range.Value with the text prefix, not as 3.1."""
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    ref_col = recs[0].index("Ref")
    recs[1][ref_col] = "3.10"
    _, actions = run(s55xl.excel.validate, payload)
    written = [v for (sheet, _c), v in written_cells(actions, payload).items()
               if sheet == "History" and isinstance(v, str) and v.endswith("3.10")]
    assert written and all(v == "'3.10" for v in written)


def test_hyperlink_quotes_sheet_names():
    assert excel_writes.hyperlink("O'Brien \"x\"", "A1") == (
        '=HYPERLINK("#\'O\'\'Brien ""x""\'!A1","O\'Brien ""x""!A1")')


# -- whatever is typed in a row, the button answers in words ------------------------------------

_cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.sampled_from(["#N/A", "#REF!", "=1+1", "'", "31/02/2021",
                                           "2020-02-28T00:00:00.000Z", "27th Feb 2020"]),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=st.lists(_cell_values, min_size=13, max_size=13),
       rec=st.lists(_cell_values, min_size=10, max_size=10))
def test_any_row_gives_findings_never_a_failure(demo_payload, report, rec):
    payload = copy.deepcopy(demo_payload)
    for j, value in enumerate(report):
        set_cell(payload, "Reports", f"{chr(65 + j)}3", value)
    for j, value in enumerate(rec):
        set_cell(payload, "Recommendations", f"{chr(65 + j)}8", value)
    outcome, actions = run(s55xl.excel.update_deadlines, payload)
    assert outcome.ok, outcome.status
    assert written_cells(actions, payload)[("Log", "C2")] == "Update deadlines"


def test_without_a_status_cell_the_alert_alone_tells(payload):
    remove_sheet(payload, "Control")
    remove_sheet(payload, "Reports")
    outcome, actions = run(s55xl.excel.validate, payload)
    assert kinds(actions) == ["message"]
    assert "there is no 'Reports' sheet" in messages(actions)[0][0]


def test_validate_and_deadlines_keep_heavy_libraries_unloaded(demo_payload, tmp_path):
    """In a fresh Python, as a button press is: no Word, openpyxl or LibreOffice code.

    (Jinja2 is loaded by xlwings itself when its licence key is set, so it is not checked.)
    """
    (tmp_path / "payload.json").write_text(json.dumps(demo_payload), encoding="utf-8")
    code = (
        "import json, sys, xlwings, s55xl.excel\n"
        "payload = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "assert s55xl.excel.validate(xlwings.Book(json=payload)).ok\n"
        "assert s55xl.excel.update_deadlines(xlwings.Book(json=payload)).ok\n"
        "heavy = ('docxtpl', 'docx', 'openpyxl', 'lxml', 's55xl.documents')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "payload.json")],
                          capture_output=True, text=True, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_another_xlwings_in_the_pcs_python_is_said_plainly(payload):
    """The builder notes its xlwings release on xlwings.conf; a Python with another one stops."""
    conf = next(s for s in payload["sheets"] if s["name"] == "xlwings.conf")["values"]
    row = next(i for i, r in enumerate(conf, start=1) if r[0] == "S55XL_XLWINGS_VBA")
    assert conf[row - 1][1] == xlwings.__version__
    set_cell(payload, "xlwings.conf", f"B{row}", "0.30.0")
    outcome, actions = run(s55xl.excel.validate, payload)
    status, alert = only_status_and_alert(actions, payload)
    assert not outcome.ok
    assert alert == (f"This workbook's macros come from xlwings 0.30.0, but the Python that ran "
                     f"the button has xlwings {xlwings.__version__}; the two must be the same "
                     f"release. Install the matching one in that Python: "
                     f"pip install xlwings==0.30.0")
    assert status.endswith("Validate did not run: " + alert)
