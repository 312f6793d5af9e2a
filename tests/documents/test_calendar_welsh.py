"""The calendar in a Welsh or bilingual office's languages, every word: the rule that produced
each date (:class:`s55xl.deadlines.Basis`) and the target date's sentence, read back from the
.ics with icalendar. An English office's calendar stays the English text exactly."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from support.documents import TODAY, load, rec, report, write_tracker

import s55xl
from s55xl import checks
from s55xl.deadlines import Basis
from s55xl.documents import calendar, i18n

NOW = datetime(2020, 4, 1, 12)
# The report dates' events (their summaries), as opposed to the target dates'.
LABELS = {
    "en": [label for _, label in calendar.REPORT_DATES],
    "cy": ["Sylwadau’r Prif Gwnstabl i’w cyflwyno", "Papur y Bwrdd i’w gyflwyno",
           "Cyfarfod y Bwrdd", "Cyflwyno ymateb a55 erbyn", "Terfyn amser statudol (a55(5A))"],
}
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")
# Words of the English explanations that no Welsh description may hold.
ENGLISH_WORDS = ("working day", "published", "publication", "statutory deadline", "meeting",
                 "Saturday", "Sunday", "bank holiday", "Good Friday", "Easter Monday",
                 "Settings", "setting", "schedule", "typed", "Target date", "status",
                 "January", "February", "March", "April", "May", "June", "December")


def book(tmp_path: Path, language: str = "English", welsh_first: str = "Yes", **settings):
    """Three reports whose dates take every kind of rule: R1 a submit-by on the deadline,
    R2 a deadline on Easter Monday (four days skipped: two bank holidays and a weekend), R3 a
    Board date typed and a deadline on a non-working day in Settings."""
    path = write_tracker(
        tmp_path / f"{language}-{welsh_first}.xlsx",
        [report("R1", title_cy="Adroddiad R1"),
         report("R2", title_cy="Adroddiad R2", published=date(2020, 2, 18)),
         report("R3", title_cy="Adroddiad R3", published=date(2020, 7, 31),
                board_date=date(2020, 9, 8))],
        [rec("R1", "1", target_date=date(2020, 9, 30), recommendation_cy="Argymhelliad un."),
         rec("R2", "A", target_date=date(2020, 6, 1), status=None,
             recommendation_cy="Argymhelliad A.")],
        settings={"language": language, "welsh_first": welsh_first,
                  "board_schedule": "14/04/2020, FREQ=MONTHLY;BYDAY=+2TU",
                  "extra_holidays": "24/09/2020", **settings})
    return load(path)


def events(tracker) -> list:
    ics, _ = calendar.build(tracker, today=TODAY, now=NOW)
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def report_events(tracker) -> list[tuple[str, str, str]]:
    """(report ID, date name, description) of each report date's event."""
    names = {label: name for name, label in calendar.REPORT_DATES}
    out = []
    for event in events(tracker):
        summary = str(event["summary"])
        report_id, _, labels = summary.partition(": ")
        english = next((names[p] for p in labels.split(" / ") if p in names), None)
        welsh = next((calendar.REPORT_DATES[LABELS["cy"].index(p)][0]
                      for p in labels.split(" / ") if p in LABELS["cy"]), None)
        if english or welsh:
            out.append((report_id, english or welsh, str(event["description"])))
    return out


def bases(tracker) -> dict[tuple[str, str], Basis]:
    return {(d.report_id, name): b for d in checks.run(tracker, TODAY).dates
            for name, b in d.basis.items()}


def test_the_rules_cover_every_kind_of_explanation(tmp_path):
    """The workbook's reports give the explanations the other tests look for."""
    rules = bases(book(tmp_path))
    assert rules["R1", "submit_by"] == "The statutory deadline is itself a working day."
    assert rules["R2", "submit_by"] == (
        "Last working day on or before the statutory deadline: Fri 10 Apr is a bank holiday "
        "(Good Friday); Sat 11 Apr is a Saturday; Sun 12 Apr is a Sunday; Mon 13 Apr is a bank "
        "holiday (Easter Monday).")
    assert rules["R3", "submit_by"] == ("Last working day on or before the statutory deadline: "
                                        "Thu 24 Sep is a non-working day in Settings.")
    assert rules["R3", "board_meeting"] == "Board date typed on the Reports sheet."
    assert "the schedule rule FREQ=MONTHLY;BYDAY=+2TU and the listed meeting dates" in \
        rules["R1", "board_meeting"]


