"""History: the rows appended when a recommendation's Status, Owner or Target date changes."""

from __future__ import annotations

from datetime import date, datetime

from conftest import rec_row

from s55xl import history, xlsx
from s55xl.tables import Grid

FIRST = datetime(2020, 3, 1, 9, 0)
SECOND = datetime(2020, 4, 1, 9, 0)


def _grid(changes: list[history.Change]) -> Grid:
    """The History sheet as a person would see it: headers, then each row's values."""
    return Grid(rows=[list(history.HISTORY_HEADERS)] + [list(c.as_row()) for c in changes])


def test_two_updates_with_a_status_change_between(simple_book):
    book = simple_book(recs=[rec_row(ref="1", target_date=date(2020, 6, 30)),
                             rec_row(ref="2", owner=None, status=None)])
    first = history.changes(xlsx.load(book), history.read(None), when=FIRST, user="j.bloggs")
    # The first run records where things start: rec 1's three fields; rec 2 has only blanks.
    assert [(c.ref, c.field, c.old, c.new) for c in first] == [
        ("1", "Status", None, "In progress"), ("1", "Owner", None, "Head of Crime"),
        ("1", "Target date", None, date(2020, 6, 30))]
    assert all(c.when == FIRST and c.user == "j.bloggs" and c.report_id == "R1" for c in first)

    changed = simple_book(recs=[rec_row(ref="1", status="Complete", target_date=date(2020, 6, 30)),
                                rec_row(ref="2", owner=None, status=None)], name="later.xlsx")
    second = history.changes(xlsx.load(changed), history.read(_grid(first)), when=SECOND,
                             user="a.n.other")
    assert [c.as_row() for c in second] == [
        (SECOND, "R1", "1", "Status", "In progress", "Complete", "a.n.other")]

    third = history.changes(xlsx.load(changed), history.read(_grid(first + second)),
                            when=SECOND)
    assert third == []  # nothing changed since the last recorded state


def test_recorded_values_are_compared_as_staff_typed_them():
    # A History sheet whose dates came back as text and whose status was retyped in capitals.
    grid = Grid(rows=[["date", "REPORT", "ref", "Field", "Old", "New", "User"],
                      [None, "r1", "1", "Status", None, "IN PROGRESS", "x"],
                      [None, "r1", "1", "Target date", None, "30/06/2020", "x"],
                      [None, "", "", "", "", "", ""]])
    past = history.read(grid)
    assert len(past) == 2 and past[1].new == date(2020, 6, 30)
    from s55xl.model import Recommendation, Tracker

    tracker = Tracker("t", recommendations=[Recommendation(
        row=2, report_id="R1", ref="1", status="In progress", target_date=date(2020, 6, 30))])
    assert history.changes(tracker, past, when=SECOND) == []


def test_a_status_outside_the_list_is_not_recorded_as_blank(simple_book):
    before = simple_book(recs=[rec_row(ref="1")])
    first = history.changes(xlsx.load(before), [], when=FIRST)
    typo = simple_book(recs=[rec_row(ref="1", status="Finished-ish")], name="typo.xlsx")
    tracker = xlsx.load(typo)
    assert tracker.recommendations[0].status is None  # could not be read
    assert history.changes(tracker, first, when=SECOND) == []


def test_a_moved_target_date_is_found_for_the_paper(simple_book):
    book = simple_book(recs=[rec_row(ref="1", target_date=date(2020, 9, 30))])
    tracker = xlsx.load(book)
    past = [history.Change(FIRST, "R1", "1", "Target date", None, date(2020, 6, 30), "x")]
    new = history.changes(tracker, past, when=SECOND)
    assert [(c.old, c.new) for c in new if c.field == "Target date"] == [
        (date(2020, 6, 30), date(2020, 9, 30))]
    moved = history.target_changes(past + new, tracker.recommendations[0])
    assert [c.old for c in moved] == [date(2020, 6, 30)]
