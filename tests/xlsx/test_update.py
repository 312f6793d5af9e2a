"""`s55xl update`: computed columns written, everything else kept, the old file never broken."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import REC_HEADERS, REPORT_HEADERS, rec_row, report_row, run_cli, write_book

from s55xl.errors import WorkbookLocked
from s55xl.xlsx import safewrite
from s55xl.xlsx.verify import verify


def snapshot(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def run_state(path: Path) -> dict:
    """:func:`snapshot` less the History sheet's Date column: each run stamps its own time."""
    cells = snapshot(path)
    history = cells.get("History")
    if history:
        when = history[0].index("Date")
        cells["History"] = [row[:when] + row[when + 1:] for row in history]
    return cells


def vba(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/vbaProject.bin")


@pytest.fixture
def demo_copy(demo_xlsm, tmp_path):
    path = tmp_path / "tracker.xlsm"
    shutil.copy(demo_xlsm, path)
    return path


def test_update_writes_computed_columns_and_keeps_everything_else(demo_copy):
    before = snapshot(demo_copy)
    old_vba = vba(demo_copy)
    result = run_cli(["update", demo_copy, "--today", "2020-04-01"])
    assert result.exit_code == 0, result.output
    assert "The previous version is saved as" in result.output
    after = snapshot(demo_copy)
    assert vba(demo_copy) == old_vba
    reports = after["Reports"]
    header = reports[0]
    row = dict(zip(header, reports[1], strict=False))
    assert row["Statutory deadline"] == datetime(2020, 4, 22)
    assert row["Submit by"] == datetime(2020, 4, 22)
    assert row["Board meeting"] == datetime(2020, 4, 14)
    assert row["Paper due"] == datetime(2020, 4, 3)
    assert row["Days remaining"] == 21
    assert row["Deadline status"] == "On track"
    recs = after["Recommendations"]
    col = recs[0].index("Validation")
    assert [r[col] for r in recs[1:7]] == ["OK"] * 6
    # every other cell is as it was
    computed = {"Statutory deadline", "Submit by", "Board meeting", "Paper due",
                "Days remaining", "Deadline status", "Validation"}
    for sheet, rows in before.items():
        heads = rows[0]
        for r, (old, new) in enumerate(zip(rows, after[sheet], strict=False)):
            for c, (x, y) in enumerate(zip(old, new, strict=False)):
                if heads[c] not in computed or r == 0:
                    assert x == y, (sheet, r, c)
    # the buttons and code names survive
    with zipfile.ZipFile(demo_copy) as zf:
        vml = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".vml"))
    for macro in (b"S55_Validate", b"S55_UpdateDeadlines", b"S55_GenerateSelected",
                  b"S55_GenerateAll"):
        assert macro in vml
    backups = list((demo_copy.parent / "s55xl-backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes()[:2] == b"PK"


def test_update_reports_row_errors_with_exit_1_and_validation_text(simple_book):
    path = simple_book(recs=[rec_row(response=None), rec_row(ref="2")])
    result = run_cli(["update", path, "--today", "2020-04-01"])
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(path)
    ws = wb["Recommendations"]
    headers = [c.value for c in ws[1]]
    # the hand-typed workbook had no Validation column: it is added after the last column
    assert headers[-1] == "Validation" and len(headers) == len(REC_HEADERS) + 1
    assert ws.cell(2, len(headers)).value.startswith("Error (Force response): ")
    assert ws.cell(3, len(headers)).value == "OK"
    reports = wb["Reports"]
    assert [c.value for c in reports[1]][len(REPORT_HEADERS):] == [
        "Statutory deadline", "Submit by", "Board meeting", "Paper due", "Days remaining",
        "Deadline status"]


def test_update_extends_an_excel_table(tmp_path):
    from openpyxl.worksheet.table import Table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Reports"
    ws.append(REPORT_HEADERS)
    ws.append(report_row())
    ws.add_table(Table(displayName="Reports1", ref="A1:H2"))
    ws2 = wb.create_sheet("Recommendations")
    ws2.append(REC_HEADERS)
    ws2.append(rec_row())
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert run_cli(["update", path, "--today", "2020-04-01"]).exit_code == 0
    table = openpyxl.load_workbook(path)["Reports"].tables["Reports1"]
    assert table.ref == "A1:N2"
    assert [c.name for c in table.tableColumns][-1] == "Deadline status"


def test_formulas_and_extra_columns_survive_update(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS + ["Our notes", "Title length"],
                    report_row() + ["keep", "=LEN(B2)"]],
        "Recommendations": [REC_HEADERS, rec_row()]})
    assert run_cli(["update", path, "--today", "2020-04-01"]).exit_code == 0
    ws = openpyxl.load_workbook(path)["Reports"]
    assert [ws.cell(2, c).value for c in (9, 10)] == ["keep", "=LEN(B2)"]
    assert ws.cell(1, 11).value == "Statutory deadline"


