"""Inspection reports written the way HMICFRS lays them out, as .docx, PDF and saved web pages.

Each report is a list of ``(kind, text)`` parts — ``title``, ``h1``, ``h2``, ``p``, ``bullet``,
``bold`` (a paragraph in bold), ``lines`` (a paragraph with a line break at each new line),
``break`` (a page break) — rendered the same way into a Word document (page headers with a
protective marking and a running title, footers with "Page N of M", page breaks) and into an
HTML page with the site's chrome around the article (navigation, cookie banner, breadcrumbs,
related links, footer), so one expected list of rows holds for the .docx, the PDF LibreOffice
makes of it and the web page.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

LONG = ("The force doesn't have enough call handlers at the busiest times of the day, so too many "
        "people who call 999 wait longer than they should before their call is answered, and "
        "some of them give up before anyone speaks to them. Supervisors don't routinely review "
        "abandoned calls, which means the force can't be sure that vulnerable callers are "
        "contacted again.")

PEEL_PUBLISHED = date(2024, 3, 14)
PEEL = [
    ("title", "PEEL 2023–25 Police effectiveness, efficiency and legitimacy: An inspection of "
              "Westshire Police"),
    ("p", "Published: 14 March 2024"),
    ("h1", "Summary"),
    ("p", "In 2021 we recommended that the force should improve how it records crime. We found "
          "that it has done so."),
    ("p", "We have found one cause of concern and two areas for improvement."),
    ("break", ""),
    ("h1", "Causes of concern"),
    ("h2", "Cause of concern 1"),
    ("p", LONG),
    ("p", "Recommendations — Within three months, the force should:"),
    ("bullet", "make sure it has enough call handlers to answer 999 calls within ten seconds; "
               "and"),
    ("bullet", "review abandoned calls every day and call back vulnerable people."),
    ("break", ""),
    ("h1", "Areas for improvement"),
    ("h2", "Area for improvement 1"),
    ("p", "The force should improve how supervisors oversee investigations."),
    ("h2", "Area for improvement 2"),
    ("p", "The force should make sure victims are told how their case is progressing."),
    ("h1", "About the data"),
    ("p", "Data in this report comes from the Home Office and the force."),
]

THEMATIC = [
    ("title", "Online child sexual abuse: A thematic inspection of the police response"),
    ("p", "Published: 1 December 2020"),
    ("p", "An inspection by HMICFRS"),
    ("h1", "Summary"),
    ("p", "In 2018 we recommended that chief constables should review their online child "
          "abuse teams. Few have done so."),
    ("h1", "Recommendations"),
    ("p", "Recommendation 1: By 31 March 2021, chief constables should make sure that every "
          "referral from the National Crime Agency is assessed within 24 hours."),
    ("p", "Recommendation 2: By 30 June 2021, the College of Policing should publish guidance "
          "on investigating online abuse."),
    ("break", ""),
    ("p", "Recommendation 3: Within six months, the Home Office and the NPCC should agree how "
          "forces will share images of abuse."),
    ("p", "Recommendation 4: By 31 March 2021, chief constables should appoint a chief officer "
          "to lead the response to online child sexual abuse."),
    ("p", "In 2019 we recommended that forces should train every investigator; few have."),
    ("h1", "Conclusion"),
    ("p", "We will check progress against these recommendations."),
]

JOINT = [
    ("title", "A joint inspection of the response to domestic abuse"),
    ("p", "HMICFRS, HM Crown Prosecution Service Inspectorate and HM Inspectorate of Probation"),
    ("p", "Published: 5 July 2022"),
    ("break", ""),
    ("h1", "Recommendations"),
    ("p", "Recommendation 1: By 31 January 2023, chief constables, the Crown Prosecution Service "
          "and the Probation Service should agree how they share information about victims."),
    ("p", "Recommendation 2: The Ministry of Justice and the Home Office should fund "
          "specialist advocates for every victim."),
]

REPORTS = {"peel": PEEL, "thematic": THEMATIC, "joint": JOINT}
RUNNING_TITLE = {"peel": "PEEL 2023–25: Westshire Police", "thematic": "Online child sexual abuse",
                 "joint": "Joint inspection: domestic abuse"}


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def long_report(pages: int) -> list[tuple[str, str]]:
    """A PEEL report of about ``pages`` pages: the causes of concern and areas for improvement
    repeated with numbers of their own, three pages at a time."""
    parts = PEEL[:6]
    for n in range(1, pages // 3 + 1):
        parts += [("break", ""), ("h2", f"Cause of concern {n}"), ("p", LONG), ("p", LONG),
                  ("p", "Recommendations — Within three months, the force should:"),
                  ("bullet", "make sure it has enough call handlers to answer 999 calls within "
                             "ten seconds; and"),
                  ("bullet", "review abandoned calls every day and call back vulnerable people."),
                  ("break", ""), ("p", LONG), ("p", LONG), ("p", LONG),
                  ("break", ""), ("h2", f"Area for improvement {n}"),
                  ("p", "The force should improve how supervisors oversee investigations."),
                  ("p", LONG), ("p", LONG)]
    return parts


def write_docx(name: str, path: Path, parts: list[tuple[str, str]] | None = None) -> Path:
    """The report ``name`` (or ``parts``, under its running title) as a Word document with
    headers, footers and page breaks."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].paragraph_format.space_after = Pt(8)
    section = d.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL"
    section.header.add_paragraph(RUNNING_TITLE[name])
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    pending_break = False
    for kind, text in parts or REPORTS[name]:
        if kind == "break":
            pending_break = True
            continue
        if kind == "title":
            paragraph = d.add_paragraph(text, style="Title")
        elif kind == "bold":  # a paragraph set in bold at body size
            paragraph = d.add_paragraph()
            paragraph.add_run(text).bold = True
        elif kind == "lines":  # one paragraph, with a line break wherever the text has "\n"
            paragraph = d.add_paragraph()
            for n, piece in enumerate(text.split("\n")):
                run = paragraph.add_run(piece)
                if n < text.count("\n"):
                    run.add_break()
        elif kind in ("h1", "h2"):
            paragraph = d.add_paragraph(text, style=f"Heading {kind[1]}")
        elif kind == "bullet":
            paragraph = d.add_paragraph(text, style="List Bullet")
        else:
            paragraph = d.add_paragraph(text)
        if pending_break:
            paragraph.paragraph_format.page_break_before = True
            pending_break = False
    d.save(path)
    return path


