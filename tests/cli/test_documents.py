"""`s55xl generate`, `s55xl check-template` and the documents part of `s55xl demo`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import REPO
from support.documents import rec, report, write_tracker

from s55xl.cli.main import cli

TEMPLATES = REPO / "s55xl" / \
    "documents" / "templates"


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "none")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_generate_json_lists_every_document_with_its_sha256(demo_xlsx, tmp_path):
    result = run("generate", demo_xlsx, "--out", tmp_path, "--json", "--today", "2020-04-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"documents", "skipped"}
    assert [(d["kind"], d["format"]) for d in data["documents"]] == [
        ("board_paper", "docx"), ("response", "docx"), ("publication", "html")]
    assert all(len(d["sha256"]) == 64 for d in data["documents"])
    assert data["skipped"][0]["reason"].startswith("NCPI-2019: PDF not made")


def test_generate_human_output_lists_each_file(demo_xlsx, tmp_path):
    result = run("generate", demo_xlsx, "--out", tmp_path, "--format", "docx",
                 "--today", "2020-04-01")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Wrote 2 documents:",
        f"  {tmp_path / 'NCPI-2019 Board paper DRAFT.docx'}",
        f"  {tmp_path / 'NCPI-2019 PCC response DRAFT.docx'}"]


def test_generate_exits_1_when_a_report_is_refused(tmp_path):
    book = write_tracker(tmp_path / "t.xlsx", [report("OK"), report("NO", title=None)],
                         [rec("OK", "3.1"), rec("NO", "3.1")])
    result = run("generate", book, "--format", "docx", "--today", "2020-04-01")
    assert result.exit_code == 1
    assert "Nothing made for NO: 1 error in its rows (first: Reports!B3" in result.output
    assert "ERROR Reports!B3 (Title)" in result.output
    assert (tmp_path / "s55xl-output" / "OK Board paper DRAFT.docx").exists()
    assert not list((tmp_path / "s55xl-output").glob("NO *"))


def test_generate_unknown_report_is_exit_2_with_one_line(tmp_path):
    book = write_tracker(tmp_path / "t.xlsx", [report("OK")], [rec("OK")])
    result = CliRunner().invoke(cli, ["generate", str(book), "--report", "MISSING"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "there is no report 'MISSING' on the Reports sheet (its reports: OK)" in result.output


def test_generate_bad_format_and_missing_workbook_are_exit_2(tmp_path):
    book = write_tracker(tmp_path / "t.xlsx", [report("OK")], [rec("OK")])
    assert run("generate", book, "--format", "docx,odt").exit_code == 2
    result = CliRunner().invoke(cli, ["generate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2 and "no such file" in result.output


@pytest.mark.parametrize("name", ["board_paper.docx", "pcc_response.docx", "publication.html",
                                  "progress_paper.docx"])
def test_check_template_passes_the_built_in_templates(name):
    result = run("check-template", TEMPLATES / name)
    assert result.exit_code == 0, result.output
    assert "a good" in result.output


def test_check_template_reports_unknown_and_unused_placeholders(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<h1>{{ report_titel }}</h1>{% for r in recommendations %}{{ r.colour }}"
                    "{% endfor %}", encoding="utf-8")
    result = run("check-template", page)
    assert result.exit_code == 1
    assert "Not provided by s55xl: {{ report_titel }}" in result.output
    assert "Not provided by s55xl: {{ r.colour }}" in result.output
    assert "Never used: {{ t }}" in result.output
    data = json.loads(run("check-template", page, "--json").output)
    assert data["unknown"] == ["r.colour", "report_titel"] and not data["ok"]


def test_check_template_reports_wording_misspelt_or_left_out(tmp_path):
    """s55xl's wording is ``t``: a field it does not have is named, and so is statutory
    wording the kind of document cannot do without."""
    page = tmp_path / "page.html"
    page.write_text("<h1>{{ t.page_heading }}</h1><p>{{ t.under_s56 }}</p>{{ report_url }}"
                    "{{ response_url }}{{ summary_blocks }}{{ published }}{{ draft_mark }}",
                    encoding="utf-8")
    data = json.loads(run("check-template", page, "--json").output)
    assert data["unknown"] == ["t.under_s56"]
    assert data["unused"] == ["t.under_s55"]
    page.write_text(page.read_text(encoding="utf-8").replace("s56", "s55"), encoding="utf-8")
    data = json.loads(run("check-template", page, "--json").output)
    assert data["ok"], data


def test_check_template_reports_nested_loops_in_word_templates(tmp_path):
    import docx

    document = docx.Document()
    for text in ("{%p for section in sections %}", "{{ section.heading }}",
                 "{%p for item in section.items %}", "{{ item.txt }}", "{%p endfor %}",
                 "{%p endfor %}"):
        document.add_paragraph(text)
    path = tmp_path / "Board paper.docx"
    document.save(path)
    data = json.loads(run("check-template", path, "--json").output)
    assert data["kind"] == "board_paper"
    assert data["unknown"] == ["item.txt"]
    assert "t" in data["unused"] and "signatories" in data["unused"]


def test_check_template_syntax_error_is_a_problem_not_a_crash(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("{% for %}", encoding="utf-8")
    result = run("check-template", page)
    assert result.exit_code == 1 and "Problem:" in result.output


def test_check_template_unusable_files_are_exit_2(tmp_path):
    fake = tmp_path / "response.docx"
    fake.write_text("not a zip")
    for args in ([fake], [tmp_path / "missing.docx"], [tmp_path / "unclear.docx"]):
        if args[0].name == "unclear.docx":
            args[0].write_bytes((TEMPLATES / "board_paper.docx").read_bytes())
        result = CliRunner().invoke(cli, ["check-template", *map(str, args)])
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("s55xl: ")


def test_commands_have_help_with_an_example():
    for command in ("generate", "check-template"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example: s55xl " + command in result.output


def test_demo_generates_every_document(tmp_path):
    result = run("demo", "--out", tmp_path, "--today", "2020-04-01")
    assert result.exit_code == 0, result.output
    assert f"  {tmp_path / 'NCPI-2019 Board paper DRAFT.docx'}" in result.output
    assert f"  {tmp_path / 'NCPI-2019 publication DRAFT.html'}" in result.output
    assert "NCPI-2019: PDF not made" in result.output


def test_registering_the_document_commands_imports_no_document_library():
    code = ("import sys; import s55xl.cli.documents, s55xl.documents; "
            "print(sorted(m for m in ('docxtpl', 'docx', 'jinja2', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