def test_welsh_calendar_explains_each_date_in_welsh(tmp_path):
    tracker = book(tmp_path, "Cymraeg")
    rules = bases(tracker)
    welsh = i18n.Wording("cy")
    found = report_events(tracker)
    assert len(found) == 15  # five dates for each of three reports
    for report_id, name, text in found:
        rule = rules[report_id, name]
        assert calendar.said(welsh, rule) in text, (report_id, name, text)
        assert str(rule) not in text
        assert any(month in text for month in WELSH_MONTHS), text
        for word in ENGLISH_WORDS:
            assert word not in text, (word, report_id, name, text)


def test_welsh_rules_word_for_word(tmp_path):
    described = {(r, n): t for r, n, t in report_events(book(tmp_path, "Cymraeg"))}
    assert described["R2", "statutory_deadline"] == (
        "Adroddiad R2 (cyhoeddwyd 18 Chwefror 2020).\nTerfyn amser statudol (a55(5A)): 56 "
        "diwrnod sy’n dechrau â’r diwrnod cyhoeddi (Dydd Mawrth 18 Chwefror 2020 yw diwrnod 1), "
        "felly diwrnod 56 yw Dydd Llun 13 Ebrill 2020; mae adran 55(5A) o Ddeddf yr Heddlu 1996 "
        "yn cyfrif diwrnodau calendr.")
    assert described["R2", "submit_by"].endswith(
        "Cyflwyno ymateb a55 erbyn: Y diwrnod gwaith olaf ar y terfyn amser statudol neu cyn "
        "hynny: mae Gwen 10 Ebr yn ŵyl banc (Dydd Gwener y Groglith); mae Sad 11 Ebr yn ddydd "
        "Sadwrn; mae Sul 12 Ebr yn ddydd Sul; mae Llun 13 Ebr yn ŵyl banc (Dydd Llun y Pasg).")
    assert described["R1", "paper_due"].endswith(
        "Papur y Bwrdd i’w gyflwyno: 5 diwrnod gwaith cyn cyfarfod y Bwrdd (y gosodiad Cyfnod "
        "paratoi’r papur).")
    assert "mae Iau 24 Medi yn ddiwrnod nad yw’n ddiwrnod gwaith yn y Gosodiadau" in \
        described["R3", "submit_by"]
    assert described["R3", "board_meeting"].endswith(
        "Cyfarfod y Bwrdd: Dyddiad y Bwrdd wedi’i deipio ar y daflen Adroddiadau.")