def to_pdf(docx_path: Path | list[Path], out_dir: Path, convert_to: str = "pdf",
           ) -> Path | list[Path]:
    """Convert one document (or several, in one LibreOffice run) to PDF in ``out_dir``, in a
    LibreOffice profile of its own so parallel runs don't collide. ``convert_to`` may name the
    export filter and its options (a tagged PDF)."""
    paths = docx_path if isinstance(docx_path, list) else [docx_path]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = Path("/tmp") / f"s55xl-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", convert_to, "--outdir", str(out_dir), *map(str, paths)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out_dir / (p.stem + ".pdf") for p in paths]
    return pdfs if isinstance(docx_path, list) else pdfs[0]


CHROME_TOP = """<header class="site-header"><a class="skip" href="#main">Skip to content</a>
<div id="cookie-banner" class="cookie-banner"><p>We use cookies to make this site work. Should we
also use analytics cookies?</p><button>Accept</button><button>Reject</button></div>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/recommendations">
Recommendations</a></li><li><a href="/peel">PEEL assessments</a></li></ul></nav></header>
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>
<li><a href="/publications">Publications</a></li><li>Report</li></ol></nav>"""
CHROME_BOTTOM = """<aside class="related"><h2>Related publications</h2><ul>
<li><a href="/r1">Recommendation 1: what forces should do next</a></li>
<li><a href="/r2">Areas for improvement in call handling</a></li></ul></aside>
<footer class="site-footer"><ul><li><a href="/privacy">Privacy</a></li>
<li>Chief constables should read our accessibility statement.</li></ul>
<p>© Crown copyright</p></footer>"""
ON_THIS_PAGE = """<div class="on-this-page"><h2>On this page</h2><ol><li><a href="#c">Cause of
concern 1</a></li><li><a href="#r">Recommendation 1: By 31 March 2021</a></li></ol></div>"""
FEEDBACK = """<div class="page-feedback"><p>Is this page useful?</p><p>Area for improvement 1:
tell us how we could improve this page.</p></div>"""
URL = "https://hmicfrs.justiceinspectorates.gov.uk/publications/{}/"


def write_html(name: str, path: Path) -> Path:
    """The report ``name`` as the inspectorate's web page, saved from a browser."""
    parts, items = [], []
    for kind, text in REPORTS[name]:
        t = html.escape(text)
        if kind == "bullet":
            items.append(f"<li>{t}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if kind == "title":
            parts.append(f"<header class='article-header hero-banner'><h1>{t}</h1></header>")
        elif kind in ("h1", "h2"):
            parts.append(f"<h{int(kind[1]) + 1}>{t}</h{int(kind[1]) + 1}>")
        elif kind == "p":
            parts.append(f"<p>{t}</p>")
        elif kind == "lines":
            parts.append("<p>" + t.replace("\n", "<br>") + "</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(REPORTS[name][0][1])} - HMICFRS</title>"
            f"<link rel='canonical' href='{URL.format(name)}'>"
            "<script>var x = 'Recommendation 9: the force should';</script></head><body>"
            f"{CHROME_TOP}<main id='main'>{ON_THIS_PAGE}<article>{''.join(parts)}</article>"
            f"{FEEDBACK}</main>"
            f"{CHROME_BOTTOM}</body></html>")
    path.write_text(page, encoding="utf-8")
    return path
