"""Bank holidays worked out once per year and remembered in a file between runs."""

import json
from datetime import date

import pytest

from s55xl import bank_holidays

# GOV.UK's England-and-Wales list for 2020 (VE Day moved the May holiday to Friday 8 May).
GOV_UK_2020 = {date(2020, 1, 1), date(2020, 4, 10), date(2020, 4, 13), date(2020, 5, 8),
               date(2020, 5, 25), date(2020, 8, 31), date(2020, 12, 25), date(2020, 12, 28)}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and nothing remembered in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("S55XL_CACHE_DIR", str(folder))

    def forget():
        for cached in (bank_holidays.for_year, bank_holidays.cache_file,
                       bank_holidays._remembered):
            cached.cache_clear()
    forget()
    yield folder, forget
    forget()


def _weekdays(days):
    return {d for d in days if d.weekday() < 5}


def test_a_year_is_worked_out_and_remembered(cache):
    folder, forget = cache
    days = bank_holidays.for_year(2020)
    assert _weekdays(days) == GOV_UK_2020
    assert days[date(2020, 4, 13)] == "Easter Monday"
    [file] = folder.glob("bank-holidays-*.json")
    stored = json.loads(file.read_text())
    assert set(stored) == {"2020"}
    assert {date.fromisoformat(d) for d in stored["2020"]} == set(days)
    forget()
    assert bank_holidays.for_year(2021)[date(2021, 12, 28)].startswith("Boxing Day")
    assert set(json.loads(file.read_text())) == {"2020", "2021"}


def test_remembered_days_are_what_a_later_run_reads(cache):
    folder, forget = cache
    bank_holidays.for_year(2020)
    [file] = folder.glob("bank-holidays-*.json")
    stored = json.loads(file.read_text())
    stored["2020"]["2020-07-01"] = "Office closure"
    file.write_text(json.dumps(stored))
    forget()
    assert bank_holidays.for_year(2020)[date(2020, 7, 1)] == "Office closure"


@pytest.mark.parametrize("content", ["{not json", "[]", '{"2020": {"27/02/2020": "x"}}'])
def test_an_unreadable_file_is_ignored_and_replaced(cache, content):
    folder, forget = cache
    bank_holidays.for_year(2019)
    [file] = folder.glob("bank-holidays-*.json")
    file.write_text(content)
    forget()
    assert _weekdays(bank_holidays.for_year(2020)) == GOV_UK_2020
    assert "2020" in json.loads(file.read_text())


def test_a_cache_folder_that_cannot_be_written_only_costs_time(cache, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("S55XL_CACHE_DIR", str(blocked / "cache"))
    _, forget = cache
    forget()
    assert _weekdays(bank_holidays.for_year(2020)) == GOV_UK_2020
    assert blocked.read_text() == "not a folder"
