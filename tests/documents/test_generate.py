"""The library entry point: which reports get which documents, where, and why not."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import docx
import pytest
from support.documents import TODAY, load, rec, report, signatory, write_tracker

from s55xl.documents import GenerateResult, generate
from s55xl.errors import UnusableInput


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    """PDF conversion is tested in test_documents_pdf.py; here it is switched off."""
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "none")


def two_reports(tmp_path, **settings):
    return write_tracker(
        tmp_path / "tracker.xlsx",
        [report("GOOD"), report("BAD")],
        [rec("GOOD", "3.1"), rec("BAD", "3.1", recommendation=None)],
        [signatory()], settings)


def test_demo_documents_as_json(demo_xlsx, tmp_path):
    result = generate(load(demo_xlsx), out_dir=tmp_path, today=TODAY)
    assert isinstance(result, GenerateResult)
    data = result.as_json()
    assert set(data) == {"documents", "skipped"}
    assert [(d["kind"], d["format"]) for d in data["documents"]] == [
        ("board_paper", "docx"), ("response", "docx"), ("publication", "html")]
    for d in data["documents"]:
        assert set(d) == {"report_id", "kind", "format", "path", "sha256"}
        assert d["report_id"] == "NCPI-2019"
        assert hashlib.sha256(Path(d["path"]).read_bytes()).hexdigest() == d["sha256"]
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".html"))
    # No Paper date, no Response date: every document a draft.
    assert names == ["NCPI-2019 Board paper DRAFT.docx", "NCPI-2019 PCC response DRAFT.docx",
                     "NCPI-2019 publication DRAFT.html"]
    assert data["skipped"] == [{"report_id": "NCPI-2019", "reason": data["skipped"][0]["reason"]}]
    assert data["skipped"][0]["reason"].startswith("NCPI-2019: PDF not made")
    assert not result.refused
    json.dumps(data)


def test_a_report_with_errors_gets_nothing_and_the_others_everything(tmp_path):
    tracker = load(two_reports(tmp_path))
    result = generate(tracker, out_dir=tmp_path / "out", formats=("docx", "html"), today=TODAY)
    assert result.refused == ["BAD"]
    assert {d.report_id for d in result.documents} == {"GOOD"}
    assert len(result.documents) == 3
    [skip] = result.skipped
    assert skip["report_id"] == "BAD" and "Recommendations!E3" in skip["reason"]
    assert [(f.sheet, f.cell, f.severity) for f in result.findings] == [
        ("Recommendations", "E3", "error")]


def test_blank_pcc_comments_refuse_only_the_response_and_its_page(tmp_path):
    book = write_tracker(tmp_path / "t.xlsx", [report("R", pcc_comments=None, cc_comments=" "),
                                               report("S")],
                         [rec("R", "3.1"), rec("S", "3.1")])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx", "html"),
                      today=TODAY)
    made = {(d.report_id, d.kind) for d in result.documents}
    assert made == {("R", "board_paper"), ("S", "board_paper"), ("S", "response"),
                    ("S", "publication")}
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith("R ")) == [
        "R Board paper DRAFT.docx"]
    assert result.refused == ["R"]
    # Blank Chief Constable comments are not a refusal: the response would say none came.
    assert [(f.code, f.cell, f.column) for f in result.findings] == [
        ("pcc-comments-missing", "I2", "PCC comments")]
    [skip] = result.skipped
    assert skip["reason"].startswith("PCC response and publication page not made for R: ")
    assert "Reports!I2" in skip["reason"]


def test_unknown_report_id_is_unusable_input_and_case_is_forgiven(tmp_path):
    tracker = load(two_reports(tmp_path))
    with pytest.raises(UnusableInput, match="no report 'NOPE'.*GOOD, BAD"):
        generate(tracker, report_ids=["NOPE"], out_dir=tmp_path / "out", today=TODAY)
    result = generate(tracker, report_ids=["good"], out_dir=tmp_path / "out", formats=("docx",),
                      today=TODAY)
    assert {d.report_id for d in result.documents} == {"GOOD"} and not result.refused


def test_generating_twice_keeps_the_names_and_the_first_files_in_versions(tmp_path):
    tracker = load(two_reports(tmp_path))
    out = tmp_path / "out"
    first = generate(tracker, ["GOOD"], out, ("docx",), TODAY)
    old = {d.path.name: d.path.read_bytes() for d in first.documents}
    second = generate(tracker, ["GOOD"], out, ("docx",), TODAY)
    third = generate(tracker, ["GOOD"], out, ("docx",), TODAY)
    names = ["GOOD Board paper DRAFT.docx", "GOOD PCC response DRAFT.docx"]
    assert [d.path for d in third.documents] == [out / n for n in names]
    assert [d.path for d in second.documents] == [out / n for n in names]
    assert sorted(p.name for p in (out / "versions").iterdir()) == [
        "GOOD Board paper DRAFT (2).docx", "GOOD Board paper DRAFT.docx",
        "GOOD PCC response DRAFT (2).docx", "GOOD PCC response DRAFT.docx"]
    for name, data in old.items():  # the first run's bytes are kept, whole
        assert (out / "versions" / name).read_bytes() == data
    for d in third.documents:
        assert hashlib.sha256(d.path.read_bytes()).hexdigest() == d.sha256


def test_default_folder_is_the_output_setting_beside_the_workbook(tmp_path):
    book = two_reports(tmp_path, output_folder="papers")
    result = generate(load(book), ["GOOD"], formats=("html",), today=TODAY)
    [doc] = result.documents
    assert doc.path == tmp_path / "papers" / "GOOD publication DRAFT.html"


def test_formats_choose_what_is_written(tmp_path):
    tracker = load(two_reports(tmp_path))
    result = generate(tracker, ["GOOD"], tmp_path / "out", ("html",), TODAY)
    assert [(d.kind, d.format) for d in result.documents] == [("publication", "html")]
    page = result.documents[0].path.read_text(encoding="utf-8")
    # No PDF made or published: the page never links the Word file, it offers the response.
    assert ".docx" not in page and "response is available on request" in page
    with pytest.raises(ValueError):
        generate(tracker, ["GOOD"], tmp_path / "out", ("odt",), TODAY)


def test_response_link_uses_the_response_web_address(tmp_path):
    book = two_reports(tmp_path, response_base_url="https://www.example-pcc.org.uk/s55/")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "GOOD PCC response DRAFT.pdf").write_bytes(b"%PDF-1.4 published\n")
    result = generate(load(book), ["GOOD"], tmp_path / "out", ("docx", "html"), TODAY)
    page = next(d.path for d in result.documents if d.format == "html").read_text("utf-8")
    assert 'href="https://www.example-pcc.org.uk/s55/GOOD%20PCC%20response%20DRAFT.pdf"' in page
    assert ".docx" not in page


def _custom_template(path, text):
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def test_settings_can_name_a_replacement_template_relative_to_the_workbook(tmp_path):
    (tmp_path / "tpl").mkdir()
    _custom_template(tmp_path / "tpl" / "ours.docx", "Our paper on {{ report_title }}.")
    book = two_reports(tmp_path, board_paper_template="tpl/ours.docx")
    result = generate(load(book), ["GOOD"], tmp_path / "out", ("docx",), TODAY)
    paper = next(d.path for d in result.documents if d.kind == "board_paper")
    assert [p.text for p in docx.Document(paper).paragraphs] == ["Our paper on Report GOOD."]


def test_a_missing_replacement_template_is_unusable_input_naming_the_setting(tmp_path):
    book = two_reports(tmp_path, response_template="nowhere/missing.docx")
    with pytest.raises(UnusableInput, match=r"'Response template' setting \(Settings!B2\).*"
                                            r"does not exist"):
        generate(load(book), ["GOOD"], tmp_path / "out", ("docx",), TODAY)


def test_a_template_with_a_misspelt_placeholder_is_refused_clearly(tmp_path):
    _custom_template(tmp_path / "typo.docx", "{{ report_titel }}")
    book = two_reports(tmp_path, board_paper_template=str(tmp_path / "typo.docx"))
    with pytest.raises(UnusableInput, match="report_titel.*check-template"):
        generate(load(book), ["GOOD"], tmp_path / "out", ("docx",), TODAY)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_template_cannot_reach_python_internals(tmp_path):
    _custom_template(tmp_path / "evil.docx",
                     "{{ report_title.__class__.__mro__[1].__subclasses__() }}")
    book = two_reports(tmp_path, board_paper_template=str(tmp_path / "evil.docx"))
    with pytest.raises(UnusableInput):
        generate(load(book), ["GOOD"], tmp_path / "out", ("docx",), TODAY)


def test_nothing_is_written_for_an_empty_tracker(tmp_path):
    book = write_tracker(tmp_path / "empty.xlsx", [], [])
    result = generate(load(book), out_dir=tmp_path / "out", today=TODAY)
    assert result.as_json() == {"documents": [], "skipped": []}


def test_demo_workbook_copied_elsewhere_still_works(demo_xlsx, tmp_path):
    copy = shutil.copy(demo_xlsx, tmp_path / "moved.xlsx")
    result = generate(load(copy), formats=("docx",), today=TODAY)
    assert all(d.path.parent == tmp_path / "s55xl-output" for d in result.documents)


def test_the_page_links_the_published_pdf_never_the_word_file(tmp_path):
    tracker = load(two_reports(tmp_path))
    generate(tracker, ["GOOD"], tmp_path / "out", ("docx", "html"), TODAY)
    # The PDF published from an earlier run (or made in Word) sits in the folder.
    (tmp_path / "out" / "GOOD PCC response DRAFT.pdf").write_bytes(b"%PDF-1.4 published\n")
    again = generate(tracker, ["GOOD"], tmp_path / "out", ("docx", "html"), TODAY)
    page = next(d.path for d in again.documents if d.format == "html")
    assert page.name == "GOOD publication DRAFT.html"
    text = page.read_text("utf-8")
    assert 'href="GOOD%20PCC%20response%20DRAFT.pdf"' in text and ".docx" not in text
    assert (tmp_path / "out" / "GOOD PCC response DRAFT.docx").exists()
    assert not [p for p in (tmp_path / "out").iterdir() if "(2)" in p.name]
