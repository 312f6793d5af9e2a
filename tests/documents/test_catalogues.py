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


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_message_is_translated_with_the_same_places(lang):
    found = i18n.messages(lang)
    assert len(found) > 40
    for message, text in found.items():
        assert text, f"{lang}: no text for {message!r}"
        assert set(PLACE.findall(text)) <= set(PLACE.findall(message)), (message, text)


def test_the_english_catalogue_holds_the_same_messages_as_the_welsh():
    assert i18n.messages("en").keys() == i18n.messages("cy").keys()


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
    assert i18n.Wording("cy").t("Page {page} of {pages}", page=1, pages=3) == "Tudalen 1 o 3"
    assert i18n.Wording("en").t("Page {page} of {pages}", page=1, pages=3) == "Page 1 of 3"


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