def _parts(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize("welsh_first", ["Yes", "No"])
def test_bilingual_calendar_has_both_rules_in_order(tmp_path, welsh_first):
    tracker = book(tmp_path, "Bilingual", welsh_first)
    rules = bases(tracker)
    order = ("cy", "en") if welsh_first == "Yes" else ("en", "cy")
    words = [i18n.Wording(lang, tracker.settings.date_style) for lang in order]
    found = report_events(tracker)
    assert len(found) == 15
    for report_id, name, text in found:
        rule = rules[report_id, name]
        first, second = (calendar.said(w, rule) for w in words)
        assert first != second
        # Each language's part whole: its report line, what the date is and its rule.
        parts = _parts(text)
        assert len(parts) == 2, text
        assert first in parts[0] and second in parts[1], text
        assert text.index(first) < text.index(second)
        label = {lang: LABELS[lang][[n for n, _ in calendar.REPORT_DATES].index(name)]
                 for lang in order}
        assert parts[0].endswith(f"\n{label[order[0]]}: {first}")
        assert parts[1].endswith(f"\n{label[order[1]]}: {second}")
    english = dict(((r, n), t) for r, n, t in found)["R2", "submit_by"]
    assert str(rules["R2", "submit_by"]) in english  # the English rule exactly as before
    assert "mae Llun 13 Ebr yn ŵyl banc (Dydd Llun y Pasg)" in english


@pytest.mark.parametrize("language", ["Cymraeg", "Bilingual"])
def test_target_dates_in_the_office_languages(tmp_path, language):
    targets = {str(e["summary"]).split(":")[0]: str(e["description"])
               for e in events(book(tmp_path, language)) if "dyddiad targed" in str(e["summary"])}
    assert set(targets) == {"R1 1", "R2 A"}
    welsh = ("Dyddiad targed wedi’i deipio ar y daflen Argymhellion (rhes 2) ar gyfer R1 1, "
             "statws Ar y gweill.\nArgymhelliad un.")
    assert targets["R1 1"].startswith(welsh)
    assert "statws heb ei nodi.\nArgymhelliad A." in targets["R2 A"]
    if language == "Cymraeg":
        assert targets["R1 1"] == welsh
        for text in targets.values():
            assert "Target date" not in text and "We recommend" not in text
    else:
        assert targets["R1 1"] == welsh + (
            "\n\nTarget date typed on the Recommendations sheet (row 2) for R1 1, status In "
            "progress.\nWe recommend that chief constables do thing 1.")


@pytest.mark.parametrize("style", ["27th February 2020", "27 February 2020"])
def test_english_wording_of_each_rule_is_its_english_text(tmp_path, style):
    """The message and values of every rule give back its English text through the English
    catalogue, so a bilingual calendar's English part says what an English office's does."""
    tracker = book(tmp_path, date_style=style)
    english = i18n.Wording("en", style)
    rules = bases(tracker)
    assert len(rules) >= 21
    for key, rule in rules.items():
        assert isinstance(rule, Basis), key
        assert calendar.said(english, rule) == str(rule), key


def test_english_office_calendar_is_the_english_text(tmp_path):
    tracker = book(tmp_path)
    described = {(r, n): t for r, n, t in report_events(tracker)}
    assert described["R2", "submit_by"] == (
        "Report R2 (published 18th February 2020).\nSubmit s55 response by: Last working day "
        "on or before the statutory deadline: Fri 10 Apr is a bank holiday (Good Friday); Sat 11 "
        "Apr is a Saturday; Sun 12 Apr is a Sunday; Mon 13 Apr is a bank holiday (Easter "
        "Monday).")
    assert described["R1", "statutory_deadline"] == (
        "Report R1 (published 27th February 2020).\nStatutory deadline (s55(5A)): 56 days "
        "beginning with the publication day (Thursday 27th February 2020 is day 1), so day 56 "
        "is Wednesday 22nd April 2020; s55(5A) Police Act 1996 counts calendar days.")
    assert described["R1", "comments_requested_by"] == (
        "Report R1 (published 27th February 2020).\nChief Constable comments due: 5 working "
        "days before the paper due date (Chief Constable comments lead time setting) — the date "
        "to give under s55(4).")
    targets = [str(e["description"]) for e in events(tracker) if "target date" in str(e["summary"])]
    assert targets[0] == ("Target date typed on the Recommendations sheet (row 2) for R1 1, "
                          "status In progress.\nWe recommend that chief constables do thing 1.")
    for text in described.values():
        assert not any(month in text for month in WELSH_MONTHS[:3] + ("Ebrill",))


def _marked_messages() -> set[str]:
    """Every message wrapped in N_(…) in the deadlines and the calendar, and every literal the
    calendar passes to Wording.t."""
    root = Path(s55xl.__file__).parent
    found = set()
    for path in (root / "deadlines.py", root / "documents" / "calendar.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("N_", "t"):
                found.add(node.args[0].value)
    return found


def test_every_message_of_the_calendar_has_its_welsh():
    marked = _marked_messages()
    assert len(marked) >= 50
    assert "Last working day on or before the statutory deadline: {skipped}." in marked
    assert i18n.missing(marked) == []
    welsh = i18n.messages("cy")
    for message in marked:
        assert set(re.findall(r"\{\w+\}", message)) == set(re.findall(r"\{\w+\}",
                                                                      welsh[message])), message
