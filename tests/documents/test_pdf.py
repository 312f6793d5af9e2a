"""PDF copies: LibreOffice for real (slow), and a converter that fails, hangs or lies (fast)."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
from support.documents import TODAY, load, rec, report, write_tracker

from s55xl import demo
from s55xl.documents import generate, pdf

HAVE_SOFFICE = pdf.LibreOffice.find() is not None


def body_text(page: str) -> str:
    """A page's text without its running header and footer (marking, page number)."""
    furniture = re.compile(r"^\s*(OFFICIAL|Page \d+ of \d+)\s*$")
    return "\n".join(line for line in page.splitlines() if not furniture.match(line))


def in_order(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needle)


def words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_libreoffice_pdfs_hold_every_recommendation(demo_xlsx, tmp_path, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    result = generate(load(demo_xlsx), out_dir=tmp_path, today=TODAY)
    assert not result.skipped, result.skipped
    pdfs = {d.kind: d.path for d in result.documents if d.format == "pdf"}
    assert set(pdfs) == {"board_paper", "response"}
    assert [p.name for p in pdfs.values()] == ["NCPI-2019 Board paper DRAFT.pdf",
                                                "NCPI-2019 PCC response DRAFT.pdf"]
    for kind, path in pdfs.items():
        reader = PdfReader(path)
        text = words(" ".join(body_text(page.extract_text()) for page in reader.pages))
        for row in demo.RECOMMENDATIONS:
            wanted = words(row["recommendation"]).replace("- ", "-")
            if kind == "board_paper":
                # Line ends in the PDF may split a hyphenated word; compare without that space.
                assert wanted in text.replace("- ", "-"), (kind, row["ref"])
            else:
                # In the table, text extraction interleaves the lines of neighbouring cells:
                # the recommendation's words must all be there, in order.
                assert in_order(wanted.split(), text.replace("- ", "-").split()), \
                    (kind, row["ref"])
        assert reader.metadata.title.startswith(("DRAFT – HMICFRS", "DRAFT – Response of the"))
    page = next(d.path for d in result.documents if d.format == "html").read_text("utf-8")
    assert 'href="NCPI-2019%20PCC%20response%20DRAFT.pdf"' in page
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".s55xl-")]


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\nimport sys, time, pathlib\nargs = sys.argv[1:]\n"
                      f"out = pathlib.Path(args[args.index('--outdir') + 1])\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


WRITE_EACH = ("[(out / (pathlib.Path(a).stem + '.pdf')).write_bytes({content}) "
              "for a in args if a.endswith('.docx')]")


@pytest.mark.skipif(os.name == "nt", reason="uses a POSIX script as a fake soffice")
@pytest.mark.parametrize("body, reason", [
    ("time.sleep(30)", "did not finish within 1 seconds"),
    (WRITE_EACH.format(content="b'<html>oops</html>' * 100"), "is not a PDF"),
    (WRITE_EACH.format(content="b'%PDF-1.7 half' * 100"), "incomplete"),
    ("sys.exit(0)", "LibreOffice made no PDF"),
])
def test_a_failed_conversion_skips_the_pdf_and_leaves_no_file(tmp_path, monkeypatch, body,
                                                               reason):
    monkeypatch.setenv("S55XL_SOFFICE", fake_soffice(tmp_path, body))
    monkeypatch.setenv("S55XL_PDF_TIMEOUT", "1")
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "libreoffice")
    book = write_tracker(tmp_path / "t.xlsx", [report("P")], [rec("P", "3.1")])
    out = tmp_path / "out"
    result = generate(load(book), out_dir=out, today=TODAY)
    assert [(d.kind, d.format) for d in result.documents] == [
        ("board_paper", "docx"), ("response", "docx"), ("publication", "html")]
    [skip] = result.skipped
    assert skip["report_id"] == "P" and reason in skip["reason"]
    assert not result.refused
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".html"]


def test_no_converter_skips_pdf_with_a_one_line_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "libreoffice")
    monkeypatch.setenv("S55XL_SOFFICE", str(tmp_path / "not-installed"))
    book = write_tracker(tmp_path / "t.xlsx", [report("P")], [rec("P", "3.1")])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("pdf", "html"),
                      today=TODAY)
    [skip] = result.skipped
    assert skip["reason"].startswith("P: PDF not made: no PDF converter was found; install "
                                     "LibreOffice")
    assert "\n" not in skip["reason"]
    assert [(d.kind, d.format) for d in result.documents] == [("publication", "html")]


