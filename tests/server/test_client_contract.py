"""Every answer the server gives can be applied by xlwings' real VBA client.

The client is read at test time from the installed xlwings (``xlwings/addin/Remote.bas``, see
tests/support/vbaclient.py): the actions its dispatcher handles and what each handler does with
its arguments. The requests go over real HTTP with bodies written the way the client's own JSON
writer writes them (``null`` for empty cells, error texts, elided elements for the newer Excel
errors, long digit strings unquoted), carrying only the sheets the workbook's VBA includes; the
routines a ``runMacro`` action names are checked against the VBA read back from the server-mode
workbook with olevba.
"""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import unquote

import pytest
from support import vbaclient
from support.vba import modules
from support.xlpayload import (
    apply_actions,
    coloured_cells,
    messages,
    routine_calls,
    set_cell,
    vba_json,
    written_cells,
)


@pytest.fixture(scope="module")
def workbook_vba(server_workbook) -> str:
    return modules(server_workbook)["S55"]


@pytest.fixture(scope="module")
def included(workbook_vba) -> list[str]:
    joined = re.search(r'Private Const S55_SHEETS As String = ((?:"[^"]*"(?: & _\n\s*)?)+)\n',
                       workbook_vba).group(1)
    return "".join(re.findall(r'"([^"]*)"', joined)).split(",")


def as_sent(payload: dict, included: list[str]) -> dict:
    """What RunServerPython sends with ``include``: other sheets listed, but empty."""
    for sheet in payload["sheets"]:
        if sheet["name"] not in included:
            sheet.update(values=[[]], tables=[], pictures=[])
    return payload


def post(server, path, payload, workbook_vba):
    answer = server.request("POST", path, vba_json(payload))
    assert answer.status == 200, answer.text
    actions = answer.json()["actions"]
    vbaclient.check(actions, workbook_vba)
    return answer, actions


# -- the reader itself -------------------------------------------------------------------------

def test_the_client_is_read_from_the_installed_xlwings():
    handlers = vbaclient.client()
    assert {"setValues", "setRangeColor", "alert", "runMacro", "resizeTable",
            "addSheet"} <= set(handlers)
    assert handlers["setRangeColor"].args == {1: "String"}  # HexToRgb(ByVal hexColor As String)
    assert handlers["alert"].args == {n: "String" for n in range(1, 6)}
    assert handlers["addSheet"].nullable == {2}
    assert "addNote" not in handlers and "setRangeColors" not in handlers


@pytest.mark.parametrize("action, problem", [
    ({"func": "setRangeColor", "args": [None], "sheet_position": 2, "start_row": 3,
      "start_column": 5, "row_count": 1, "column_count": 1}, "null where the client needs a String"),
    ({"func": "addNote", "args": ["F4", "x"]}, "no such action"),
    ({"func": "alert", "args": ["x", None, "ok", "info", ""]}, "args(2) is null"),
    ({"func": "runMacro", "args": ["S55_NoSuchRoutine", "a"]}, "has no S55_NoSuchRoutine"),
    ({"func": "runMacro", "args": ["S55_ClearFill", "Reports"]}, "has no S55_ClearFill taking 1"),
])
def test_the_check_fails_what_the_client_cannot_apply(action, problem, workbook_vba):
    found = vbaclient.problems(action, vbaclient.client(), vbaclient.routines(workbook_vba))
    assert any(problem in p for p in found), found


# -- every button, every answer ---------------------------------------------------------------

def broken(payload):
    set_cell(payload, "Recommendations", "F4", None)          # to chief constables: error
    set_cell(payload, "Recommendations", "F5", None)          # to the Home Office: warning
    set_cell(payload, "Reports", "B2", None)                  # no title: error
    return payload


