"""The fixed wording's catalogues: complete, compiled, and Welsh dates and plurals from CLDR."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from babel import Locale
from conftest import REPO

from s55xl.documents import i18n

PLACE = re.compile(r"\{(\w+)\}")
CY = Locale.parse("cy")


def test_compiled_catalogues_match_their_sources():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "build_catalogues.py"),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _places(message: str) -> set[str]:
    """The places a message's text may use: its own, and the plain name of a possessive one
    (the Welsh for "{policing_body_possessive} comments" is "Sylwadau {policing_body}")."""
    own = set(PLACE.findall(message))
    return own | {p.removesuffix("_possessive") for p in own}


def test_every_message_has_welsh_with_places_it_is_given():
    found = i18n.messages("cy")
    assert len(found) > 80
    for message, text in found.items():
        assert text, f"cy: no Welsh for {message!r}"
        assert set(PLACE.findall(text)) <= _places(message), (message, text)


def test_english_wording_is_the_message_unless_an_office_rewords_it():
    found = i18n.messages("en")
    assert found.keys() == i18n.messages("cy").keys()
    for message, text in found.items():
        assert set(PLACE.findall(text)) <= _places(message), (message, text)
    assert i18n.Wording("en").t("Purpose") == "Purpose"


@pytest.fixture
def reworded(tmp_path, monkeypatch):
    """An English catalogue in which an office has reworded some messages (msgstr filled)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    def reword(**changes: str) -> None:
        with (i18n.locale_dir() / "en" / "LC_MESSAGES" / "s55xl.po").open("rb") as fh:
            catalogue = read_po(fh, locale="en_GB")
        for message, text in changes.items():
            catalogue.get(message).string = text
        folder = tmp_path / "locale" / "en" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "s55xl.mo").open("wb") as fh:
            write_mo(fh, catalogue)
        monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path / "locale")
        i18n.translations.cache_clear()

    yield reword
    i18n.translations.cache_clear()


def test_an_office_rewords_the_english_in_its_catalogue(reworded):
    """One mechanism for both languages: a msgstr filled in the English catalogue changes
    what the English documents say."""
    reworded(**{"Force response": "Constabulary response"})
    assert i18n.Wording("en").t("Force response") == "Constabulary response"


def test_english_calendar_and_messages_come_from_the_catalogue(reworded, tmp_path):
    import email

    import icalendar
    from support.documents import TODAY, load, report, write_tracker

    from s55xl.documents import calendar, submission

    reworded(**{"Board meeting": "Business Co-ordination Board",
                "Request for comments under section 55(4): {title}{in_area}":
                    "Section 55(4): comments please on {title}{in_area}"})
    tracker = load(write_tracker(tmp_path / "book.xlsx", [report("R1", cc_comments=None,
                                                                 published=TODAY)], [],
                                 settings={"board_schedule": "FREQ=MONTHLY;BYDAY=+2TU"}))
    ics, _ = calendar.build(tracker, today=TODAY)
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]
    assert "R1: Business Co-ordination Board" in summaries
    assert "R1: Board meeting" not in summaries
    pack = submission.pack(tracker, "R1", out_dir=tmp_path / "out", today=TODAY,
                           base_dir=tmp_path)
    [request] = [p for p in pack.written if "s55(4)" in p.name or "request" in p.name.lower()]
    subject = email.message_from_bytes(request.read_bytes())["Subject"]
    assert subject.startswith("Section 55(4): comments please on ")


@pytest.mark.parametrize("month", range(1, 13))
def test_welsh_dates_for_every_month(month):
    day = date(2020, month, 27)
    months = CY.months["format"]["wide"]
    days = CY.days["format"]["wide"]
    wording = i18n.Wording("cy")
    assert wording.date(day) == f"27 {months[month]} 2020"
    assert wording.date_with_weekday(day) == f"{days[day.weekday()]} 27 {months[month]} 2020"


