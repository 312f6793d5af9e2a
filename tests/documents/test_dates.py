"""One house style for every date s55xl writes: the Settings Date style, checked in every output.

Each output is opened the way its reader would open it (python-docx, the HTML text, icalendar,
the standard library's email parser) and every date-like run of text in it is compared with
the style chosen: "27th February 2020" (the default) or "27 February 2020" (GOV.UK). No date may
be written day/month/year with slashes.
"""

from __future__ import annotations

import email
import re
from datetime import date
from email import policy

import docx
import pytest
from support.documents import TODAY, load, rec, report, write_tracker

from s55xl import checks, datestyle
from s55xl.documents import calendar, generate, progress, submission

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
ORDINAL_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)[ \u00a0](?:{MONTHS})[ \u00a0]\d{{4}}\b")
PLAIN_DATE = re.compile(rf"(?<![\w])\d{{1,2}}[ \u00a0](?:{MONTHS})[ \u00a0]\d{{4}}\b")
SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def _docx_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def _outputs(tmp_path, style: str) -> dict[str, str]:
    book = write_tracker(
        tmp_path / "t.xlsx",
        [report("R1", response_date=date(2020, 4, 20), paper_date=date(2020, 4, 3),
                cc_comments=None)],
        [rec("R1", "1", target_date=date(2020, 9, 30)),
         rec("R1", "2", target_date=date(2020, 6, 1), status="Not started")],
        settings={"date_style": style, "home_office_email": "s55@homeoffice.example.gov.uk",
                  "hmicfrs_email": "s55@hmicfrs.example.gov.uk", "pcc_name": "Sam Taylor",
                  "police_area": "Cumbria"})
    tracker = load(book)
    out: dict[str, str] = {}
    made = generate(tracker, out_dir=tmp_path / "docs", formats=("docx", "html"), today=TODAY)
    for d in made.documents:
        out[d.path.name] = (_docx_text(d.path) if d.format == "docx"
                            else d.path.read_text("utf-8"))
    paper = progress.write(tracker, out_dir=tmp_path / "progress", as_at=date(2020, 7, 1),
                           base_dir=tmp_path, formats=("docx",))
    out["progress paper"] = _docx_text(paper.paths["docx"])
    ics, _ = calendar.build(tracker, today=TODAY)
    from icalendar import Calendar

    out["calendar"] = "\n".join(str(e["description"]) + "\n" + str(e["summary"])
                                for e in Calendar.from_ical(ics).walk("VEVENT"))
    packed = submission.pack(tracker, "R1", out_dir=tmp_path / "pack", today=date(2020, 3, 2),
                             base_dir=tmp_path, documents_dir=tmp_path / "docs")
    for path in packed.written:
        if path.suffix == ".eml":
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            out[path.name] = msg["Subject"] + "\n" + msg.get_body(("plain",)).get_content()
    out["deadlines"] = "\n".join(
        " ".join(d.basis.values()) for d in checks.run(tracker, TODAY).dates)
    return out


@pytest.mark.parametrize("style", ["27th February 2020", "27 February 2020"])
def test_every_date_in_every_output_follows_the_date_style(tmp_path, style):
    outputs = _outputs(tmp_path, style)
    assert {"R1 Board paper.docx", "R1 PCC response.docx", "R1 publication.html",
            "progress paper", "calendar", "R1 s55(4) comments request.eml",
            "R1 s55(6) submission.eml", "deadlines"} <= set(outputs)
    right, wrong = ((ORDINAL_DATE, PLAIN_DATE) if datestyle.style_of(style) == "ordinal"
                    else (PLAIN_DATE, ORDINAL_DATE))
    for name, text in outputs.items():
        assert right.search(text), f"{name} holds no date in the style {style}"
        assert not wrong.findall(text), (name, wrong.findall(text))
        assert not SLASHED.findall(text), (name, SLASHED.findall(text))
    # The dates are the right ones, in the chosen style.
    published = "27th February 2020" if right is ORDINAL_DATE else "27 February 2020"
    signed = "20th April 2020" if right is ORDINAL_DATE else "20 April 2020"
    assert published in outputs["R1 PCC response.docx"]
    assert f"\n{signed}\n" in outputs["R1 PCC response.docx"]  # the signature's date line
    assert published in outputs["R1 s55(6) submission.eml"]


def test_the_style_setting_is_read_from_an_example_and_unknown_styles_are_named():
    assert datestyle.style_of("") == "ordinal"
    assert datestyle.style_of("1st March 2021") == "ordinal"
    assert datestyle.style_of("1 March 2021") == "plain"
    assert datestyle.style_of("GOV.UK") == "plain"
    assert datestyle.style_of("dd/mm/yyyy") is None
    # Excel makes "27 February 2020" typed in the Value cell a date: read back as 27/02/2020.
    assert datestyle.style_of("27/02/2020") == "plain"
    assert datestyle.long(date(2020, 4, 22), "27 February 2020") == "22 April 2020"
    assert datestyle.long(date(2020, 4, 22)) == "22nd April 2020"
    assert datestyle.with_weekday(date(2020, 4, 22), "plain") == "Wednesday 22 April 2020"


def test_an_unknown_date_style_is_a_warning_naming_the_cell(tmp_path):
    from s55xl.validate import validate

    book = write_tracker(tmp_path / "t.xlsx", [report("R1")], [rec("R1")],
                         settings={"date_style": "dd/mm/yyyy"})
    found = [(f.severity, f.code, f.sheet, f.cell, f.message)
             for f in validate(load(book), TODAY) if f.code == "invalid-date-style"]
    assert found == [("warning", "invalid-date-style", "Settings", "B2",
                      "Date style: 'dd/mm/yyyy' is not a style s55xl knows, so dates are "
                      "written as 27th February 2020. Type 27th February 2020 or 27 February "
                      "2020.")]


def test_a_date_style_excel_turned_into_a_date_means_the_plain_style(tmp_path):
    from s55xl.validate import validate

    book = write_tracker(tmp_path / "t.xlsx", [report("R1")], [rec("R1")],
                         settings={"date_style": date(2020, 2, 27)})  # a real date cell
    tracker = load(book)
    assert not [f for f in validate(tracker, TODAY) if f.code == "invalid-date-style"]
    made = generate(tracker, out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    response = next(d.path for d in made.documents if d.kind == "response")
    text = _docx_text(response)
    assert "on 27 February 2020" in text and "27th" not in text
