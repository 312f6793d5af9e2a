"""Build the default Word templates shipped in ``s55xl/documents/templates/``.

    python scripts/build_templates.py            # rewrite the committed templates
    python scripts/build_templates.py --check    # exit 1 if they are out of date

The templates are made with python-docx — A4 pages, Arial, GOV-style heading and list styles,
a multilevel list for the Board paper (headings 1., 2., 3.; paragraphs 1.1, 2.3, 3.1 — real Word
numbering, not typed numbers), bullets, a footer with PAGE and NUMPAGES fields — and then the
docxtpl tags are written into their text. The output is byte-for-byte reproducible (fixed
document properties, fixed zip timestamps), so a rebuild that changes nothing shows no diff.
``publication.html`` is edited by hand and is not touched here.

Change the wording here, rebuild, and commit the .docx files together with this script.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "s55xl" / "documents" / "templates"
FIXED_TIME = datetime(2020, 1, 1)
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FONT = "Arial"
OUTLINE_NUM = 20  # multilevel list: Heading 1 = level 0, Numbered Paragraph = level 1
BULLET_NUM = 21
WELSH_OUTLINE_NUM = 22  # the bilingual Board paper: the Welsh parts count on their own list
TEXT_INDENT = 720  # twips (1.27 cm): where numbered paragraph text starts


def outline_xml(num: int, suffix: str = "") -> str:
    """The Board paper's multilevel list ``num``: level 0 on "Heading 1<suffix>" (1., 2.),
    level 1 on "Numbered Paragraph<suffix>" (1.1, 2.3)."""
    return f"""
<w:abstractNum {nsdecls('w')} w:abstractNumId="{num}">
  <w:nsid w:val="535500{num}"/>
  <w:multiLevelType w:val="multilevel"/>
  <w:tmpl w:val="535510{num}"/>
  <w:name w:val="s55 paper outline{suffix}"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1{suffix.strip()}"/>
    <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{TEXT_INDENT}" w:hanging="{TEXT_INDENT}"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="1">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="NumberedParagraph{suffix.strip()}"/>
    <w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{TEXT_INDENT}" w:hanging="{TEXT_INDENT}"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="2">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%2.%3"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{2 * TEXT_INDENT}" w:hanging="{TEXT_INDENT}"/></w:pPr>
  </w:lvl>
</w:abstractNum>"""

BULLET_XML = f"""
<w:abstractNum {nsdecls('w')} w:abstractNumId="{BULLET_NUM}">
  <w:nsid w:val="53550021"/>
  <w:multiLevelType w:val="hybridMultilevel"/>
  <w:tmpl w:val="53551021"/>
  <w:name w:val="s55 bullets"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="Bullet"/>
    <w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{TEXT_INDENT + 360}" w:hanging="360"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>
  </w:lvl>
  <w:lvl w:ilvl="1">
    <w:start w:val="1"/><w:numFmt w:val="bullet"/>
    <w:lvlText w:val="\u2013"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{TEXT_INDENT + 720}" w:hanging="360"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>
  </w:lvl>
</w:abstractNum>"""


# -- document set-up -------------------------------------------------------------------------


def new_document(*, numbered_headings: bool):
    doc = Document()
    _drop_thumbnail(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    section.header_distance = section.footer_distance = Cm(1.25)
    _defaults(doc)
    _numbering(doc)
    _styles(doc, numbered_headings=numbered_headings)
    props = doc.core_properties
    props.author = "s55xl"
    props.last_modified_by = "s55xl"
    props.title = ""
    props.subject = "Section 55 Police Act 1996"
    props.keywords = ""
    props.comments = "Default s55xl template: edit the wording, keep the placeholders."
    props.language = "en-GB"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def _drop_thumbnail(doc) -> None:
    """python-docx's blank template carries a thumbnail of an empty page and a
    stylesWithEffects part that no longer matches styles.xml once the styles are changed (Word
    would offer to repair the document); drop both."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]


def _fonts(rpr, size: int | None = None) -> None:
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" '
                            f'w:eastAsia="{FONT}" w:cs="{FONT}"/>'))
    if size:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
        rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{size * 2}"/>'))
        rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{size * 2}"/>'))


