"""The s55(6) and s55(4) messages and the calendar in a Welsh or bilingual office's languages,
parsed back with the standard library's email package and icalendar."""

from __future__ import annotations

from datetime import date
from email import policy
from email.parser import BytesParser

import icalendar
import openpyxl
from click.testing import CliRunner
from support.welsh import welsh_book

from s55xl.cli import cli

EMAILS = {"Home Office email": "s55@homeoffice.example.gov.uk",
          "HMICFRS email": "s55@hmicfrs.example.gov.uk",
          "Chief Constable email": "cc@police.example.uk"}


def book(tmp_path, language, welsh_first="Yes", *, final=True, cc_comments=True):
    path = welsh_book(tmp_path / "book.xlsx", language, welsh_first)
    wb = openpyxl.load_workbook(path)
    for row in wb["Settings"].iter_rows(min_row=2):
        if row[0].value in EMAILS:
            row[1].value = EMAILS[row[0].value]
    reports = wb["Reports"]
    col = {c.value: c.column for c in reports[1]}
    reports.cell(2, col["Response date"]).value = date(2020, 4, 20) if final else None
    if not cc_comments:
        reports.cell(2, col["Chief Constable comments"]).value = None
        reports.cell(2, col["Chief Constable comments (Welsh)"]).value = None
        reports.cell(2, col["PCC response to Chief Constable comments"]).value = None
        reports.cell(2, col["PCC response to Chief Constable comments (Welsh)"]).value = None
    wb.save(path)
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read(path):
    with open(path, "rb") as fh:
        return BytesParser(policy=policy.default).parse(fh)


def test_bilingual_s55_6_message_welsh_first(tmp_path):
    path = book(tmp_path, "Bilingual")
    done = run("pack", path, "--report", "NCPI-2019", "--out", tmp_path / "pack",
               "--today", "2020-04-20")
    assert done.exit_code == 0, done.output
    [eml] = (tmp_path / "pack").glob("*s55(6)*.eml")
    msg = read(eml)
    assert msg["Subject"] == ("Ymateb adran 55: Amddiffyn plant – Gogledd Cymru / Section 55 "
                              "response: National Child Protection Inspections 2019 Thematic "
                              "Report – North Wales")
    body = msg.get_body().get_content()
    welsh = body.index("Amgaeir ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru i adroddiad "
                       "HMICFRS ‘Amddiffyn plant’")
    english = body.index("Please find attached the response of the Police and Crime "
                         "Commissioner for North Wales")
    assert welsh < english
    assert "a gyhoeddwyd ar 27 Chwefror 2020, a anfonir o dan adran 55(6)" in body
    assert "published on 27th February 2020, sent under section 55(6)" in body
    assert "Comisiynydd Heddlu a Throseddu Gogledd Cymru\nPolice and Crime Commissioner for " \
           "North Wales" in body  # the signature names the office in both languages
    assert [p.get_filename() for p in msg.iter_attachments()]


def test_welsh_only_s55_4_request(tmp_path):
    path = book(tmp_path, "Cymraeg", final=False, cc_comments=False)
    done = run("pack", path, "--report", "NCPI-2019", "--out", tmp_path / "pack",
               "--today", "2020-03-02")
    [eml] = (tmp_path / "pack").glob("*s55(4)*.eml")
    assert done.exit_code in (0, 1), done.output
    msg = read(eml)
    assert msg["Subject"] == "Cais am sylwadau o dan adran 55(4): Amddiffyn plant – Gogledd Cymru"
    body = msg.get_body().get_content()
    assert body.startswith("Cyhoeddodd HMICFRS ‘Amddiffyn plant’ ar 27 Chwefror 2020.")
    assert "O dan adran 55(4) o Ddeddf yr Heddlu 1996, fe’ch gwahoddaf" in body
    assert "Under section 55(4)" not in body
    assert " erbyn Dydd " in body  # the date with its Welsh weekday


def test_bilingual_calendar(tmp_path):
    path = book(tmp_path, "Bilingual", "No")
    done = run("calendar", path, "--out", tmp_path / "dates.ics")
    assert done.exit_code == 0, done.output
    cal = icalendar.Calendar.from_ical((tmp_path / "dates.ics").read_bytes())
    assert str(cal["x-wr-calname"]).startswith("Section 55 / Adran 55 – ")
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    deadline = next(e for e in cal.walk("VEVENT") if "s55(5A)" in str(e["summary"]))
    assert str(deadline["summary"]) == ("NCPI-2019: Statutory deadline (s55(5A)) / Terfyn amser "
                                        "statudol (a55(5A))")
    text = str(deadline["description"])
    assert text.index("(published 27th February 2020)") < text.index(
        "Amddiffyn plant (cyhoeddwyd 27 Chwefror 2020).")
    assert deadline.decoded("dtstart") == date(2020, 4, 22)
    assert events
