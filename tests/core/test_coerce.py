"""What a cell means: text dates read the UK way, partial dates refused, never completed."""

from datetime import date

import pytest

from s55xl.coerce import TextDate, to_date


@pytest.mark.parametrize("typed, meant", [
    ("02/03/2020", date(2020, 3, 2)),    # 2 March, not 3 February
    ("2/3/2020", date(2020, 3, 2)),
    ("02.03.2020", date(2020, 3, 2)),
    ("02-03-2020", date(2020, 3, 2)),
    ("02/03/20", date(2020, 3, 2)),
    ("01/12/2019", date(2019, 12, 1)),   # 1 December, not 12 January
    ("11/10/2021", date(2021, 10, 11)),
    ("2 March 2020", date(2020, 3, 2)),
    ("27th February 2020", date(2020, 2, 27)),
])
def test_text_dates_are_read_day_first(typed, meant):
    got = to_date(typed)
    assert isinstance(got, TextDate) and got.source == typed
    assert (got.year, got.month, got.day) == (meant.year, meant.month, meant.day)


@pytest.mark.parametrize("typed, missing", [
    ("Feb 2020", "it has no day"),
    ("February 2020", "it has no day"),
    ("12/2020", "it has no day"),
    ("2020-02", "it has no day"),
    ("3 March", "it has no year"),
    ("27/02", "it has no year"),
    ("3 Feb 20", "the year needs four digits"),
])
def test_part_of_a_date_is_refused_asking_for_the_whole_date(typed, missing):
    with pytest.raises(ValueError) as exc:
        to_date(typed)
    message = str(exc.value)
    assert message == (f"'{typed}' is not a whole date: {missing}. Type the whole date, day, "
                       "month and year, such as 27/02/2020.")


@pytest.mark.parametrize("typed", ["31/02/2020", "tbc", "soon", "x" * 200, "1 " * 5000])
def test_text_that_is_no_date_is_refused(typed):
    with pytest.raises(ValueError, match="is not a date that exists. Type a date such as "
                                         "27/02/2020"):
        to_date(typed)
