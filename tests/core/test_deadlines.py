from datetime import date, timedelta

import pytest
from dateutil.rrule import DAILY, rrule

from s55xl import deadlines as dl


@pytest.mark.parametrize("published, last", [
    (date(2020, 2, 27), date(2020, 4, 22)),   # the reference report: Thu → Wed
    (date(2020, 2, 1), date(2020, 3, 27)),    # counts 29 February 2020
    (date(2019, 2, 1), date(2019, 3, 28)),    # no leap day
    (date(2024, 2, 29), date(2024, 4, 24)),   # published on a leap day
    (date(2023, 12, 31), date(2024, 2, 24)),  # across a year end
])
def test_statutory_deadline_is_day_56(published, last):
    got = dl.statutory_deadline(published)
    assert got == last
    # Counted another way: the calendar days from publication to the deadline, both included.
    assert len(list(rrule(DAILY, dtstart=published, until=got))) == 56


# England-and-Wales bank holidays as GOV.UK lists them (www.gov.uk/bank-holidays), typed here so
# the working-day rules are checked against a source other than the holidays package.
GOV_UK = {date(*d) for d in [
    (2019, 1, 1), (2019, 4, 19), (2019, 4, 22), (2019, 5, 6), (2019, 5, 27), (2019, 8, 26),
    (2019, 12, 25), (2019, 12, 26),
    (2020, 1, 1), (2020, 4, 10), (2020, 4, 13), (2020, 5, 8), (2020, 5, 25), (2020, 8, 31),
    (2020, 12, 25), (2020, 12, 28),
    (2021, 1, 1), (2021, 4, 2), (2021, 4, 5), (2021, 5, 3), (2021, 5, 31), (2021, 8, 30),
    (2021, 12, 27), (2021, 12, 28),
    (2022, 1, 3), (2022, 4, 15), (2022, 4, 18), (2022, 5, 2), (2022, 6, 2), (2022, 6, 3),
    (2022, 8, 29), (2022, 9, 19), (2022, 12, 26), (2022, 12, 27),
    (2023, 1, 2), (2023, 4, 7), (2023, 4, 10), (2023, 5, 1), (2023, 5, 8), (2023, 5, 29),
    (2023, 8, 28), (2023, 12, 25), (2023, 12, 26),
    (2024, 1, 1), (2024, 3, 29), (2024, 4, 1), (2024, 5, 6), (2024, 5, 27), (2024, 8, 26),
    (2024, 12, 25), (2024, 12, 26),
]}


def test_bank_holidays_on_weekdays_are_the_gov_uk_list():
    # GOV.UK lists the substitute day only; a Christmas on a Saturday is not a working day anyway.
    weekdays = [d for d in (date(2019, 1, 1) + timedelta(days=i) for i in range(6 * 366))
                if d.year <= 2024 and d.weekday() < 5]
    assert {d for d in weekdays if dl.bank_holiday(d)} == GOV_UK


def test_submit_by_for_every_publication_day_2019_to_2023():
    published = date(2019, 1, 1)
    while published.year < 2024:
        day = published
        for _ in range(55):  # day 1 is the publication day, so day 56 is 55 days on
            day = date.fromordinal(day.toordinal() + 1)
        while day.weekday() >= 5 or day in GOV_UK:
            day = date.fromordinal(day.toordinal() - 1)
        assert dl.submit_by(published) == day, published
        published = date.fromordinal(published.toordinal() + 1)


@pytest.mark.parametrize("published, statutory, expected, why", [
    (date(2020, 2, 27), date(2020, 4, 22), date(2020, 4, 22), "a Wednesday"),
    (date(2020, 3, 2), date(2020, 4, 26), date(2020, 4, 24), "Sunday → Friday"),
    (date(2020, 2, 18), date(2020, 4, 13), date(2020, 4, 9), "Easter Monday → Thursday"),
    (date(2019, 11, 1), date(2019, 12, 26), date(2019, 12, 24), "Boxing Day → Christmas Eve"),
    (date(2022, 7, 26), date(2022, 9, 19), date(2022, 9, 16), "State funeral → Friday"),
    (date(2023, 3, 14), date(2023, 5, 8), date(2023, 5, 5), "Coronation → Friday"),
    (date(2020, 7, 7), date(2020, 8, 31), date(2020, 8, 28), "August holiday → Friday"),
])
def test_submit_by_skips_weekends_and_bank_holidays(published, statutory, expected, why):
    assert dl.statutory_deadline(published) == statutory
    assert dl.submit_by(published) == expected, why


def test_extra_non_working_days_move_submit_by():
    assert dl.submit_by(date(2020, 2, 27), frozenset({date(2020, 4, 22)})) == date(2020, 4, 21)


def test_subtract_working_days_skips_easter():
    # 14 April 2020 less 5 working days: 9, 8, 7, 6, 3 April (10 and 13 are bank holidays)
    assert dl.subtract_working_days(date(2020, 4, 14), 5) == date(2020, 4, 3)
    assert dl.subtract_working_days(date(2020, 4, 14), 0) == date(2020, 4, 14)