def _defaults(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _fonts(rpr, 11)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB" w:eastAsia="en-GB" '
                         'w:bidi="ar-SA"/>'))


def _numbering(doc) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in (outline_xml(OUTLINE_NUM), BULLET_XML):
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for num_id in (OUTLINE_NUM, BULLET_NUM):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
            "</w:num>"))


def _num_pr(num_id: int, ilvl: int):
    return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                     f'<w:numId w:val="{num_id}"/></w:numPr>')


def _put_num_pr(ppr, num_pr) -> None:
    """numPr goes after pStyle/keepNext/keepLines/pageBreakBefore/framePr/widowControl."""
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    before = {qn(t) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                              "w:framePr", "w:widowControl")}
    index = 0
    for i, child in enumerate(ppr):
        if child.tag in before:
            index = i + 1
    ppr.insert(index, num_pr)


def _style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        if base:
            style.base_style = doc.styles[base]
        style.quick_style = True
    return style


def _plain(style, size: int, *, bold: bool = False, colour: str = "000000") -> None:
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:i", "w:iCs", "w:spacing", "w:kern"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    _fonts(rpr, size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(colour)


def _styles(doc, *, numbered_headings: bool) -> None:
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    title = doc.styles["Title"]
    ppr = title.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    _plain(title, 16, bold=True)
    title.paragraph_format.space_after = Pt(6)

    subtitle = doc.styles["Subtitle"]
    _plain(subtitle, 12, colour="404040")
    subtitle.paragraph_format.space_after = Pt(18)

    heading = doc.styles["Heading 1"]
    _plain(heading, 12, bold=True)
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    if numbered_headings:
        _put_num_pr(heading.element.get_or_add_pPr(), _num_pr(OUTLINE_NUM, 0))

    numbered = _style(doc, "Numbered Paragraph")
    numbered.paragraph_format.space_after = Pt(6)
    _put_num_pr(numbered.element.get_or_add_pPr(), _num_pr(OUTLINE_NUM, 1))

    response = _style(doc, "Force Response")
    response.paragraph_format.left_indent = Pt(TEXT_INDENT / 20)
    response.paragraph_format.space_after = Pt(12)

    bullet = _style(doc, "Bullet")
    bullet.paragraph_format.space_after = Pt(3)
    _put_num_pr(bullet.element.get_or_add_pPr(), _num_pr(BULLET_NUM, 0))

    signature = _style(doc, "Signature")
    signature.paragraph_format.space_after = Pt(0)
    signature.paragraph_format.keep_with_next = True

    marking = _style(doc, "Protective Marking")
    marking.font.bold = True
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_after = Pt(0)

    letter = _style(doc, "Letterhead")
    letter.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    letter.paragraph_format.space_after = Pt(2)
    address = _style(doc, "Letterhead Address")
    _plain(address, 9, colour="404040")
    address.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    address.paragraph_format.space_after = Pt(2)

    link = _style(doc, "Hyperlink", WD_STYLE_TYPE.CHARACTER, base=None)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True

    for name in ("Header", "Footer"):
        doc.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


# -- content helpers -------------------------------------------------------------------------


