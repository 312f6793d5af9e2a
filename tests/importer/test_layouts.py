"""The importer scored on inspection reports in twelve layouts, each as a tagged PDF, an untagged
PDF (both made by LibreOffice from OpenDocument text written in tests/support/layouts.py), the
saved web page, and that page printed to PDF by Chromium.

For every report and form the test lists the findings read exactly (every field as a careful
officer would type it), the expected ones missing and the spurious ones, and the report's
details; it fails unless every finding is exact and nothing is spurious. The PDFs are made once
per session (two LibreOffice runs) and kept in pytest's cache under the hash of their source, so
later runs convert only what changed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import layouts

from s55xl.importer import Item, read_paper
from s55xl.importer.readers import read_blocks

KINDS = ("tagged", "untagged", "html")


@pytest.fixture(scope="session")
def built(request, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The layouts as PDFs and pages, kept in pytest's cache between runs (built afresh when
    the cache is switched off)."""
    return layouts.build(tmp_path_factory.mktemp("layouts"), _cache(request, tmp_path_factory))


def _cache(request, tmp_path_factory) -> Path:
    store = getattr(request.config, "cache", None)
    return (Path(store.mkdir("s55xl-layout-pdfs")) if store is not None
            else tmp_path_factory.mktemp("layout-cache"))


def score(report: layouts.Report, paper) -> dict:
    got = paper.items
    return {"exact": [e.ref for e in report.expected if e in got],
            "missing": [e for e in report.expected if e not in got],
            "spurious": [g for g in got if g not in report.expected],
            "details": (paper.title, paper.published, paper.report_type, paper.inspectorate)}


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_every_layout_reads_exactly(built):
    lines, failures = [], []
    for report in layouts.REPORTS:
        expected_details = (report.title, report.published, report.report_type,
                            report.inspectorate)
        for kind in KINDS:
            result = score(report, read_paper(built[(report.name, kind)],
                                              force_name=layouts.FORCE))
            details_ok = result["details"] == expected_details
            lines.append(f"{report.name:12} {kind:9} exact {len(result['exact'])}/"
                         f"{len(report.expected)}  missing {len(result['missing'])}  spurious "
                         f"{len(result['spurious'])}  details {'ok' if details_ok else 'WRONG'}")
            if result["missing"] or result["spurious"] or not details_ok:
                failures.append((report.name, kind, result))
    print("\n".join(lines))
    assert failures == []


@pytest.mark.slow
@pytest.mark.requires("soffice", "chromium")
def test_every_layout_printed_by_chromium_reads_exactly(built, request, tmp_path_factory):
    """The web pages printed to PDF by headless Chromium: another producer's tagged PDFs (its
    list items without a body element, its drawn bullets, its repeated table headers)."""
    from conftest import CHROMIUM

    printed = layouts.build_printed(built, tmp_path_factory.mktemp("printed"), CHROMIUM,
                                    _cache(request, tmp_path_factory))
    lines, failures = [], []
    for report in layouts.REPORTS:
        result = score(report, read_paper(printed[(report.name, "chromium")],
                                          force_name=layouts.FORCE))
        ok = result["details"] == (report.title, report.published, report.report_type,
                                   report.inspectorate)
        lines.append(f"{report.name:12} chromium  exact {len(result['exact'])}/"
                     f"{len(report.expected)}  missing {len(result['missing'])}  spurious "
                     f"{len(result['spurious'])}  details {'ok' if ok else 'WRONG'}")
        if result["missing"] or result["spurious"] or not ok:
            failures.append((report.name, result))
    print("\n".join(lines))
    assert failures == []


@pytest.mark.slow
@pytest.mark.requires("soffice")
@pytest.mark.parametrize("kind", ["tagged", "untagged"])
def test_the_finding_does_run_over_the_page_break_past_its_footnote(built, kind):
    """The second area for improvement starts on page 1 and ends on page 2, with a footnote at
    the foot of page 1 between its two halves."""
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(built[("footnotes", kind)]).pages]
    first, second = pages[0], pages[1]
    assert "Area for improvement 2" in first and "ARMS is the national tool" in first
    assert "It should check that this happens." in second
    text = "\n".join(b.text for b in read_blocks(built[("footnotes", kind)]).blocks)
    assert "ARMS is the national tool" not in text and "Page 1 of" not in text
    assert "System within its public protection teams" in text  # its footnote mark is gone


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_the_tagged_pdf_is_read_through_its_structure_tree(built):
    import pikepdf

    from s55xl.importer import pdftags

    with pikepdf.open(built[("mixed", "tagged")]) as pdf:
        units = pdftags.units(pdf)
    with pikepdf.open(built[("mixed", "untagged")]) as pdf:
        assert pdftags.units(pdf) is None
    assert any(u.role == "Note" for u in units)  # the footnote, kept apart
    roles = {u.role for u in units}
    assert {"P", "H1"} <= roles
    assert any(u.table and u.columns == 2 for u in units)  # the table of areas
    assert any(u.list_depth == 2 for u in units)  # the points under a bullet


