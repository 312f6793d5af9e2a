"""The Word documents, reopened with python-docx: structure, numbering, text, properties."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from support.documents import (
    TODAY,
    load,
    numbered,
    rec,
    report,
    signatory,
    write_tracker,
)

from s55xl import demo
from s55xl.documents import generate


@pytest.fixture(scope="module")
def board(demo_documents):  # noqa: F811
    return docx.Document(demo_documents["board_paper", "docx"])


@pytest.fixture(scope="module")
def response(demo_documents):  # noqa: F811
    return docx.Document(demo_documents["response", "docx"])


def test_board_paper_headings_are_numbered_heading_styles(board):
    headings = [p for p in board.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == [
        "Purpose", "Background", "Force response to the national recommendations"]
    outline = {numbered(p)[0] for p in headings}
    assert len(outline) == 1 and None not in outline
    assert all(numbered(p)[1] == 0 for p in headings)


def test_board_paper_paragraphs_are_word_list_items_not_typed_numbers(board):
    paras = [p for p in board.paragraphs if p.style.name == "Numbered Paragraph"]
    heading_num = numbered(next(p for p in board.paragraphs if p.style.name == "Heading 1"))[0]
    assert len(paras) == 1 + 5 + 6  # purpose, background (4 + deadline), 6 recommendations
    for p in paras:
        assert numbered(p) == (heading_num, 1), p.text
        assert not re.match(r"\s*\d+(\.\d+)+", p.text), "numbers must come from Word"
    numbering = board.part.numbering_part.element
    levels = {lvl.get(f"{W}ilvl"): lvl.find(f"{W}lvlText").get(f"{W}val")
              for lvl in numbering.iter(f"{W}lvl")
              if lvl.getparent().get(f"{W}abstractNumId") == _abstract_of(numbering,
                                                                           heading_num)}
    assert levels["0"] == "%1." and levels["1"] == "%1.%2"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _abstract_of(numbering, num_id) -> str:
    for num in numbering.iter(f"{W}num"):
        if num.get(f"{W}numId") == str(num_id):
            return num.find(f"{W}abstractNumId").get(f"{W}val")
    raise AssertionError(num_id)


def test_board_paper_bullets_are_a_word_list(board):
    bullets = [p for p in board.paragraphs if p.style.name == "Bullet"]
    assert [p.text for p in bullets] == [
        "Published;", "Sent to the Secretary of State;", "Sent to the inspectors of constabulary.",
        "The local policing body’s comments;", "Any comments from the Chief Constable;",
        "Any comments from the local policing body on the Chief Constable’s comments."]
    assert all(numbered(p) for p in bullets)
    numbering = board.part.numbering_part.element
    abstract = _abstract_of(numbering, numbered(bullets[0])[0])
    formats = [a.find(f"{W}lvl/{W}numFmt").get(f"{W}val") for a in numbering.iter(
        f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract]
    assert formats == ["bullet"]


def test_board_paper_title_marking_footer_and_properties(board):
    assert board.paragraphs[0].style.name == "Title"
    title = board.paragraphs[0].text
    assert "National Child Protection Inspections 2019 Thematic Report" in title
    assert title.startswith("DRAFT – ")  # the demo has no Paper date
    assert board.paragraphs[1].text == ("Paper for the Business Co-ordination Board meeting "
                                        "of 14th April 2020 – Draft prepared 1st April 2020")
    section = board.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL"]
    footer_xml = section.footer._element.xml
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", footer_xml)
    assert "OFFICIAL" in [p.text for p in section.footer.paragraphs]
    assert board.core_properties.title == title
    assert board.core_properties.author == "Mark GREENHALGH"
    assert board.core_properties.language == "en-GB"
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_board_paper_every_recommendation_and_response_verbatim(board):
    texts = [p.text for p in board.paragraphs]
    for row in demo.RECOMMENDATIONS:
        assert row["recommendation"] in texts
        assert f"Force response: {row['force_response']}" in texts
    response_paras = [p for p in board.paragraphs if p.style.name == "Force Response"]
    assert len(response_paras) == 6
    assert response_paras[0].runs[0].text == "Force response:"
    assert response_paras[0].runs[0].style.name == "Strong"


def test_board_paper_signatories_and_link(board):
    texts = [p.text for p in board.paragraphs]
    assert texts[-4:-1] == [
        "Detective Chief Superintendent Mark GREENHALGH – Head of Crime",
        "Detective Superintendent Laura KOSCIKIEWICZ – Head of PVP",
        "Alice THOMPSON – CDD Governance & Inspection Assistant"]
    assert texts[-1] == f"Link to the report: {demo.REPORT['report_url']}"
    link = board.paragraphs[-1]._p.find(f"{W}hyperlink")
    assert link is not None
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert board.part.rels[rid].target_ref == demo.REPORT["report_url"]


def test_board_paper_purpose_names_the_inspectorate_as_it_was_then(board):
    purpose = next(p.text for p in board.paragraphs if p.text.startswith("The purpose"))
    assert ("published by Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services "
            "(HMICFRS) on 27th February 2020") in purpose
    assert "to enable the Police and Crime Commissioner to discharge his duties" in purpose


def test_response_document_sections_table_and_signature(response):
    headings = [p.text for p in response.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Introduction", "Police and Crime Commissioner for Cumbria’s comments on the report",
        "Chief Constable’s comments",
        "Police and Crime Commissioner for Cumbria’s response to the Chief Constable’s "
        "comments",
        "Recommendations and the action taken or proposed", "Publication"]
    texts = [p.text for p in response.paragraphs]
    for field in ("pcc_comments", "cc_comments", "pcc_response"):
        assert demo.REPORT[field] in texts
    assert ("Once signed, this response will be published on the Police and Crime "
            "Commissioner for Cumbria’s website, and a copy will be sent to the Secretary of "
            "State (the Home "
            "Secretary) and to the inspectors of constabulary, Her Majesty’s Inspectorate of "
            "Constabulary and Fire & Rescue Services (HMICFRS), as section 55(6) of the Police "
            "Act 1996 requires.") in texts
    # Signed by area, never as part of the force.
    assert texts[-3:] == ["Sam Taylor", "Police and Crime Commissioner for Cumbria",
                          "Draft prepared 1st April 2020"]
    assert not [t for t in texts if "Commissioner, The Constabulary" in t
                or "Commissioner, Cumbria Constabulary" in t]
    [table] = response.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Ref", "Recommendation", "Force response",
                       "Police and Crime Commissioner for Cumbria’s action"]
    assert rows[1:] == [[r["ref"], r["recommendation"], r["force_response"], r["pcc_action"]]
                        for r in demo.RECOMMENDATIONS]
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    # Short rows are kept whole; long ones may break across pages (no half-empty pages).
    kept = {row.cells[0].text: row._tr.trPr is not None
            and row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows[1:]}
    assert kept["3.2"] is True  # about 200 characters of recommendation
    assert kept["3.3"] is False  # about 500 characters in each text column
    widths = [c.width for c in table.rows[1].cells]
    assert widths[0] < widths[1] / 3  # Ref narrow, the texts wide
    assert sum(widths) > docx.shared.Cm(15.5)
    assert response.core_properties.author == "Sam Taylor"


def _pictures(part_element) -> list[str]:
    """The relationship ids of the inline pictures in a part, in order."""
    blip = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    return [b.get(embed) for b in part_element.iter(blip)]


def test_response_is_titled_by_area_on_the_letterhead(response):
    from PIL import Image

    title = response.paragraphs[0].text
    assert title == ("DRAFT – Response of the Police and Crime Commissioner for Cumbria to the "
                     "HMICFRS report “National Child Protection Inspections 2019 Thematic "
                     "Report”")
    section = response.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert [p.text for p in first.paragraphs] == [
        "", "Police and Crime Commissioner for Cumbria", "DRAFT"]
    [rid] = _pictures(first.paragraphs[0]._p)
    logo = first.part.related_parts[rid]
    with Image.open(__import__("io").BytesIO(logo.blob)) as im:
        assert im.format == "PNG" and im.size == (600, 200)  # the demo's logo, as drawn
    assert [p.text for p in section.first_page_footer.paragraphs][0] == (
        "Office of the Police and Crime Commissioner · Example House · Penrith · CA10 0XX")
    # Later pages: no letterhead, the DRAFT mark only; a draft carries no signature.
    assert [p.text for p in section.header.paragraphs] == ["DRAFT"]
    assert _pictures(section.header._element) == []
    assert _pictures(response.element.body) == []


def test_final_response_is_signed_with_the_signature_image_above_the_name(tmp_path):
    import openpyxl
    from PIL import Image

    from s55xl.build.workbook import build

    book = build(tmp_path / "final.xlsx", with_demo=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["Reports"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Response date") + 1, __import__("datetime").date(2020, 4, 20))
    wb.save(book)
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    path = next(d.path for d in result.documents if d.kind == "response")
    final = docx.Document(path)
    paragraphs = final.paragraphs
    [signed] = [i for i, p in enumerate(paragraphs) if _pictures(p._p)]
    assert [p.text for p in paragraphs[signed + 1:]] == [
        "Sam Taylor", "Police and Crime Commissioner for Cumbria", "20th April 2020"]
    [rid] = _pictures(paragraphs[signed]._p)
    with Image.open(__import__("io").BytesIO(final.part.related_parts[rid].blob)) as im:
        assert im.size == (500, 160)  # the demo's signature
    assert [p.text for p in final.sections[0].first_page_header.paragraphs][1:] == [
        "Police and Crime Commissioner for Cumbria", ""]


def test_an_unusable_picture_is_left_out_and_named_by_validate(tmp_path):
    from s55xl.validate import validate

    (tmp_path / "logo.png").write_text("not a picture")
    book = write_tracker(tmp_path / "t.xlsx", [report("P")], [rec("P")],
                         settings={"logo": "logo.png", "signature_image": "missing.jpg",
                                   "police_area": "Essex",
                                   "policing_body": "Police, Fire and Crime Commissioner"})
    tracker = load(book)
    found = [(f.severity, f.code, f.sheet, f.cell, f.message) for f in validate(tracker, TODAY)
             if f.sheet == "Settings"]
    assert found == [
        ("warning", "invalid-picture", "Settings", "B2",
         "Logo: logo.png is not a PNG or JPEG picture. Save it as PNG or JPEG (e.g. from "
         "Paint: Save as, PNG picture). Until then the documents are made without it."),
        ("warning", "invalid-picture", "Settings", "B3",
         f"Signature image: there is no file missing.jpg (looked in {tmp_path}). Put the "
         "picture in the workbook's folder, or type its full path. Until then the documents "
         "are made without it.")]
    result = generate(tracker, out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    made = docx.Document(next(d.path for d in result.documents if d.kind == "response"))
    assert _pictures(made.sections[0].first_page_header._element) == []
    assert made.paragraphs[0].text.startswith(
        "DRAFT – Response of the Police, Fire and Crime Commissioner for Essex to")


def test_inspectorate_is_his_majestys_for_reports_after_the_accession(tmp_path):
    book = write_tracker(tmp_path / "t.xlsx",
                         [report("OLD", published=__import__("datetime").date(2022, 9, 8)),
                          report("NEW", published=__import__("datetime").date(2022, 9, 9))],
                         [rec("OLD"), rec("NEW")])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx",),
                      today=__import__("datetime").date(2022, 10, 1))
    names = {}
    for d in result.documents:
        if d.kind == "response":
            text = "\n".join(p.text for p in docx.Document(d.path).paragraphs)
            names[d.report_id] = re.search(r"(H[ei][rs]) Majesty’s Inspectorate", text).group(1)
    assert names == {"OLD": "Her", "NEW": "His"}


def test_sections_for_force_recommendations_afis_and_causes_of_concern(tmp_path):
    rows = [
        rec("P", "R1", addressed_to="Home Office", force_response=None,
            recommendation="We recommend that the Home Office reviews X."),
        rec("P", "R2", addressed_to="The force", recommendation="The force should do Y."),
        rec("P", "CoC1", type="Cause of concern", addressed_to="The force",
            recommendation="The force is not doing Z."),
        rec("P", "AFI 1", type="Area for improvement", addressed_to="The force",
            recommendation="The force should improve W."),
        rec("P", "R3", addressed_to="College of Policing", force_response="We will adopt it.",
            recommendation="The College of Policing should do V."),
    ]
    book = write_tracker(tmp_path / "t.xlsx", [report("P", report_type="PEEL")], rows,
                         [signatory()])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    assert not result.refused, result.findings
    paper = docx.Document(next(d.path for d in result.documents if d.kind == "board_paper"))
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert headings[2:] == [
        "Force response to the causes of concern",
        "Force response to the national recommendations",
        "Force response to the recommendations for the Constabulary",
        "Force response to the areas for improvement"]
    texts = [p.text for p in paper.paragraphs]
    # Section 3 has R1 then R3 (3.1, 3.2); each Ref differs from its number, so it is shown.
    assert "R1: We recommend that the Home Office reviews X." in texts
    assert ("Force response: This recommendation is addressed to the Home Office. The "
            "Constabulary will await further information.") in texts
    assert "AFI 1: The force should improve W." in texts
    assert texts.index("R3: The College of Policing should do V.") < texts.index(
        "R2: The force should do Y.")


def test_line_breaks_become_paragraphs_and_tabs_word_tabs(tmp_path):
    text = "We recommend that chief constables:\n• do A;\n\n• do B.\tNow."
    response = "First line.\nSecond line."
    book = write_tracker(tmp_path / "t.xlsx", [report()],
                         [rec(ref="3.1", recommendation=text, force_response=response)])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    paper = docx.Document(next(d.path for d in result.documents if d.kind == "board_paper"))
    paras = paper.paragraphs
    i = next(i for i, p in enumerate(paras) if p.text == "We recommend that chief constables:")
    assert [p.text for p in paras[i:i + 5]] == [
        "We recommend that chief constables:", "do A;", "do B.\tNow.",
        "Force response: First line.", "Second line."]
    first, second, response_line = paras[i], paras[i + 1], paras[i + 4]
    assert numbered(first) is not None
    assert second.style.name == "Numbered Paragraph"
    assert paras[i + 4].style.name == "Force Response"
    # The typed bullets are one real Word list (see test_lists.py), not literal glyphs.
    assert numbered(second) == numbered(paras[i + 2]) != numbered(first)
    # A typed line ends with the value's own spacing only on its last paragraph.
    assert paras[i + 3].paragraph_format.space_after.pt == 6
    assert response_line.paragraph_format.space_after is None
    assert "<w:tab/>" in paras[i + 2]._p.xml
    resp = docx.Document(next(d.path for d in result.documents if d.kind == "response"))
    cell = resp.tables[0].rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == [
        "We recommend that chief constables:", "do A;", "do B.\tNow."]


def test_text_that_looks_like_markup_or_template_tags_comes_out_as_typed(tmp_path):
    nasty = ("A & B < C > D \"quoted\" 'single' {{ report_id }} {% if x %} {_{ }_} {#c#} "
             "</w:t><w:p> ]]> 👮 مرحبا שלום")
    book = write_tracker(tmp_path / "t.xlsx", [report(pcc_comments=nasty, title=nasty)],
                         [rec(recommendation=nasty, force_response=nasty)])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx", "html"),
                      today=TODAY)
    assert not result.refused
    for d in result.documents:
        if d.format == "docx":
            document = docx.Document(d.path)
            texts = [p.text for p in document.paragraphs]
            texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
            assert any(nasty in t for t in texts), d.kind
            assert nasty in document.core_properties.title
        else:
            assert nasty in page_text(d.path.read_text(encoding="utf-8"))


def page_text(page: str) -> str:
    """The text a browser would show (entities decoded), tags dropped."""
    from html.parser import HTMLParser

    chunks = []

    class Text(HTMLParser):
        def handle_data(self, data):
            chunks.append(data)

    Text(convert_charrefs=True).feed(page)
    return "".join(chunks)


def test_the_docx_is_a_sound_package(demo_documents):  # noqa: F811
    for kind in ("board_paper", "response"):
        with zipfile.ZipFile(demo_documents[kind, "docx"]) as zf:
            assert zf.testzip() is None
            names = zf.namelist()
            assert "word/numbering.xml" in names and "docProps/core.xml" in names
            assert not any("thumbnail" in n for n in names)
            from lxml import etree
            for name in names:
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(zf.read(name))  # well-formed


def test_web_addresses_in_cells_become_links_with_the_text_unchanged(tmp_path):
    text = "See\thttps://www.gov.uk/guidance/x_y?a=1&b=2. Then act."
    book = write_tracker(tmp_path / "t.xlsx", [report()], [rec(ref="3.1", recommendation=text)])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    paper = docx.Document(next(d.path for d in result.documents if d.kind == "board_paper"))
    [p] = [p for p in paper.paragraphs if p.text == text]
    [link] = p._p.findall(f"{W}hyperlink")
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert paper.part.rels[rid].target_ref == "https://www.gov.uk/guidance/x_y?a=1&b=2"