def compute(published=date(2020, 2, 27), today=date(2020, 4, 1), schedule="FREQ=MONTHLY;BYDAY=+2TU",
            **kw):
    opts = dict(today=today, schedule=dl.Schedule.parse(schedule), paper_lead_days=5,
                cc_lead_days=5, due_soon_days=14)
    opts.update(kw)
    return dl.compute("R1", "Title", published, **opts)


def test_reference_report_dates_and_basis():
    r, problems = compute()
    assert problems == []
    assert (r.statutory_deadline, r.submit_by) == (date(2020, 4, 22), date(2020, 4, 22))
    assert r.board_meeting == date(2020, 4, 14)  # second Tuesday of April
    assert r.paper_due == date(2020, 4, 3)
    assert r.comments_requested_by == date(2020, 3, 27)
    assert r.days_remaining == 21
    assert r.status == "on-track"
    assert "day 1" in r.basis["statutory_deadline"]
    assert "working day" in r.basis["submit_by"]
    for key in ("statutory_deadline", "submit_by", "board_meeting", "paper_due",
                "comments_requested_by", "days_remaining", "status"):
        assert r.basis[key], key


def test_basis_names_the_bank_holiday():
    r, _ = compute(published=date(2020, 2, 18))
    assert "Easter Monday" in r.basis["submit_by"]
    assert "Good Friday" in r.basis["submit_by"]


@pytest.mark.parametrize("today, status", [
    (date(2020, 3, 1), "on-track"),
    (date(2020, 4, 8), "due-soon"),
    (date(2020, 4, 22), "due-soon"),
    (date(2020, 4, 23), "overdue"),
])
def test_status(today, status):
    assert compute(today=today)[0].status == status


def test_responded_and_late_response():
    r, problems = compute(today=date(2021, 1, 1), response_published=date(2020, 4, 20))
    assert r.status == "responded" and problems == []
    r, problems = compute(response_published=date(2020, 4, 23))
    assert r.status == "responded"
    assert [p.code for p in problems] == ["published-late"]


def test_listed_meeting_dates_and_rule_combined():
    r, _ = compute(schedule="FREQ=MONTHLY;BYDAY=+2TU\n20/04/2020")
    assert r.board_meeting == date(2020, 4, 20)
    r, _ = compute(schedule="03/03/2020, 16 April 2020")
    assert r.board_meeting == date(2020, 4, 16)


def test_meeting_too_soon_after_publication_is_not_used():
    # A meeting on 2 March: its paper would be due before the report was published.
    r, problems = compute(schedule="02/03/2020")
    assert r.board_meeting is None and r.paper_due is None
    assert [p.code for p in problems] == ["no-board-meeting"]
    # No paper, so 5 working days before submit-by (Wed 22 April): 21, 20, 17, 16, 15 April.
    assert r.comments_requested_by == date(2020, 4, 15)


def test_board_date_override_and_too_late():
    r, problems = compute(board_date=date(2020, 4, 1))
    assert r.board_meeting == date(2020, 4, 1) and problems == []
    assert "typed on the Reports sheet" in r.basis["board_meeting"]
    r, problems = compute(board_date=date(2020, 5, 1))
    assert [p.code for p in problems] == ["board-date-too-late"]


@pytest.mark.parametrize("text", ["FREQ=FORTNIGHTLY", "next tuesday", "31/02/2020"])
def test_bad_schedule_says_what_to_type(text):
    with pytest.raises(dl.ScheduleError, match="FREQ=MONTHLY;BYDAY=\\+2TU|14/04/2020"):
        dl.Schedule.parse(text)


def test_a_signed_response_counts_as_responded_before_it_is_published():
    # Signed on 20 April 2020, not yet marked published: on 1 May it is not "overdue".
    r, problems = compute(today=date(2020, 5, 1), response_date=date(2020, 4, 20))
    assert r.status == "responded" and problems == []
    assert r.basis["status"] == ("Response signed on Monday 20th April 2020; fill in Response "
                                 "published once it is on the website.")
    assert compute(today=date(2020, 5, 1))[0].status == "overdue"


@pytest.mark.parametrize("today, text", [
    (date(2020, 4, 21), "1 day to the submit-by date, within 14 days."),
    (date(2020, 4, 20), "2 days to the submit-by date, within 14 days."),
    (date(2020, 4, 22), "0 days to the submit-by date, within 14 days."),
])
def test_days_are_counted_in_words_with_the_right_plural(today, text):
    assert compute(today=today)[0].basis["status"] == text
    assert compute(today=date(2020, 4, 21), due_soon_days=1)[0].basis["status"] == (
        "1 day to the submit-by date, within 1 day.")


def test_explanations_follow_the_date_style():
    ordinal, _ = compute()
    plain, _ = compute(date_style="27 February 2020")
    assert "(Thursday 27th February 2020 is day 1)" in ordinal.basis["statutory_deadline"]
    assert "(Thursday 27 February 2020 is day 1)" in plain.basis["statutory_deadline"]
    assert "Wednesday 1 April 2020" in plain.basis["days_remaining"]


def test_a_paper_date_after_its_meeting_is_a_problem():
    _, problems = compute(paper_date=date(2020, 4, 3))
    assert problems == []
    _, problems = compute(paper_date=date(2020, 4, 15))
    assert [(p.field, p.code) for p in problems] == [("paper_date", "paper-after-meeting")]
    assert "after the board meeting Tuesday 14th April 2020" in problems[0].message
