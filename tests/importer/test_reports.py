"""The inspectorate's own reports — PEEL, thematic, joint — as .docx, PDF and saved web page.

Each report is written once (tests/support/reports.py) as a Word document with page headers,
footers, page numbers and page breaks, turned into a PDF by LibreOffice, and as the website's
page with its navigation, cookie banner, breadcrumbs, related links and footer. All three must
give the same rows, field by field, as written out by hand below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import reports

from s55xl.errors import UnusableInput
from s55xl.importer import Item, read_paper
from s55xl.importer.pdf import MAX_PAGES, NoTextLayer
from s55xl.importer.readers import read_blocks

FORCE = "Westshire Police"
WITHIN_3 = "Within three months, the force should:"
NOTE_3 = "Target date worked out as three months from publication (14 March 2024)."

EXPECTED = {
    "peel": [
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to=FORCE,
             recommendation=reports.LONG),
        Item(ref="Cause of concern 1.1", type="Recommendation", addressed_to=FORCE,
             recommendation=f"{WITHIN_3}\n• make sure it has enough call handlers to answer "
                            "999 calls within ten seconds; and",
             target_date=date(2024, 6, 14), note=NOTE_3),
        Item(ref="Cause of concern 1.2", type="Recommendation", addressed_to=FORCE,
             recommendation=f"{WITHIN_3}\n• review abandoned calls every day and call back "
                            "vulnerable people.",
             target_date=date(2024, 6, 14), note=NOTE_3),
        Item(ref="AFI 1", type="Area for improvement", addressed_to=FORCE,
             recommendation="The force should improve how supervisors oversee investigations."),
        Item(ref="AFI 2", type="Area for improvement", addressed_to=FORCE,
             recommendation="The force should make sure victims are told how their case is "
                            "progressing."),
    ],
    "thematic": [
        Item(ref="Recommendation 1", type="Recommendation", addressed_to="Chief constables",
             recommendation="By 31 March 2021, chief constables should make sure that every "
                            "referral from the National Crime Agency is assessed within 24 "
                            "hours.", target_date=date(2021, 3, 31)),
        Item(ref="Recommendation 2", type="Recommendation", addressed_to="College of Policing",
             recommendation="By 30 June 2021, the College of Policing should publish guidance "
                            "on investigating online abuse.", target_date=date(2021, 6, 30)),
        Item(ref="Recommendation 3", type="Recommendation", addressed_to="Home Office and NPCC",
             recommendation="Within six months, the Home Office and the NPCC should agree how "
                            "forces will share images of abuse.", target_date=date(2021, 6, 1),
             note="Target date worked out as six months from publication (1 December 2020)."),
        Item(ref="Recommendation 4", type="Recommendation", addressed_to="Chief constables",
             recommendation="By 31 March 2021, chief constables should appoint a chief officer "
                            "to lead the response to online child sexual abuse.",
             target_date=date(2021, 3, 31)),
    ],
    "joint": [
        Item(ref="Recommendation 1", type="Recommendation",
             addressed_to="Chief constables, Crown Prosecution Service and Probation Service",
             recommendation="By 31 January 2023, chief constables, the Crown Prosecution "
                            "Service and the Probation Service should agree how they share "
                            "information about victims.", target_date=date(2023, 1, 31)),
        Item(ref="Recommendation 2", type="Recommendation",
             addressed_to="Ministry of Justice and Home Office",
             recommendation="The Ministry of Justice and the Home Office should fund specialist "
                            "advocates for every victim."),
    ],
}
DETAILS = {
    # A PEEL report is HMICFRS's, whether or not its opening names the inspectorate.
    "peel": (reports.PEEL[0][1], date(2024, 3, 14), "PEEL", "HMICFRS"),
    "thematic": (reports.THEMATIC[0][1], date(2020, 12, 1), "National thematic", "HMICFRS"),
    "joint": (reports.JOINT[0][1], date(2022, 7, 5), "Joint inspection",
              "HMICFRS, HMCPSI and HMI Probation"),
}
RUNNING_TITLES = set(reports.RUNNING_TITLE.values())
CHROME = ("Skip to content", "cookies", "Accept", "Breadcrumb", "Publications",
          "Related publications", "what forces should do next", "Crown copyright",
          "accessibility statement", "Recommendation 9", "PEEL assessments", "On this page",
          "Is this page useful", "improve this page")


@pytest.fixture(scope="session")
def written(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    files = {}
    for name in reports.REPORTS:
        files[f"{name}.docx"] = reports.write_docx(name, folder / f"{name}.docx")
        files[f"{name}.html"] = reports.write_html(name, folder / f"{name}.html")
    return files


SENTENCE = "The force should make its neighbourhood teams visible in every ward."
SPANNING = " ".join([SENTENCE] * 45)  # one paragraph running over a page break
BOARD = [("title", "Response to the national recommendations"),
         ("bold", "Recommendations"),
         ("p", "3.1 We recommend that chief constables should act."),
         ("bold", "Force response: Done."),
         ("p", "3.2 We recommend that the NPCC should act."),
         ("bold", "Force response:"), ("p", "The force awaits guidance.")]
WRAPPED_BULLET = ("make sure that every call handler is trained to recognise vulnerability, "
                  "that supervisors listen to a sample of calls each week, and that the "
                  "lessons are shared with every team in the control room; and")
MENDED = [reports.PEEL[0], reports.PEEL[1],
          ("h2", "Cause of concern 1"), ("p", "The force is slow to answer calls."),
          ("p", "Recommendations — Within three months, the force should:"),
          ("bullet", WRAPPED_BULLET), ("bullet", "publish its call answering times."),
          ("h2", "Area for improvement 1"), ("p", SPANNING),
          ("h2", "Area for improvement 2"),
          ("lines", "The force should carry out a self-\nassessment of how its investi-\n"
                    "gations are supervised, and act on it."),
          ("p", "Supervisors will oversee investigations.")]


def _scanned_docx(path: Path) -> Path:
    """Two scanned pages (pictures of text) under the typed header and footer of a report."""
    import docx
    from docx.shared import Cm
    from PIL import Image, ImageDraw

    picture = path.with_suffix(".png")
    image = Image.new("L", (800, 1000), 255)
    ImageDraw.Draw(image).text((40, 40), "Recommendation 1: By 31 March 2021, chief "
                                         "constables should act.", fill=0)
    image.save(picture)
    reports.write_docx("peel", path, [("p", "x")])
    d = docx.Document(path)
    d.paragraphs[0].text = ""
    d.paragraphs[0].add_run().add_picture(str(picture), width=Cm(15))
    d.add_paragraph().add_run().add_picture(str(picture), width=Cm(15))
    d.save(path)
    return path


@pytest.fixture(scope="session")
def pdfs(written, tmp_path_factory) -> dict[str, Path]:
    """The reports as PDFs, made by LibreOffice in one run for the whole session."""
    folder = tmp_path_factory.mktemp("pdf")
    docs = [written[f"{name}.docx"] for name in reports.REPORTS]
    docs.append(reports.write_docx("peel", folder / "mended.docx", MENDED))
    docs.append(_scanned_docx(folder / "scanned.docx"))
    docs.append(reports.write_docx("peel", folder / "board.docx", BOARD))
    return {p.stem: p for p in reports.to_pdf(docs, folder)}


def check(paper, name: str, url: str | None) -> None:
    assert paper.items == EXPECTED[name]
    title, published, report_type, inspectorate = DETAILS[name]
    assert (paper.title, paper.published, paper.report_type, paper.inspectorate,
            paper.report_url) == (title, published, report_type, inspectorate, url)


@pytest.mark.parametrize("name", list(reports.REPORTS))
def test_word_document(written, name):
    check(read_paper(written[f"{name}.docx"], force_name=FORCE), name, None)


@pytest.mark.parametrize("name", list(reports.REPORTS))
def test_web_page_without_the_site_around_it(written, name):
    path = written[f"{name}.html"]
    check(read_paper(path, force_name=FORCE), name, reports.URL.format(name))
    text = "\n".join(b.text for b in read_blocks(path).blocks)
    assert [c for c in CHROME if c in text] == []


@pytest.mark.slow
@pytest.mark.requires("soffice")
@pytest.mark.parametrize("name", list(reports.REPORTS))
def test_pdf_made_by_libreoffice(pdfs, name):
    path = pdfs[name]
    check(read_paper(path, force_name=FORCE), name, None)
    doc = read_blocks(path)
    assert [b.text for b in doc.blocks if b.text in RUNNING_TITLES or "OFFICIAL" in b.text
            or b.text.startswith("Page ")] == []
    assert doc.blocks[0].heading == 1 and doc.blocks[0].text == DETAILS[name][0]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_pdf_paragraph_broken_over_lines_and_bullets(pdfs):
    doc = read_blocks(pdfs["peel"])
    texts = [b.text for b in doc.blocks]
    # LONG wraps over four lines in the PDF; it comes back as one paragraph, spaced as written.
    assert reports.LONG in texts
    bullets = [b.text for b in doc.blocks if b.bullet]
    assert bullets == [reports.PEEL[10][1], reports.PEEL[11][1]]
    headings = [(b.heading, b.text) for b in doc.blocks if b.heading]
    assert headings == [(1, reports.PEEL[0][1]), (2, "Summary"), (2, "Causes of concern"),
                        (3, "Cause of concern 1"), (2, "Areas for improvement"),
                        (3, "Area for improvement 1"), (3, "Area for improvement 2"),
                        (2, "About the data")]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_pdf_wrapped_bullet_paragraph_over_a_page_break_and_hyphenated_words(pdfs):
    from pypdf import PdfReader

    path = pdfs["mended"]
    pages = [p.extract_text() for p in PdfReader(path).pages]
    # The paragraph does run over the page break: its words on both pages, the next heading on
    # the second.
    assert "visible in every" in pages[0] and "visible in every" in pages[1]
    assert "Area for improvement 2" not in pages[0]
    items = read_paper(path).items
    assert [(i.ref, i.recommendation) for i in items] == [
        ("Cause of concern 1", "The force is slow to answer calls."),
        # A bullet wrapped over three lines is one bullet.
        ("Cause of concern 1.1", f"{WITHIN_3}\n• {WRAPPED_BULLET}"),
        ("Cause of concern 1.2", f"{WITHIN_3}\n• publish its call answering times."),
        ("AFI 1", SPANNING),
        # "self-assessment" keeps its hyphen (the report never writes "selfassessment");
        # "investi-gations" loses it, as the report spells "investigations" elsewhere.
        ("AFI 2", "The force should carry out a self-assessment of how its investigations "
                  "are supervised, and act on it.\nSupervisors will oversee investigations.")]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_pdf_bold_lines_head_sections_but_a_bold_force_response_is_a_response(pdfs):
    doc = read_blocks(pdfs["board"])
    assert [(b.heading, b.text) for b in doc.blocks if b.heading] == [
        (1, "Response to the national recommendations"), (2, "Recommendations")]
    assert read_paper(pdfs["board"]).items == [
        Item(ref="3.1", type="Recommendation", addressed_to="Chief constables",
             recommendation="We recommend that chief constables should act.",
             force_response="Done."),
        Item(ref="3.2", type="Recommendation", addressed_to="NPCC",
             recommendation="We recommend that the NPCC should act.",
             force_response="The force awaits guidance.")]


def test_the_force_stays_the_force_without_a_name(written):
    items = read_paper(written["peel.docx"]).items
    assert {i.addressed_to for i in items} == {"The force"}


def test_summary_sentences_are_not_findings(written):
    for name in reports.REPORTS:
        items = read_paper(written[f"{name}.html"]).items
        assert [i.ref for i in items if "we recommended" in i.recommendation] == []


# -- PDFs that cannot be read ------------------------------------------------------------------

def test_scanned_pdf_has_no_text(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).text((100, 100), "Recommendation 1: By 31 March 2021", fill="black")
    path = tmp_path / "scan.pdf"
    image.save(path)
    with pytest.raises(NoTextLayer) as err:
        read_paper(path)
    assert str(err.value).startswith(f"{path}: this PDF has no text to read (it is a scan); ")


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_scanned_pages_under_a_typed_header_and_footer(pdfs):
    from pypdf import PdfReader

    path = pdfs["scanned"]
    typed = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "OFFICIAL" in typed and "Page 2 of 2" in typed  # the furniture is text…
    with pytest.raises(NoTextLayer) as err:  # …but there is nothing else to read
        read_paper(path)
    assert str(err.value).startswith(f"{path}: this PDF has no text to read (it is a scan); ")


def _blank_pdf(path: Path, pages: int = 1, password: str | None = None) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    writer.write(path)
    return path


def test_encrypted_pdf(tmp_path):
    path = _blank_pdf(tmp_path / "locked.pdf", password="secret")
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value) == (
        f"{path}: is protected with a password, so s55xl cannot read it. Open it, remove the "
        "password (or print it to a new PDF) and import that copy.")


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_damaged_pdf(tmp_path, cut):
    whole = _blank_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(whole[: int(len(whole) * cut)] + b"\x00garbage")
    with pytest.raises((UnusableInput, NoTextLayer)) as err:
        read_paper(path)
    # A cut that leaves the page readable finds it blank; one that doesn't says it is damaged.
    assert str(err.value).startswith(f"{path}: ")
    assert "\n" not in str(err.value)


def test_pdf_that_is_not_a_pdf_inside(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value) == (
        f"{path}: is damaged (truncated or corrupt) and cannot be read as a PDF. Download the "
        "report again from the inspectorate's website.")


def test_pdf_with_more_pages_than_a_report_is_refused_before_reading(tmp_path):
    path = _blank_pdf(tmp_path / "huge.pdf", pages=MAX_PAGES + 1)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value) == (
        f"{path}: has {MAX_PAGES + 1} pages, more than any inspection report (s55xl reads up "
        f"to {MAX_PAGES}). Check that it is the right file.")
