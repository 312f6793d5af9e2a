"""After the response: the rows the progress paper relies on, checked cell by cell."""

from __future__ import annotations

from datetime import date

from conftest import rec_row, report_row

from s55xl import xlsx
from s55xl.validate import validate

TODAY = date(2020, 9, 1)


def _by_code(book) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in validate(xlsx.load(book), TODAY):
        out.setdefault(f.code, []).append(f)
    return out


def test_owner_blank_on_an_open_recommendation(simple_book):
    # Columns: H is Owner on the hand-typed sheet (REC_HEADERS order).
    book = simple_book(recs=[rec_row(ref="1", owner=None, status="In progress"),
                             rec_row(ref="2", owner=None, status="Complete", evidence="Minutes"),
                             rec_row(ref="3", owner=None, status=None),
                             rec_row(ref="4", status="Not started")])
    found = _by_code(book)["owner-missing"]
    assert [(f.severity, f.sheet, f.cell, f.column) for f in found] == [
        ("warning", "Recommendations", "G2", "Owner")]
    assert "R1 1 is In progress but Owner is blank" in found[0].message


def test_status_outside_the_list_is_named_by_cell(simple_book):
    book = simple_book(recs=[rec_row(ref="1", status="Sort of done")])
    found = _by_code(book)["invalid-value"]
    assert [(f.severity, f.cell, f.column) for f in found] == [("error", "H2", "Status")]
    assert "'Sort of done' is not one of the choices" in found[0].message
    assert "In progress" in found[0].message


def test_target_date_before_publication(simple_book):
    book = simple_book(reports=[report_row(published=date(2020, 2, 27))],
                       recs=[rec_row(ref="1", target_date=date(2020, 1, 31))])
    found = _by_code(book)["target-before-published"]
    assert [(f.severity, f.cell, f.column) for f in found] == [("error", "I2", "Target date")]
    assert "31/01/2020" in found[0].message and "27/02/2020" in found[0].message
