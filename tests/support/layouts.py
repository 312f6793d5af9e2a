"""Inspection reports in the layouts the inspectorates publish, written as OpenDocument text
(flat .fodt XML) for LibreOffice to turn into PDFs — tagged (``UseTaggedPDF``) and untagged — and
as the equivalent saved web page.

Each report is a list of parts:

- ``("title", text)``, ``("subtitle", text)``, ``("h1", text)``, ``("h2", text)``, ``("p", text)``
- ``("bullet", text)`` and ``("sub", text)`` (an "o" point under the bullet before it)
- ``("box", [parts])`` a shaded box; ``("frame", [parts])`` a box drawn as a one-cell table
- ``("cellbox", [parts])`` a box drawn as a shaded one-cell table without borders
- ``("table", [header, row, …])`` a ruled table; ``("rtable", …)`` one ruled across only;
  ``("ptable", …)`` one without rules, its columns shown by alignment alone
- ``("columns", [parts])`` a two-column section
- ``("break", "")`` a page break

Text may hold footnotes as ``[^the note's text]``: the PDF sets a raised number there and the
note at the foot of the page; the web page a linked superscript and a list of notes at the end.
The pages carry a running header (a protective marking and the running title) and a footer
("Page N of M"), so every PDF has furniture to leave out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from s55xl.importer import Item

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
LEVEL = ('<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
         '<style:list-level-label-alignment text:label-followed-by="listtab" '
         'text:list-tab-stop-position="{0}cm" fo:text-indent="-0.635cm" fo:margin-left="{0}cm"/>'
         '</style:list-level-properties>')
STYLES = """<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm"
 fo:margin-bottom="0.25cm"/><style:text-properties style:font-name="Liberation Sans"
 fo:font-family="'Liberation Sans'" fo:font-size="11pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties
 fo:margin-bottom="0.3cm"/><style:text-properties fo:font-size="26pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Subtitle" style:family="paragraph"><style:paragraph-properties
 fo:margin-bottom="0.6cm"/><style:text-properties fo:font-size="18pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.5cm"
 fo:margin-bottom="0.25cm"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
 style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.4cm"
 fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:text-properties
 fo:font-size="9pt"/></style:style>
</office:styles>"""
AUTOMATIC = f"""<office:automatic-styles>
<style:style style:name="Box" style:family="paragraph"><style:paragraph-properties
 fo:background-color="#dbe5f1" fo:padding="0.2cm" fo:margin-left="0.2cm" fo:margin-right="0.2cm"
 fo:margin-bottom="0cm"/></style:style>
<style:style style:name="BoxH" style:family="paragraph" style:parent-style-name="Box">
<style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
<style:style style:name="After" style:family="paragraph"><style:paragraph-properties
 fo:margin-top="0.4cm"/></style:style>
<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties
 fo:break-before="page"/></style:style>
<style:style style:name="Sect2" style:family="section"><style:section-properties>
<style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties></style:style>
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties
 fo:border="0.75pt solid #000000" fo:padding="0.12cm"/></style:style>
<style:style style:name="Rules" style:family="table-cell"><style:table-cell-properties
 fo:border-top="0.75pt solid #000000" fo:border-bottom="0.75pt solid #000000"
 fo:border-left="none" fo:border-right="none" fo:padding="0.12cm"/></style:style>
<style:style style:name="Plain" style:family="table-cell"><style:table-cell-properties
 fo:border="none" fo:padding="0.12cm"/></style:style>
<style:style style:name="Shaded" style:family="table-cell"><style:table-cell-properties
 fo:background-color="#e2efd9" fo:border="none" fo:padding="0.25cm"/></style:style>
<style:style style:name="Frame" style:family="table-cell"><style:table-cell-properties
 fo:border="1pt solid #1f4e79" fo:padding="0.25cm"/></style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="17cm"
 table:align="margins" fo:margin-top="0.2cm" fo:margin-bottom="0.4cm"/></style:style>
<style:style style:name="Narrow" style:family="table-column"><style:table-column-properties
 style:column-width="2cm"/></style:style>
<style:style style:name="Wide" style:family="table-column"><style:table-column-properties
 style:column-width="15cm"/></style:style>
<text:list-style style:name="L1">
<text:list-level-style-bullet text:level="1" text:bullet-char="•">{LEVEL.format("0.635")}
</text:list-level-style-bullet>
<text:list-level-style-bullet text:level="2" text:bullet-char="o">{LEVEL.format("1.27")}
</text:list-level-style-bullet></text:list-style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="2cm"
 fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0cm"
 fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style>
