"""The headless reader against workbooks typed by hand, and against the built workbook."""

from datetime import date

import openpyxl
import pytest
from conftest import REC_HEADERS, REPORT_HEADERS, rec_row, report_row, write_book

from s55xl import xlsx
from s55xl.errors import UnusableInput


def test_built_demo_workbook_reads_back(demo_xlsx):
    t = xlsx.load(demo_xlsx)
    assert [r.report_id for r in t.reports] == ["NCPI-2019"]
    report = t.reports[0]
    assert report.published == date(2020, 2, 27)
    assert [r.ref for r in t.recommendations] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]
    assert t.recommendations[1].addressed_to == "Ministry of Justice and Department for Education"
    assert [s.signature for s in t.signatories_for("NCPI-2019")] == [
        "Detective Chief Superintendent Mark GREENHALGH – Head of Crime",
        "Detective Superintendent Laura KOSCIKIEWICZ – Head of PVP",
        "Alice THOMPSON – CDD Governance & Inspection Assistant",
    ]
    assert t.settings.pcc_possessive == "his"
    assert t.settings.paper_lead_days == 5
    assert t.findings == []


def test_any_column_order_extra_columns_title_rows_and_blank_rows(tmp_path):
    headers = ["Notes (ours)", "published", "REPORT ID *", "  Title  "]
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [["Our inspection tracker"], [], headers,
                    ["keep me", date(2020, 2, 27), "R1", "  First  "],
                    [None, None, None, None],
                    ["x", date(2021, 5, 4), "R2", "Second"]],
        "Recommendations": [
            ["Force response", "Recommendation", "Ref", "Addressed to", "Report ID", "Extra"],
            ["We will.", "Do it.", 3.1, "Chief constables", "R1", "e"],
            [],
            ["", "Also do it.", "R2", "Home Office", "R2", None]],
    })
    t = xlsx.load(path)
    assert [(r.report_id, r.title, r.row) for r in t.reports] == [("R1", "First", 4),
                                                                   ("R2", "Second", 6)]
    layout = t.layouts["Reports"]
    assert layout.header_row == 3 and layout.columns["published"] == 2
    assert layout.extra == {1: "Notes (ours)"}
    assert layout.cell("title", 6) == "D6"
    recs = t.recommendations
    assert [(r.ref, r.row, r.force_response) for r in recs] == [("3.1", 2, "We will."),
                                                                ("R2", 4, None)]
    assert t.layouts["Recommendations"].extra == {6: "Extra"}


def test_text_dates_serials_and_bad_dates_become_findings(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [["Report ID", "Title", "Published", "Board date", "Response published"],
                    ["R1", "A", "27/02/2020", 43950, None],
                    ["R2", "B", "27th February 2020", "27 Feb 2020", None],
                    ["R3", "C", "31/02/2020", "soon", "2020-03-01"]],
        "Recommendations": [REC_HEADERS],
    })
    t = xlsx.load(path)
    r1, r2, r3 = t.reports
    assert r1.published == date(2020, 2, 27) and r1.board_date == date(2020, 4, 29)
    assert r2.published == date(2020, 2, 27) and r2.board_date == date(2020, 2, 27)
    assert r3.published is None and r3.board_date is None
    assert r3.response_published == date(2020, 3, 1)
    found = {(f.cell, f.code, f.severity) for f in t.findings if f.sheet != "Settings"}
    assert found == {("C2", "text-date", "warning"), ("C3", "text-date", "warning"),
                     ("D3", "text-date", "warning"), ("C4", "invalid-value", "error"),
                     ("D4", "invalid-value", "error")}
    bad = next(f for f in t.findings if f.cell == "C4")
    assert "'31/02/2020' is not a date that exists" in bad.message
    assert "27/02/2020" in bad.message and bad.column == "Published"