def para(doc, text: str = "", style: str | None = None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def tag(doc, text: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); removed when rendered."""
    return doc.add_paragraph(text)


def numbered(doc, text: str, style: str = "Numbered Paragraph", num_id: int = OUTLINE_NUM,
             ilvl: int = 1):
    paragraph = para(doc, text, style)
    _put_num_pr(paragraph._p.get_or_add_pPr(), _num_pr(num_id, ilvl))
    return paragraph


def heading(doc, text: str, *, number: bool):
    paragraph = doc.add_paragraph(text, style="Heading 1")
    if number:
        _put_num_pr(paragraph._p.get_or_add_pPr(), _num_pr(OUTLINE_NUM, 0))
    return paragraph


def bullet(doc, text: str):
    return numbered(doc, text, "Bullet", BULLET_NUM, 0)


def field(paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs."""
    def run(xml: str):
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}</w:r>'))
    run('<w:fldChar w:fldCharType="begin"/>')
    run(f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run(f"<w:t>{shown}</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')


def page_numbers(paragraph, page: str = "{{ t.page }}", of: str = "{{ t.of }}") -> None:
    """Page 1 of 3: the words in the document's language (``t``), the numbers Word's fields."""
    paragraph.add_run(f"{page} ")
    field(paragraph, "PAGE")
    paragraph.add_run(f" {of} ")
    field(paragraph, "NUMPAGES")


def footer(doc, *, marking: bool, english: bool = False) -> None:
    """Page numbers in the footer; one protective marking, the same in header and footer
    (a paper's draft state is in its title, not its marking). ``english``: the progress
    paper, which is in English only."""
    section = doc.sections[0]
    page = section.footer.paragraphs[0]
    page.style = doc.styles["Footer"]
    if english:
        page_numbers(page, "Page", "of")
    else:
        page_numbers(page)
    head = section.header.paragraphs[0]
    head.style = doc.styles["Protective Marking"]
    if marking:
        section.footer.add_paragraph("{{ protective_marking }}", style="Protective Marking")
        head.add_run("{{ protective_marking }}")
    else:
        head.add_run("{{ draft_mark }}")


def letterhead(doc) -> None:
    """The response's first page: the office's logo and name at the top, its address at the
    foot; later pages carry only the DRAFT mark and page numbers."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    logo = header.paragraphs[0]
    logo.style = doc.styles["Letterhead"]
    logo.add_run("{{ logo }}")
    name = header.add_paragraph(style="Letterhead")
    name.add_run("{{ policing_body }}").bold = True
    header.add_paragraph("{{ draft_mark }}", style="Protective Marking")
    foot = section.first_page_footer
    address = foot.paragraphs[0]
    address.style = doc.styles["Letterhead Address"]
    address.add_run("{{ office_address }}")
    page_numbers(foot.add_paragraph(style="Footer"))


# -- the two templates -----------------------------------------------------------------------


def board_paper():
    doc = new_document(numbered_headings=True)
    footer(doc, marking=True)
    para(doc, "{{ document_title }}", "Title")
    para(doc, "{{ t.paper_subtitle }}", "Subtitle")
    tag(doc, "{%p if is_draft %}")
    para(doc, "{{ t.paper_draft_note }}")
    tag(doc, "{%p endif %}")

    heading(doc, "{{ t.purpose }}", number=True)
    numbered(doc, "{{ t.purpose_text }}")

    heading(doc, "{{ t.background }}", number=True)
    numbered(doc, "{{ t.background_text }}")
    numbered(doc, "{{ t.must_be }}")
    bullet(doc, "{{ t.must_be_published }}")
    bullet(doc, "{{ t.must_be_sent_state }}")
    bullet(doc, "{{ t.must_be_sent_inspectors }}")
    numbered(doc, "{{ t.must_include }}")
    bullet(doc, "{{ t.must_include_comments }}")
    bullet(doc, "{{ t.must_include_cc }}")
    bullet(doc, "{{ t.must_include_response }}")
    numbered(doc, "{{ t.whole_report }}")
    tag(doc, "{%p if t.deadline_text %}")
    numbered(doc, "{{ t.deadline_text }}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p for section in sections %}")
    heading(doc, "{{ section.heading }}", number=True)
    tag(doc, "{%p for item in section.items %}")
    item = numbered(doc, "{{ item.ref_label }}{{ item.text }}")
    item.paragraph_format.keep_with_next = True  # a recommendation stays with its response
    response = para(doc, style="Force Response")
    response.add_run("{{ item.response_label }}", style="Strong")
    response.add_run(" {{ item.response }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for person in signatories %}")
    para(doc, "{{ person.signature }}", "Signature")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if report_url %}")
    link = para(doc, "{{ t.report_link }}")
    link.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    return doc


def pcc_response():
    doc = new_document(numbered_headings=False)
    footer(doc, marking=False)
    letterhead(doc)
    para(doc, "{{ document_title }}", "Title")
    para(doc, "{{ t.subtitle }}", "Subtitle")
    tag(doc, "{%p if is_draft %}")
    para(doc, "{{ t.draft_note }}")
    tag(doc, "{%p endif %}")

    heading(doc, "{{ t.introduction }}", number=False)
    para(doc, "{{ t.introduction_text }}")

    heading(doc, "{{ t.comments_heading }}", number=False)
    para(doc, "{{ pcc_comments }}")
    heading(doc, "{{ t.cc_heading }}", number=False)
    tag(doc, "{%p if cc_comments %}")
    para(doc, "{{ cc_comments }}")
    tag(doc, "{%p if pcc_response %}")
    heading(doc, "{{ t.response_heading }}", number=False)
    para(doc, "{{ pcc_response }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ t.no_cc }}")
    tag(doc, "{%p endif %}")

    heading(doc, "{{ t.recommendations_heading }}", number=False)
    para(doc, "{{ t.recommendations_intro }}")
    columns = ("{{ t.column_ref }}", "{{ t.column_recommendation }}", "{{ t.column_response }}",
               "{{ t.column_action }}")
    # Ref narrow, the three texts wide (A4 less margins: 15.9 cm). Rows are kept whole or
    # allowed to break by their length when rendered (s55xl.documents.word.keep_rows).
    table = grid_table(doc, (Cm(1.3), Cm(5.2), Cm(4.7), Cm(4.7)))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    for cell, text in zip(head.cells, columns, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    head._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for rec in recommendations %}")
    for cell, text in zip(table.rows[2].cells, ("{{ rec.ref }}", "{{ rec.text }}",
                                                 "{{ rec.response }}", "{{ rec.pcc_action }}"),
                          strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{{{{ t.table_caption }}}}"/>'))
    tbl_pr.append(parse_xml(f'<w:tblDescription {nsdecls("w")} '
                            'w:val="{{ t.table_description }}"/>'))

    heading(doc, "{{ t.publication }}", number=False)
    # The last paragraph before the signature goes with it: never a signature on its own.
    para(doc, "{{ t.publication_text }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p if signature_image %}")
    signature = para(doc, "{{ signature_image }}", "Signature")
    signature.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if pcc_name %}")
    signed = para(doc, "{{ pcc_name }}", "Signature")
    signed.paragraph_format.space_before = Pt(6)
    tag(doc, "{%p endif %}")
    para(doc, "{{ policing_body }}", "Signature")
    # The last line keeps with nothing: LibreOffice moves a final keep-with-next block (the
    # whole signature) to a page of its own.
    para(doc, "{{ dated }}", "Signature").paragraph_format.keep_with_next = False
    return doc


# -- Welsh and bilingual ----------------------------------------------------------------------

WELSH_STYLES = ("Title", "Subtitle", "Heading 1", "Normal", "Signature", "Footer", "Letterhead",
                "Bullet")


def _welsh_styles(doc) -> None:
    """A Welsh twin of each style the parts use ("Normal Cymraeg"…): the same look, the
    language cy-GB, so Word's proofing, screen readers and the PDF's tags read Welsh."""
    for name in WELSH_STYLES:
        _welsh_twin(doc, name)


def _welsh_twin(doc, name: str):
    """"<name> Cymraeg": the style ``name`` with the language cy-GB."""
    twin = _style(doc, f"{name} Cymraeg", base=name)
    twin.element.get_or_add_rPr().append(parse_xml(
        f'<w:lang {nsdecls("w")} w:val="cy-GB" w:eastAsia="cy-GB" w:bidi="ar-SA"/>'))
    twin.quick_style = False
    return twin


def _welsh_numbering(doc) -> None:
    """A second outline list for the Welsh parts of the bilingual Board paper: Welsh and
    English sections each count 1., 2., 3. and 3.1, 3.2 on their own list, so the two
    languages carry the same numbers from Word's numbering (nothing typed)."""
    numbering = doc.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(
        parse_xml(outline_xml(WELSH_OUTLINE_NUM, " Cymraeg")))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{WELSH_OUTLINE_NUM}">'
        f'<w:abstractNumId w:val="{WELSH_OUTLINE_NUM}"/></w:num>'))
    _welsh_twin(doc, "Numbered Paragraph")
    for name, level in (("Heading 1 Cymraeg", 0), ("Numbered Paragraph Cymraeg", 1)):
        _put_num_pr(doc.styles[name].element.get_or_add_pPr(),
                    _num_pr(WELSH_OUTLINE_NUM, level))


