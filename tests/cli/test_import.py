"""`s55xl import`: the command line, end to end, through the shared safe writer."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import BOARD_PAPER_SEED
from support.papers import TABLE_ITEMS, table_paper_docx

from s55xl import demo, xlsx
from s55xl.cli.main import cli
from s55xl.importer.patterns import LOOKED_FOR

SEED = BOARD_PAPER_SEED
needs_seed = pytest.mark.requires("seeds")
FIELDS = ("report_id", "ref", "type", "addressed_to", "recommendation", "force_response")
DEMO_ROWS = [{f: r[f] for f in FIELDS} for r in demo.RECOMMENDATIONS]
ADDED = [{**row, "target_date": None} for row in DEMO_ROWS]  # as the import JSON lists them
DEMO_REPORT = {"report_id": "NCPI-2019", "title": demo.REPORT["title"], "published": "2020-02-27"}


@pytest.fixture(scope="session")
def empty_xlsm(tmp_path_factory) -> Path:
    from s55xl.build.workbook import build

    return build(tmp_path_factory.mktemp("empty") / "t.xlsm")


@pytest.fixture
def book(empty_xlsm, tmp_path) -> Path:
    path = tmp_path / "tracker.xlsm"
    shutil.copy(empty_xlsm, path)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def skipped_reason(ref: str, row: int) -> str:
    return (f"{ref} is already in the workbook for NCPI-2019 (Recommendations row {row}); add "
            "--replace to overwrite it.")


@needs_seed
def test_dry_run_json_changes_nothing(book):
    before = book.read_bytes()
    result = run(SEED, "--into", book, "--dry-run", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {"report": DEMO_REPORT, "added": ADDED,
                                         "skipped": []}
    assert book.read_bytes() == before
    assert not (book.parent / "s55xl-backups").exists()


@needs_seed
def test_import_then_duplicate_then_replace(book):
    first = run(SEED, "--into", book, "--json")
    assert (first.exit_code, first.stderr) == (0, "")
    assert json.loads(first.stdout) == {"report": DEMO_REPORT, "added": ADDED,
                                        "skipped": []}
    tracker = xlsx.load(book)
    assert [{f: getattr(r, f) for f in FIELDS} for r in tracker.recommendations] == DEMO_ROWS
    assert [(r.report_id, r.title, r.published, r.report_url) for r in tracker.reports] == [
        ("NCPI-2019", demo.REPORT["title"], date(2020, 2, 27), demo.REPORT["report_url"])]
    backups = list((book.parent / "s55xl-backups").iterdir())
    assert len(backups) == 1

    written = book.read_bytes()
    again = run(SEED, "--into", book, "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {
        "report": DEMO_REPORT, "added": [],
        "skipped": [{"ref": f"3.{n}", "reason": skipped_reason(f"3.{n}", n + 1)}
                    for n in range(1, 7)]}
    assert book.read_bytes() == written  # nothing new: not even rewritten

    # Staff fill in an owner; --replace rewrites the paper's columns and keeps theirs.
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb["Recommendations"]["H2"] = "Head of Crime"
    wb["Recommendations"]["E2"] = "Edited by hand."
    wb.save(book)
    replaced = run(SEED, "--into", book, "--replace", "--json")
    assert replaced.exit_code == 0
    assert json.loads(replaced.stdout) == {"report": DEMO_REPORT, "added": ADDED,
                                           "skipped": []}
    tracker = xlsx.load(book)
    assert [{f: getattr(r, f) for f in FIELDS} for r in tracker.recommendations] == DEMO_ROWS
    assert tracker.recommendations[0].owner == "Head of Crime"
    assert len(tracker.reports) == 1


@needs_seed
def test_human_output(book):
    result = run(SEED, "--into", book)
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[:4] == [
        f"Imported 6 findings from {SEED} into {book} (report NCPI-2019).",
        ("Added NCPI-2019 to the Reports sheet: National Child Protection Inspections 2019 "
         "Thematic Report, published 27 February 2020."),
        ("The Report ID NCPI-2019 was made from the title 'National Child Protection "
         "Inspections 2019 Thematic Report'; give --report ID to choose another."),
        "  3.1       Recommendation        Home Office  [new]",
    ]
    assert out[-1].startswith("The previous version is saved as ")
    dry = run(SEED, "--into", book, "--dry-run")
    assert dry.stdout.splitlines()[0] == (f"Would import 0 findings from {SEED} into {book} "
                                          "(report NCPI-2019).")
    assert dry.stdout.splitlines()[-1] == "Dry run: nothing was written."


def test_table_paper_into_a_hand_typed_workbook_with_report_option(tmp_path):
    paper = table_paper_docx(tmp_path / "paper.docx")
    book = tmp_path / "tracker.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Reports"
    wb.active.append(["Report ID", "Title", "Published"])
    ws = wb.create_sheet("Recommendations")
    ws.append(["Report ID", "Ref", "Type", "Addressed to", "Recommendation", "Force response"])
    wb.save(book)
    result = run(paper, "--into", book, "--report", "FRAUD-21", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "report": {"report_id": "FRAUD-21", "title": "PEEL Spotlight: Fraud Victims 2021",
                   "published": "2021-08-02"},
        "added": [{"report_id": "FRAUD-21", "ref": i.ref, "type": i.type,
                   "addressed_to": i.addressed_to, "recommendation": i.recommendation,
                   "force_response": i.force_response,
                   "target_date": i.target_date and i.target_date.isoformat()}
                  for i in TABLE_ITEMS],
        "skipped": []}
    tracker = xlsx.load(book)
    assert [(r.report_id, r.title, r.published) for r in tracker.reports] == [
        ("FRAUD-21", "PEEL Spotlight: Fraud Victims 2021", date(2021, 8, 2))]
    assert [(r.report_id, r.ref, r.type, r.addressed_to, r.recommendation, r.force_response)
            for r in tracker.recommendations] == [
        ("FRAUD-21", i.ref, i.type, i.addressed_to, i.recommendation, i.force_response)
        for i in TABLE_ITEMS]


def test_nothing_recognised_exits_1_and_says_what_was_looked_for(book, tmp_path):
    paper = tmp_path / "minutes.txt"
    paper.write_text("Minutes of the meeting.\nThe Board noted the report.\n")
    before = book.read_bytes()
    result = run(paper, "--into", book)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"s55xl: {paper}: no recommendations found, so nothing was "
                             f"imported. s55xl looked for {LOOKED_FOR}.\n")
    assert book.read_bytes() == before
    as_json = run(paper, "--into", book, "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {
        "report": {"report_id": "MINUTES", "title": None, "published": None},
        "added": [], "skipped": []}
    assert as_json.stderr.startswith(f"s55xl: {paper}: no recommendations found")


def test_missing_paper_exits_2_with_one_line(book, tmp_path):
    result = run(tmp_path / "nope.docx", "--into", book)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"s55xl: {tmp_path / 'nope.docx'}: no such file. Check the name " \
                            "and folder.\n"


@needs_seed
def test_missing_workbook_exits_2_with_one_line(tmp_path):
    result = run(SEED, "--into", tmp_path / "nope.xlsm")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"s55xl: {tmp_path / 'nope.xlsm'}: no such file. Check the name " \
                            "and folder.\n"


@needs_seed
def test_workbook_open_in_excel_is_left_alone(book):
    (book.parent / f"~${book.name}").write_bytes(b"\x05Alice" + b"\x00" * 160)
    before = book.read_bytes()
    result = run(SEED, "--into", book)
    assert result.exit_code == 2
    assert "is open in Excel by Alice" in result.stderr
    assert book.read_bytes() == before


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    assert "Example: s55xl import peel-2023.pdf --into tracker.xlsm --dry-run" in result.stdout
    for option in ("--into", "--report", "--replace", "--dry-run", "--json"):
        assert option in result.stdout


# -- the inspectorate's own report: web page and PDF -----------------------------------------------

def _settings(book: Path, **values: str) -> None:
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Settings"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    wb.save(book)


def test_web_page_dry_run_json_names_the_force_from_settings(book, tmp_path):
    from support.reports import write_html

    _settings(book, **{"Force full name": "Westshire Police"})
    page = write_html("peel", tmp_path / "peel-2023.html")
    before = book.read_bytes()
    result = run(page, "--into", book, "--dry-run", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    added = json.loads(result.stdout)["added"]
    assert [(a["ref"], a["type"], a["addressed_to"]) for a in added] == [
        ("Cause of concern 1", "Cause of concern", "Westshire Police"),
        ("Cause of concern 1.1", "Recommendation", "Westshire Police"),
        ("Cause of concern 1.2", "Recommendation", "Westshire Police"),
        ("AFI 1", "Area for improvement", "Westshire Police"),
        ("AFI 2", "Area for improvement", "Westshire Police")]
    assert book.read_bytes() == before


def test_web_page_human_output_shows_target_dates(book, tmp_path):
    from support.reports import write_html

    page = write_html("thematic", tmp_path / "thematic.html")
    result = run(page, "--into", book, "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert "  Recommendation 1  Recommendation        Chief constables  target 31/03/2021  [new]" \
        in lines
    i = lines.index("  Recommendation 3  Recommendation        Home Office and NPCC  target "
                    "01/06/2021  [new]")
    assert lines[i + 1] == ("                    Target date worked out as six months from "
                            "publication (1 December 2020).")


def test_scanned_pdf_exits_1(book, tmp_path):
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("L", (850, 1100), 255).save(scan)
    before = book.read_bytes()
    result = run(scan, "--into", book)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"s55xl: {scan}: this PDF has no text to read (it is a "
                                    "scan); ")
    assert result.stderr.count("\n") == 1
    assert book.read_bytes() == before


def test_encrypted_pdf_exits_2_with_one_line(book, tmp_path):
    from pypdf import PdfWriter

    locked = tmp_path / "locked.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    writer.write(locked)
    result = run(locked, "--into", book)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"s55xl: {locked}: is protected with a password, so s55xl cannot "
                             "read it. Open it, remove the password (or print it to a new PDF) "
                             "and import that copy.\n")


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_pdf_import_writes_the_rows(book, tmp_path):
    from support.reports import to_pdf, write_docx

    pdf = to_pdf(write_docx("thematic", tmp_path / "thematic.docx"), tmp_path)
    result = run(pdf, "--into", book, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    tracker = xlsx.load(book)
    assert [(r.title, r.published) for r in tracker.reports] == [
        ("Online child sexual abuse: A thematic inspection of the police response",
         date(2020, 12, 1))]
    assert [(r.ref, r.addressed_to) for r in tracker.recommendations] == [
        ("Recommendation 1", "Chief constables"), ("Recommendation 2", "College of Policing"),
        ("Recommendation 3", "Home Office and NPCC"), ("Recommendation 4", "Chief constables")]


def test_a_joint_inspection_writes_its_inspectorates_and_type_on_the_report_row(book, tmp_path):
    from support.reports import JOINT, URL, write_html

    page = write_html("joint", tmp_path / "joint.html")
    result = run(page, "--into", book, "--report", "JOINT-2022")
    assert (result.exit_code, result.stderr) == (0, "")
    ws = openpyxl.load_workbook(book)["Reports"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "JOINT-2022")
    got = dict(zip(header, row, strict=False))
    assert (got["Title"], got["Inspectorate"], got["Report type"], got["Report URL"]) == (
        JOINT[0][1], "HMICFRS, HMCPSI and HMI Probation", "Joint inspection",
        URL.format("joint"))