def test_validate_twice_with_a_fix_between(server, payload, included, workbook_vba):
    payload = as_sent(broken(payload), included)
    _, first = post(server, "/validate", payload, workbook_vba)
    assert coloured_cells(first, payload)[("Recommendations", "F4")] == "#FFC7CE"
    notes = {(s, c): t for s, c, t in routine_calls(first, "S55_SetNote")}
    assert notes[("Recommendations", "F4")].startswith(
        "s55xl — Error: NCPI-2019 3.3 is addressed to Chief constables")
    apply_actions(payload, first)
    set_cell(payload, "Recommendations", "F4", "The Constabulary is reviewing this.")
    set_cell(payload, "Reports", "B2", "National Child Protection Inspections 2019")
    _, second = post(server, "/validate", payload, workbook_vba)
    colours = coloured_cells(second, payload)
    assert colours[("Recommendations", "F4")] is None and colours[("Reports", "B2")] is None
    assert routine_calls(second, "S55_ClearFill")  # no setRangeColor with null
    assert all(a["args"][0] is not None for a in second if a["func"] == "setRangeColor")
    assert sorted(routine_calls(second, "S55_DeleteNote")) == [
        ("Recommendations", "F4"), ("Reports", "B2")]
    # the rest of the answer is still there after the clearing: table resize and status
    funcs = [a["func"] for a in second]
    assert "resizeTable" in funcs and funcs[-1] == "setValues"
    apply_actions(payload, second)
    _, third = post(server, "/validate", payload, workbook_vba)
    assert coloured_cells(third, payload) == {("Recommendations", "F5"): "#FFEB9C"}


@pytest.mark.parametrize("path", ["/update-deadlines", "/generate-selected", "/generate-all",
                                  "/progress-paper"])
def test_every_button(server, payload, included, workbook_vba, path):
    _, actions = post(server, path, as_sent(payload, included), workbook_vba)
    assert written_cells(actions, payload)[("Log", "C2")]


def test_refusals_are_messages_the_client_shows(server, payload, included, workbook_vba):
    set_cell(payload, "Control", "C13", "NCPI-2091")  # no such report
    _, actions = post(server, "/generate-selected", as_sent(payload, included), workbook_vba)
    (text, title, mode), = messages(actions)
    assert "The selected report 'NCPI-2091'" in text
    assert title == "s55xl – Generate selected" and mode == "critical"
    assert [a["func"] for a in actions] == ["setValues", "runMacro"]


def test_no_reports_sheet(server, payload, included, workbook_vba):
    payload = as_sent(payload, included)
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != "Reports"]
    payload["names"] = []
    payload["book"]["active_sheet_index"] = 0
    _, actions = post(server, "/validate", payload, workbook_vba)
    assert "there is no 'Reports' sheet" in messages(actions)[0][0]


def test_text_reaches_a_mac_intact(server, payload, included, workbook_vba):
    """Cells go as UTF-8 bytes, which the Mac client's setValues decodes; text for the
    workbook's routines (messages, notes) is plain ASCII, decoded by the routine itself."""
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    recs[1][recs[0].index("Owner")] = "Siân Ŵyn"  # recorded on the History sheet
    payload = as_sent(broken(payload), included)
    answer, actions = post(server, "/validate", payload, workbook_vba)
    assert "Siân Ŵyn".encode() in answer.body and b"\\u0174" not in answer.body
    for a in actions:
        if a["func"] == "runMacro":
            assert all(str(x).isascii() for x in a["args"]), a
    # beyond what the Mac client's own decoder handles: written again by the routine
    assert routine_calls(actions, "S55_SetText") == []
    shown = [unquote(a["args"][3]) for a in actions if a["func"] == "runMacro"
             and a["args"][0] == "S55_SetNote"]
    assert any("—" in t for t in shown)


def test_text_beyond_the_mac_decoder_is_written_again(server, payload, included,
                                                     workbook_vba):
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    recs[1][recs[0].index("Owner")] = "Jo 😀 Bloggs"  # recorded on the History sheet
    _, actions = post(server, "/validate", as_sent(payload, included), workbook_vba)
    cells = {(s, c): v for (s, c), v in written_cells(actions, payload).items()
             if isinstance(v, str) and "😀" in v}
    assert cells and sorted(routine_calls(actions, "S55_SetText")) == sorted(
        (s, c, v) for (s, c), v in cells.items())
    last = max(i for i, a in enumerate(actions) if a["func"] == "setValues"
               and a["sheet_position"] == next(i for i, s in enumerate(payload["sheets"])
                                                if s["name"] == "History"))
    first_fix = min(i for i, a in enumerate(actions) if a["func"] == "runMacro"
                    and a["args"][0] == "S55_SetText")
    assert first_fix > last  # after the client's own write, so it is the one that stays


