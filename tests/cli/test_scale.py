"""The command line on big trackers: the JSON as scripts parse it, one finding for a missing
column, repeated findings grouped on the console, and output into a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from conftest import REC_HEADERS, REPORT_HEADERS, rec_row, report_row, run_cli, write_book

S55XL = [sys.executable, "-m", "s55xl.cli"]


def s55xl(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*S55XL, *map(str, args)], capture_output=True, timeout=300, **kwargs)


# -- validate --json: the same bytes as the indenting standard-library encoder wrote ----------


def test_validate_json_of_a_varied_tracker_is_byte_for_byte_the_old_output(tmp_path):
    """Unicode, quotes, backslashes, line breaks and tabs typed into cells reach the messages;
    the real process's stdout equals what ``json.dumps(indent=2, ensure_ascii=False)`` of the
    findings' ``asdict`` gives, plus the newline ``click.echo`` adds."""
    from s55xl import checks, xlsx

    odd = 'Cyngor "Sir" Gâr\\Caerfyrddin — ‘quoted’\nsecond line\ttab 🚓'
    book = write_book(tmp_path / "Tracker “2020”.xlsx", {
        "Reports": [REPORT_HEADERS, report_row("R-ŵ", "Adolygiad “thematig”", **{"Report URL": None}),
                    report_row("R2", published="27/02/2020")],
        "Recommendations": [REC_HEADERS,
                            rec_row("R-ŵ", "3.1", addressed_to=odd, response=None,
                                    pcc_action=None),
                            rec_row("R-ŵ", '3.2 "b"', response=None),
                            rec_row("R2", "1\n2", status="Complete", type_="Area for improvement")],
    })
    done = s55xl("validate", book, "--json", "--today", "2020-04-01")
    assert done.returncode == 1, done.stderr
    found = checks.run(xlsx.load(book), date(2020, 4, 1)).findings
    old = json.dumps({"workbook": str(book), "errors": sum(f.severity == "error" for f in found),
                      "warnings": sum(f.severity == "warning" for f in found),
                      "findings": [asdict(f) for f in found]}, indent=2, ensure_ascii=False)
    assert done.stdout == (old + "\n").encode("utf-8")
    doc = json.loads(done.stdout)
    messages = "\n".join(f["message"] for f in doc["findings"])
    assert odd in messages  # the addressee exactly as typed, line break and all
    assert {f["code"] for f in doc["findings"]} >= {
        "standard-wording", "standard-pcc-action", "force-response-missing", "text-date",
        "report-url-missing", "complete-without-evidence"}
    assert list(doc["findings"][0]) == ["severity", "code", "sheet", "cell", "row", "column",
                                        "message"]


# -- a missing optional column is one finding -------------------------------------------------


def _without(headers: list[str], rows: list[list], drop: str):
    keep = [i for i, h in enumerate(headers) if h != drop]
    return [[headers[i] for i in keep]] + [[r[i] for i in keep] for r in rows]


def test_no_pcc_action_column_is_one_warning_naming_it(tmp_path):
    recs = [rec_row(ref=str(i), pcc_action=None) for i in range(1, 41)]
    book = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()],
        "Recommendations": _without(REC_HEADERS, recs, "PCC action"),
        "Settings": [["Setting", "Value"], ["Board name", "Police and Crime Panel"]]})
    result = run_cli(["validate", book, "--json", "--today", "2020-04-01"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert (doc["errors"], doc["warnings"]) == (0, 1)
    [finding] = doc["findings"]
    assert finding == {
        "severity": "warning", "code": "standard-pcc-action", "sheet": "Recommendations",
        "cell": "", "row": None, "column": "PCC action",
        "message": "The Recommendations sheet has no 'PCC action' column, so the response will "
                   "say for 40 recommendations: \"I will monitor the Constabulary's progress on "
                   "this recommendation through the Police and Crime Panel.\" Add a 'PCC action' "
                   "column to the headers (row 1) to give the PCC's own action on each (section "
                   "55(5B))."}


def test_no_pcc_action_column_still_stops_a_response_for_pccs(tmp_path):
    """An error is one per row, each refusing its own report's response."""
    recs = [rec_row(ref="1", pcc_action=None),
            rec_row(ref="2", pcc_action=None, addressed_to="Police and crime commissioners")]
    book = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()],
        "Recommendations": _without(REC_HEADERS, recs, "PCC action")})
    doc = json.loads(run_cli(["validate", book, "--json", "--today", "2020-04-01"]).output)
    assert sorted((f["code"], f["row"]) for f in doc["findings"] if f["code"] != "no-settings") \
        == [("pcc-action-missing", 3), ("standard-pcc-action", None)]


def test_other_missing_optional_column_is_one_warning_too(tmp_path):
    recs = [rec_row(ref=str(i), status="Complete") for i in range(1, 13)]
    book = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()],
        "Recommendations": _without(REC_HEADERS, recs, "Evidence")})
    doc = json.loads(run_cli(["validate", book, "--json", "--today", "2020-04-01"]).output)
    [finding] = [f for f in doc["findings"] if f["code"] == "complete-without-evidence"]
    assert (finding["cell"], finding["row"], finding["column"]) == ("", None, "Evidence")
    assert finding["message"].startswith(
        "The Recommendations sheet has no 'Evidence' column, so 12 rows are read as blank "
        "there. The first: R1 1 is marked Complete but Evidence is blank.")
    assert finding["message"].endswith(
        "Add a 'Evidence' column to the headers (row 1), then fill it in for those rows.")


