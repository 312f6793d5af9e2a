"""Deciding what an import adds or skips, and writing it into any workbook layout safely."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from s55xl import xlsx
from s55xl.errors import UnusableInput
from s55xl.importer.document import Item, Paper
from s55xl.importer.metadata import derive_report_id, repair_url, signature
from s55xl.xlsx import safewrite
from s55xl.xlsx.append import make_edit, plan, ref_key

ITEMS = [
    Item(ref="3.1", type="Recommendation", addressed_to="Home Office",
         recommendation="We recommend that the Home Office reviews funding.",
         force_response="This recommendation is addressed to the Home Office."),
    Item(ref="3.2", type="Recommendation", addressed_to="Chief constables",
         recommendation="=We recommend that chief constables act.",
         force_response="+44 calls; -3 delays; @team notified."),
]


def paper(items=ITEMS, title="National Review of Something 2021", published=date(2021, 5, 4),
          source="paper.txt") -> Paper:
    return Paper(source=source, title=title, published=published,
                 report_url="https://www.justiceinspectorates.gov.uk/hmicfrs/x.pdf",
                 report_type="National thematic", items=list(items))


def hand_typed(path: Path, reports: list[list], recs: list[list]) -> Path:
    """Columns in their own order, an extra column, a title row above the headers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Reports"
    ws.append(["Notes", "Published", "Title", "Report ID *"])
    for row in reports:
        ws.append(row)
    ws = wb.create_sheet("Recommendations")
    ws.append(["Recommendations tracker"])
    ws.append(["Force response", "Ref", "My notes", "Recommendation", "Addressed to",
               "Report ID", "Owner", "Status"])
    for row in recs:
        ws.append(row)
    wb.save(path)
    return path


def run_edit(path: Path, p: Paper, **kwargs):
    """Import through the safe write path; returns the plan carried out and the cells written."""
    plans, written = [], []
    edit = make_edit(p, plans=plans, **kwargs)
    safewrite.edit_workbook(path, lambda edits: written.append(edit(edits)))
    return plans[0], written[0]


def values(path: Path, sheet: str) -> list[list]:
    wb = openpyxl.load_workbook(path)
    return [[c.value for c in row] for row in wb[sheet].iter_rows()]


def test_rows_land_under_the_right_headers_and_extra_columns_are_untouched(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx", [["keep me", date(2020, 1, 1), "Old", "OLD-1"]],
                      [["Done.", "1", "my note", "Old rec.", "Chief constables", "OLD-1",
                        "Head of Crime", "Complete"]])
    result, written = run_edit(book, paper())
    assert result.report_id == "NRS-2021"
    assert values(book, "Reports") == [
        ["Notes", "Published", "Title", "Report ID *"],
        ["keep me", datetime(2020, 1, 1), "Old", "OLD-1"],
        [None, datetime(2021, 5, 4), "National Review of Something 2021", "NRS-2021"],
    ]
    ws = openpyxl.load_workbook(book)["Reports"]
    assert ws["B3"].number_format == ws["B2"].number_format == "yyyy-mm-dd"  # as the row above
    assert values(book, "Recommendations") == [
        ["Recommendations tracker", None, None, None, None, None, None, None],
        ["Force response", "Ref", "My notes", "Recommendation", "Addressed to", "Report ID",
         "Owner", "Status"],
        ["Done.", "1", "my note", "Old rec.", "Chief constables", "OLD-1", "Head of Crime",
         "Complete"],
        [ITEMS[0].force_response, "3.1", None, ITEMS[0].recommendation, "Home Office",
         "NRS-2021", None, None],
        [ITEMS[1].force_response, "3.2", None, ITEMS[1].recommendation, "Chief constables",
         "NRS-2021", None, None],
    ]
    assert written == {("Reports", 3, 2), ("Reports", 3, 3), ("Reports", 3, 4)} | {
        ("Recommendations", r, c) for r in (4, 5) for c in (1, 2, 4, 5, 6)}


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx", [], [])
    run_edit(book, paper())
    wb = openpyxl.load_workbook(book)
    ws = wb["Recommendations"]
    assert (ws["D4"].value, ws["D4"].data_type) == ("=We recommend that chief constables act.",
                                                    "s")
    assert (ws["A4"].value, ws["A4"].data_type) == ("+44 calls; -3 delays; @team notified.", "s")
    tracker = xlsx.load(book)
    assert [r.recommendation for r in tracker.recommendations] == [
        ITEMS[0].recommendation, ITEMS[1].recommendation]
    assert tracker.recommendations[1].force_response == ITEMS[1].force_response


