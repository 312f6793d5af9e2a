"""`s55xl update` keeps the History sheet: one row per recorded change, appended, never edited."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from s55xl.build import build
from s55xl.xlsx.update import update

TRACKED = ("Status", "Owner", "Target date")


def _rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def test_two_updates_with_a_status_change_between_them(tmp_path):
    book = build(tmp_path / "tracker.xlsx", with_demo=True)
    recs = _rows(book, "Recommendations")
    first = update(book, now=datetime(2020, 4, 1, 9, 30), user="j.bloggs")
    started = [(r["Report ID"], r["Ref"], field, r[field]) for r in recs for field in TRACKED
               if r[field] not in (None, "")]
    assert first.history == len(started) > 0
    history = _rows(book, "History")
    assert [(h["Report"], h["Ref"], h["Field"], h["New"]) for h in history] == started
    assert {(h["Date"], h["User"], h["Old"]) for h in history} == {
        (datetime(2020, 4, 1, 9, 30), "j.bloggs", None)}

    wb = openpyxl.load_workbook(book)
    ws = wb["Recommendations"]
    status = [c.value for c in ws[1]].index("Status") + 1
    before = ws.cell(3, status).value
    ws.cell(3, status, "Complete")
    wb.save(book)

    second = update(book, now=datetime(2020, 4, 8, 14, 0), user="a.smith")
    assert second.history == 1
    after = _rows(book, "History")
    assert after[:len(history)] == history  # what was recorded stays as it was
    assert after[len(history):] == [{
        "Date": datetime(2020, 4, 8, 14, 0), "Report": recs[1]["Report ID"],
        "Ref": recs[1]["Ref"], "Field": "Status", "Old": before, "New": "Complete",
        "User": "a.smith"}]

    third = update(book, now=datetime(2020, 4, 9), user="a.smith")
    assert third.history == 0 and len(_rows(book, "History")) == len(after)