def test_known_welsh_dates():
    wording = i18n.Wording("cy")
    assert wording.date(date(2020, 2, 27)) == "27 Chwefror 2020"
    assert wording.date_with_weekday(date(2020, 4, 22)) == "Dydd Mercher 22 Ebrill 2020"
    assert wording.date(date(2021, 1, 1)) == "1 Ionawr 2021"


def test_every_weekday_in_welsh():
    wording = i18n.Wording("cy")
    monday = date(2020, 2, 17)
    names = ["Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
             "Dydd Sadwrn", "Dydd Sul"]
    for i, name in enumerate(names):
        day = monday + timedelta(days=i)
        assert wording.date_with_weekday(day) == f"{name} {day.day} Chwefror 2020"


def test_english_dates_keep_the_house_style():
    assert i18n.Wording("en").date(date(2020, 2, 27)) == "27th February 2020"
    assert i18n.Wording("en", "27 February 2020").date(date(2020, 2, 27)) == "27 February 2020"


def test_page_numbers():
    """The words around Word's PAGE and NUMPAGES fields (Tudalen 1 o 3)."""
    assert (i18n.Wording("cy").t("Page"), i18n.Wording("cy").t("of")) == ("Tudalen", "o")
    assert (i18n.Wording("en").t("Page"), i18n.Wording("en").t("of")) == ("Page", "of")


def test_a_catalogue_cannot_reach_into_a_value():
    """Only plain {names} are filled: a catalogue's {x.__class__} is left as written."""
    assert i18n.fill("{a} {a.__class__} {b}", {"a": "A"}) == "A {a.__class__} {b}"


@pytest.mark.parametrize(("count", "welsh", "english"), [
    (0, "Nid yw’r adroddiad yn gwneud unrhyw argymhellion.", "The report makes 0 recommendations."),
    (1, "Mae’r adroddiad yn gwneud 1 argymhelliad.", "The report makes 1 recommendation."),
    (2, "Mae’r adroddiad yn gwneud 2 argymhelliad.", "The report makes 2 recommendations."),
    (6, "Mae’r adroddiad yn gwneud 6 argymhelliad.", "The report makes 6 recommendations."),
    (11, "Mae’r adroddiad yn gwneud 11 argymhelliad.", "The report makes 11 recommendations."),
])
def test_plurals(count, welsh, english):
    args = ("The report makes {count} recommendation.", "The report makes {count} recommendations.")
    assert i18n.Wording("cy").n(*args, count) == welsh
    assert i18n.Wording("en").n(*args, count) == english


def test_welsh_plural_rule_is_cldrs():
    catalogue = i18n.translations("cy")
    args = ("The report makes {count} recommendation.", "The report makes {count} recommendations.")
    for n in range(12):
        category = CY.plural_form(n)
        expected = {"zero": "Nid", "one": "Mae", "two": "Mae", "few": "Mae", "many": "Mae",
                    "other": "Mae"}[category]
        assert catalogue.ngettext(*args, n).startswith(expected)


def test_the_welsh_guide_lists_every_term():
    from babel.messages.pofile import read_po

    guide = (REPO / "docs" / "welsh.md").read_text(encoding="utf-8")
    with (i18n.locale_dir() / "cy" / "LC_MESSAGES" / "s55xl.po").open("rb") as fh:
        catalogue = read_po(fh)
    terms = guide.split("<!-- generated: terms")[1].split("<!-- end generated: terms")[0]
    rows = [line for line in terms.splitlines() if line.startswith("| ")][1:]  # no header
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        texts = message.string if message.pluralizable else (message.string,)
        start = "| " + ids[0].replace("|", "\\|") + (" / " if message.pluralizable else " |")
        row = next((r for r in rows if r.startswith(start)), None)
        assert row is not None, f"docs/welsh.md does not list {ids[0]!r}"
        for text in texts:
            assert text.replace("|", "\\|") in row, (ids[0], text)
