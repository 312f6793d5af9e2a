"""The four buttons over HTTP: the actions the VBA client will apply, and the documents.

Each endpoint's answer is the list of actions xlwings' VBA client applies to the workbook;
the values are checked cell by cell against what the demo's rows mean (deadlines from the
publication date, every recommendation OK), and the documents against the files on disk.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import docx
import pytest
from support import vbaclient
from support.server import TOKEN
from support.xlpayload import kinds, messages, set_cell, sheet_index, written_cells

from s55xl.build.workbook import vba_source_dir

# The demo report, published Thursday 27 February 2020: day 56 is Wednesday 22 April, a working
# day; the board meets on the second Tuesday (14 April), the paper is due 5 working days before.
DATES = {"O2": "2020-04-22", "P2": "2020-04-22", "Q2": "2020-04-14", "R2": "2020-04-03"}
OUTPUT_FOLDER_CELL = "B14"  # Settings: Output folder
SERVER_VBA = (vba_source_dir() / "S55Server.bas").read_text(encoding="cp1252")


def actions_of(answer) -> list[dict]:
    """The answer's actions, each one xlwings' VBA client can apply (tests/support/vbaclient)."""
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    actions = answer.json()["actions"]
    vbaclient.check(actions, SERVER_VBA)
    return actions


def test_update_deadlines(server, payload):
    actions = actions_of(server.post("/update-deadlines", payload))
    cells = written_cells(actions, payload)
    assert {k: cells[("Reports", k)] for k in DATES} == DATES
    assert cells[("Log", "C2")] == "Update deadlines"
    assert "Update deadlines: Deadlines worked out for 1 report" in cells[("Control", "C15")]


def test_validate_with_the_user_the_workbook_sent(server, payload):
    actions = actions_of(server.post("/validate", payload, headers={"X-S55XL-User": "j.smith"}))
    cells = written_cells(actions, payload)
    assert [cells[("Recommendations", f"L{r}")] for r in range(2, 8)] == ["OK"] * 6
    assert [cells[("Log", f"{c}2")] for c in "BCDE"] == [
        "j.smith (unverified)", "Validate", "", "Checked 1 report and 6 recommendations: no problems found."]
    assert cells[("Findings", "E2")].startswith("No problems found")


def test_no_user_sent_leaves_the_log_user_blank(server, payload):
    """The server's own login is not the user's: without the header the cell stays empty."""
    cells = written_cells(actions_of(server.post("/validate", payload)), payload)
    assert cells[("Log", "B2")] == ""


def test_a_problem_row_is_marked(server, payload):
    set_cell(payload, "Recommendations", "F4", None)  # 3.3, to chief constables: no response
    actions = actions_of(server.post("/validate", payload))
    colours = [a for a in actions if a["func"] == "setRangeColor"]
    recs = sheet_index(payload, "Recommendations")
    assert [(a["sheet_position"], a["start_row"], a["start_column"]) for a in colours] == [
        (recs, 3, 5)]  # F4
    assert written_cells(actions, payload)[("Recommendations", "L4")].startswith("Error")


def test_a_workbook_without_reports_gets_the_message_as_an_alert(server, payload):
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != "Reports"]
    payload["names"] = []
    payload["book"]["active_sheet_index"] = 0
    actions = actions_of(server.post("/validate", payload))
    assert kinds(actions) == ["message"]
    assert "there is no 'Reports' sheet" in messages(actions)[0][0]


def _download(server, url, **kwargs):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == server.url
    return server.request("GET", parts.path, **kwargs)


def test_generate_selected_keeps_the_files_and_links_them(server, payload):
    actions = actions_of(server.post("/generate-selected", payload,
                                     headers={"X-S55XL-User": "j.smith"}))
    folder = server.folder()
    assert re.fullmatch(r"tracker-[0-9a-f]{10}", folder.name)  # not guessable from the name
    made = sorted(p.name for p in folder.iterdir())
    assert made == ["NCPI-2019 Board paper DRAFT.docx", "NCPI-2019 PCC response DRAFT.docx",
                    "NCPI-2019 publication DRAFT.html"]
    paper = docx.Document(str(folder / "NCPI-2019 Board paper DRAFT.docx"))
    assert any("National Child Protection Inspections" in p.text for p in paper.paragraphs)
    cells = written_cells(actions, payload)
    links = cells[("Log", "F2")].split("\n")
    assert sorted(u.rsplit("/", 1)[1] for u in links) == [
        "NCPI-2019%20Board%20paper%20DRAFT.docx", "NCPI-2019%20PCC%20response%20DRAFT.docx",
        "NCPI-2019%20publication%20DRAFT.html"]
    assert (f"download them from {server.url}/files/governance/{folder.name}/"
            in cells[("Control", "C15")])
    for url in links:
        name = url.rsplit("/", 1)[1].replace("%20", " ")
        got = _download(server, url)
        assert got.status == 200
        assert hashlib.sha256(got.body).digest() == hashlib.sha256(
            (folder / name).read_bytes()).digest()
        assert _download(server, url, token=None).status == 401
        assert _download(server, url, token="wrong-token-1234567890").status == 403


def test_a_browser_gets_asked_for_the_token_and_may_send_it_as_a_password(server, payload):
    actions_of(server.post("/generate-selected", payload))
    where = f"/files/governance/{server.folder().name}/"
    asked = server.request("GET", where, token=None)
    assert asked.status == 401
    assert asked.headers["www-authenticate"].startswith('Basic realm="s55xl"')
    basic = "Basic " + base64.b64encode(f"j.smith:{TOKEN}".encode()).decode()
    page = server.request("GET", where, headers={"Authorization": basic})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.count("<li><a href=") == 3
    assert f'href="{server.url}{where}NCPI-2019%20Board%20paper%20DRAFT.docx"' in page.text


@pytest.mark.parametrize("path", ["/files/../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd",
                                  "/files/tracker/missing.docx", "/files/"])
def test_nothing_outside_the_documents_folder(server, payload, path):
    actions_of(server.post("/generate-selected", payload))
    answer = server.request("GET", path)
    assert answer.status == 404 and answer.text.startswith("s55xl: ")


def test_generate_all_to_a_shared_folder_it_allowed(start_server, payload, tmp_path):
    (tmp_path / "shared").mkdir()
    server = start_server(allow_paths=((tmp_path / "shared").resolve(),))
    shared = (tmp_path / "shared").resolve() / "Board papers"
    set_cell(payload, "Settings", OUTPUT_FOLDER_CELL, str(shared))
    actions = actions_of(server.post("/generate-all", payload))
    assert sorted(p.name for p in shared.iterdir()) == [
        "NCPI-2019 Board paper DRAFT.docx", "NCPI-2019 PCC response DRAFT.docx",
        "NCPI-2019 publication DRAFT.html"]
    assert not list((server.out / "governance").glob("tracker-*"))
    cells = written_cells(actions, payload)
    assert cells[("Log", "F2")].split("\n")[0].startswith(str(shared))
    assert f"to {shared}" in cells[("Control", "C15")]


def test_a_workbook_name_cannot_reach_outside_the_documents_folder(server, payload):
    payload["book"]["name"] = "../../evil.xlsm"
    actions_of(server.post("/generate-selected", payload))
    inside = [p for p in server.out.rglob("*.docx")]
    assert inside and all(p.parent == server.folder("_.._evil") for p in inside)
    assert not list(server.out.parent.glob("*.docx"))


def test_a_shared_folder_the_server_cannot_write_keeps_them_on_the_server(server, payload,
                                                                          tmp_path):
    blocked = tmp_path / "a file" / "Board papers"  # under a file: no folder can be made there
    blocked.parent.write_text("not a folder")
    set_cell(payload, "Settings", OUTPUT_FOLDER_CELL, str(blocked))
    actions = actions_of(server.post("/generate-selected", payload))
    folder = server.folder()
    assert len(list(folder.glob("*.docx"))) == 2
    alerts = [m[0] for m in messages(actions)]
    assert alerts == [f"The documents are kept on the s55xl server ({server.url}/files/governance/"
                      f"{folder.name}/) because the Output folder on the Settings sheet is not a "
                      "folder this server may write to (ask IT which shared folders it can use). "
                      "To have them written to a shared folder, set 'Output folder' on the "
                      "Settings sheet to a folder the server can write to (ask IT which)."]


def test_progress_paper_is_kept_on_the_server_and_linked(server, payload):
    actions = actions_of(server.post("/progress-paper", payload))
    papers = [p for p in server.folder().iterdir() if p.suffix == ".docx"]
    assert len(papers) == 1 and "progress" in papers[0].name.lower()
    text = "\n".join(p.text for p in docx.Document(str(papers[0])).paragraphs)
    assert "National Child Protection Inspections" in text
    cells = written_cells(actions, payload)
    link = cells[("Log", "F2")].split("\n")[0]
    assert link.startswith(f"{server.url}/files/governance/tracker-") and link.endswith(".docx")
    assert _download(server, link).body == papers[0].read_bytes()
