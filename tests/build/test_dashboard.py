"""The Dashboard sheet: its COUNTIFS formulas evaluated by LibreOffice, and its native chart.

A built workbook's rows are changed with openpyxl (as staff would type them), LibreOffice
recalculates every formula and saves each sheet as CSV, and the Dashboard's figures are compared
with counts made here from the rows typed.
"""

from __future__ import annotations

import csv
import uuid
import zipfile
from collections import Counter
from datetime import datetime

import pytest
from conftest import SOFFICE, run
from openpyxl.utils import get_column_letter

from s55xl import schema
from s55xl.build.workbook import build

FAR_PAST, FAR_FUTURE = datetime(2020, 6, 30), datetime(2099, 1, 1)
# (Report ID, Status, Target date) for the demo's six rows and three more for a second report.
ROWS = [("NCPI-2019", "In progress", FAR_PAST), ("NCPI-2019", "Complete", FAR_PAST),
        ("NCPI-2019", "Awaiting others", FAR_FUTURE), ("NCPI-2019", "Not started", None),
        ("NCPI-2019", "No action proposed", FAR_PAST), ("NCPI-2019", "In progress", FAR_PAST),
        ("SECOND-1", "Not started", FAR_PAST), ("SECOND-1", "Complete", None),
        ("second-1", "Awaiting others", FAR_FUTURE)]
RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _typed(tmp_path):
    import openpyxl

    path = build(tmp_path / "book.xlsx", with_demo=True)
    wb = openpyxl.load_workbook(path)
    reports, recs = wb["Reports"], wb["Recommendations"]
    reports["A3"], reports["B3"], reports["E3"] = "SECOND-1", "Second report", datetime(2020, 5, 1)
    reports["A4"], reports["B4"] = "THIRD-1", "A report with no recommendations"
    cols = {c.value: c.column for c in recs[1]}
    for i, (report_id, status, target) in enumerate(ROWS, start=2):
        recs.cell(i, cols["Report ID"], report_id)
        recs.cell(i, cols["Ref"], str(i))
        recs.cell(i, cols["Status"], status)
        recs.cell(i, cols["Target date"], target)
    out = tmp_path / "typed.xlsx"
    wb.save(out)
    return out


def _evaluated(tmp_path, path) -> list[list[str]]:
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC)
    out = tmp_path / "csv"
    run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", out, path])
    with open(out / f"{path.stem}-{schema.DASHBOARD_SHEET}.csv", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_dashboard_formulas_equal_the_counts(tmp_path):
    rows = _evaluated(tmp_path, _typed(tmp_path))
    header = rows[3]
    assert header == ["Report ID", *schema.STATUSES, "Total", "Overdue"]
    table = {r[0]: r[1:] for r in rows[4:] if r and r[0]}
    closed = {"Complete", "No action proposed"}
    expected = {}
    for report_id in ("NCPI-2019", "SECOND-1", "THIRD-1"):
        mine = [r for r in ROWS if r[0].casefold() == report_id.casefold()]  # Excel ignores case
        counted = Counter(status for _, status, _ in mine)
        overdue = sum(1 for _, s, t in mine if t == FAR_PAST and s not in closed)
        expected[report_id] = [str(counted[s]) for s in schema.STATUSES] + [str(len(mine)),
                                                                           str(overdue)]
    totals = [str(sum(int(v[i]) for v in expected.values())) for i in range(7)]
    assert table == {"All reports": totals, **expected}


def test_dashboard_has_a_native_chart_of_the_totals(tmp_path):
    path = build(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = zf.read(charts[0]).decode()
    assert "<c:barChart>" in xml and "<c:barDir val=\"col\"/>" in xml
    assert f"{schema.DASHBOARD_SHEET}!$B$4:$F$4" in xml  # the statuses
    assert f"{schema.DASHBOARD_SHEET}!$B$5:$F$5" in xml  # the All reports row


# -- printing ----------------------------------------------------------------------------------


def _printed(tmp_path, path) -> list[str]:
    """The workbook converted by LibreOffice to PDF, as each page's text (pdfplumber)."""
    import pdfplumber

    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    out = tmp_path / "pdf"
    run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", out, path])
    with pdfplumber.open(out / f"{path.stem}.pdf") as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_the_workbook_prints_with_the_dashboard_on_one_page(tmp_path):
    path = build(tmp_path / "book.xlsm", with_demo=True)
    pages = _printed(tmp_path, path)
    dashboard = [i for i, text in enumerate(pages)
                 if "Dashboard: recommendations by status" in text]
    assert len(dashboard) == 1, "the Dashboard's title on one page only"
    page = pages[dashboard[0]]
    # The chart is whole on that page: its title, axis title and every category.
    assert "Recommendations by status (all reports)" in page
    for status in ("Not started", "In progress", "Complete", "Awaiting others"):
        assert page.count(status) >= 2, status  # the table's header and the chart's axis
    # The next page is the History sheet's: nothing of the Dashboard ran over.
    following = pages[dashboard[0] + 1]
    assert "Date Report Ref Field Old New User" in following
    assert "All reports" not in following and "Recommendations by status" not in following
    # Each visible sheet one page wide: the demo workbook prints in a handful of pages.
    assert len(pages) <= 12, len(pages)


def test_every_visible_sheet_has_a_print_set_up(tmp_path):
    import re

    import openpyxl

    path = build(tmp_path / "book.xlsx", with_demo=True)
    with zipfile.ZipFile(path) as zf:
        names = zf.read("xl/workbook.xml").decode()
    defined = {(m.group(1), m.group(2).split("!")[0]): m.group(2).split("!")[1] for m in
               re.finditer(r'<definedName name="_xlnm\.(Print_Area|Print_Titles)" '
                           r'localSheetId="\d+">([^<]+)</definedName>', names)}
    wb = openpyxl.load_workbook(path)
    tables = {"Reports": schema.REPORTS, "Recommendations": schema.RECOMMENDATIONS,
              "Signatories": schema.SIGNATORIES}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ("Print_Area", ws.title) in defined, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1), ws.title  # one page wide
        if ws.title in ("Control", "Dashboard"):
            continue
        assert defined["Print_Titles", ws.title] == "$1:$1", ws.title  # the header repeats
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages long as needed
        if ws.title in tables:  # whole columns, every column of the table: grows with it
            last = get_column_letter(len(tables[ws.title].columns))
            assert defined["Print_Area", ws.title] == f"$A:${last}", ws.title
    assert defined["Print_Area", "Dashboard"].startswith("$A$1:")
    assert wb["Dashboard"].page_setup.fitToHeight in (None, 1)  # one page


def test_the_response_published_header_wraps_rather_than_being_cut(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(build(tmp_path / "book.xlsx"))
    ws = wb["Reports"]
    cell = next(c for c in ws[1] if c.value == "Response published")
    assert cell.alignment.wrap_text