# -- the console groups repeated findings, --json keeps each ----------------------------------


def test_many_alike_findings_are_listed_once_with_their_cells(tmp_path):
    recs = [rec_row(ref=str(i), addressed_to="Home Office", response=None) for i in range(1, 61)]
    recs.append(rec_row(ref="61", response=None))  # one error among them
    book = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()], "Recommendations": [REC_HEADERS] + recs,
        "Settings": [["Setting", "Value"]]})
    result = run_cli(["validate", book, "--today", "2020-04-01"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{book}: 1 error, 60 warnings"
    assert "WARNING Recommendations!F2, F3, F4, F5, F6 and 55 more (Force response): 60 alike" \
        in lines
    i = lines.index("WARNING Recommendations!F2, F3, F4, F5, F6 and 55 more (Force response): "
                    "60 alike")
    assert lines[i + 1].startswith("        The first: R1 1: Force response is blank, so the "
                                   "documents will say:")
    assert "ERROR   Recommendations!F62 (Force response)" in lines
    assert sum("standard-wording" in line for line in lines) == 1
    assert len(lines) < 20
    doc = json.loads(run_cli(["validate", book, "--json", "--today", "2020-04-01"]).output)
    assert [f["cell"] for f in doc["findings"] if f["code"] == "standard-wording"] == [
        f"F{r}" for r in range(2, 62)]


def test_a_few_alike_findings_are_each_listed(simple_book):
    path = simple_book(recs=[rec_row(ref=str(i), addressed_to="Home Office", response=None)
                             for i in range(1, 4)])
    out = run_cli(["validate", path, "--today", "2020-04-01"]).output
    assert [line for line in out.splitlines() if line.startswith("WARNING Recommendations")] \
        == ["WARNING Recommendations!F2 (Force response)", "WARNING Recommendations!F3 (Force "
            "response)", "WARNING Recommendations!F4 (Force response)"]


# -- a closed pipe -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory) -> Path:
    """400 reports: their deadlines, and the warnings on their recommendations for the Home
    Office, run to far more than a pipe holds (64 KiB)."""
    rows = [report_row(f"R{i:03d}", f"Report {i}") for i in range(400)]
    recs = [rec_row(f"R{i:03d}", "1", addressed_to="Home Office", response=None)
            for i in range(400)]
    path = tmp_path_factory.mktemp("pipe") / "tracker.xlsx"
    return write_book(path, {"Reports": [REPORT_HEADERS] + rows,
                             "Recommendations": [REC_HEADERS] + recs})


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell pipeline")
@pytest.mark.parametrize("args", [["deadlines", "--today", "2020-04-01"],
                                  ["validate", "--json", "--today", "2020-04-01"]])
def test_output_into_a_closed_pipe_ends_quietly_with_141(many_reports, tmp_path, args):
    """``s55xl deadlines … | head -1`` through a real shell pipe: the first line arrives,
    s55xl exits 141 (128 + SIGPIPE, as the shell reports any program a closed pipe stops),
    says nothing on stderr and writes no crash log."""
    crash_dir = tmp_path / "tmp"
    crash_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["TMPDIR"] = str(crash_dir)  # where a crash log would go
    command = " ".join([*S55XL, args[0], str(many_reports), *args[1:]])
    done = subprocess.run(["bash", "-c", f'{command} 2>"$TMPDIR/../stderr" | head -1; '
                                         'echo "status ${PIPESTATUS[0]}"'],
                          capture_output=True, text=True, env=env, timeout=300)
    first, status = done.stdout.splitlines()
    assert first == ("Deadlines as at Wed  1 Apr 2020" if args[0] == "deadlines" else "{")
    assert status == "status 141"
    assert (tmp_path / "stderr").read_text() == ""
    assert list(crash_dir.iterdir()) == []


def test_output_read_to_the_end_exits_as_usual(many_reports):
    done = s55xl("deadlines", many_reports, "--today", "2020-04-01")
    assert done.returncode == 0
    assert done.stdout.decode().count("Statutory deadline") == 400


def test_generate_lists_many_alike_refusals_once(tmp_path):
    book = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()],
        "Recommendations": [REC_HEADERS] + [rec_row(ref=str(i), response=None)
                                            for i in range(1, 11)]})
    result = run_cli(["generate", book, "--format", "docx", "--out", tmp_path / "out",
                      "--today", "2020-04-01"])
    assert result.exit_code == 1
    finding_lines = [line for line in result.output.splitlines() if line.startswith("  ERROR")]
    assert finding_lines == [
        "  ERROR Recommendations!F2, F3, F4, F5, F6 and 5 more (Force response): 10 alike; the "
        "first: R1 1 is addressed to Chief constables, so the force must say what it is doing. "
        "Type the force response (the action taken or proposed, or why none)."]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
