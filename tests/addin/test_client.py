"""The add-in's JavaScript client under Node's test runner against a real ``s55xl serve``.

This module builds the demo workbook as a macro-free ``.xlsx`` (``s55xl new tracker.xlsx
--demo``), exports it for office-addin-mock (values with dates as Excel serial numbers and
their number-format categories, tables, names), starts the server on 127.0.0.1 with team tokens
and Entra ID sign-in from a local test tenant, and runs ``node --test tests/addin`` with their
addresses; Node's own report is shown when a test fails.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import zipfile
from functools import partial
from pathlib import Path

import pytest
from support.entra import Tenant
from support.liveserver import serving
from support.mockbook import export_for_mock
from support.node import ADDIN_TESTS as HERE
from support.node import NODE, require_node_packages
from support.server import TEAMS, TOKEN
from support.xlpayload import payload_from_workbook, remove_sheet, set_cell


def returned_actions(path: Path) -> list[str]:
    """Every action the buttons return to an Office.js client over a range of workbooks: a
    clean one, one with a finding, the same after a fix, one missing its Findings and Log
    sheets, and Generate/Progress runs."""
    from s55xl.excel.paths import ServerFolder
    from s55xl.server import engine, files

    base = payload_from_workbook(path, selection="C13")
    base["client"] = "Office.js"
    for sheet in base["sheets"]:
        sheet["notes"], sheet["notes_supported"] = [], True
    out = path.parent / "runs"
    out.mkdir(exist_ok=True)
    server = ServerFolder(out, partial(files.link, "http://127.0.0.1", out))
    flagged = set_cell(copy.deepcopy(base), "Recommendations", "F2", "")
    noted = copy.deepcopy(flagged)
    seen: set[str] = set()
    for action in engine.ACTIONS:
        _, answer = engine.run(action, copy.deepcopy(flagged), user="u", server=server)
        seen |= {a["func"] for a in answer["actions"]}
    # the flagged run's Findings and notes, then the fix, then the same finding again
    _, answer = engine.run("validate", noted, user="u", server=server)
    for a in answer["actions"]:
        if a["func"] == "resizeTable":
            table = noted["sheets"][a["sheet_position"]]["tables"][a["args"][0]]
            first, last = a["args"][1].split(":")
            column, row = re.fullmatch(r"\$([A-Z]+)\$(\d+)", first).groups()
            table["range_address"] = a["args"][1]
            table["data_body_range_address"] = f"${column}${int(row) + 1}:{last}"
        if a["func"] == "setValues":
            sheet = noted["sheets"][a["sheet_position"]]
            for i, row in enumerate(a["values"]):
                for j, value in enumerate(row):
                    grid = sheet["values"]
                    while len(grid) <= a["start_row"] + i:
                        grid.append([""] * len(grid[0]))
                    link = re.fullmatch(r'=HYPERLINK\(".*","(.*)"\)', str(value))
                    grid[a["start_row"] + i][a["start_column"] + j] = (
                        link.group(1) if link else value)  # what Excel shows
    for sheet in noted["sheets"]:
        if sheet["name"] == "Recommendations":
            sheet["notes"] = [{"address": "$F$2"}]
    for change in ("", "Fixed."):
        trial = set_cell(copy.deepcopy(noted), "Recommendations", "F2", change)
        _, answer = engine.run("validate", trial, user="u", server=server)
        seen |= {a["func"] for a in answer["actions"]}
    bare = remove_sheet(remove_sheet(copy.deepcopy(flagged), "Findings"), "Log")
    _, answer = engine.run("validate", bare, user="u", server=server)
    seen |= {a["func"] for a in answer["actions"]}
    broken = remove_sheet(copy.deepcopy(base), "Recommendations")
    _, answer = engine.run("validate", broken, user="u", server=server)
    seen |= {a["func"] for a in answer["actions"]}
    return sorted(seen)


@pytest.fixture(scope="module")
def tenant():
    t = Tenant()
    yield t
    t.close()


def test_the_client_under_node_against_a_real_server(tmp_path, tenant):
    require_node_packages("office-addin-mock")
    from s55xl.build.workbook import build
    from s55xl.server import ServerConfig, create_app

    workbook = build(tmp_path / "tracker.xlsx", with_demo=True)  # s55xl new tracker.xlsx --demo
    with zipfile.ZipFile(workbook) as package:  # macro-free, and the add-in works on it as it is
        assert not [n for n in package.namelist() if "vba" in n.lower()]
    book_json = tmp_path / "book.json"
    book_json.write_text(json.dumps(export_for_mock(workbook)), encoding="utf-8")
    actions = returned_actions(workbook)
    assert {"setValues", "setRangeColor", "addNote", "deleteNote", "addSheet"} <= set(actions)
    config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS)
    with serving(create_app(config, tenant.settings())) as url:
        env = {**os.environ, "S55XL_URL": url, "S55XL_TOKEN": TOKEN,
               "S55XL_BOOK": str(book_json), "S55XL_ACTIONS": json.dumps(actions),
               "S55XL_ENTRA_TOKEN": tenant.token(),
               "S55XL_ENTRA_BAD": tenant.token(key=tenant.other_key, kid="never-published"),
               "NODE_PATH": str(HERE / "node_modules")}
        done = subprocess.run([NODE, "--test", "--test-reporter=spec",
                               str(HERE / "client.test.mjs")],
                              cwd=HERE, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"node --test failed:\n{done.stdout}\n{done.stderr}"
    assert "# fail 0" in done.stdout or "fail 0" in done.stdout