def lpara(doc, text: str, style: str = "Normal", part: str = "p"):
    """A paragraph of one part (the loop variable ``part``): Welsh style in the Welsh part,
    the English one otherwise."""
    tag(doc, f'{{%p if {part}.lang == "cy" %}}')
    welsh = para(doc, text, f"{style} Cymraeg")
    tag(doc, "{%p else %}")
    english = para(doc, text, style)
    tag(doc, "{%p endif %}")
    return welsh, english


def bilingual_page_numbers(paragraph) -> None:
    """"Tudalen 1 o 3 · Page 1 of 3": the page words of each part around the same fields."""
    paragraph.add_run("{% for p in parts %}{{ p.t.page }} ")
    field(paragraph, "PAGE")
    paragraph.add_run(" {{ p.t.of }} ")
    field(paragraph, "NUMPAGES")
    paragraph.add_run("{% if not loop.last %} · {% endif %}{% endfor %}")


def pcc_response_welsh():
    """The PCC's response in Welsh only or in Welsh and English (Settings Language): each
    part in its own language, parallel sections in the parts' order, the recommendations side
    by side in one table."""
    doc = new_document(numbered_headings=False)
    _welsh_styles(doc)
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.style = doc.styles["Protective Marking"]
    head.add_run("{{ draft_mark }}")
    bilingual_page_numbers(section.footer.paragraphs[0])
    section.footer.paragraphs[0].style = doc.styles["Footer"]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    logo = header.paragraphs[0]
    logo.style = doc.styles["Letterhead"]
    logo.add_run("{{ logo }}")
    header.add_paragraph("{%p for p in parts %}")
    for name in lpara(header, "{{ p.policing_body }}", "Letterhead"):
        name.runs[0].bold = True
    header.add_paragraph("{%p endfor %}")
    header.add_paragraph("{{ draft_mark }}", style="Protective Marking")
    foot = section.first_page_footer
    address = foot.paragraphs[0]
    address.style = doc.styles["Letterhead Address"]
    address.add_run("{{ office_address }}")
    bilingual_page_numbers(foot.add_paragraph(style="Footer"))

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.title }}", "Title")
    lpara(doc, "{{ p.t.subtitle }}", "Subtitle")
    tag(doc, "{%p if is_draft %}")
    lpara(doc, "{{ p.draft_note }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.t.introduction }}", "Heading 1")
    lpara(doc, "{{ p.introduction }}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.t.comments_heading }}", "Heading 1")
    lpara(doc, "{{ p.pcc_comments }}")
    lpara(doc, "{{ p.t.cc_heading }}", "Heading 1")
    tag(doc, "{%p if p.cc_comments %}")
    lpara(doc, "{{ p.cc_comments }}")
    tag(doc, "{%p if p.pcc_response %}")
    lpara(doc, "{{ p.t.response_heading }}", "Heading 1")
    lpara(doc, "{{ p.pcc_response }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    lpara(doc, "{{ p.t.no_cc }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.t.recommendations_heading }}", "Heading 1")
    lpara(doc, "{{ p.recommendations_intro }}")
    tag(doc, "{%p endfor %}")
    # Ref narrow, each language's text wide (A4 less margins: 15.9 cm); a Welsh-only response
    # loses the second language's column when rendered (s55xl.documents.bilingual).
    table = grid_table(doc, (Cm(1.9), Cm(7.0), Cm(7.0)))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ("{{ ref_label }}", "{{ parts[0].t.language }}",
               "{% if parts|length > 1 %}{{ parts[1].t.language }}{% endif %}")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for rec in rows %}")
    row = table.rows[2].cells
    row[0].paragraphs[0].add_run("{{ rec.ref }}")
    for cell, which in ((row[1], "first"), (row[2], "second")):
        first = cell.paragraphs[0]
        first.add_run(f"{{{{ rec.{which}.label_text }}}}").bold = True
        cell.add_paragraph(f"{{{{ rec.{which}.text }}}}")
        cell.add_paragraph().add_run(f"{{{{ rec.{which}.label_response }}}}").bold = True
        cell.add_paragraph(f"{{{{ rec.{which}.response }}}}")
        cell.add_paragraph().add_run(f"{{{{ rec.{which}.label_action }}}}").bold = True
        cell.add_paragraph(f"{{{{ rec.{which}.pcc_action }}}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{{{{ table_caption }}}}"/>'))
    tbl_pr.append(parse_xml(f'<w:tblDescription {nsdecls("w")} w:val="s55xl-languages"/>'))

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.t.publication }}", "Heading 1")
    lpara(doc, "{{ p.publication }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if signature_image %}")
    signature = para(doc, "{{ signature_image }}", "Signature")
    signature.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if pcc_name %}")
    signed = para(doc, "{{ pcc_name }}", "Signature")
    signed.paragraph_format.space_before = Pt(6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.policing_body }}", "Signature")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for p in parts %}")
    for paragraph in lpara(doc, "{{ p.dated }}", "Signature"):
        paragraph.paragraph_format.keep_with_next = False
    tag(doc, "{%p endfor %}")
    return doc


