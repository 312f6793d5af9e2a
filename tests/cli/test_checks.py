"""The command line through click's test runner: exit codes, one-line errors and the JSON."""

import json
import os
import sys
import zipfile

import pytest
from conftest import rec_row, run, run_cli


def test_validate_clean_workbook_exits_0(demo_xlsx):
    result = run_cli(["validate", demo_xlsx, "--today", "2020-04-01"])
    assert result.exit_code == 0
    assert result.output == f"{demo_xlsx}: no problems found.\n"


def test_validate_json_with_errors_exits_1(simple_book):
    path = simple_book(recs=[rec_row(response=None), rec_row(ref="2", status="Complete")])
    result = run_cli(["validate", path, "--json", "--today", "2020-04-01"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["workbook"] == str(path)
    assert (doc["errors"], doc["warnings"]) == (1, 2)
    by_code = {f["code"]: f for f in doc["findings"]}
    assert by_code["force-response-missing"] == {
        "severity": "error", "code": "force-response-missing", "sheet": "Recommendations",
        "cell": "F2", "row": 2, "column": "Force response",
        "message": "R1 1 is addressed to Chief constables, so the force must say what it is "
                   "doing. Type the force response (the action taken or proposed, or why none)."}
    assert set(by_code) == {"force-response-missing", "complete-without-evidence", "no-settings"}


def test_validate_human_output_names_sheet_cell_and_header(simple_book):
    path = simple_book(recs=[rec_row(response=None)])
    result = run_cli(["validate", path, "--today", "2020-04-01"])
    assert result.exit_code == 1
    assert "1 error, 1 warning" in result.output
    assert "ERROR   Recommendations!F2 (Force response)" in result.output


def test_warnings_only_exit_0(simple_book):
    path = simple_book(recs=[rec_row(addressed_to="Home Office", response=None)])
    result = run_cli(["validate", path])
    assert result.exit_code == 0
    assert f"{path}: 0 errors, 2 warnings" in result.output
    assert "WARNING Recommendations!F2 (Force response)" in result.output


def test_deadlines_json(demo_xlsx):
    result = run_cli(["deadlines", demo_xlsx, "--json", "--today", "2020-04-01"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["today"] == "2020-04-01"
    [r] = doc["reports"]
    assert {k: r[k] for k in ("report_id", "published", "statutory_deadline", "submit_by",
                              "board_meeting", "paper_due", "days_remaining", "status")} == {
        "report_id": "NCPI-2019", "published": "2020-02-27", "statutory_deadline": "2020-04-22",
        "submit_by": "2020-04-22", "board_meeting": "2020-04-14", "paper_due": "2020-04-03",
        "days_remaining": 21, "status": "on-track"}
    assert r["title"] == "National Child Protection Inspections 2019 Thematic Report"
    assert "56 days beginning with the publication day" in r["basis"]["statutory_deadline"]


def test_deadlines_human_output_shows_each_date_with_its_rule(demo_xlsx):
    result = run_cli(["deadlines", demo_xlsx, "--today", "27/02/2020"])
    assert result.exit_code == 0
    assert "Statutory deadline  Wed 22 Apr 2020" in result.output
    assert "Board meeting       Tue 14 Apr 2020  Latest meeting" in result.output
    assert "On track" in result.output


def test_bad_today_is_a_usage_error(demo_xlsx):
    result = run_cli(["deadlines", demo_xlsx, "--today", "someday"])
    assert result.exit_code == 2
    assert "someday" in result.output


def _csv(path):
    path.write_text("Report ID,Title\nR1,A\n")


def _xls(path):
    from s55xl.build.cfb import build_compound_file

    path.write_bytes(build_compound_file({"Workbook": b"\x09\x08" + b"\x00" * 600}))


def _encrypted(path, source):
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as src, open(path, "wb") as out:
        OOXMLFile(src).encrypt("secret", out)


def _truncated(path, source):
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("make, message", [
    (None, "no such file"),
    (_csv, "is a text or CSV file"),
    (_xls, "old Excel 97-2003 (.xls)"),
    ("encrypted", "protected with a password"),
    ("truncated", "is damaged"),
    ("zip", "is a zip file but not an Excel workbook"),
    ("empty", "is empty"),
])
@pytest.mark.parametrize("command", ["validate", "deadlines"])
def test_unusable_input_exits_2_with_one_line(tmp_path, demo_xlsx, make, message, command):
    path = tmp_path / "tracker.xlsx"
    if make == "encrypted":
        _encrypted(path, demo_xlsx)
    elif make == "truncated":
        _truncated(path, demo_xlsx)
    elif make == "zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "hello")
    elif make == "empty":
        path.write_bytes(b"")
    elif make:
        make(path)
    before = path.read_bytes() if path.exists() else None
    result = run_cli([command, path])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"s55xl: {path}: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    if before is not None:
        assert path.read_bytes() == before


def test_missing_header_exits_2(simple_book, tmp_path):
    from conftest import write_book

    path = write_book(tmp_path / "t.xlsx", {"Reports": [["Report ID", "Title"]],
                                            "Recommendations": [["Report ID"]]})
    result = run_cli(["validate", path])
    assert result.exit_code == 2
    assert "no 'Published' column" in result.output


def test_new_builds_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "tracker.xlsx"
    assert run_cli(["new", path]).exit_code == 0
    result = run_cli(["new", path])
    assert result.exit_code == 2 and "already exists" in result.output
    assert run_cli(["new", path, "--demo", "--force"]).exit_code == 0
    assert run_cli(["validate", path, "--today", "2020-04-01"]).exit_code == 0


def test_every_command_has_help_with_an_example():
    from s55xl.cli.main import cli

    for name, command in cli.commands.items():
        assert command.help, name
        result = run_cli([name, "--help"])
        assert result.exit_code == 0
        assert "Example: s55xl" in result.output, name


def test_main_never_shows_a_traceback(tmp_path, capsys):
    from s55xl.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["validate", str(tmp_path / "missing.xlsx")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("s55xl: ") and "Traceback" not in err


def test_demo_builds_checks_dates_and_generates(tmp_path):
    result = run_cli(["demo", "--out", tmp_path])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s55xl-demo.xlsm").exists()
    assert "s55xl-demo.xlsm: no problems found." in result.output
    assert "Deadlines as at Wed  1 Apr 2020" in result.output  # inside the example's 56 days
    assert "Submit by           Wed 22 Apr 2020" in result.output
    for name in ("NCPI-2019 Board paper DRAFT.docx", "NCPI-2019 PCC response DRAFT.docx",
                 "NCPI-2019 publication DRAFT.html"):  # the demo has no Response date
        assert (tmp_path / name).stat().st_size > 1000, name


# What `s55xl validate` must not load: every CLI call and button press pays for its imports.
HEAVY = ("docxtpl", "docx", "openpyxl", "lxml", "xlsxwriter", "jinja2", "xlwings")
STARTUP = """
import json, subprocess, sys
def refuse(*args, **kwargs):
    raise AssertionError(f"started a process: {args[0]}")
subprocess.Popen = refuse
from s55xl.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    sys.stderr.write(json.dumps({"exit": exc.code, "modules": sorted(sys.modules)}))
"""


def _validate_in_fresh_python(path, cache):
    env = dict(os.environ, S55XL_CACHE_DIR=str(cache))
    done = run([sys.executable, "-c", STARTUP, "validate", path, "--today", "2020-04-01"],
               env=env)
    report = json.loads(done.stderr)
    assert report["exit"] == 0, done.stdout
    assert f"{path}: 0 errors, 1 warning" in done.stdout  # no Settings sheet
    return {m.split(".")[0] for m in report["modules"]}


def test_validate_starts_light_and_loads_holidays_for_the_years_needed(simple_book, tmp_path):
    path = simple_book()  # published 27/02/2020: every date it needs falls in 2020
    cache = tmp_path / "cache"
    loaded = _validate_in_fresh_python(path, cache)
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)
    [remembered] = cache.glob("bank-holidays-*.json")
    assert set(json.loads(remembered.read_text())) == {"2020"}
    # Next time the remembered days are read and the holidays package is not imported at all.
    loaded = _validate_in_fresh_python(path, cache)
    assert "holidays" not in loaded and loaded.isdisjoint(HEAVY)


def test_importing_the_buttons_loads_no_library():
    done = run([sys.executable, "-c", "import json, sys, s55xl.excel; "
                "print(json.dumps(sorted(sys.modules)))"])
    loaded = {m.split(".")[0] for m in json.loads(done.stdout)}
    assert loaded.isdisjoint({*HEAVY, "pydantic", "python_calamine", "holidays", "click"})
