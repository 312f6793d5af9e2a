"""The Generate buttons (s55xl.excel.generate_selected / generate_all) on xlwings' remote engine.

The documents are really written (s55xl.documents) and reopened with python-docx; the output
folder comes from the Settings sheet, the workbook's (OneDrive/SharePoint-mapped) folder, or a
folder under the user's Documents when neither can be used.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
from support.xlpayload import (
    kinds,
    messages,
    remote_book,
    set_cell,
    sheet_index,
    written_cells,
)

import s55xl.excel
from s55xl import demo
from s55xl.excel import book as excel_book
from s55xl.excel import paths as excel_paths

TODAY = date(2020, 3, 10)
OUTPUT_FOLDER_CELL = "B14"  # the Settings row "Output folder" in a built workbook


@pytest.fixture
def payload(demo_payload, tmp_path):
    p = copy.deepcopy(demo_payload)
    set_cell(p, "Settings", OUTPUT_FOLDER_CELL, str(tmp_path / "out"))
    return p


def run(button, payload):
    book = remote_book(payload)
    outcome = button(book, today=TODAY)
    return outcome, book.json()["actions"]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_generate_selected_writes_the_documents(payload, tmp_path):
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok, outcome.status
    out = tmp_path / "out"
    made = {(d.kind, d.format): Path(d.path) for d in outcome.documents}
    assert set(made) == {("board_paper", "docx"), ("response", "docx"), ("publication", "html")}
    for d in outcome.documents:
        assert Path(d.path).parent == out
        assert hashlib.sha256(Path(d.path).read_bytes()).hexdigest() == d.sha256
    board = docx_text(made[("board_paper", "docx")])
    assert demo.REPORT["title"] in board
    assert demo.RECOMMENDATIONS[2]["force_response"][:60] in board
    response = docx_text(made[("response", "docx")])
    assert demo.REPORT["pcc_comments"][:60] in response
    cells = written_cells(actions, payload)
    assert cells[("Log", "C2")] == "Generate selected"
    assert cells[("Log", "D2")] == "NCPI-2019"
    assert sorted(cells[("Log", "F2")].split("\n")) == sorted(str(p) for p in made.values())
    assert cells[("Log", "E2")].startswith(f"Wrote 3 documents for NCPI-2019 to {out}")
    assert cells[("Control", "C15")].endswith(cells[("Log", "E2")])
    assert "PDF not made: PDF conversion is switched off" in cells[("Log", "E2")]
    # the same refresh as the other buttons: dates and Validation written too
    assert cells[("Reports", "T2")] == "On track"
    assert cells[("Recommendations", "L2")] == "OK"
    assert not messages(actions)


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_generate_selected_with_pdf(payload, tmp_path, monkeypatch):
    monkeypatch.delenv("S55XL_PDF_CONVERTER")
    outcome, _ = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok, outcome.status
    pdfs = [Path(d.path) for d in outcome.documents if d.format == "pdf"]
    assert len(pdfs) == 2 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_selected_report_from_the_active_row_when_control_is_blank(payload):
    set_cell(payload, "Control", "C13", None)
    payload["book"]["active_sheet_index"] = sheet_index(payload, "Recommendations")
    payload["book"]["selection"] = "E4"
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok, outcome.status
    assert {d.report_id for d in outcome.documents} == {"NCPI-2019"}


def test_no_report_chosen_says_how_to_choose_one(payload, tmp_path):
    set_cell(payload, "Control", "C13", None)
    payload["book"]["selection"] = "C13"  # on the Control sheet: no report row
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert kinds(actions) == ["setValues", "message"]
    assert messages(actions)[0][0] == excel_book.HOW_TO_CHOOSE
    assert not outcome.ok and not (tmp_path / "out").exists()


def test_selected_report_that_does_not_exist(payload):
    set_cell(payload, "Control", "C13", "NCPI-2091")
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert kinds(actions) == ["setValues", "message"]
    assert "The selected report 'NCPI-2091'" in messages(actions)[0][0]


def test_report_with_errors_gets_nothing_and_says_why(payload, tmp_path):
    set_cell(payload, "Recommendations", "F4", None)  # chief constables, no response: error
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok and outcome.documents == []
    assert list((tmp_path / "out").iterdir()) == []
    cells = written_cells(actions, payload)
    assert cells[("Log", "E2")].startswith("No documents were written for NCPI-2019; Nothing "
                                           "made for NCPI-2019: 1 error in its rows")
    alert = messages(actions)
    assert alert and alert[0][0].startswith("No documents were written for NCPI-2019")
    assert ("Recommendations", "F4") in {
        (payload["sheets"][a["sheet_position"]]["name"], "F4") for a in actions
        if a["func"] == "setRangeColor" and a["start_row"] == 3 and a["start_column"] == 5}


def test_generate_all(payload):
    headers = payload["sheets"][sheet_index(payload, "Reports")]["values"][0]
    second = {"Report ID": "PEEL-2021", "Title": "PEEL 2021/22 inspection",
              "Report type": "PEEL", "Published": date(2020, 3, 2)}
    for header, value in second.items():
        col = headers.index(header)
        set_cell(payload, "Reports", f"{chr(65 + col)}3", value)
    outcome, actions = run(s55xl.excel.generate_all, payload)
    made = {(d.report_id, d.kind) for d in outcome.documents}
    assert {("NCPI-2019", "board_paper"), ("NCPI-2019", "response")} <= made
    # PEEL-2021 has no PCC comments yet: its Board paper is made, its response refused.
    assert {k for r, k in made if r == "PEEL-2021"} == {"board_paper"}
    cells = written_cells(actions, payload)
    assert cells[("Log", "D2")] == "All"
    assert "PCC response and publication page not made for PEEL-2021: " in cells[("Log", "E2")]


# -- where the documents go -------------------------------------------------------------------

def test_relative_folder_without_a_workbook_folder_goes_to_documents(payload, tmp_path):
    set_cell(payload, "Settings", OUTPUT_FOLDER_CELL, "Board papers")
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    expected = tmp_path / "home" / "Documents" / "Board papers"
    assert outcome.out_dir == expected
    assert all(Path(d.path).parent == expected for d in outcome.documents)
    alert = messages(actions)
    assert alert[0][0].startswith(f"The documents were written to {expected} because "
                                          "the workbook's folder is not known")
    assert alert[0][2] == "info"
    assert "They went there because the workbook's folder is not known" in outcome.status


def _conf_row(payload, key):
    """The row of ``key`` on the xlwings.conf sheet; a key not there is added under the last
    one, as IT adds a row (a new workbook carries no per-user keys)."""
    values = payload["sheets"][sheet_index(payload, "xlwings.conf")]["values"]
    found = next((i for i, row in enumerate(values, start=1) if row[0] == key), None)
    if found is None:
        found = next((i for i, row in enumerate(values, start=1) if row[0] in (None, "")),
                     len(values) + 1)
        set_cell(payload, "xlwings.conf", f"A{found}", key)
    return found


def test_onedrive_workbook_maps_to_the_synced_folder(demo_payload, demo_xlsm, tmp_path,
                                                     monkeypatch):
    synced = tmp_path / "OneDrive"
    (synced / "Governance").mkdir(parents=True)
    shutil.copy(demo_xlsm, synced / "Governance" / "demo.xlsm")
    monkeypatch.setenv("OneDrive", str(synced))
    payload = copy.deepcopy(demo_payload)
    payload["book"]["name"] = "https://d.docs.live.net/5a1b2c3d4e5f/Governance/demo.xlsm"
    outcome, _ = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok, outcome.status
    assert outcome.out_dir == synced / "Governance" / "s55xl-output"
    assert {Path(d.path).parent for d in outcome.documents} == {outcome.out_dir}


def test_sharepoint_workbook_uses_the_xlwings_conf_sheet(demo_payload, demo_xlsm, tmp_path):
    root = tmp_path / "Contoso"
    folder = root / "Governance - Documents" / "Inspections"
    folder.mkdir(parents=True)
    shutil.copy(demo_xlsm, folder / "demo.xlsm")
    payload = copy.deepcopy(demo_payload)
    key = "SHAREPOINT_WIN" if sys.platform.startswith("win") else "SHAREPOINT_MAC"
    set_cell(payload, "xlwings.conf", f"B{_conf_row(payload, key)}", str(root))
    payload["book"]["name"] = ("https://contoso.sharepoint.com/sites/Governance/"
                               "Shared Documents/Inspections/demo.xlsm")
    book = remote_book(payload)
    assert excel_paths.workbook_folder(book) == (folder, None)


def test_onedrive_workbook_not_synced_falls_back_to_documents(demo_payload, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("OneDrive", str(tmp_path / "nowhere"))
    payload = copy.deepcopy(demo_payload)
    payload["book"]["name"] = "https://d.docs.live.net/5a1b2c3d4e5f/Governance/demo.xlsm"
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert outcome.ok, outcome.status
    assert outcome.out_dir == tmp_path / "home" / "Documents" / "s55xl-output"
    alert = messages(actions)[0][0]
    assert "the workbook is on OneDrive/SharePoint" in alert
    assert "ONEDRIVE_COMMERCIAL" in alert


def test_output_folder_that_cannot_be_made(payload, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    set_cell(payload, "Settings", OUTPUT_FOLDER_CELL, str(blocker / "out"))
    outcome, actions = run(s55xl.excel.generate_selected, payload)
    assert kinds(actions) == ["setValues", "message"]
    assert messages(actions)[0][0].startswith(f"The output folder {blocker / 'out'} cannot be "
                                            "created")
