from datetime import date

import pytest

from s55xl import deadlines as dl


@pytest.mark.parametrize("published, last", [
    (date(2020, 2, 27), date(2020, 4, 22)),   # the reference report: Thu → Wed
    (date(2020, 2, 1), date(2020, 3, 27)),    # counts 29 February 2020
    (date(2019, 2, 1), date(2019, 3, 28)),    # no leap day
    (date(2024, 2, 29), date(2024, 4, 24)),   # published on a leap day
    (date(2023, 12, 31), date(2024, 2, 24)),  # across a year end
])
def test_statutory_deadline_is_day_56(published, last):
    assert dl.statutory_deadline(published) == last
    assert (last - published).days + 1 == 56


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
    assert r.comments_requested_by == dl.subtract_working_days(date(2020, 4, 22), 5)


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
