"""One server, many teams: nothing a workbook says reaches outside its team.

Each test is an attack a member of staff holding a valid token could make over real HTTP, with
the workbook's own cells as the weapon: naming server files as templates or output folders,
environment variables, links planted in the documents folder, another team's addresses. The
server must neither read, write, expand nor reveal anything outside the caller's team folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from support.server import SECOND_TOKEN, TEAM, TOKEN
from support.xlpayload import messages, set_cell, written_cells

REFUSED_TEMPLATE = ("names a template the s55xl server cannot use: on the server, templates must "
                    "be in your team's template folder.")


def setting_cell(payload: dict, label: str) -> str:
    sheet = next(s for s in payload["sheets"] if s["name"] == "Settings")
    row = next(i for i, r in enumerate(sheet["values"], start=1) if r and r[0] == label)
    return f"B{row}"


def actions_of(answer) -> list[dict]:
    assert answer.status == 200, answer.text
    return answer.json()["actions"]


def alerts(actions) -> list[str]:
    """The messages the workbook shows (through its own routine, for the VBA client)."""
    return [m[0] for m in messages(actions)]


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def test_environment_variables_in_the_output_folder_are_never_expanded(server, payload, monkeypatch):
    monkeypatch.setenv("S55XL_SERVER_TOKENS", f"{TEAM}:{TOKEN}")
    wanted = "/proc/$S55XL_SERVER_TOKENS/$XLWINGS_LICENSE_KEY/x"
    set_cell(payload, "Settings", setting_cell(payload, "Output folder"), wanted)
    answer = server.post("/generate-selected", payload)
    assert TOKEN not in answer.text and "noncommercial" not in answer.text
    actions = actions_of(answer)
    assert len(list(server.folder().glob("*.docx"))) == 2  # kept in the team's folder instead
    assert any("is not a folder this server may write to" in text for text in alerts(actions))


@pytest.mark.parametrize("wanted", ["~", "~/s55xl-escape", "$HOME/s55xl-escape", "{tmp}/escape",
                                    "../../escape", "{out}/audit/escape"])
def test_no_output_folder_outside_the_team_is_written(server, payload, tmp_path, wanted):
    wanted = wanted.format(tmp=tmp_path, out=server.out)
    set_cell(payload, "Settings", setting_cell(payload, "Output folder"), wanted)
    before = {p for p in tmp_path.rglob("*") if "srv" not in p.parts}
    home = set(Path(os.environ["HOME"]).rglob("*"))
    actions_of(server.post("/generate-selected", payload))
    assert {p for p in tmp_path.rglob("*") if "srv" not in p.parts} == before
    assert set(Path(os.environ["HOME"]).rglob("*")) == home
    assert not (server.out / "audit" / "escape").exists()
    assert len(list(server.folder().glob("*.docx"))) == 2


@pytest.mark.parametrize("setting, name", [("Publication template", "secret.html"),
                                           ("Board paper template", "secret.docx")])
def test_a_server_file_is_never_read_as_a_template(server, payload, tmp_path, setting, name):
    secret = tmp_path / name
    secret.write_bytes(b"SERVER-SECRET-7f3a {{ report_title }}")
    cell = setting_cell(payload, setting)
    answers = []
    for wanted in (str(secret), str(tmp_path / f"missing{Path(name).suffix}"),
                   f"../../{name}", f"~/{name}"):
        set_cell(payload, "Settings", cell, wanted)
        actions = actions_of(server.post("/generate-selected", payload))
        said = [a for a in alerts(actions) if "template" in a]
        assert len(said) == 1 and REFUSED_TEMPLATE in said[0], alerts(actions)
        assert str(tmp_path) not in said[0]
        answers.append(said[0].replace(wanted, "<name>"))
    assert len(set(answers)) == 1  # the same words whether or not the file exists
    for data in every_file(server.out).values():
        assert b"SERVER-SECRET-7f3a" not in data


def test_a_link_in_the_template_folder_is_not_followed(server, payload, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SERVER-SECRET-7f3a", encoding="utf-8")
    templates = server.out / TEAM / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").symlink_to(secret)
    set_cell(payload, "Settings", setting_cell(payload, "Publication template"),
             "templates/page.html")
    actions = actions_of(server.post("/generate-selected", payload))
    assert any(REFUSED_TEMPLATE in a for a in alerts(actions))
    assert all(b"SERVER-SECRET-7f3a" not in d for d in every_file(server.out).values())


def test_a_template_in_the_team_folder_is_used(server, payload):
    from s55xl.documents.sources import default_template

    templates = server.out / TEAM / "templates"
    templates.mkdir(parents=True)
    page = default_template("publication").replace(b"<body", b"<!-- TEAM-TEMPLATE -->\n<body", 1)
    (templates / "page.html").write_bytes(page)
    set_cell(payload, "Settings", setting_cell(payload, "Publication template"),
             "templates/page.html")
    actions_of(server.post("/generate-selected", payload))
    made = server.folder() / "NCPI-2019 publication DRAFT.html"
    assert b"TEAM-TEMPLATE" in made.read_bytes()


def test_teams_cannot_list_read_or_replace_each_others_documents(server, payload):
    actions_of(server.post("/generate-selected", payload))
    ours = server.folder()
    board = ours / "NCPI-2019 Board paper DRAFT.docx"
    before = every_file(server.out / TEAM)
    address = f"/files/{TEAM}/{ours.name}/"
    assert server.request("GET", address).status == 200
    for path in (address, address + "NCPI-2019%20Board%20paper%20DRAFT.docx",
                 f"/files/{TEAM}/", "/files/audit/../governance/" + ours.name + "/"):
        answer = server.request("GET", path, token=SECOND_TOKEN)
        assert answer.status == 404, path
        assert "SERVER" not in answer.text and ours.name not in answer.text
    # The same workbook name from the other team goes to that team's own folder.
    theirs = actions_of(server.post("/generate-selected", payload, token=SECOND_TOKEN))
    assert every_file(server.out / TEAM) == before
    other = server.folder(team="audit")
    assert other.name != ours.name and board.read_bytes() == before[str(board.relative_to(
        server.out / TEAM))]
    links = written_cells(theirs, payload)[("Log", "F2")].split("\n")
    assert links and all(f"/files/audit/{other.name}/" in u for u in links)


def test_a_link_planted_in_the_documents_folder_is_never_followed(server, payload, tmp_path):
    actions_of(server.post("/generate-selected", payload))
    folder = server.folder()
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"SERVER-SECRET-7f3a")
    board = folder / "NCPI-2019 Board paper DRAFT.docx"
    board.unlink()
    board.symlink_to(secret)
    (folder / "elsewhere.txt").symlink_to(secret)
    actions_of(server.post("/generate-selected", payload))
    assert secret.read_bytes() == b"SERVER-SECRET-7f3a"  # the link's target was not overwritten
    assert not board.is_symlink() and docx.Document(str(board)).paragraphs
    assert all(b"SERVER-SECRET-7f3a" not in d for d in every_file(folder).values())
    listing = server.request("GET", f"/files/{TEAM}/{folder.name}/")
    assert listing.status == 200 and "elsewhere.txt" not in listing.text
    assert server.request("GET", f"/files/{TEAM}/{folder.name}/elsewhere.txt").status == 404


def test_downloads_are_inert_and_never_cached(server, payload):
    actions_of(server.post("/generate-selected", payload))
    folder = server.folder()
    got = server.request("GET", f"/files/{TEAM}/{folder.name}/NCPI-2019%20publication%20DRAFT.html")
    assert got.status == 200
    assert got.headers["cache-control"] == "no-store"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in got.headers["content-security-policy"]
    assert "sandbox" in got.headers["content-security-policy"]
    assert got.headers["content-disposition"].startswith("attachment")
    listing = server.request("GET", f"/files/{TEAM}/{folder.name}/")
    assert listing.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in listing.headers["content-security-policy"]


def test_direction_marks_never_reach_a_file_name(server, payload):
    set_cell(payload, "Reports", "A2", "NCPI\u202e2019xcod.exe")
    for row in range(2, 8):
        set_cell(payload, "Recommendations", f"A{row}", "NCPI\u202e2019xcod.exe")
    set_cell(payload, "Control", "C13", "NCPI\u202e2019xcod.exe")
    actions_of(server.post("/generate-selected", payload))
    names = [p.name for p in server.folder().iterdir()]
    assert names and all("\u202e" not in n for n in names)
    assert "NCPI2019xcod.exe Board paper DRAFT.docx" in names


def test_a_long_title_and_report_id_are_kept_whole_in_the_document(server, payload):
    title = ("A " + "very long title about child protection " * 8).strip()
    report_id = "NCPI-" + "2019" * 75
    assert len(title) > 255 and len(report_id) > 300
    set_cell(payload, "Reports", "B2", title)
    set_cell(payload, "Reports", "A2", report_id)
    for row in range(2, 8):
        set_cell(payload, "Recommendations", f"A{row}", report_id)
    set_cell(payload, "Control", "C13", report_id)
    actions = actions_of(server.post("/generate-selected", payload))
    assert not [a for a in alerts(actions) if "could not finish" in a], alerts(actions)
    papers = list(server.folder().glob("*Board paper DRAFT.docx"))
    assert len(papers) == 1
    paper = docx.Document(str(papers[0]))
    assert len(paper.core_properties.title) == 255
    assert paper.core_properties.title.endswith("…")
    text = "\n".join(p.text for p in paper.paragraphs)
    assert title in text


def test_the_user_name_sent_is_cleaned_and_marked_unverified(server, payload):
    sent = "Si\u00e2n\u202e \x07Jones\u200b".encode().decode("latin-1")  # UTF-8 on the wire
    actions = actions_of(server.post("/validate", payload,
                                     headers={"X-S55XL-User": sent}))
    assert written_cells(actions, payload)[("Log", "B2")] == \
        "Siân Jones (unverified)"


def test_a_client_sending_headers_slowly_is_disconnected(start_server):
    server = start_server(header_time_limit=1.0)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        sock.sendall(b"X-Slow: 1\r\n")
        assert sock.recv(1024) == b""  # closed by the server, with nothing sent
        assert time.monotonic() - started < 5
    assert server.request("GET", "/health", token=None).status == 200


def _workers_alive() -> int:
    """The worker processes running now (children of multiprocessing's fork server)."""
    from multiprocessing import forkserver

    parent = forkserver._forkserver._forkserver_pid
    if parent is None:
        return 0
    alive = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent and fields[0] not in ("Z", "X"):
                alive += 1
    return alive


@pytest.mark.slow
def test_runs_past_the_time_limit_are_stopped_and_hold_their_place_until_then(start_server,
                                                                               big_payload):
    server = start_server(workers=2, time_limit=1.0)
    seen, stop = [], False

    def watch():
        while not stop:
            seen.append(_workers_alive())
            time.sleep(0.02)

    with ThreadPoolExecutor(7) as pool:
        watcher = pool.submit(watch)
        answers = list(pool.map(lambda _: server.post("/generate-all", big_payload), range(6)))
        stop = True
        watcher.result()
    assert [a.status for a in answers] == [504] * 6
    assert all("stopped the run; nothing in the workbook was changed" in a.text for a in answers)
    assert max(seen) <= 2 and max(seen) >= 1
    assert _workers_alive() == 0
    made = sorted(str(p) for p in server.out.rglob("*.docx"))
    time.sleep(2)
    assert sorted(str(p) for p in server.out.rglob("*.docx")) == made  # nothing goes on writing


@pytest.fixture
def big_payload(payload):
    """The demo workbook with its report copied 30 times: Generate all takes a few seconds."""
    reports = next(s for s in payload["sheets"] if s["name"] == "Reports")["values"]
    recs = next(s for s in payload["sheets"] if s["name"] == "Recommendations")["values"]
    first, rows = reports[1], recs[1:7]
    for n in range(2, 32):
        reports.append([f"R-{n}", *first[1:]])
        recs.extend([[f"R-{n}", *row[1:]] for row in rows])
    width = max(len(r) for r in reports)
    for sheet in payload["sheets"]:
        if sheet["name"] in ("Reports", "Recommendations"):
            width = max(len(r) for r in sheet["values"])
            sheet["values"] = [r + [None] * (width - len(r)) for r in sheet["values"]]
    return payload


def test_the_server_key_makes_folder_names_stable_and_secret(tmp_path):
    from s55xl.server import files
    from s55xl.server.config import server_key

    key = server_key(tmp_path)
    assert server_key(tmp_path) == key and len(key) >= 32
    assert (tmp_path / ".s55xl-server-key").stat().st_mode & 0o077 == 0
    name = files.folder_name(key, "governance", "tracker.xlsm")
    assert re.fullmatch(r"tracker-[0-9a-f]{10}", name)
    assert files.folder_name(key, "audit", "tracker.xlsm") != name
    assert files.folder_name(server_key(tmp_path / "other" if (tmp_path / "other").mkdir()
                                        is None else tmp_path), "governance",
                             "tracker.xlsm") != name
    assert hashlib.sha256(key).hexdigest() not in name


def test_alerts_never_show_the_servers_folders(server, payload):
    actions_of(server.post("/generate-selected", payload))
    folder = server.folder()
    (folder / "versions").write_text("a file where the versions folder goes")
    answer = server.post("/generate-selected", payload)
    said = alerts(actions_of(answer))
    assert said == [f"{folder.name}/versions: is a file, not a folder, so documents cannot be "
                    "written into it. Choose another folder (--out, or the Output folder "
                    "setting)."]
    assert str(server.out) not in answer.text and str(server.out.resolve()) not in answer.text