def test_ambiguous_text_dates_are_day_first_and_partial_dates_refused(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [["Report ID", "Title", "Published", "Board date"],
                    ["R1", "A", "02/03/2020", "01/04/2020"],
                    ["R2", "B", "Feb 2020", "14 April"]],
        "Recommendations": [REC_HEADERS],
    })
    before = path.read_bytes()
    t = xlsx.load(path)
    r1, r2 = t.reports
    assert r1.published == date(2020, 3, 2) and r1.board_date == date(2020, 4, 1)
    assert r2.published is None and r2.board_date is None
    found = {f.cell: (f.code, f.severity, f.column) for f in t.findings if f.sheet == "Reports"}
    assert found == {"C2": ("text-date", "warning", "Published"),
                     "D2": ("text-date", "warning", "Board date"),
                     "C3": ("invalid-value", "error", "Published"),
                     "D3": ("invalid-value", "error", "Board date")}
    message = {f.cell: f.message for f in t.findings if f.sheet == "Reports"}
    assert "read as 2 March 2020" in message["C2"]
    assert message["C3"].startswith("'Feb 2020' is not a whole date: it has no day. Type the "
                                    "whole date")
    assert message["D3"].startswith("'14 April' is not a whole date: it has no year.")
    assert path.read_bytes() == before  # reading never changes what was typed


def test_formula_errors_are_findings(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row(title="#N/A")],
        "Recommendations": [REC_HEADERS, rec_row(ref="#REF!")],
    })
    t = xlsx.load(path)
    codes = {(f.sheet, f.cell, f.code) for f in t.findings if f.sheet != "Settings"}
    assert codes == {("Reports", "B2", "formula-error"), ("Recommendations", "B2", "formula-error")}
    assert t.reports[0].title is None
    assert "#N/A" in t.findings[0].message or "#N/A" in t.findings[1].message


def test_error_cells_written_by_excel_are_found(tmp_path):
    """A formula cell with a cached error, as Excel stores it (t="e" with <f> and <v>)."""
    from s55xl.xlsx.reader import error_cells

    xml = (b'<sheetData><row r="7"><c r="F7" s="3" t="e"><f>VLOOKUP(A1,B:C,2,0)</f>'
           b'<v>#N/A</v></c><c r="G7" t="s"><v>0</v></c><c r="AB12" t="e"><v>#DIV/0!</v></c>'
           b'</row></sheetData>')
    assert error_cells(xml) == {(7, 6): "#N/A", (12, 28): "#DIV/0!"}


def test_excel_tables_are_read_like_ranges(tmp_path):
    from openpyxl.worksheet.table import Table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Reports"
    ws.append(REPORT_HEADERS)
    ws.append(report_row())
    ws.add_table(Table(displayName="T1", ref="A1:H2"))
    ws2 = wb.create_sheet("Recommendations")
    ws2.append(REC_HEADERS)
    ws2.append(rec_row())
    wb.save(tmp_path / "t.xlsx")
    t = xlsx.load(tmp_path / "t.xlsx")
    [report], [rec] = t.reports, t.recommendations
    assert (report.report_id, report.title, report.published, report.row) == (
        "R1", "A report", date(2020, 2, 27), 2)
    assert (rec.report_id, rec.ref, rec.addressed_to, rec.force_response, rec.row) == (
        "R1", "1", "Chief constables", "The Constabulary is doing it.", 2)
    assert [f.code for f in t.findings] == ["no-settings"]


@pytest.mark.parametrize("sheets, message", [
    ({"Recommendations": [REC_HEADERS]}, "no 'Reports' sheet"),
    ({"Reports": [["Report ID", "Published"]], "Recommendations": [REC_HEADERS]},
     "no 'Title' column"),
    ({"Reports": [REPORT_HEADERS + ["title"]], "Recommendations": [REC_HEADERS]},
     "two 'Title' columns (B1 and I1)"),
    ({"Reports": [REPORT_HEADERS], "Recommendations": [["Ref", "Recommendation"]]},
     "no 'Report ID' and 'Addressed to' and 'Force response' column"),
])
def test_structural_problems_are_unusable_input(tmp_path, sheets, message):
    path = write_book(tmp_path / "t.xlsx", sheets)
    with pytest.raises(UnusableInput) as exc:
        xlsx.load(path)
    assert message in str(exc.value)
    assert str(path) in str(exc.value)


def test_settings_sheet_values_and_problems(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row()],
        "Recommendations": [REC_HEADERS, rec_row()],
        "Settings": [["Setting", "Value"], ["PCC possessive", "her"],
                     ["Paper lead time (working days)", "ten"], ["Colour", "blue"],
                     ["Due soon window (days)", 21]],
    })
    t = xlsx.load(path)
    assert t.settings.pcc_possessive == "her"
    assert t.settings.paper_lead_days == 5  # the default, because "ten" is not a number
    assert t.settings.due_soon_days == 21
    codes = {(f.cell, f.code) for f in t.findings}
    assert codes == {("B3", "invalid-setting"), ("A4", "unknown-setting")}
