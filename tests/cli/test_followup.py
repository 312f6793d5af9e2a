"""``s55xl calendar`` and ``s55xl pack``: the files they write, read back independently.

The .ics is parsed with icalendar, the .eml with the standard library's email parser, the
attachment opened with pypdf or python-docx. The expected dates are the ones worked out by
hand for the reference report (published Thu 27 Feb 2020): statutory deadline Wed 22 April
(day 56), the second-Tuesday board on 14 April, its paper due five working days before
(Good Friday and Easter Monday skipped: Fri 3 April) and the Chief Constable's comments five
working days before that (Fri 27 March).
"""

from __future__ import annotations

import email
import io
from datetime import date, datetime, timedelta
from email import policy

import pytest
from conftest import run_cli
from support.documents import rec, report, write_tracker

PUBLISHED = date(2020, 2, 27)
EXPECTED = {
    "R1: Chief Constable comments due": date(2020, 3, 27),
    "R1: Board paper due": date(2020, 4, 3),
    "R1: Board meeting": date(2020, 4, 14),
    "R1: Submit s55 response by": date(2020, 4, 22),
    "R1: Statutory deadline (s55(5A))": date(2020, 4, 22),
    "R1 1: target date – Head of Crime": date(2020, 9, 30),
}
# Five working days before each date, at 09:00 (weekends, Good Friday, Easter Monday skipped).
REMINDERS = {date(2020, 3, 27): datetime(2020, 3, 20, 9), date(2020, 4, 3): datetime(2020, 3, 27, 9),
             date(2020, 4, 14): datetime(2020, 4, 3, 9), date(2020, 4, 22): datetime(2020, 4, 15, 9),
             date(2020, 9, 30): datetime(2020, 9, 23, 9)}


def _tracker(tmp_path, name="t.xlsx", target=date(2020, 9, 30), **report_values):
    return write_tracker(tmp_path / name, [report(published=PUBLISHED, **report_values)], [
        rec(ref="1", target_date=target),
        rec(ref="2", status="Complete", evidence="Minutes", target_date=date(2020, 6, 1)),
    ], settings={"home_office_email": "s55@homeoffice.example.gov.uk",
                 "hmicfrs_email": "s55returns@hmicfrs.example.gov.uk",
                 "chief_constable_email": "chief@police.example.uk",
                 "pcc_name": "Sam Taylor", "police_area": "Cumbria",
                 "office_address": "Office of the PCC, Carleton Hall, Penrith"})


