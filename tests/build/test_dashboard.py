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