def test_number_like_text_stays_text(server, payload, included, workbook_vba):
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    recs[1][recs[0].index("Ref")] = "3.10"
    _, actions = post(server, "/validate", as_sent(payload, included), workbook_vba)
    refs = [v for (s, _), v in written_cells(actions, payload).items()
            if s == "History" and isinstance(v, str) and "3.10" in v]
    assert refs and set(refs) == {"'3.10"}


# -- what the client writes that is not quite JSON --------------------------------------------

def test_newer_error_values_are_one_warning_naming_the_sheet(server, payload, included,
                                                            workbook_vba):
    set_cell(payload, "Recommendations", "K3", "#SPILL!")   # Evidence
    set_cell(payload, "Recommendations", "K4", "#CALC!")
    body = vba_json(as_sent(payload, included))
    assert b",," in body or b",]" in body  # the client leaves these elements out
    answer = server.request("POST", "/validate", body)
    assert answer.status == 200, answer.text
    actions = answer.json()["actions"]
    vbaclient.check(actions, workbook_vba)
    cells = written_cells(actions, payload)
    problems = [v for (s, c), v in cells.items() if s == "Findings" and c.startswith("E")
                and isinstance(v, str) and "cannot send" in v]
    assert problems == [
        "The cells K3, K4 on the Recommendations sheet show an Excel error that Excel's macros "
        "cannot send to the server (such as #SPILL!, #CALC! or #BUSY!), so s55xl read them as "
        "blank. Fix the formula, or replace it with the value it should show, and press the "
        "button again."]
    assert "1 warning" in cells[("Control", "C15")]


def test_long_digit_text_the_client_leaves_unquoted(server, payload, included, workbook_vba):
    set_cell(payload, "Recommendations", "K3", "1.2.3.4.5.6.7.8.9.10")
    set_cell(payload, "Recommendations", "K4", "12345678901234567890")
    body = vba_json(as_sent(payload, included))
    assert b",1.2.3.4.5.6.7.8.9.10," in body
    answer = server.request("POST", "/validate", body)
    assert answer.status == 200, answer.text


@pytest.mark.parametrize("body, says", [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"client": "VBA", "n": ' + b"7" * 5000 + b"}", "number too long"),
])
def test_malformed_bodies_are_one_sentence(server, body, says):
    answer = server.request("POST", "/validate", body)
    assert answer.status == 400
    assert says in answer.text and answer.text.isascii() and "\n" not in answer.text


def test_a_dict_in_a_cell_is_one_sentence(server, payload):
    payload["sheets"][1]["values"][1][2] = {"not": "a cell"}
    answer = server.request("POST", "/validate", json.dumps(payload).encode())
    assert answer.status == 400
    assert answer.text == (
        "s55xl: the workbook sent to the server is not in the form xlwings sends (sheets > 1 > "
        "values > 1 > 2: a cell value must be text, a number, true/false or null). Use a "
        "workbook built with: s55xl new --server")


def test_the_helper_sends_what_the_client_sends(payload):
    """null for empty cells, the classic errors as text, the newer ones left out."""
    payload = copy.deepcopy(payload)
    set_cell(payload, "Recommendations", "K3", "#N/A")
    set_cell(payload, "Recommendations", "K4", "#SPILL!")
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    assert recs[2][10] == "#N/A" and None in recs[1]
    text = vba_json(payload).decode()
    assert '"#N/A"' in text and "#SPILL!" not in text and "null" in text


@pytest.mark.parametrize("sent, read, unsent", [
    ('[[1,,2]]', [[1, None, 2]], [[1, 2]]),
    ('[[,"a"],["b",]]', [[None, "a"], ["b", None]], [[1, 1], [2, 2]]),
    ('[["x,,y", "q\\",]"],[true,,null]]', [["x,,y", 'q",]'], [True, None, None]], [[2, 2]]),
    ('[[1],[],[3]]', [[1], [None], [3]], [[2, 1]]),   # one column: an elided only element
    ('[[]]', [[]], None),                             # a sheet sent empty stays empty
])
def test_elided_elements_are_read_as_unsent_cells(sent, read, unsent):
    from s55xl.server.payload import parse

    body = ('{"client":"VBA","version":"x","book":{"name":"b.xlsm","active_sheet_index":0},'
            '"sheets":[{"name":"Reports","values":' + sent + '}]}').encode()
    data = parse(body)
    assert data["sheets"][0]["values"] == read
    assert data.get("s55xl_unsent", {}).get("Reports") == unsent