def board_paper_welsh():
    """The Board paper in Welsh and English (Settings Language Bilingual): each section once
    per part, in the parts' order, numbered by Word (1., 2.1…) on one list per language."""
    doc = new_document(numbered_headings=True)
    _welsh_styles(doc)
    _welsh_numbering(doc)
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.style = doc.styles["Protective Marking"]
    head.add_run("{{ protective_marking }}")
    bilingual_page_numbers(section.footer.paragraphs[0])
    section.footer.paragraphs[0].style = doc.styles["Footer"]
    section.footer.add_paragraph("{{ protective_marking }}", style="Protective Marking")

    tag(doc, "{%p for p in parts %}")
    for paragraph in lpara(doc, "{{ p.paper_title }}", "Title"):
        paragraph.paragraph_format.keep_with_next = True
    lpara(doc, "{{ p.paper_subtitle }}", "Subtitle")
    tag(doc, "{%p if is_draft %}")
    lpara(doc, "{{ p.paper_draft_note }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.paper_purpose_heading }}", "Heading 1")
    lpara(doc, "{{ p.paper_purpose }}", "Numbered Paragraph")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for p in parts %}")
    lpara(doc, "{{ p.paper_background_heading }}", "Heading 1")
    lpara(doc, "{{ p.paper_background }}", "Numbered Paragraph")
    tag(doc, "{%p for point in p.paper_background_points %}")
    lpara(doc, "{{ point.text }}", "Numbered Paragraph")
    tag(doc, "{%p for b in point.items %}")
    tag(doc, '{%p if p.lang == "cy" %}')
    numbered(doc, "{{ b }}", "Bullet Cymraeg", BULLET_NUM, 0)
    tag(doc, "{%p else %}")
    bullet(doc, "{{ b }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if p.paper_deadline %}")
    lpara(doc, "{{ p.paper_deadline }}", "Numbered Paragraph")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for section in paper_sections %}")
    tag(doc, "{%p for sp in section.parts %}")
    lpara(doc, "{{ sp.heading }}", "Heading 1", "sp")
    tag(doc, "{%p for item in sp.items %}")
    for paragraph in lpara(doc, "{{ item.ref_label }}{{ item.text }}", "Numbered Paragraph",
                           part="sp"):
        paragraph.paragraph_format.keep_with_next = True
    welsh, english = lpara(doc, "", part="sp")
    for paragraph in (welsh, english):
        paragraph.paragraph_format.left_indent = Pt(TEXT_INDENT / 20)
        paragraph.paragraph_format.space_after = Pt(12)
        paragraph.add_run("{{ item.response_label }}", style="Strong")
        paragraph.add_run(" {{ item.response }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for person in signatories %}")
    para(doc, "{{ person.signature }}", "Signature")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if report_url %}")
    tag(doc, "{%p for p in parts %}")
    for paragraph in lpara(doc, "{{ p.paper_link }}"):
        paragraph.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    return doc