def _events(path):
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def test_calendar_dates_rules_reminders_and_stable_uids(tmp_path):
    book = _tracker(tmp_path)
    first = run_cli(["calendar", book, "--out", tmp_path / "a.ics", "--today", "2020-03-01"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"Wrote 6 events to {tmp_path / 'a.ics'}"
    events = _events(tmp_path / "a.ics")
    got = {str(e["summary"]): e["dtstart"].dt for e in events}
    assert got == EXPECTED  # the Complete recommendation 2 has no event
    for e in events:
        start = e["dtstart"].dt
        assert type(start) is date and e["dtend"].dt == start + timedelta(days=1)  # all-day
        alarm = e.subcomponents[0]
        assert alarm["action"] == "DISPLAY"
        trigger = alarm["trigger"].dt
        assert datetime(start.year, start.month, start.day) + trigger == REMINDERS[start]
    deadline = next(e for e in events if "Statutory" in str(e["summary"]))
    assert "56 days beginning with the publication day" in str(deadline["description"])
    board = next(e for e in events if str(e["summary"]) == "R1: Board meeting")
    assert "FREQ=MONTHLY;BYDAY=+2TU" in str(board["description"])

    # A later run, with the target date moved: the same UIDs, so Outlook updates the entries.
    moved = _tracker(tmp_path, "later.xlsx", target=date(2020, 12, 31))
    second = run_cli(["calendar", moved, "--out", tmp_path / "b.ics", "--today", "2020-05-01"])
    assert second.exit_code == 0, second.output
    again = _events(tmp_path / "b.ics")
    assert {str(e["uid"]) for e in again} == {str(e["uid"]) for e in events}
    assert len({str(e["uid"]) for e in events}) == 6
    target = next(e for e in again if "target date" in str(e["summary"]))
    assert target["dtstart"].dt == date(2020, 12, 31)


def test_calendar_replaces_its_file_keeping_the_previous_one_in_versions(tmp_path):
    book = _tracker(tmp_path)
    out = tmp_path / "cal" / "a.ics"
    first = run_cli(["calendar", book, "--out", out, "--today", "2020-03-01"])
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    events = {str(e["uid"]): e for e in _events(out)}
    assert {int(e["sequence"]) for e in events.values()} == {0}
    assert all(e.get("last-modified") is not None for e in events.values())

    # The target date moves; the calendar is made again into the same file.
    moved = _tracker(tmp_path, "later.xlsx", target=date(2020, 12, 31))
    second = run_cli(["calendar", moved, "--out", out, "--today", "2020-03-01"])
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["a.ics", "versions"]
    assert (out.parent / "versions" / "a.ics").read_bytes() == before  # kept, whole
    again = {str(e["uid"]): e for e in _events(out)}
    assert set(again) == set(events)
    changed = [u for u, e in again.items() if "target date" in str(e["summary"])]
    for uid, event in again.items():
        # Outlook updates an entry on re-import only when its SEQUENCE grows.
        assert int(event["sequence"]) == (1 if uid in changed else 0), event["summary"]
        if uid not in changed:
            assert event["last-modified"].dt == events[uid]["last-modified"].dt
    assert len(changed) == 1


def test_calendar_descriptions_follow_the_date_style(tmp_path):
    for style, published in (("27th February 2020", "27th February 2020"),
                             ("27 February 2020", "27 February 2020")):
        book = write_tracker(tmp_path / "s.xlsx", [report(published=PUBLISHED)], [rec(ref="1")],
                             settings={"date_style": style})
        done = run_cli(["calendar", book, "--out", tmp_path / f"{style}.ics",
                        "--today", "2020-03-01"])
        assert done.exit_code == 0, done.output
        for event in _events(tmp_path / f"{style}.ics"):
            text = str(event["description"])
            assert "/2020" not in text
            if "target date" not in str(event["summary"]):
                assert f"(published {published})" in text


def test_calendar_refuses_an_unknown_report(tmp_path):
    book = _tracker(tmp_path)
    wrong = run_cli(["calendar", book, "--report", "NOPE"])
    assert wrong.exit_code == 2
    assert "there is no report 'NOPE' on the Reports sheet (its reports: R1)" in wrong.output


def _message(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


@pytest.mark.requires("soffice")
def test_pack_s55_6_message_with_the_final_response_pdf(tmp_path):
    from pypdf import PdfReader

    book = _tracker(tmp_path, response_date=date(2020, 4, 20), title="Report R1 – “quoted”",
                    cc_comments=None)
    done = run_cli(["pack", book, "--report", "r1", "--out", tmp_path / "pack",
                    "--today", "2020-03-20"])
    assert done.exit_code == 0, done.output
    msg = _message(tmp_path / "pack" / "R1 s55(6) submission.eml")
    assert msg["To"] == "s55@homeoffice.example.gov.uk"
    assert msg["Cc"] == "s55returns@hmicfrs.example.gov.uk"
    assert msg["Subject"] == "Section 55 response: Report R1 – “quoted” – Cumbria"
    assert msg["X-Unsent"] == "1"
    body = msg.get_body(("plain",)).get_content()
    assert "Report R1 – “quoted”" in body and "https://www.justiceinspectorates.gov.uk" in body
    (part,) = list(msg.iter_attachments())
    assert part.get_filename() == "R1 PCC response.pdf"
    assert part.get_content_type() == "application/pdf"
    data = part.get_content()
    # The published PDF itself, in the Output folder beside the workbook: its own bytes.
    published = tmp_path / "s55xl-output" / "R1 PCC response.pdf"
    assert data == published.read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "PCC comments." in text and "DRAFT" not in text
    assert body.replace("\r\n", "\n").rstrip().endswith(
        "Sam Taylor\nPolice and Crime Commissioner for Cumbria\nOffice of the PCC\n"
        "Carleton Hall\nPenrith")

    request = _message(tmp_path / "pack" / "R1 s55(4) comments request.eml")
    assert request["To"] == "chief@police.example.uk"
    assert request["Subject"] == ("Request for comments under section 55(4): Report R1 – "
                                  "“quoted” – Cumbria")
    assert "Friday 27th March 2020" in request.get_body(("plain",)).get_content()

    # Run again: one current file each, the previous messages kept in versions/, the same
    # published PDF attached (no copy, no "(2)").
    published_bytes = published.read_bytes()
    again = run_cli(["pack", book, "--report", "R1", "--out", tmp_path / "pack",
                     "--today", "2020-03-20"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == [
        "R1 s55(4) comments request.eml", "R1 s55(6) submission.eml", "versions"]
    assert sorted(p.name for p in (tmp_path / "s55xl-output").iterdir()) == [
        "R1 PCC response.pdf"]
    (part,) = list(_message(tmp_path / "pack" / "R1 s55(6) submission.eml").iter_attachments())
    assert part.get_content() == published_bytes == published.read_bytes()


def test_pack_refuses_a_draft_and_names_missing_addresses(tmp_path):
    draft = _tracker(tmp_path, cc_comments=None)  # Response date blank
    done = run_cli(["pack", draft, "--report", "R1", "--out", tmp_path / "pack",
                    "--today", "2020-03-01"])
    assert done.exit_code == 1
    assert "fill in Response date first (Reports!N2)" in done.output
    assert not (tmp_path / "pack" / "R1 s55(6) submission.eml").exists()
    assert (tmp_path / "pack" / "R1 s55(4) comments request.eml").exists()

    no_address = write_tracker(tmp_path / "n.xlsx", [report(response_date=date(2020, 4, 20),
                                                            cc_comments=None)],
                               [rec()], settings={"home_office_email": "",
                                                  "hmicfrs_email": "x@hmicfrs.example.gov.uk"})
    done = run_cli(["pack", no_address, "--report", "R1", "--out", tmp_path / "pack2"])
    assert done.exit_code == 1
    assert "fill in the 'Home Office email' setting (Settings!B2)" in done.output
    assert "Chief Constable email' setting (add a 'Chief Constable email' row" not in \
        done.output  # today is past the comments date: no request, so no recipient needed
    assert "the date for the Chief Constable's comments (27th March 2020) has passed" in \
        done.output
    assert not (tmp_path / "pack2" / "R1 s55(4) comments request.eml").exists()


def test_pack_writes_the_s55_4_request_only_while_it_is_useful(tmp_path):
    ahead = _tracker(tmp_path, "ahead.xlsx", cc_comments=None)
    done = run_cli(["pack", ahead, "--report", "R1", "--out", tmp_path / "a",
                    "--today", "2020-03-27"])  # the comments date itself: still ahead
    assert (tmp_path / "a" / "R1 s55(4) comments request.eml").exists(), done.output
    passed = run_cli(["pack", ahead, "--report", "R1", "--out", tmp_path / "b",
                      "--today", "2020-03-30"])
    assert not (tmp_path / "b" / "R1 s55(4) comments request.eml").exists()
    assert "no s55(4) request written: the date for the Chief Constable's comments (27th " \
           "March 2020) has passed" in passed.output
    received = _tracker(tmp_path, "received.xlsx", cc_comments="We welcome the report.")
    done = run_cli(["pack", received, "--report", "R1", "--out", tmp_path / "c",
                    "--today", "2020-03-01"])
    assert not (tmp_path / "c" / "R1 s55(4) comments request.eml").exists()
    assert ("no s55(4) request written: the Chief Constable's comments are already in "
            "Reports!H2") in done.output


def test_pack_attaches_the_word_response_where_no_pdf_converter(tmp_path, monkeypatch):
    from docx import Document

    from s55xl.documents import pdf

    monkeypatch.setattr(pdf, "find_converter",
                        lambda: (None, "no PDF converter (LibreOffice or Word) is installed."))
    book = _tracker(tmp_path, response_date=date(2020, 4, 20))
    done = run_cli(["pack", book, "--report", "R1", "--out", tmp_path / "pack"])
    assert done.exit_code == 0, done.output
    assert "The Word document is attached instead." in done.output
    msg = _message(tmp_path / "pack" / "R1 s55(6) submission.eml")
    (part,) = list(msg.iter_attachments())
    assert part.get_filename() == "R1 PCC response.docx"
    assert part.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(part.get_content())).paragraphs)
    assert "PCC comments." in text and "Chief Constable comments." in text