def tampered(path: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of ``path`` with ``old`` replaced by ``new`` inside one part (a faulty writer)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            dst.writestr(item, data)
    return target


def test_the_verifier_refuses_a_lost_formula_or_cached_value(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS + ["Title length"], report_row() + ["=LEN(B2)"]],
        "Recommendations": [REC_HEADERS, rec_row()]})
    part = "xl/worksheets/sheet1.xml"
    flat = tampered(path, tmp_path / "flat.xlsx", part, b"<f>LEN(B2)</f><v></v>", b"<v>7</v>")
    assert verify(path, flat, {part: "Reports"}, {part: set()}, set(), None) == [
        "cell Reports!I2 would change"]
    # the same change in a cell s55xl owns is what it is there for
    assert verify(path, flat, {part: "Reports"}, {part: {(2, 9)}}, set(), None) == []
    # but not a change beside it in the same row
    worse = tampered(flat, tmp_path / "worse.xlsx", part, b"<t>A report</t>", b"<t>A rep</t>")
    assert verify(path, worse, {part: "Reports"}, {part: {(2, 9)}}, set(), None) == [
        "cell Reports!B2 would change"]
    # nor a new cell that is not well-formed XML
    broken = tampered(path, tmp_path / "broken.xlsx", part, b"<f>LEN(B2)</f><v></v>",
                      b"<v>7<v></v>")
    assert verify(path, broken, {part: "Reports"}, {part: {(2, 9)}}, set(), None) == [
        "the Reports sheet's new cells are not valid XML"]


def test_the_verifier_refuses_any_other_part_changing(demo_copy, tmp_path):
    bad = tampered(demo_copy, tmp_path / "bad.xlsm", "xl/vbaProject.bin", b"S55", b"S56")
    assert verify(demo_copy, bad, {}, {}, set(), None) == ["the macros (VBA project) would change"]


def test_text_is_never_a_formula(simple_book):
    path = simple_book()

    def edit(edits):
        sheet = edits.sheet("Reports")
        for i, text in enumerate(["=1+1", "+44 1234", "-x", "@SUM(A1)", "_x0041_ \x01"],
                                 start=10):
            sheet.set(i, 1, text)

    safewrite.edit_workbook(path, edit)
    ws = openpyxl.load_workbook(path)["Reports"]
    assert [(ws.cell(i, 1).value, ws.cell(i, 1).data_type) for i in range(10, 14)] == [
        ("=1+1", "s"), ("+44 1234", "s"), ("-x", "s"), ("@SUM(A1)", "s")]
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Reports").to_python()
    assert rows[13][0] == "_x0041_ \x01"


def test_refuses_while_open_in_excel(demo_copy):
    lock = demo_copy.with_name("~$" + demo_copy.name)
    lock.write_bytes(bytes([9]) + b"J Bloggs " + b"\x00" * 100)
    before = demo_copy.read_bytes()
    result = run_cli(["update", demo_copy])
    assert result.exit_code == 2
    assert "is open in Excel by J Bloggs" in result.output
    assert demo_copy.read_bytes() == before
    assert not (demo_copy.parent / "s55xl-backups").exists()