def test_check_pdf_accepts_only_complete_pdfs():
    good = b"%PDF-1.7\n" + b"x" * 1000 + b"\n%%EOF\n"
    assert pdf.check_pdf(good, "a") == good
    for bad in (b"", b"PK\x03\x04" + b"x" * 2000, b"%PDF-1.7" + b"x" * 2000, b"%PDF-%%EOF"):
        with pytest.raises(pdf.ConversionFailed):
            pdf.check_pdf(bad, "a")


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_pdfs_are_tagged_titled_in_english_and_in_the_word_order(demo_xlsx, tmp_path,
                                                                  monkeypatch):
    import docx
    from pypdf import PdfReader
    from pypdf.generic import BooleanObject

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    result = generate(load(demo_xlsx), out_dir=tmp_path, formats=("docx", "pdf"), today=TODAY)
    made = {(d.kind, d.format): d.path for d in result.documents}
    for kind in ("board_paper", "response"):
        reader = PdfReader(made[kind, "pdf"])
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, kind  # tagged: a structure tree for screen readers
        assert root["/MarkInfo"]["/Marked"] == BooleanObject(True), kind
        assert root["/Lang"] == "en-GB", kind
        assert reader.metadata.title == docx.Document(made[kind, "docx"]).core_properties.title
    # The response's PCC actions come in the PDF in the order of the Word table's rows.
    text = words(" ".join(page.extract_text() for page in PdfReader(
        made["response", "pdf"]).pages)).replace("- ", "-")
    [table] = docx.Document(made["response", "docx"]).tables
    firsts = [words(row.cells[0].text + " " + row.cells[1].text.split(".")[0])
              for row in table.rows[1:]]
    assert [r["ref"] for r in demo.RECOMMENDATIONS] == [f.split()[0] for f in firsts]
    positions = [text.find(words(r["recommendation"]).split(" that ")[1][:40])
                 for r in demo.RECOMMENDATIONS]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_one_libreoffice_process_converts_every_report_of_a_run(tmp_path, monkeypatch):
    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    starts = []
    real_run = pdf.LibreOffice._run

    def counting_run(self, command):  # the real LibreOffice, counted
        starts.append(command)
        return real_run(self, command)

    monkeypatch.setattr(pdf.LibreOffice, "_run", counting_run)
    ids = ["A", "B", "C"]
    book = write_tracker(tmp_path / "t.xlsx", [report(i) for i in ids],
                         [rec(i, "1") for i in ids])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    assert len(starts) == 1
    assert sorted(d.path.name for d in result.documents) == sorted(
        f"{i} {label} DRAFT.pdf" for i in ids for label in ("Board paper", "PCC response"))
    for d in result.documents:
        assert d.path.read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_a_table_starting_anywhere_on_a_page_keeps_every_row_in_the_pdf(tmp_path, monkeypatch):
    """Reports whose PCC comments grow a line at a time, so that in one of them the table's
    header row lands at the foot of a page: every row must still reach the PDF (LibreOffice
    drops the rest of a table whose unsplittable first row does not fit), and the header must
    not be left alone at a page foot."""
    from pypdf import PdfReader

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    long = "We recommend that chief constables act on finding {}. " + "More words here. " * 12
    reports, recs = [], []
    for k in range(10):
        rid = f"P{k:02d}"
        reports.append(report(rid, pcc_comments="\n".join(
            f"Paragraph {n} of the PCC's comments." for n in range(12 + 2 * k))))
        recs += [rec(rid, str(j), recommendation=long.format(j),
                     pcc_action=f"PCC action number {j} for {rid}.") for j in (1, 2, 3)]
    book = write_tracker(tmp_path / "t.xlsx", reports, recs)
    result = generate(load(book), out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    responses = [d for d in result.documents if d.kind == "response"]
    assert len(responses) == 10
    for d in responses:
        pages = [words(body_text(p.extract_text())) for p in PdfReader(d.path).pages]
        for j in (1, 2, 3):
            assert f"PCC action number {j} for {d.report_id}." in " ".join(pages), d.path.name
        for page in pages[:-1]:
            assert not page.endswith(("Police and Crime", "Commissioner's action")), \
                (d.path.name, page[-80:])


def _final_demo(tmp_path) -> Path:
    """The demo workbook with its Board paper issued and its response signed."""
    import openpyxl

    from s55xl.build.workbook import build

    book = build(tmp_path / "final.xlsx", with_demo=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["Reports"]
    headers = [c.value for c in ws[1]]
    from datetime import date

    ws.cell(2, headers.index("Response date") + 1, date(2020, 4, 20))
    ws.cell(2, headers.index("Paper date") + 1, date(2020, 4, 3))
    wb.save(book)
    return book


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_no_page_of_the_final_response_is_more_than_half_empty(tmp_path, monkeypatch):
    import pdfplumber

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    result = generate(load(_final_demo(tmp_path)), out_dir=tmp_path / "out", today=TODAY,
                      formats=("pdf",))
    path = next(d.path for d in result.documents if d.kind == "response")
    assert path.name == "NCPI-2019 PCC response.pdf"
    with pdfplumber.open(path) as document:
        pages = document.pages
        assert len(pages) >= 3
        used = []
        for page in pages:
            margin = 2.54 * 72 / 2.54  # the template's 2.54 cm margins, in points
            body = [w for w in page.extract_words()
                    if margin - 5 <= w["top"] and w["bottom"] <= page.height - margin + 5]
            top, bottom = margin, page.height - margin
            reach = max(w["bottom"] for w in body) if body else top
            used.append((reach - top) / (bottom - top))
        for n, share in enumerate(used[:-1], start=1):
            assert share > 0.5, f"page {n} of {len(pages)} is {1 - share:.0%} empty"
        # The signature is never alone on the last page: the paragraph before it goes too.
        last = pages[-1].extract_text()
        assert "Sam Taylor" in last and "section 55(6)" in last
        # The title and the sign-off name the area, not the force.
        first = pages[0].extract_text()
        assert "Response of the Police and Crime Commissioner for" in first
        assert "Cumbria" in first
        assert "Police and Crime Commissioner for Cumbria\n20th April 2020" in last
        assert "Commissioner\nCumbria Constabulary" not in last


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_the_issued_board_paper_pdf_is_dated_for_its_meeting(tmp_path, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    book = _final_demo(tmp_path)
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["Reports"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Response date") + 1, None)  # the response not yet signed
    wb.save(book)
    result = generate(load(book), out_dir=tmp_path / "out", today=TODAY, formats=("pdf",))
    path = next(d.path for d in result.documents if d.kind == "board_paper")
    assert path.name == "NCPI-2019 Board paper.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "DRAFT" not in text and "Draft" not in text
    assert words("Paper for the Business Co-ordination Board meeting of 14th April 2020 – "
                 "Issued 3rd April 2020") in words(text)


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_long_rows_break_across_pages_rather_than_leaving_them_half_empty(tmp_path,
                                                                          monkeypatch):
    """Rows alternately about 48% and 77% of a page tall: kept whole, every page would hold
    one row and be about half empty; allowed to break, the pages fill."""
    import pdfplumber

    monkeypatch.delenv("S55XL_PDF_CONVERTER", raising=False)
    sentence = "The force will review the arrangements with its partners and report on them. "
    rows = []
    for n in range(1, 7):
        text = sentence * (6 if n % 2 else 10)
        rows.append(rec("L", str(n), recommendation=text, force_response=text, pcc_action=text))
    book = write_tracker(tmp_path / "long.xlsx", [report("L")], rows)
    result = generate(load(book), out_dir=tmp_path / "out", today=TODAY, formats=("pdf",))
    path = next(d.path for d in result.documents if d.kind == "response")
    with pdfplumber.open(path) as document:
        shares = []
        for page in document.pages:
            margin = 72
            body = [w for w in page.extract_words()
                    if margin - 5 <= w["top"] and w["bottom"] <= page.height - margin + 5]
            reach = max(w["bottom"] for w in body) if body else margin
            shares.append((reach - margin) / (page.height - 2 * margin))
    assert len(shares) >= 4
    assert all(s > 0.5 for s in shares[:-1]), [f"{s:.0%}" for s in shares]