def grid_table(doc, widths):
    """A four-row "Table Grid" table with one column per width, each cell that wide (Word
    reads the cells' widths, LibreOffice the columns')."""
    table = doc.add_table(rows=4, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def loop_table(doc, headers, cells, loop: str, widths, caption: str, description: str,
               size: int | None = None):
    """A table: a bold header row, then one row per item of ``loop`` ({%tr for … %});
    ``size`` the text size in points (None: the document's)."""
    table = grid_table(doc, widths)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if size:
            run.font.size = Pt(size)
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        run = cell.paragraphs[0].add_run(text)
        if size:
            run.font.size = Pt(size)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))
    tbl_pr.append(parse_xml(f'<w:tblDescription {nsdecls("w")} w:val="{description}"/>'))
    return table


def progress_paper():
    # Headings and paragraphs are not numbered: numbers such as 3.1 would read as the
    # recommendations' own Refs.
    doc = new_document(numbered_headings=False)
    footer(doc, marking=True, english=True)
    para(doc, "{{ document_title }}", "Title")
    para(doc, "Paper for the {{ board_name }}: the position as at {{ as_at }}", "Subtitle")

    heading(doc, "Purpose", number=False)
    para(doc, "This paper updates the {{ board_name }} (“{{ board_short_name }}”) on the "
              "action taken on the recommendations of inspection reports to which the "
              "response under Section 55 of the Police Act 1996 has been, or is being, "
              "published.")
    para(doc, "Each open recommendation is rated Red (its target date has passed), Amber "
              "(due within {{ due_soon_days }} days) or Green (due later); one with no target "
              "date yet is shown as No target date and counted apart. Complete "
              "recommendations and those where no action is proposed are listed apart.")
    para(doc, "{{ chart }}")

    tag(doc, "{%p for report in reports %}")
    heading(doc, "{{ report.report_id }}: {{ report.title }}", number=False)
    para(doc, "Published on {{ report.published }}; {{ report.total_text }}.")
    tag(doc, "{%p if report.none_text %}")
    para(doc, "{{ report.none_text }}")
    tag(doc, "{%p else %}")
    tag(doc, "{%p if report.rag_text %}")
    para(doc, "Open recommendations: {{ report.rag_text }}.")
    tag(doc, "{%p endif %}")
    loop_table(doc, ("Status", "Number"), ("{{ c.status }}", "{{ c.count }}"),
               "c in report.counts", (Cm(6), Cm(3)), "Recommendations by status",
               "One row per status: how many of the report's recommendations have it.")
    para(doc, "")
    loop_table(doc, ("Ref", "Recommendation", "Owner", "Status", "Target date", "RAG"),
               ("{{ rec.ref }}", "{{ rec.text }}", "{{ rec.owner }}", "{{ rec.status }}",
                "{{ rec.target_date }}{% if rec.target_note %} ({{ rec.target_note }})"
                "{% endif %}", "{{ rec.rag }}"),
               "rec in report.open", (Cm(1.2), Cm(4.6), Cm(2.2), Cm(2.0), Cm(3.2), Cm(2.7)),
               "Open recommendations",
               "One row per open recommendation: reference, text, owner, status, target date "
               "and RAG rating (the rating's word and its colour).", size=10)
    tag(doc, "{%p if report.closed %}")
    para(doc, "Complete, or no action proposed:", "Force Response")
    tag(doc, "{%p for rec in report.closed %}")
    bullet(doc, "{{ rec.ref }} – {{ rec.status }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    heading(doc, "Overdue actions by owner", number=False)
    tag(doc, "{%p for person in overdue %}")
    owner = para(doc, "{{ person.owner }}")
    owner.runs[0].bold = True
    owner.paragraph_format.keep_with_next = True
    tag(doc, "{%p for rec in person.items %}")
    bullet(doc, "{{ rec.report_id }} {{ rec.ref }}: target date {{ rec.target_date }}, "
                "{{ rec.status }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not overdue %}")
    para(doc, "No actions are overdue.")
    tag(doc, "{%p endif %}")
    return doc


# -- reproducible output ---------------------------------------------------------------------


def to_bytes(doc) -> bytes:
    """The .docx with fixed zip timestamps, so the same script always gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build() -> dict[str, bytes]:
    """Every default Word template, file name → bytes."""
    return {"board_paper.docx": to_bytes(board_paper()),
            "pcc_response.docx": to_bytes(pcc_response()),
            "pcc_response_welsh.docx": to_bytes(pcc_response_welsh()),
            "board_paper_welsh.docx": to_bytes(board_paper_welsh()),
            "progress_paper.docx": to_bytes(progress_paper())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="Only check that the committed templates are up to date.")
    parser.add_argument("--out", type=Path, default=OUT, help="Folder to write to.")
    args = parser.parse_args(argv)
    stale = []
    for name, data in build().items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/build_templates.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
