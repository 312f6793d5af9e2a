"""Word papers written in the tests the way staff and inspectorates lay them out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from s55xl.importer.document import Item


def add_list(document, list_id: int, levels, start_override: dict[int, int] | None = None,
             abstract_id: int | None = None, legal: bool = False) -> int:
    """Add a list definition (``levels`` = [(start, numFmt, lvlText)…]); returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = list_id if abstract_id is None else abstract_id
    if numbering.find(f"{{{numbering.nsmap['w']}}}abstractNum[@{{{numbering.nsmap['w']}}}"
                      f"abstractNumId='{abstract_id}']") is None:
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            + ('<w:isLgl/>' if legal and i else '')
            + f'<w:lvlText w:val="{text}"/></w:lvl>'
            for i, (start, fmt, text) in enumerate(levels))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    overrides = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/>'
                        f'</w:lvlOverride>' for lvl, start in (start_override or {}).items())
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{list_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))
    return list_id


def numbered(document, text: str, num_id: int, level: int = 0, style: str | None = None):
    """A paragraph numbered by Word (w:numPr); the number is not in its text."""
    p = document.add_paragraph(text, style=style)
    numpr = p._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id
    return p


DECIMAL_OUTLINE = [(1, "decimal", "%1."), (1, "decimal", "%1.%2")]
BULLETS = [(1, "bullet", "•")]


def board_paper_docx(path: Path) -> Path:
    """The reference Board paper's shape as Word writes it: numbering in numbering.xml."""
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL"
    section.footer.paragraphs[0].text = "Page 1 of 2"
    outline = add_list(d, 90, DECIMAL_OUTLINE)
    bullets = add_list(d, 91, BULLETS)
    numbered(d, "Purpose", outline, 0, "Heading 1")
    numbered(d, "The purpose of this paper is to provide an update to the Board on the "
                "Constabulary’s response to the HMICFRS “National Child Protection Inspections "
                "2019 Thematic Report” published by HMICFRS on 27th February 2020.", outline, 1)
    numbered(d, "Background", outline, 0, "Heading 1")
    numbered(d, "The response must be:", outline, 1)
    numbered(d, "Published;", bullets)
    numbered(d, "Sent to the Secretary of State.", bullets)
    numbered(d, "Force response to the national recommendations:", outline, 0, "Heading 1")
    numbered(d, "We recommend that the Home Office jointly with other government departments "
                "considers the development of a new national early help and prevention "
                "strategy.", outline, 1)
    p = d.add_paragraph("Force response: This recommendation is addressed to the Home Office. ")
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("The Constabulary will await further information.")
    numbered(d, "We recommend that chief constables take steps to reduce the unnecessary "
                "criminalisation of children. Such steps could include:", outline, 1)
    numbered(d, "considering fully a child’s circumstances;", bullets)
    numbered(d, "=the development of non-criminal justice pathways.", bullets)
    d.add_paragraph("Force response: The Constabulary is committed to safeguarding children.")
    d.add_paragraph("Work is ongoing across the partnership.")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    numbered(d, "We recommend that the Ministry of Justice and Department for Education "
                "undertake a review of intermediaries.", outline, 1)
    d.add_paragraph("Force response: This recommendation is addressed to the Ministry of Justice "
                    "and Department for Education. The Constabulary will await further "
                    "information.")
    d.add_paragraph("Detective Chief Superintendent Mark GREENHALGH – Head of Crime")
    d.add_paragraph("https://www.justiceinspectorates.gov.uk/hmicfrs/wp-content/uploads/"
                    "national-child-protection-inspections-2019-thematic-report.pdf")
    d.save(path)
    return path


BOARD_PAPER_ITEMS = [
    Item(ref="3.1", type="Recommendation", addressed_to="Home Office",
         recommendation=("We recommend that the Home Office jointly with other government "
                         "departments considers the development of a new national early help "
                         "and prevention strategy."),
         force_response=("This recommendation is addressed to the Home Office. The "
                         "Constabulary will await further information.")),
    Item(ref="3.2", type="Recommendation", addressed_to="Chief constables",
         recommendation=("We recommend that chief constables take steps to reduce the "
                         "unnecessary criminalisation of children. Such steps could include:\n"
                         "• considering fully a child’s circumstances;\n"
                         "• =the development of non-criminal justice pathways."),
         force_response=("The Constabulary is committed to safeguarding children.\n"
                         "Work is ongoing across the partnership.")),
    Item(ref="3.3", type="Recommendation",
         addressed_to="Ministry of Justice and Department for Education",
         recommendation=("We recommend that the Ministry of Justice and Department for "
                         "Education undertake a review of intermediaries."),
         force_response=("This recommendation is addressed to the Ministry of Justice and "
                         "Department for Education. The Constabulary will await further "
                         "information.")),
]


def table_paper_docx(path: Path) -> Path:
    """Findings in a table, one with its Ref numbered by Word rather than typed."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "OFFICIAL – Board paper header"
    d.add_paragraph("Response to the HMICFRS report “PEEL Spotlight: Fraud Victims 2021” "
                    "published on 2 August 2021.")
    refs = add_list(d, 95, [(4, "decimal", "R%1")])
    table = d.add_table(rows=1, cols=4)
    for cell, header in zip(table.rows[0].cells, ["Ref", "Recommendation", "Type",
                                                  "Force response"], strict=False):
        cell.text = header
    rows = [
        ("R1", "By 31 March 2022, chief constables should improve victim care.", "",
         "A victim care plan is in place.\nIt is reviewed monthly."),
        ("AFI 2", "The force should improve how it records fraud.", "Area for improvement", ""),
        ("", "Recommendation 3: The Home Office should fund fraud teams.", "", ""),
        (None, "We recommend that the College of Policing should publish guidance.", "", ""),
    ]
    for ref, text, type_, response in rows:
        cells = table.add_row().cells
        if ref is None:
            p = cells[0].paragraphs[0]
            numpr = p._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = 0
            numpr.get_or_add_numId().val = refs
        else:
            cells[0].text = ref
        cells[1].text = text
        cells[2].text = type_
        cells[3].text = response
    d.save(path)
    return path


TABLE_ITEMS = [
    Item(ref="R1", type="Recommendation", addressed_to="Chief constables",
         recommendation="By 31 March 2022, chief constables should improve victim care.",
         force_response="A victim care plan is in place.\nIt is reviewed monthly.",
         target_date=date(2022, 3, 31)),
    Item(ref="AFI 2", type="Area for improvement", addressed_to="The force",
         recommendation="The force should improve how it records fraud.", force_response=None),
    Item(ref="Recommendation 3", type="Recommendation", addressed_to="Home Office",
         recommendation="The Home Office should fund fraud teams.", force_response=None),
    Item(ref="R4", type="Recommendation", addressed_to="College of Policing",
         recommendation="We recommend that the College of Policing should publish guidance.",
         force_response=None),
]


# -- Word's numbering ------------------------------------------------------------------------------
