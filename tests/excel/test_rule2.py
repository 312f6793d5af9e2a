"""The buttons write computed cells only into the contract's data rows: never a table's Total
row, a cell of another table, or a row under the data (rule 2 of the write-back)."""

from __future__ import annotations

import copy
from datetime import date

from support.xlpayload import remote_book, set_cell, written_cells

import s55xl.excel


def table(payload, sheet: str, name: str) -> dict:
    return next(t for t in next(s for s in payload["sheets"] if s["name"] == sheet)["tables"]
                if t["name"] == name)


def test_total_row_and_other_tables_are_left_alone(demo_payload):
    payload = copy.deepcopy(demo_payload)
    reports = table(payload, "Reports", "tblReports")
    # staff turned on the Total row (Reports row 3) with an average of Days remaining
    reports.update(range_address="$A$1:$T$3", total_row_range_address="$A$3:$T$3",
                   show_totals=True)
    set_cell(payload, "Reports", "A3", "Total")
    set_cell(payload, "Reports", "S3", 43)
    # and keep a small table of their own under the recommendations
    sheet = next(s for s in payload["sheets"] if s["name"] == "Recommendations")
    sheet["tables"].append({
        "name": "tblBudget", "range_address": "$A$10:$L$11",
        "header_row_range_address": "$A$10:$L$10", "data_body_range_address": "$A$11:$L$11",
        "total_row_range_address": None, "show_headers": True, "show_totals": False,
        "table_style": "", "show_autofilter": False})
    set_cell(payload, "Recommendations", "A10", "Budget")
    set_cell(payload, "Recommendations", "L10", "Validation")
    set_cell(payload, "Recommendations", "A11", "R99")
    book = remote_book(payload)
    s55xl.excel.update_deadlines(book, today=date(2020, 3, 1))
    cells = written_cells(book.json()["actions"], payload)
    assert cells[("Reports", "T2")] == 52
    assert not [k for k in cells if k[0] == "Reports" and k[1][1:] == "3"]
    assert cells[("Recommendations", "L7")] == "OK"
    assert not [k for k in cells if k[0] == "Recommendations" and int(k[1][1:]) >= 10]


def test_a_staff_formula_in_a_computed_cell_is_kept_and_said_so(demo_payload, monkeypatch):
    """Desktop Excel gives the cells' formulas (the remote engine cannot), so the formula the
    button reads back is stood in for here: Reports!T2 (Days remaining) holds staff's own."""
    from s55xl.excel import writes

    def own(live, sheet, col, first, last):
        return {2} if (sheet, col) == ("Reports", 20) else set()

    monkeypatch.setattr(writes, "_own_formulas", own)
    book = remote_book(copy.deepcopy(demo_payload))
    outcome = s55xl.excel.update_deadlines(book, today=date(2020, 3, 1))
    cells = written_cells(book.json()["actions"], demo_payload)
    assert ("Reports", "T2") not in cells and cells[("Reports", "U2")] == "On track"
    kept = [f for f in outcome.findings if f.code == "formula-kept"]
    assert [(f.severity, f.sheet, f.cell) for f in kept] == [("warning", "Reports", "T2")]
    assert kept[0].message.startswith("1 computed cell holds a formula of your own (Reports!T2)")
    assert "1 warning" in outcome.status