<style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>
</style:page-layout>
</office:automatic-styles>"""
FOOTNOTE = re.compile(r"\[\^([^\]]+)\]")


@dataclass
class Report:
    """One test report: its parts, the rows a careful officer would type from it, and its
    details (title, published, report type, inspectorate)."""

    name: str
    running_title: str
    parts: list
    expected: list[Item]
    title: str
    published: date
    report_type: str | None
    inspectorate: str | None
    notes: list[str] = field(default_factory=list)


# -- OpenDocument ---------------------------------------------------------------------------------

def nested_list(items, text, outer, inner, item) -> str:
    """Bullets (``("bullet", text)``) with their sub-bullets (``("sub", text)``) nested inside
    the bullet before them; ``text`` renders an item's text, ``outer``, ``inner`` and ``item``
    are the (opening, closing) markup of the list, a sub-list and an item."""
    xml = [outer[0]]
    open_item = open_sub = False
    for kind, value in items:
        if kind == "bullet":
            if open_sub:
                xml.append(inner[1])
                open_sub = False
            if open_item:
                xml.append(item[1])
            xml.append(item[0] + text(value))
            open_item = True
        else:
            if not open_sub:
                xml.append(inner[0])
                open_sub = True
            xml.append(item[0] + text(value) + item[1])
    if open_sub:
        xml.append(inner[1])
    if open_item:
        xml.append(item[1])
    xml.append(outer[1])
    return "".join(xml)


class _Fodt:
    def __init__(self) -> None:
        self.notes = 0
        self.tables = 0
        self.sections = 0

    def inline(self, text: str) -> str:
        out, last = [], 0
        for m in FOOTNOTE.finditer(text):
            out.append(html.escape(text[last:m.start()], quote=False))
            self.notes += 1
            n = self.notes
            out.append(f'<text:note text:id="ftn{n}" text:note-class="footnote">'
                       f"<text:note-citation>{n}</text:note-citation><text:note-body>"
                       f'<text:p text:style-name="Footnote">'
                       f"{html.escape(m.group(1), quote=False)}</text:p></text:note-body>"
                       "</text:note>")
            last = m.end()
        out.append(html.escape(text[last:], quote=False))
        return "".join(out)

    def parts(self, parts, style: str | None = None) -> str:
        out: list[str] = []
        items: list[tuple[str, str]] = []
        pending_break = False

        def flush() -> None:
            if not items:
                return
            shaded = f' text:style-name="{style}"' if style else ""
            out.append(nested_list(
                items, lambda text: f"<text:p{shaded}>{self.inline(text)}</text:p>",
                ('<text:list text:style-name="L1">', "</text:list>"),
                ("<text:list>", "</text:list>"), ("<text:list-item>", "</text:list-item>")))
            items.clear()

        for kind, value in parts:
            if kind in ("bullet", "sub"):
                items.append((kind, value))
                continue
            flush()
            if kind == "break":
                pending_break = True
                continue
            brk = pending_break
            pending_break = False
            if kind in ("title", "subtitle"):
                name = "Title" if kind == "title" else "Subtitle"
                out.append(f'<text:p text:style-name="{name}">{self.inline(value)}</text:p>')
            elif kind in ("h1", "h2"):
                level = kind[1]
                name = "BoxH" if style == "Box" else f"Heading_20_{level}"
                tag = "text:p" if style == "Box" else "text:h"
                outline = "" if style == "Box" else f' text:outline-level="{level}"'
                out.append(f'<{tag} text:style-name="{name}"{outline}>{self.inline(value)}'
                           f"</{tag}>")
            elif kind == "p":
                name = style or ("Break" if brk else "Standard")
                out.append(f'<text:p text:style-name="{name}">{self.inline(value)}</text:p>')
            elif kind == "after":  # a paragraph after a box, with room above it
                out.append(f'<text:p text:style-name="After">{self.inline(value)}</text:p>')
            elif kind == "box":
                out.append(self.parts(value, style="Box"))
            elif kind in ("frame", "cellbox"):
                self.tables += 1
                cell = "Frame" if kind == "frame" else "Shaded"
                out.append(f'<table:table table:name="Frame{self.tables}" table:style-name="Tbl">'
                           '<table:table-column/><table:table-row>'
                           f'<table:table-cell table:style-name="{cell}" '
                           f'office:value-type="string">{self.parts(value)}</table:table-cell>'
                           "</table:table-row></table:table>")
            elif kind in ("table", "rtable", "ptable"):
                cell = {"table": "Cell", "rtable": "Rules", "ptable": "Plain"}[kind]
                out.append(self.table(value, cell))
            elif kind == "columns":
                self.sections += 1
                out.append(f'<text:section text:style-name="Sect2" text:name="S{self.sections}">'
                           f"{self.parts(value)}</text:section>")
            if brk and kind != "p":
                out[-1] = '<text:p text:style-name="Break"/>' + out[-1]
        flush()
        return "".join(out)

    def table(self, rows, cell: str = "Cell") -> str:
        self.tables += 1
        header, *body = rows
        columns = ('<table:table-column table:style-name="Narrow"/>'
                   '<table:table-column table:style-name="Wide"/>' if len(header) == 2 else
                   f'<table:table-column table:number-columns-repeated="{len(header)}"/>')

        def row(cells) -> str:
            return "<table:table-row>" + "".join(
                f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
                f"<text:p>{self.inline(c)}</text:p></table:table-cell>" for c in cells
            ) + "</table:table-row>"

        return (f'<table:table table:name="Table{self.tables}" table:style-name="Tbl">{columns}'
                f"<table:table-header-rows>{row(header)}</table:table-header-rows>"
                + "".join(row(r) for r in body) + "</table:table>")


def write_fodt(report: Report, path: Path) -> Path:
    body = _Fodt().parts(report.parts)
    header = ("<style:header><text:p>OFFICIAL</text:p>"
              f"<text:p>{html.escape(report.running_title)}</text:p></style:header>")
    footer = ('<style:footer><text:p>Page <text:page-number text:select-page="current">1'
              "</text:page-number> of <text:page-count>1</text:page-count></text:p>"
              "</style:footer>")
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"{STYLES}{AUTOMATIC}<office:master-styles><style:master-page style:name=\"Standard\" "
        f'style:page-layout-name="pm1">{header}{footer}</style:master-page>'
        f"</office:master-styles><office:body><office:text>{body}</office:text></office:body>"
        "</office:document>", encoding="utf-8")
    return path


# -- the saved web page -----------------------------------------------------------------------------

def write_html(report: Report, path: Path) -> Path:
    """The report as the inspectorate's web page: boxes as shaded panels, footnotes as linked
    superscripts with the notes listed at the end, sub-bullets as nested lists."""
    notes: list[str] = []

    def inline(text: str) -> str:
        out, last = [], 0
        for m in FOOTNOTE.finditer(text):
            out.append(html.escape(text[last:m.start()]))
            notes.append(m.group(1))
            n = len(notes)
            out.append(f'<sup class="footnote-ref"><a href="#fn{n}" id="fnref{n}">{n}</a></sup>')
            last = m.end()
        out.append(html.escape(text[last:]))
        return "".join(out)

    def render(parts) -> str:
        out: list[str] = []
        items: list[tuple[str, str]] = []

        def flush() -> None:
            if not items:
                return
            out.append(nested_list(items, inline, ("<ul>", "</ul>"), ("<ul>", "</ul>"),
                                   ("<li>", "</li>")))
            items.clear()

        for kind, value in parts:
            if kind in ("bullet", "sub"):
                items.append((kind, value))
                continue
            flush()
            if kind == "title":
                out.append(f"<h1>{inline(value)}</h1>")
            elif kind == "subtitle":
                out.append(f'<p class="subtitle">{inline(value)}</p>')
            elif kind in ("h1", "h2"):
                out.append(f"<h{int(kind[1]) + 1}>{inline(value)}</h{int(kind[1]) + 1}>")
            elif kind in ("p", "after"):
                out.append(f"<p>{inline(value)}</p>")
            elif kind in ("box", "frame", "cellbox"):
                out.append(f'<div class="callout-box" style="background:#dbe5f1">{render(value)}'
                           "</div>")
            elif kind in ("table", "rtable", "ptable"):
                header, *body = value
                out.append("<table><thead><tr>" + "".join(f"<th>{inline(c)}</th>" for c in header)
                           + "</tr></thead><tbody>" + "".join(
                               "<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>"
                               for row in body) + "</tbody></table>")
            elif kind == "columns":
                out.append(f'<div class="two-columns">{render(value)}</div>')
        flush()
        return "".join(out)

    article = render(report.parts)
    footnotes = "".join(f'<li id="fn{n}"><p>{html.escape(t)} <a href="#fnref{n}">↩</a></p></li>'
                        for n, t in enumerate(notes, start=1))
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(report.title)} - HMICFRS</title>"
            "<style>.subtitle{font-size:1.6em;margin-top:0}</style></head><body>"
            "<nav aria-label='Main'><ul><li><a href='/'>Home</a></li></ul></nav>"
            f"<main id='main'><article>{article}"
            f"<section class='footnotes' role='doc-endnotes'><h2>Footnotes</h2><ol>{footnotes}"
            "</ol></section></article></main>"
            "<footer class='site-footer'><p>© Crown copyright</p></footer></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


# -- the reports ----------------------------------------------------------------------------------

FORCE = "Northshire Police"
FILLER = ("We inspected how the force answers calls for service, how it assesses the risk to "
          "the people who call, and how it makes sure that officers attend when they should. "
          "We spoke to call handlers, supervisors and senior leaders, listened to calls and "
          "reviewed a sample of incident records from the six months before our fieldwork. "
          "Most call handlers we spoke to understood how to identify vulnerability.")


def _afi(n: int, text: str) -> Item:
    return Item(ref=f"AFI {n}", type="Area for improvement", addressed_to=FORCE,
                recommendation=text)


def _rec(n: int, text: str, to: str, due: date | None = None, note: str | None = None,
         ref: str | None = None, type_: str = "Recommendation") -> Item:
    return Item(ref=ref or f"Recommendation {n}", type=type_, addressed_to=to,
                recommendation=text, target_date=due, note=note)


# 1. Footnotes, a two-line title with a subtitle, and a finding running over a page break with
#    a footnote at the foot of the first page.
SPANNING = ("The force should make sure that its use of the Active Risk Management System "
            "within its public protection teams is consistent, that every assessment is "
            "reviewed by a supervisor within the time the force's own policy sets, and that "
            "the plans made for each registered sex offender are recorded, kept up to date, "
            "shared with the partner agencies who manage the offender with it, and acted on. ")
AFI_FOOTNOTES = [
    ("The force should improve how it records the outcome of every stop and search and how "
     "supervisors check that the grounds for each search are reasonable."),
    SPANNING * 4 + "It should check that this happens.",
    "The force should improve how quickly it answers non-emergency calls.",
]
FOOTNOTES = Report(
    name="footnotes", running_title="PEEL 2023–25: Northshire Police",
    title="PEEL 2023–25: An inspection of Northshire Police", published=date(2024, 5, 2),
    report_type="PEEL", inspectorate="HMICFRS",
    parts=[("title", "PEEL 2023–25"), ("subtitle", "An inspection of Northshire Police"),
           ("p", "Published: 2 May 2024"),
           ("h1", "Areas for improvement"),
           ("h2", "Area for improvement 1"),
           ("p", "The force should improve how it records the outcome of every stop and "
                 "search[^Section 1 of the Police and Criminal Evidence Act 1984.] and how "
                 "supervisors check that the grounds for each search are reasonable."),
           ("p", FILLER), ("p", FILLER), ("p", FILLER), ("p", FILLER),
           ("h2", "Area for improvement 2"),
           ("p", "The force should make sure that its use of the Active Risk Management "
                 "System[^ARMS is the national tool for assessing the risk posed by registered "
                 "sex offenders.] within its public protection teams is consistent, that every "
                 "assessment is reviewed by a supervisor within the time the force's own "
                 "policy sets, and that the plans made for each registered sex offender are "
                 "recorded, kept up to date, shared with the partner agencies who manage the "
                 "offender with it, and acted on. " + SPANNING * 3
                 + "It should check that this happens."),
           ("h2", "Area for improvement 3"),
           ("p", "The force should improve how quickly it answers non-emergency calls.[^The "
                 "national standard is set by the Home Office.]"),
           ("h1", "About the data"), ("p", "Data in this report comes from the Home Office.")],
    expected=[_afi(n, t) for n, t in enumerate(AFI_FOOTNOTES, start=1)],
)

# 2. Findings in shaded boxes, each followed by the report's narrative; a force inspection.
BOXES = Report(
    name="boxes", running_title="Northshire Police: custody",
    title="Northshire Police: An inspection of police custody arrangements",
    published=date(2023, 9, 12), report_type="Force inspection", inspectorate="HMICFRS",
    parts=[("title", "Northshire Police: An inspection of police custody arrangements"),
           ("p", "Published on 12 September 2023 by HMICFRS."),
           ("h1", "Leadership"),
           ("p", FILLER),
           ("box", [("h2", "Area for improvement 1"),
                    ("p", "The force should make sure that custody officers record the "
                          "reasons for every strip search.")]),
           ("after", "We found that strip searches were not always authorised by an inspector, "
                     "and the reasons were often missing from the record."),
           ("box", [("h2", "Area for improvement 2"),
                    ("p", "The force should improve the way it monitors the use of force in "
                          "custody.")]),
           ("after", "Officers told us that they had not been trained in the new recording "
                     "system, and supervisors did not check the records."),
           ("h1", "Detainee care"),
           ("box", [("h2", "Cause of concern"),
                    ("p", "The force does not make sure that detainees who are at risk are "
                          "checked as often as their care plans require."),
                    ("p", "Recommendations — Within six months, the force should:"),
                    ("bullet", "make sure that detainees at risk are checked and roused as "
                               "their care plans set out; and"),
                    ("bullet", "audit the checks every month.")]),
           ("after", "We looked at 60 custody records. In 14 of them, checks were late.")],
    expected=[
        _afi(1, "The force should make sure that custody officers record the reasons for every "
                "strip search."),
        _afi(2, "The force should improve the way it monitors the use of force in custody."),
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to=FORCE,
             recommendation="The force does not make sure that detainees who are at risk are "
                            "checked as often as their care plans require."),
        _rec(0, "Within six months, the force should:\n• make sure that detainees at risk are "
                "checked and roused as their care plans set out; and", FORCE, date(2024, 3, 12),
             "Target date worked out as six months from publication (12 September 2023).",
             ref="Cause of concern 1.1"),
        _rec(0, "Within six months, the force should:\n• audit the checks every month.", FORCE,
             date(2024, 3, 12),
             "Target date worked out as six months from publication (12 September 2023).",
             ref="Cause of concern 1.2"),
    ],
)

# 3. Areas for improvement set out as a ruled table, one cell running over several lines.
TABLE_AFIS = [
    "The force should improve how it identifies repeat victims of anti-social behaviour.",
    "The force should make sure that neighbourhood officers are not taken away from their "
    "neighbourhoods to cover response duties, so that they have the time to solve problems "
    "with their communities and partners, and that the time they lose is recorded.",
    "The force should improve how it uses data to understand demand.",
]
TABLE = Report(
    name="table", running_title="PEEL 2021/22: Northshire Police",
    title="PEEL 2021/22: An inspection of Northshire Police", published=date(2022, 6, 30),
    report_type="PEEL", inspectorate="HMICFRS",
    parts=[("title", "PEEL 2021/22: An inspection of Northshire Police"),
           ("p", "Published: 30 June 2022"),
           ("h1", "Preventing crime and anti-social behaviour"),
           ("p", FILLER),
           ("p", "We have set out the areas for improvement below."),
           ("table", [("No.", "Area for improvement")]
            + [(str(n), t) for n, t in enumerate(TABLE_AFIS, start=1)]),
           ("p", "We will check progress against these areas for improvement.")],
    expected=[_afi(n, t) for n, t in enumerate(TABLE_AFIS, start=1)],
)

# 4. A two-column thematic report.
COLUMN_RECS = [
    ("By 31 March 2025, chief constables should make sure that every officer who responds to "
     "reports of stalking has been trained to recognise it and to record it as stalking.",
     "Chief constables", date(2025, 3, 31)),
    ("By 31 March 2025, the College of Policing should publish guidance on stalking "
     "protection orders and how to apply for them.", "College of Policing", date(2025, 3, 31)),
    ("Within twelve months, the Home Office should review how stalking offences are counted.",
     "Home Office", date(2025, 1, 16)),
]
COLUMNS = Report(
    name="columns", running_title="Stalking: a thematic inspection",
    title="A thematic inspection of the police response to stalking",
    published=date(2024, 1, 16), report_type="National thematic", inspectorate="HMICFRS",
    parts=[("title", "A thematic inspection of the police response to stalking"),
           ("p", "Published: 16 January 2024"), ("p", "An inspection by HMICFRS"),
           ("h1", "Recommendations"),
           ("columns", [("p", FILLER)]
            + [("p", f"Recommendation {n}: {t}") for n, (t, _, _) in enumerate(COLUMN_RECS, 1)]
            + [("p", FILLER)]),
           ("p", "We will monitor how forces respond to these recommendations over the next "
                 "year and report on what we find in our next inspection of this subject.")],
    expected=[_rec(n, t, to, due, "Target date worked out as twelve months from publication "
                   "(16 January 2024)." if n == 3 else None)
              for n, (t, to, due) in enumerate(COLUMN_RECS, start=1)],
)

# 5. Bulleted recommendations with "o" points under them.
SUB = Report(
    name="sub-bullets", running_title="Vetting, misconduct and misogyny",
    title="An inspection of vetting, misconduct and misogyny in the police service",
    published=date(2022, 11, 2), report_type=None, inspectorate="HMICFRS",
    parts=[("title", "An inspection of vetting, misconduct and misogyny in the police service"),
           ("p", "Published: 2 November 2022"), ("p", "HMICFRS"),
           ("h1", "Recommendations"),
           ("p", "Recommendation 1: By 31 October 2023, chief constables should make sure "
                 "their vetting units:"),
           ("bullet", "record the reasons for every decision, including:"),
           ("sub", "the information considered; and"),
           ("sub", "any risk-mitigation measures."),
           ("bullet", "review every decision to reject an appeal."),
           ("p", "Recommendation 2: By 30 April 2023, the College of Policing should amend "
                 "its guidance on vetting."),
           ("h1", "Conclusion"), ("p", "We will check progress.")],
    expected=[
        _rec(1, "By 31 October 2023, chief constables should make sure their vetting units:\n"
                "• record the reasons for every decision, including:\n"
                "  ◦ the information considered; and\n"
                "  ◦ any risk-mitigation measures.\n"
                "• review every decision to reject an appeal.", "Chief constables",
             date(2023, 10, 31)),
        _rec(2, "By 30 April 2023, the College of Policing should amend its guidance on "
                "vetting.", "College of Policing", date(2023, 4, 30)),
    ],
)

# 6. A joint inspection with a long title running over lines, addressed to bodies outside the
#    usual list.
LONG_TITLE = ("Managing the risk: a joint inspection of how the police and probation services "
              "manage the risk posed by people released from prison into the community")
JOINT_RECS = [
    ("By 31 March 2024, chief constables and regional probation directors should agree how "
     "they share information about people released from prison.",
     "Chief constables and regional probation directors", date(2024, 3, 31)),
    ("HM Prison and Probation Service should make sure that every prison release plan names a "
     "probation practitioner.", "HM Prison and Probation Service", None),
    ("By 30 September 2024, youth offending team managers and the Youth Justice Board should "
     "review how young people are prepared for release.",
     "Youth offending team managers and Youth Justice Board", date(2024, 9, 30)),
]
JOINT = Report(
    name="joint", running_title="Managing the risk",
    title=LONG_TITLE, published=date(2023, 7, 20), report_type="Joint inspection",
    inspectorate="HMICFRS and HMI Probation",
    parts=[("title", LONG_TITLE),
           ("p", "A joint inspection by HMICFRS and HM Inspectorate of Probation"),
           ("p", "Published: 20 July 2023"),
           ("h1", "Recommendations")]
          + [("p", f"Recommendation {n}: {t}") for n, (t, _, _) in enumerate(JOINT_RECS, 1)]
          + [("h1", "Introduction"), ("p", FILLER)],
    expected=[_rec(n, t, to, due) for n, (t, to, due) in enumerate(JOINT_RECS, start=1)],
)

# 7. Causes of concern, each framed in a bordered box, with their recommendations.
CAUSES = Report(
    name="causes", running_title="Northshire Police: child protection",
    title="Northshire Police: National child protection inspection",
    published=date(2023, 3, 1), report_type="Force inspection", inspectorate="HMICFRS",
    parts=[("title", "Northshire Police: National child protection inspection"),
           ("p", "Published: 1 March 2023"), ("p", "HMICFRS"),
           ("h1", "Causes of concern"),
           ("frame", [("h2", "Cause of concern 1"),
                      ("p", "The force does not always identify children at risk when it "
                            "attends domestic abuse incidents."),
                      ("h2", "Recommendations"),
                      ("bullet", "By 31 August 2023, the force should make sure officers "
                                 "record the details of every child present; and"),
                      ("bullet", "By 31 August 2023, the force should share those details "
                                 "with children's social care.")]),
           ("after", "In 12 of the 40 cases we examined, the children present were not "
                     "recorded."),
           ("frame", [("h2", "Cause of concern 2"),
                      ("p", "The force does not investigate online child abuse quickly "
                            "enough.")]),
           ("after", "Investigations waited for months before any action was taken."),
           ("h1", "Conclusion"), ("p", "We will revisit the force.")],
    expected=[
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to=FORCE,
             recommendation="The force does not always identify children at risk when it "
                            "attends domestic abuse incidents."),
        _rec(0, "• By 31 August 2023, the force should make sure officers record the details "
                "of every child present; and", FORCE, date(2023, 8, 31),
             ref="Cause of concern 1.1"),
        _rec(0, "• By 31 August 2023, the force should share those details with children's "
                "social care.", FORCE, date(2023, 8, 31), ref="Cause of concern 1.2"),
        Item(ref="Cause of concern 2", type="Cause of concern", addressed_to=FORCE,
             recommendation="The force does not investigate online child abuse quickly "
                            "enough."),
    ],
)

# 8. Everything at once: a box holding a footnoted finding, a table, columns and sub-bullets.
MIXED = Report(
    name="mixed", running_title="Northshire Police: response",
    title="An inspection of Northshire Police's response to domestic abuse",
    published=date(2024, 2, 8), report_type="Force inspection", inspectorate="HMICFRS",
    parts=[("title", "An inspection of Northshire Police's response to domestic abuse"),
           ("p", "Published: 8 February 2024"),
           ("h1", "Our findings"),
           ("columns", [("p", FILLER), ("p", FILLER)]),
           ("box", [("h2", "Area for improvement 1"),
                    ("p", "The force should improve how it uses domestic violence protection "
                          "notices[^Section 24 of the Crime and Security Act 2010.] and "
                          "orders.")]),
           ("after", "We found that the force used the notices in only a few cases."),
           ("h1", "Recommendations"),
           ("p", "Recommendation 1: Within three months, the force should:"),
           ("bullet", "review how it grades domestic abuse calls, including:"),
           ("sub", "calls from third parties;"),
           ("sub", "repeat calls from the same address."),
           ("h1", "Areas for improvement"),
           ("table", [("No.", "Area for improvement"),
                      ("2", "The force should make sure that victims are told about the "
                            "Domestic Violence Disclosure Scheme."),
                      ("3", "The force should improve its supervision of investigations.")]),
           ("p", "We will check progress.")],
    expected=[
        _afi(1, "The force should improve how it uses domestic violence protection notices "
                "and orders."),
        _rec(1, "Within three months, the force should:\n• review how it grades domestic abuse "
                "calls, including:\n  ◦ calls from third parties;\n  ◦ repeat calls from the "
                "same address.", FORCE, date(2024, 5, 8),
             "Target date worked out as three months from publication (8 February 2024)."),
        _afi(2, "The force should make sure that victims are told about the Domestic Violence "
                "Disclosure Scheme."),
        _afi(3, "The force should improve its supervision of investigations."),
    ],
)

# 9. Areas for improvement in a table ruled across only, a recommendation in a shaded table
#    cell, and labelled areas for improvement in two columns.
RULED_AFIS = [
    "The force should make sure that it records equality data for every stop and search.",
    "The force should improve how it explains the use of force to its communities, and "
    "publish the data it holds on the use of force each quarter.",
]
RULED = Report(
    name="ruled", running_title="Southshire Constabulary: legitimacy",
    title="An inspection of Southshire Constabulary's legitimacy",
    published=date(2025, 4, 10), report_type="Force inspection", inspectorate="HMICFRS",
    parts=[("title", "An inspection of Southshire Constabulary's legitimacy"),
           ("p", "Published: 10 April 2025"),
           ("h1", "Recommendation"),
           ("cellbox", [("p", "Recommendation 1: By 31 October 2025, the force should review "
                              "every use of a spit guard[^A mesh hood put over a person's "
                              "head.] in the previous year.")]),
           ("after", "We found that spit guards were used on children in 9 cases."),
           ("h1", "Areas for improvement"),
           ("rtable", [("Ref", "Area for improvement")]
            + [(f"AFI {n}", t) for n, t in enumerate(RULED_AFIS, start=1)]),
           ("columns", [("h2", "Area for improvement 3"),
                        ("p", "The force should make sure that officers switch on their "
                              "body-worn video cameras when they use force."),
                        ("p", FILLER),
                        ("h2", "Area for improvement 4"),
                        ("p", "The force should improve how it scrutinises the use of Taser "
                              "with its independent advisory groups."),
                        ("p", FILLER)]),
           ("p", "We will check progress.")],
    expected=[
        Item(ref="Recommendation 1", type="Recommendation", addressed_to=FORCE,
             recommendation="By 31 October 2025, the force should review every "
             "use of a spit guard in the previous year.", target_date=date(2025, 10, 31)),
        _afi(3, "The force should make sure that officers switch on their body-worn video "
                "cameras when they use force."),
        _afi(4, "The force should improve how it scrutinises the use of Taser with its "
                "independent advisory groups."),
    ] + [_afi(n, t) for n, t in enumerate(RULED_AFIS, start=1)],
)

TOC = [("p", "Contents"), ("p", "Summary ........................ 3"),
       ("p", "Area for improvement 1 ........................ 4"),
       ("p", "Recommendation 1 ........................ 5")]
DOMESTIC = ("By 31 December 2025, the force should make sure that every victim of domestic abuse "
            "is offered a referral to support services.")
INVESTIGATIONS = ("The force should improve the way it manages its investigations so that they "
                  "are allocated to officers with the right skills, experience and workload "
                  "capacity, and that supervisors review them regularly.")
CALLS = ("Within three months, the force and the police and crime commissioner should agree a "
         "plan to reduce the time taken to answer 101 calls.")


def _item(n: int) -> str:
    return (f"The force should improve item {n} of its plan, and report progress to its board "
            "every quarter so that it can see where it is falling behind.")


# 10. A PEEL report with a list of contents, a recommendation its summary repeats, an area for
#     improvement in a box under its label, one in two columns, and a long table of areas
#     running over the page (its header repeated, a row broken across the page).
CONTENTS = Report(
    name="contents", running_title="Westmoor Police: PEEL",
    title="PEEL 2025: An inspection of Westmoor Police", published=date(2025, 6, 5),
    report_type="PEEL", inspectorate="HMICFRS",
    parts=[("title", "PEEL 2025"), ("subtitle", "An inspection of Westmoor Police"),
           ("p", "Published: 5 June 2025"), *TOC,
           ("h1", "Summary"), ("p", f"Recommendation 1: {DOMESTIC}"),
           ("break", ""),
           ("h1", "Responding to the public"),
           ("h2", "Area for improvement 1"),
           ("box", [("p", "The force should make sure its control room staff identify repeat "
                          "callers,[^A repeat caller has called three times or more in 28 "
                          "days.] and record their vulnerability.")]),
           ("after", "Our review of calls showed that repeat callers were often not "
                     "identified."),
           ("columns", [("p", FILLER), ("h2", "Area for improvement 2"), ("p", INVESTIGATIONS),
                        ("p", FILLER)]),
           ("h1", "Recommendations"),
           ("p", f"Recommendation 1: {DOMESTIC}"),
           ("p", f"Recommendation 2: {CALLS}"),
           ("h1", "Areas for improvement (continued)"),
           ("table", [("No.", "Area for improvement")]
            + [(str(n), _item(n)) for n in range(3, 30)]),
           ("p", "We will continue to monitor.")],
    expected=[
        _rec(1, DOMESTIC, FORCE, date(2025, 12, 31)),
        _afi(1, "The force should make sure its control room staff identify repeat callers, "
                "and record their vulnerability."),
        _afi(2, INVESTIGATIONS),
        _rec(2, CALLS, f"{FORCE} and police and crime commissioners", date(2025, 9, 5),
             "Target date worked out as three months from publication (5 June 2025)."),
    ] + [_afi(n, _item(n)) for n in range(3, 30)],
)

STRATEGY = ("By 31 March 2025, the Home Office, the National Economic Crime Centre and City of "
            "London Police should agree a single national fraud strategy.")
LEAD = ("To address this cause of concern, we recommend that, by 31 March 2025, chief "
        "constables should:")

# 11. A joint thematic report: recommendations in boxes under plain labels, bodies outside the
#     known list, a "Cause of concern" heading over "Cause of concern 1:" with its
#     recommendations.
FRAUD = Report(
    name="fraud", running_title="Fraud: a joint thematic inspection",
    title="A joint thematic inspection of the criminal justice response to fraud",
    published=date(2024, 10, 1), report_type="Joint inspection",
    inspectorate="HMICFRS and HMCPSI",
    parts=[("title", "A joint thematic inspection of the criminal justice response to fraud"),
           ("p", "HMICFRS and HMCPSI"), ("p", "Published: 1 October 2024"),
           ("h1", "Recommendations"),
           ("p", "We make the following recommendations."),
           ("box", [("p", "Recommendation 1"), ("p", STRATEGY[:-1] + ".[^See annex A.]")]),
           ("box", [("p", "Recommendation 2"),
                    ("p", "By 30 June 2025, the Crown Prosecution Service and chief constables "
                          "should:"),
                    ("bullet", "agree a protocol for fraud cases; and"),
                    ("bullet", "publish it.")]),
           ("after", "We found a lack of coordination between agencies."),
           ("h1", "Cause of concern"),
           ("p", "Cause of concern 1: Victims of fraud are not kept informed."),
           ("p", LEAD),
           ("bullet", "tell every victim what is happening with their case; and"),
           ("bullet", "record when they did so."),
           ("h1", "Methodology"), ("p", FILLER)],
    expected=[
        _rec(1, STRATEGY, "Home Office, National Economic Crime Centre and City of London Police",
             date(2025, 3, 31)),
        _rec(2, "By 30 June 2025, the Crown Prosecution Service and chief constables should:\n"
                "• agree a protocol for fraud cases; and\n• publish it.",
             "Crown Prosecution Service and chief constables", date(2025, 6, 30)),
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to="Chief constables",
             recommendation="Victims of fraud are not kept informed."),
        _rec(0, f"{LEAD}\n• tell every victim what is happening with their case; and",
             "Chief constables", None, ref="Cause of concern 1.1"),
        _rec(0, f"{LEAD}\n• record when they did so.", "Chief constables", None,
             ref="Cause of concern 1.2"),
    ],
)

# 12. Areas for improvement in a table without any rules (its columns shown by alignment
#     alone), between paragraphs, with two columns of text after it.
ALIGNED = Report(
    name="aligned", running_title="PEEL: Northshire Police",
    title="PEEL 2021/22: An inspection of Northshire Police", published=date(2022, 6, 30),
    report_type="PEEL", inspectorate="HMICFRS",
    parts=[("title", "PEEL 2021/22: An inspection of Northshire Police"),
           ("p", "Published: 30 June 2022"), ("h1", "Areas for improvement"), ("p", FILLER),
           ("ptable", [("No.", "Area for improvement")]
            + [(str(n), t) for n, t in enumerate(TABLE_AFIS, start=1)]),
           ("p", "We will check progress against these areas for improvement, and report on "
                 "them in our next inspection."),
           ("columns", [("p", FILLER), ("p", FILLER)])],
    expected=[_afi(n, t) for n, t in enumerate(TABLE_AFIS, start=1)],
)

REPORTS = [FOOTNOTES, BOXES, TABLE, COLUMNS, SUB, JOINT, CAUSES, MIXED, RULED, CONTENTS, FRAUD,
           ALIGNED]


TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def print_with_chromium(pages: list[Path], out_dir: Path, chromium: str) -> list[Path]:
    """Each web page printed to a PDF by headless Chromium (which tags what it prints)."""
    import subprocess

    out_dir.mkdir(exist_ok=True)
    made = []
    for page in pages:
        pdf = out_dir / (page.stem + ".pdf")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        made.append(pdf)
    return made


def build_printed(files: dict[tuple[str, str], Path], folder: Path, chromium: str,
                  cache: Path | None = None) -> dict[tuple[str, str], Path]:
    """The web pages of :func:`build` printed by Chromium, kind ``"chromium"``; cached like the
    LibreOffice PDFs."""
    import hashlib
    import shutil

    out: dict[tuple[str, str], Path] = {}
    todo = []
    for report in REPORTS:
        page = files[(report.name, "html")]
        digest = hashlib.sha256(page.read_bytes()).hexdigest()[:16]
        target = folder / "chromium" / f"{report.name}.pdf"
        target.parent.mkdir(exist_ok=True)
        kept = cache / f"{report.name}-chromium-{digest}.pdf" if cache else None
        if kept is not None and kept.exists():
            shutil.copyfile(kept, target)
        else:
            todo.append((page, kept))
        out[(report.name, "chromium")] = target
    made = print_with_chromium([p for p, _ in todo], folder / "chromium", chromium)
    for (_, kept), pdf in zip(todo, made, strict=True):
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, kept)
    return out


def build(folder: Path, cache: Path | None = None) -> dict[tuple[str, str], Path]:
    """Every report as ``(name, kind)`` → file, kind ``"tagged"``, ``"untagged"`` or
    ``"html"``. PDFs come from two LibreOffice runs (one per kind) and are kept in ``cache``
    (when given) under the hash of the document they were made from, so a later session only
    converts what changed."""
    import hashlib
    import shutil

    from support.reports import to_pdf

    files: dict[tuple[str, str], Path] = {}
    todo: dict[str, list[tuple[str, Path, Path | None]]] = {"tagged": [], "untagged": []}
    for report in REPORTS:
        files[(report.name, "html")] = write_html(report, folder / f"{report.name}.html")
        fodt = write_fodt(report, folder / f"{report.name}.fodt")
        digest = hashlib.sha256(fodt.read_bytes()).hexdigest()[:16]
        for kind in todo:
            target = folder / kind / f"{report.name}.pdf"
            target.parent.mkdir(exist_ok=True)
            kept = cache / f"{report.name}-{kind}-{digest}.pdf" if cache else None
            if kept is not None and kept.exists():
                shutil.copyfile(kept, target)
            else:
                todo[kind].append((report.name, fodt, kept))
            files[(report.name, kind)] = target
    for kind, jobs in todo.items():
        if not jobs:
            continue
        made = to_pdf([fodt for _, fodt, _ in jobs], folder / kind,
                      TAGGED if kind == "tagged" else "pdf")
        for (_, _, kept), pdf in zip(jobs, made, strict=True):
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, kept)
    return files