@pytest.mark.slow
@pytest.mark.requires("soffice")
@pytest.mark.parametrize("kind", KINDS)
def test_boxes_end_their_findings_and_marks_are_gone(built, kind):
    blocks = read_blocks(built[("boxes", kind)]).blocks
    boxed = [b.text for b in blocks if b.box]
    assert "The force should make sure that custody officers record the reasons for every strip " \
           "search." in boxed
    assert not [b for b in blocks if b.text.startswith("We found that strip searches") and b.box]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_tagged_pdfs_are_read_from_their_tree_not_their_layout(built, monkeypatch):
    from s55xl.importer import pdf as reader

    def layout_used(*args):
        raise AssertionError("the layout was read instead of the structure tree")

    monkeypatch.setattr(reader, "_untagged", layout_used)
    for report in layouts.REPORTS:
        paper = read_paper(built[(report.name, "tagged")], force_name=layouts.FORCE)
        assert sorted(map(repr, paper.items)) == sorted(map(repr, report.expected)), report.name


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_a_tree_that_leaves_text_out_is_not_followed(built, monkeypatch):
    """A structure tree reaching under 90% of the text (tagged in part): the layout is read."""
    from s55xl.importer import pdf as reader

    monkeypatch.setattr(reader, "TAG_COVERAGE", 1.01)
    calls = []
    untagged = reader._untagged
    monkeypatch.setattr(reader, "_untagged", lambda *a: calls.append(1) or untagged(*a))
    report = layouts.REPORTS[1]
    paper = read_paper(built[(report.name, "tagged")], force_name=layouts.FORCE)
    assert calls == [1]
    assert sorted(map(repr, paper.items)) == sorted(map(repr, report.expected))


def _word_report(path: Path) -> Path:
    """A report written in Word: a shaded box, and Word's "List Bullet 2" points (a list of
    their own, not nested) under a bullet."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "OFFICIAL"
    d.add_paragraph("PEEL 2025", style="Title")
    d.add_paragraph("An inspection of Eastshire Constabulary", style="Subtitle")
    d.add_paragraph("Published: 3 March 2025")
    d.add_heading("Areas for improvement", 1)
    d.add_paragraph(layouts.FILLER)
    for text, bold in (("Area for improvement 1", True),
                       ("The force should improve how it records crimes reported to it online.",
                        False)):
        p = d.add_paragraph()
        p.add_run(text).bold = bold
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="DBE5F1"/>'))
    d.add_paragraph("Delays of up to a week were found before these reports were recorded.")
    d.add_heading("Recommendation", 2)
    d.add_paragraph("By 30 September 2025, the force should:")
    d.add_paragraph("review its crime recording, including:", style="List Bullet")
    d.add_paragraph("online reports; and", style="List Bullet 2")
    d.add_paragraph("third-party reports;", style="List Bullet 2")
    d.add_paragraph("train its control room staff.", style="List Bullet")
    d.add_paragraph("We will monitor progress.")
    d.save(path)
    return path


WORD_ITEMS = [
    Item(ref="AFI 1", type="Area for improvement", addressed_to="Eastshire Constabulary",
         recommendation="The force should improve how it records crimes reported to it online."),
    Item(ref="Recommendation 1", type="Recommendation", addressed_to="Eastshire Constabulary",
         recommendation="By 30 September 2025, the force should:\n• review its crime recording, "
                        "including:\n  ◦ online reports; and\n  ◦ third-party reports;\n• train "
                        "its control room staff.", target_date=date(2025, 9, 30)),
]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_a_report_written_in_word_reads_the_same_as_docx_and_both_pdfs(tmp_path):
    from support.reports import to_pdf

    source = _word_report(tmp_path / "peel.docx")
    (tmp_path / "tagged").mkdir()
    files = [source, to_pdf(source, tmp_path), to_pdf(source, tmp_path / "tagged", layouts.TAGGED)]
    for path in files:
        paper = read_paper(path, force_name="Eastshire Constabulary")
        assert paper.items == WORD_ITEMS, path
        assert paper.title == "PEEL 2025: An inspection of Eastshire Constabulary"