def test_existing_refs_are_skipped_and_replace_keeps_what_staff_typed(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx", [[None, date(2021, 5, 4), "Anything", "MINE"]],
                      [["Old response.", "3.1.", None, "Old text.", "Home Office", "MINE",
                        "Head of Crime", "In progress"]])
    result = plan(xlsx.load(book), paper(), report_id="mine")
    assert result.report_id == "MINE" and result.new_report is None
    assert result.as_json() == {
        "report": {"report_id": "MINE", "title": "Anything", "published": "2021-05-04"},
        "added": [{"report_id": "MINE", "ref": "3.2", "type": "Recommendation",
                   "addressed_to": "Chief constables",
                   "recommendation": ITEMS[1].recommendation,
                   "force_response": ITEMS[1].force_response, "target_date": None}],
        "skipped": [{"ref": "3.1", "reason": "3.1 is already in the workbook for MINE "
                                             "(Recommendations row 3); add --replace to "
                                             "overwrite it."}],
    }
    replaced = Item(ref="3.1", type="Recommendation", addressed_to="Home Office",
                    recommendation="New text.", force_response=None)
    result, _ = run_edit(book, paper([replaced]), report_id="MINE", replace=True)
    assert result.skipped == [] and [p.row for p in result.rows] == [3]
    assert values(book, "Recommendations")[2] == [
        "Old response.", "3.1", None, "New text.", "Home Office", "MINE", "Head of Crime",
        "In progress"]
    assert len(values(book, "Recommendations")) == 3


def test_report_found_by_title_and_new_ids_never_clash(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx",
                      [[None, date(2021, 5, 4), "national review of something, 2021", "NRS"],
                       [None, None, "Another", "NRS-2021"]], [])
    tracker = xlsx.load(book)
    same = plan(tracker, paper())
    assert (same.report_id, same.new_report) == ("NRS", None)
    other = plan(tracker, paper(title="National Review of Sheep 2021"))
    assert other.report_id == "NRS-2021-2"
    assert other.new_report == {
        "report_id": "NRS-2021-2", "title": "National Review of Sheep 2021",
        "published": date(2021, 5, 4),
        "report_url": "https://www.justiceinspectorates.gov.uk/hmicfrs/x.pdf",
        "report_type": "National thematic"}
    untitled = plan(tracker, paper(title=None, source="/x/board paper (v2).docx"))
    assert untitled.report_id == "BOARD-PAPER-V2"
    assert untitled.notes == [("The Report ID BOARD-PAPER-V2 was made from the file name, as "
                               "the paper's title was not found; give --report ID to choose "
                               "another.")]