def test_refuses_when_another_run_holds_the_lock(demo_copy):
    lock = demo_copy.with_name(f".{demo_copy.name}.s55xl-lock")
    lock.write_text(str(os.getpid()))
    with pytest.raises(WorkbookLocked, match="another s55xl run"):
        safewrite.edit_workbook(demo_copy, lambda wb: None)
    lock.write_text("999999999")  # a run that died: its lock is stale and is taken over
    safewrite.edit_workbook(demo_copy, lambda wb: None)
    assert not lock.exists()


def test_excel_extensions_are_kept_byte_for_byte(tmp_path):
    path = write_book(tmp_path / "t.xlsx", {"Reports": [REPORT_HEADERS, report_row()],
                                           "Recommendations": [REC_HEADERS, rec_row()]})
    ext = (b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           b'<x14:conditionalFormattings/></ext></extLst></worksheet>')
    patched = tampered(path, tmp_path / "patched.xlsx", "xl/worksheets/sheet1.xml",
                       b"</worksheet>", ext)
    result = run_cli(["update", patched, "--today", "2020-04-01"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(patched) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").endswith(ext)


@pytest.mark.slow
def test_killed_at_any_point_leaves_old_or_new_workbook(demo_xlsm, tmp_path):
    """SIGKILL `s55xl update` after varied delays: the file is always whole, old or new."""
    reference = tmp_path / "reference.xlsm"
    shutil.copy(demo_xlsm, reference)
    subprocess.run([sys.executable, "-m", "s55xl.cli", "update", str(reference), "--today",
                    "2020-04-01"], check=True, capture_output=True)
    old_bytes = demo_xlsm.read_bytes()
    old_vba = vba(demo_xlsm)
    new_cells = run_state(reference)
    old_cells = run_state(demo_xlsm)
    # time one full run to spread the kills over it
    start = time.perf_counter()
    probe = tmp_path / "probe.xlsm"
    shutil.copy(demo_xlsm, probe)
    subprocess.run([sys.executable, "-m", "s55xl.cli", "update", str(probe), "--today",
                    "2020-04-01"], check=True, capture_output=True)
    full = time.perf_counter() - start
    rng = random.Random(55)
    outcomes = {"old": 0, "new": 0}
    work = tmp_path / "work"
    for i in range(30):
        if work.exists():
            shutil.rmtree(work)
        work.mkdir()
        path = work / "tracker.xlsm"
        path.write_bytes(old_bytes)
        proc = subprocess.Popen([sys.executable, "-m", "s55xl.cli", "update", str(path),
                                 "--today", "2020-04-01"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert vba(path) == old_vba, i
        if path.read_bytes() == old_bytes:
            outcomes["old"] += 1
        else:
            assert run_state(path) == new_cells, i
            outcomes["new"] += 1
        assert run_state(path) in (old_cells, new_cells)
        # the next run cleans up whatever the killed one left (its lock, a temporary copy)
        subprocess.run([sys.executable, "-m", "s55xl.cli", "update", str(path), "--today",
                        "2020-04-01"], check=True, capture_output=True)
        assert run_state(path) == new_cells, i
        hidden = [p.name for p in work.rglob(".*")]
        assert hidden == [], (i, hidden)
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes


def test_update_today_defaults_to_today(demo_copy):
    from s55xl.xlsx.update import update

    result = update(demo_copy)
    ws = openpyxl.load_workbook(demo_copy)["Reports"]
    headers = [c.value for c in ws[1]]
    days = ws.cell(2, headers.index("Days remaining") + 1).value
    status = ws.cell(2, headers.index("Deadline status") + 1).value
    # the demo report's deadline, 22 April 2020, counted from the real today
    assert days == (date(2020, 4, 22) - date.today()).days
    assert days < 0 and status == "Overdue"
    assert result.errors == 0


def test_a_built_xlsx_can_be_updated(demo_xlsx, tmp_path):
    """An .xlsx has no buttons to lose, so the verified write goes through."""
    path = tmp_path / "tracker.xlsx"
    shutil.copy(demo_xlsx, path)
    assert run_cli(["update", path, "--today", "2020-04-01"]).exit_code == 0
    ws = openpyxl.load_workbook(path)["Reports"]
    assert ws.cell(2, [c.value for c in ws[1]].index("Submit by") + 1).value == datetime(2020, 4, 22)
