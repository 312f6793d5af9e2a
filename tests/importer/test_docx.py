"""Importing from Word: list numbers computed from numbering.xml, tables, headers left out."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from support.papers import (
    BOARD_PAPER_ITEMS,
    BULLETS,
    DECIMAL_OUTLINE,
    TABLE_ITEMS,
    add_list,
    board_paper_docx,
    numbered,
    table_paper_docx,
)

from s55xl.errors import UnusableInput
from s55xl.importer import read_paper
from s55xl.importer.document import Item
from s55xl.importer.numbering import Numbering, format_number
from s55xl.importer.readers import read_blocks

# -- writing test documents the way Word stores them --------------------------------------------


def numbering_of(document) -> Numbering:
    return Numbering(document.part.numbering_part.element, document.styles.element)


def test_outline_numbers_come_from_the_list_counters():
    d = docx.Document()
    n = numbering_of_after(d, lambda: add_list(d, 90, DECIMAL_OUTLINE))
    labels = [n.label("90", lvl)[0] for lvl in ("0", "1", "1", "0", "1", "1", "1")]
    assert labels == ["1.", "1.1", "1.2", "2.", "2.1", "2.2", "2.3"]


def numbering_of_after(d, define) -> Numbering:
    define()
    return numbering_of(d)


def test_formats_starts_and_legal_numbering():
    d = docx.Document()
    add_list(d, 80, [(3, "upperRoman", "%1."), (1, "lowerLetter", "(%2)"),
                     (1, "decimal", "%1.%2.%3")], legal=True)
    n = numbering_of(d)
    assert [n.label("80", lvl)[0] for lvl in ("0", "1", "1", "2", "0", "1")] == [
        "III.", "(a)", "(b)", "3.2.1", "IV.", "(a)"]
    assert [format_number(v, f) for v, f in [(27, "lowerLetter"), (14, "upperRoman"),
                                            (7, "decimalZero"), (22, "ordinal")]] == [
        "aa", "XIV", "07", "22nd"]


def test_lists_sharing_a_definition_continue_unless_restarted():
    d = docx.Document()
    add_list(d, 70, DECIMAL_OUTLINE)
    add_list(d, 71, DECIMAL_OUTLINE, abstract_id=70)
    add_list(d, 72, DECIMAL_OUTLINE, abstract_id=70, start_override={0: 5})
    n = numbering_of(d)
    assert [n.label(num, "0")[0] for num in ("70", "70", "71", "72", "72", "71")] == [
        "1.", "2.", "3.", "5.", "6.", "7."]


def test_bullets_paragraphs_outside_lists_and_numbering_switched_off():
    d = docx.Document()
    add_list(d, 60, BULLETS)
    n = numbering_of(d)
    assert n.label("60", "0") == (None, True)
    assert n.label(None, None) == (None, False)
    assert n.label("0", "0") == (None, False)
    assert n.label("999", "0") == (None, False)


def test_numbering_inherited_from_the_paragraph_style(tmp_path):
    d = docx.Document()
    add_list(d, 50, DECIMAL_OUTLINE)
    style = d.styles["List Number 2"]
    numpr = style.element.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_numId().val = 50
    numpr.get_or_add_ilvl().val = 1
    numbered(d, "Recommendations", 50, 0, "Heading 1")
    d.add_paragraph("We recommend that chief constables should act.", style="List Number 2")
    path = tmp_path / "styled.docx"
    d.save(path)
    blocks = read_blocks(path).blocks
    assert [(b.text, b.number, b.heading) for b in blocks] == [
        ("Recommendations", "1.", 1), ("We recommend that chief constables should act.", "1.1", 0)]


# -- whole documents -------------------------------------------------------------------------------

def test_board_paper_with_word_numbering(tmp_path):
    paper = read_paper(board_paper_docx(tmp_path / "paper.docx"))
    assert paper.items == BOARD_PAPER_ITEMS
    assert paper.title == "National Child Protection Inspections 2019 Thematic Report"
    assert paper.published == date(2020, 2, 27)
    assert paper.report_url == ("https://www.justiceinspectorates.gov.uk/hmicfrs/wp-content/"
                                "uploads/national-child-protection-inspections-2019-thematic-"
                                "report.pdf")
    assert [(s.rank, s.name, s.role) for s in paper.signatories] == [
        ("Detective Chief Superintendent", "Mark GREENHALGH", "Head of Crime")]


def test_numbers_typed_into_word_paragraphs(tmp_path):
    from s55xl import demo

    d = docx.Document()
    d.add_paragraph("1. Purpose", style="Heading 1")
    d.add_paragraph("1.1. The purpose of this paper is to inform the Board.")
    d.add_paragraph("3. Force response to the national recommendations:", style="Heading 1")
    for rec in demo.RECOMMENDATIONS:
        d.add_paragraph(f"{rec['ref']} {rec['recommendation']}")
        d.add_paragraph(f"Force response: {rec['force_response']}")
    d.add_paragraph("Detective Chief Superintendent Mark GREENHALGH – Head of Crime")
    d.save(tmp_path / "typed.docx")
    assert read_paper(tmp_path / "typed.docx").items == [
        Item(ref=r["ref"], type=r["type"], addressed_to=r["addressed_to"],
             recommendation=r["recommendation"], force_response=r["force_response"])
        for r in demo.RECOMMENDATIONS]


def test_headers_footers_and_page_breaks_are_not_text(tmp_path):
    blocks = read_blocks(board_paper_docx(tmp_path / "paper.docx")).blocks
    texts = [b.text for b in blocks]
    assert "OFFICIAL" not in texts and "Page 1 of 2" not in texts
    assert texts[8] == ("Force response: This recommendation is addressed to the Home Office. "
                        "The Constabulary will await further information.")
    assert [b.number for b in blocks[:4]] == ["1.", "1.1", "2.", "2.1"]


def test_findings_in_a_table(tmp_path):
    paper = read_paper(table_paper_docx(tmp_path / "table.docx"))
    assert paper.items == TABLE_ITEMS
    assert paper.title == "PEEL Spotlight: Fraud Victims 2021"
    assert paper.published == date(2021, 8, 2)
    assert paper.report_type == "PEEL"


def test_hmicfrs_labels_in_word_with_bulleted_recommendations(tmp_path):
    d = docx.Document()
    bullets = add_list(d, 40, BULLETS)
    d.add_paragraph("Causes of concern", style="Heading 2")
    d.add_paragraph("Cause of concern", style="Heading 3")
    d.add_paragraph("The force is not effective at protecting vulnerable people.")
    d.add_paragraph("Recommendations", style="Heading 4")
    d.add_paragraph("By 31 March 2021, the force should:")
    numbered(d, "review its safeguarding policy; and", bullets)
    numbered(d, "train its staff.", bullets)
    d.add_paragraph("Force response: Training is booked.")
    d.add_paragraph("Areas for improvement", style="Heading 2")
    numbered(d, "The force should improve its crime data integrity.", bullets)
    numbered(d, "The constabulary needs to record stop and search outcomes.", bullets)
    d.add_paragraph("Recommendation 4", style="Heading 3")
    d.add_paragraph("By 30 June 2021, police and crime commissioners should publish plans.")
    path = tmp_path / "hmicfrs.docx"
    d.save(path)
    lead = "By 31 March 2021, the force should:"
    assert read_paper(path).items == [
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to="The force",
             recommendation="The force is not effective at protecting vulnerable people."),
        Item(ref="Cause of concern 1.1", type="Recommendation", addressed_to="The force",
             recommendation=f"{lead}\n• review its safeguarding policy; and",
             target_date=date(2021, 3, 31)),
        Item(ref="Cause of concern 1.2", type="Recommendation", addressed_to="The force",
             recommendation=f"{lead}\n• train its staff.", force_response="Training is booked.",
             target_date=date(2021, 3, 31)),
        Item(ref="AFI 1", type="Area for improvement", addressed_to="The force",
             recommendation="The force should improve its crime data integrity."),
        Item(ref="AFI 2", type="Area for improvement", addressed_to="The force",
             recommendation="The constabulary needs to record stop and search outcomes."),
        Item(ref="Recommendation 4", type="Recommendation",
             addressed_to="Police and crime commissioners",
             recommendation="By 30 June 2021, police and crime commissioners should publish "
                            "plans.", target_date=date(2021, 6, 30)),
    ]


def test_tracked_changes_read_as_accepted(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">3.1 We recommend that </w:t></w:r>'))
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="A"><w:r><w:delText>the Home Office'
        f'</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="A"><w:r><w:t>chief constables</w:t></w:r>'
        f'</w:ins>'))
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> should act.</w:t></w:r>'))
    path = tmp_path / "tracked.docx"
    d.save(path)
    assert read_paper(path).items == [Item(
        ref="3.1", type="Recommendation", addressed_to="Chief constables",
        recommendation="We recommend that chief constables should act.")]


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n...", "is damaged (truncated or corrupt) and cannot be read as a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"),
     "old Word 97-2003 (.doc)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
     + "EncryptedPackage".encode("utf-16-le"), "protected with a password"),
    (b"PK\x03\x04 truncated", "is damaged"),
    (b"{\\rtf1\\ansi hello}", "Rich Text"),
    (b"", "is empty"),
])
def test_unreadable_files_say_what_they_are(tmp_path, content, expected):
    path = tmp_path / "paper.docx"
    path.write_bytes(content)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value).startswith(f"{path}: ")
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_a_workbook_given_as_the_paper(tmp_path):
    import openpyxl

    path = tmp_path / "tracker.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(UnusableInput, match="is an Excel workbook, not a paper"):
        read_paper(path)


def test_points_under_a_bullet_stay_under_it(tmp_path):
    d = docx.Document()
    d.add_paragraph("Recommendation 1: By 31 March 2024, chief constables should:")
    d.add_paragraph("review x, including:", style="List Bullet")
    d.add_paragraph("point a; and", style="List Bullet 2")
    d.add_paragraph("point b.", style="List Bullet 2")
    d.add_paragraph("review y.", style="List Bullet")
    d.save(tmp_path / "sub.docx")
    [item] = read_paper(tmp_path / "sub.docx").items
    assert item.recommendation == ("By 31 March 2024, chief constables should:\n"
                                   "• review x, including:\n  ◦ point a; and\n  ◦ point b.\n"
                                   "• review y.")


def test_a_subtitle_under_the_title_completes_it(tmp_path):
    d = docx.Document()
    d.add_paragraph("PEEL 2023–25", style="Title")
    d.add_paragraph("An inspection of Northshire Police", style="Subtitle")
    d.add_paragraph("Published: 1 May 2024")
    d.add_paragraph("Area for improvement 1: The force should answer calls sooner.")
    d.save(tmp_path / "peel.docx")
    paper = read_paper(tmp_path / "peel.docx")
    assert (paper.title, paper.report_type, paper.inspectorate) == (
        "PEEL 2023–25: An inspection of Northshire Police", "PEEL", "HMICFRS")


def test_a_finding_in_a_one_cell_table_ends_with_it(tmp_path):
    d = docx.Document()
    d.add_paragraph("PEEL 2025", style="Title")
    d.add_heading("Areas for improvement", 1)
    box = d.add_table(rows=1, cols=1).cell(0, 0)
    box.paragraphs[0].text = "Area for improvement 1"
    box.add_paragraph("The force should act on what callers tell it.")
    d.add_paragraph("Delays were found in half of the calls.")
    d.save(tmp_path / "box.docx")
    [item] = read_paper(tmp_path / "box.docx").items
    assert (item.ref, item.recommendation) == ("AFI 1",
                                               "The force should act on what callers tell it.")