def test_a_ref_twice_in_the_paper_is_taken_once(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx", [], [])
    result = plan(xlsx.load(book), paper([ITEMS[0], ITEMS[0]]))
    assert [p.item.ref for p in result.rows] == ["3.1"]
    assert result.skipped == [("3.1", ("3.1 appears more than once in the paper; only the "
                                       "first was taken."))]


def test_an_excel_table_is_stretched_over_new_rows(tmp_path):
    from openpyxl.worksheet.table import Table

    book = hand_typed(tmp_path / "t.xlsx", [], [])
    wb = openpyxl.load_workbook(book)
    wb["Recommendations"].add_table(Table(displayName="tblRecs", ref="A2:H3"))
    wb.save(book)
    run_edit(book, paper())
    table = openpyxl.load_workbook(book)["Recommendations"].tables["tblRecs"]
    assert (table.ref, table.autoFilter.ref) == ("A2:H4", "A2:H4")
    assert [r.ref for r in xlsx.load(book).recommendations] == ["3.1", "3.2"]


def test_a_table_with_a_total_row_is_refused(tmp_path):
    from openpyxl.worksheet.table import Table

    book = hand_typed(tmp_path / "t.xlsx", [], [])
    wb = openpyxl.load_workbook(book)
    wb["Recommendations"].add_table(Table(displayName="tblRecs", ref="A2:H4", totalsRowCount=1))
    wb.save(book)
    with pytest.raises(UnusableInput, match="has a Total row"):
        run_edit(book, paper())


@pytest.mark.parametrize("ref, key", [("AFI 4", "afi4"), ("Recommendation 2", "r2"),
                                      ("3.1.", "3.1"), ("Cause of concern 1", "coc1"),
                                      ("CoC 1.2", "coc1.2")])
def test_refs_compare_loosely(ref, key):
    assert ref_key(ref) == key


@pytest.mark.parametrize("title, published, expected", [
    ("National Child Protection Inspections 2019 Thematic Report", None, "NCPI-2019"),
    ("PEEL 2021/22: An inspection of Anyshire Police", None, "PEEL-2021"),
    ("The Hard Yards: police-to-police collaboration", date(2019, 7, 2), "HYPC-2019"),
    ("State of Policing", None, "SP"),
    (None, date(2020, 1, 1), None),
])
def test_report_ids_made_from_titles(title, published, expected):
    assert derive_report_id(title, published) == expected


def test_urls_mended_from_the_title():
    assert repair_url("https://a.gov.uk/hmicfrs/wpcontent/uploads/state-of-policingreport.pdf",
                      "State of Policing Report") == \
        "https://a.gov.uk/hmicfrs/wp-content/uploads/state-of-policing-report.pdf"
    assert repair_url("https://a.gov.uk/other-file.pdf", "State of Policing") == \
        "https://a.gov.uk/other-file.pdf"


@pytest.mark.parametrize("line, expected", [
    ("Detective Chief Superintendent Mark GREENHALGH – Head of Crime",
     ("Detective Chief Superintendent", "Mark GREENHALGH", "Head of Crime")),
    ("Alice THOMPSON – CDD Governance & Inspection Assistant",
     (None, "Alice THOMPSON", "CDD Governance & Inspection Assistant")),
    ("Chief Constable Jo Bloggs - Chief Constable", ("Chief Constable", "Jo Bloggs",
                                                     "Chief Constable")),
    ("the work of MASH – partners agree", None),
    ("The Multi-Agency Safeguarding Hub (MASH) – which works well", None),
    ("Work is ongoing – Head of Crime.", None),
])
def test_signature_lines(line, expected):
    s = signature(line)
    assert (None if s is None else (s.rank, s.name, s.role)) == expected


def test_the_total_row_is_named_and_nothing_is_moved(tmp_path):
    from openpyxl.worksheet.table import Table

    book = hand_typed(tmp_path / "t.xlsx", [], [["Done.", "1", None, "Old.", "Home Office",
                                                 "OLD-1", None, None]])
    wb = openpyxl.load_workbook(book)
    wb["Recommendations"]["A4"] = "Total"
    wb["Recommendations"].add_table(Table(displayName="tblRecs", ref="A2:H4", totalsRowCount=1))
    wb.save(book)
    before = book.read_bytes()
    with pytest.raises(UnusableInput, match=r"Total row at Recommendations!A4"):
        run_edit(book, paper())
    assert book.read_bytes() == before


@pytest.mark.parametrize("below", ["summary", "table"])
def test_no_room_under_the_data_is_refused_with_the_cell(tmp_path, below):
    from openpyxl.worksheet.table import Table

    book = hand_typed(tmp_path / "t.xlsx", [], [["Done.", "1", None, "Old.", "Home Office",
                                                 "OLD-1", None, None]])
    wb = openpyxl.load_workbook(book)
    ws = wb["Recommendations"]
    if below == "summary":  # a count typed straight under the data
        ws["B4"] = "=COUNTA(B3:B3)"
        where = r"cell Recommendations!B4 is in use"
    else:  # the contract table, and another table starting right under it
        ws.add_table(Table(displayName="tblRecs", ref="A2:H3"))
        ws["J4"], ws["J5"] = "Budget", 1
        ws.add_table(Table(displayName="tblBudget", ref="C4:J5"))
        where = r"cell Recommendations!C4 is inside the table tblBudget"
    wb.save(book)
    before = book.read_bytes()
    with pytest.raises(UnusableInput, match=where):
        run_edit(book, paper())
    assert book.read_bytes() == before


def test_target_dates_are_written_and_listed(tmp_path):
    book = hand_typed(tmp_path / "t.xlsx", [], [])
    wb = openpyxl.load_workbook(book)
    wb["Recommendations"]["I2"] = "Target date"
    wb.save(book)
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Dated(Item):  # an item as the importer gives it when the paper names a date
        target_date: date | None = None

    dated = Dated(ref="4", type="Recommendation", recommendation="We recommend a review.",
                  addressed_to="Chief constables", target_date=date(2021, 12, 31))
    result, _ = run_edit(book, paper([dated, ITEMS[0]]))
    assert [row["target_date"] for row in result.as_json()["added"]] == ["2021-12-31", None]
    ws = openpyxl.load_workbook(book)["Recommendations"]
    assert ws["I3"].value == datetime(2021, 12, 31) and ws["I3"].is_date
    assert ws["I4"].value is None


def test_append_rows_adds_to_another_sheets_table(tmp_path):
    from openpyxl.worksheet.table import Table

    from s55xl.xlsx.append import append_rows

    book = hand_typed(tmp_path / "t.xlsx", [], [])
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("History")
    ws.append(["When", "What", "Cells"])
    ws.append([datetime(2021, 1, 4, 9, 30), "update", 12])
    ws.add_table(Table(displayName="tblHistory", ref="A1:C2"))
    wb.save(book)
    backup = append_rows(book, "History", [{"when": datetime(2021, 2, 1, 10, 0),
                                            "What": "import", "Cells": 40}])
    assert backup is not None and backup.exists()
    wb = openpyxl.load_workbook(book)
    assert [[c.value for c in r] for r in wb["History"].iter_rows()] == [
        ["When", "What", "Cells"], [datetime(2021, 1, 4, 9, 30), "update", 12],
        [datetime(2021, 2, 1, 10, 0), "import", 40]]
    assert wb["History"].tables["tblHistory"].ref == "A1:C3"
    with pytest.raises(UnusableInput, match="History sheet has no 'Who' header"):
        append_rows(book, "History", [{"Who": "me"}])


def test_imported_rows_open_cleanly_in_excel(demo_xlsm, tmp_path):
    import shutil

    from support.ooxml import audit

    book = tmp_path / "tracker.xlsm"
    shutil.copy(demo_xlsm, book)
    run_edit(book, paper())
    assert audit(book) == []
    assert [r.ref for r in xlsx.load(book).recommendations][-2:] == ["3.1", "3.2"]
