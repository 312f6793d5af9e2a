"""`s55xl update` on workbooks the way staff keep them: only the owned cells change.

Each workbook is compared part by part (bytes) and cell by cell (openpyxl: value or formula,
and the cached result) before and after; the owned cells are listed independently in
``support.staffbooks.OWNED``.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest
from conftest import SOFFICE, run_cli
from support.ooxml import audit
from support.staffbooks import (
    OWNED,
    THREADED,
    cells,
    parts,
    staff_book,
    with_threaded_comment,
)


def sheet_part(path, name: str) -> str:
    from s55xl.xlsx.reader import sheet_parts

    with zipfile.ZipFile(path) as zf:
        return sheet_parts(zf)[name]


def validate(path) -> list:
    result = run_cli(["validate", path, "--json", "--today", "2020-04-01"])
    return json.loads(result.output)["findings"]


def check_only_owned_changed(path, owned=OWNED, *, allowed_extra=()):
    before_parts, before_cells, before_findings = parts(path), cells(path), validate(path)
    before_audit = audit(path)
    result = run_cli(["update", path, "--today", "2020-04-01"])
    assert result.exit_code in (0, 1), result.output
    after_parts, after_cells = parts(path), cells(path)
    assert list(after_parts) == list(before_parts)
    changed = {n for n in before_parts if before_parts[n] != after_parts[n]}
    sheets = {sheet_part(path, "Reports"), sheet_part(path, "Recommendations")}
    assert changed <= sheets | {"xl/styles.xml", *allowed_extra}, changed
    assert sheets <= changed
    for key in before_cells.keys() | after_cells.keys():
        if key not in owned:
            assert before_cells.get(key) == after_cells.get(key), key
    assert validate(path) == before_findings
    assert set(audit(path)) <= set(before_audit)  # Excel opens it as cleanly as before
    return result, after_cells


def test_staff_book_keeps_everything_but_the_owned_cells(tmp_path):
    path = staff_book(tmp_path / "tracker.xlsx")
    result, after = check_only_owned_changed(path)
    # R1's Published is a formula: its cached date still counts, so R1 has deadlines
    assert after[("Reports", 2, 9)][1] == datetime(2020, 4, 22)
    assert after[("Reports", 2, 3)] == ("=DATE(2020,2,27)", datetime(2020, 2, 27))
    # the Total row, the table below, the summary line: staff's, untouched (checked above),
    # and the formula in a computed cell is kept and said so
    assert after[("Reports", 3, 14)][0] == '="Chased "&A3'
    assert "Reports!N3" in result.output or "formula of your own" in result.output
    # the book has no PCC action column, so the standard wording will be used: one warning
    # for the sheet, naming the column, not one in every row's Validation cell
    written, cached = after[("Recommendations", 4, 11)]
    assert written == cached == "OK"
    [finding] = [f for f in validate(path) if f["code"] == "standard-pcc-action"]
    assert (finding["cell"], finding["row"], finding["column"]) == ("", None, "PCC action")
    assert finding["message"].startswith("The Recommendations sheet has no 'PCC action' column")


def test_threaded_comments_are_kept(tmp_path):
    path = with_threaded_comment(staff_book(tmp_path / "tracker.xlsx"))
    check_only_owned_changed(path)
    assert parts(path)["xl/threadedComments/threadedComment1.xml"] == THREADED


def test_a_1904_workbook_gets_dates_in_its_own_system(tmp_path):
    path = staff_book(tmp_path / "tracker.xlsx", date1904=True)
    _, after = check_only_owned_changed(path)
    assert after[("Reports", 2, 9)][1] == datetime(2020, 4, 22)
    assert after[("Reports", 3, 9)][1] == datetime(2020, 4, 26)  # 2 March + 56 days, counting the day


@pytest.mark.requires("soffice")
@pytest.mark.parametrize("suffix", ["xlsx", "xlsm"])
def test_a_workbook_saved_by_libreoffice(tmp_path, suffix):
    source = staff_book(tmp_path / "source.xlsx")
    out = tmp_path / "lo"
    filt = "xlsx:Calc MS Excel 2007 XML" if suffix == "xlsx" else "xlsm:Calc MS Excel 2007 VBA XML"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", filt, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    path = out / f"source.{suffix}"
    with zipfile.ZipFile(path) as zf:  # really a third-party writer's package
        assert b"LibreOffice" in zf.read("docProps/app.xml")
    check_only_owned_changed(path)


def test_computed_cells_are_written_with_a_date_style(tmp_path):
    path = staff_book(tmp_path / "tracker.xlsx")
    run_cli(["update", path, "--today", "2020-04-01"])
    ws = openpyxl.load_workbook(path)["Reports"]
    assert ws["I2"].is_date and ws["I2"].value == datetime(2020, 4, 22)
    assert ws["M2"].value == 21 and ws["N2"].value == "On track"


def test_a_used_range_to_the_last_row_is_handled(tmp_path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    ws = wb.add_worksheet("Reports")
    ws.write_row(0, 0, ["Report ID", "Title", "Published"])
    ws.write_row(1, 0, ["R1", "A report"])
    ws.write_datetime(1, 2, datetime(2020, 2, 27), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_blank(1_048_575, 0, None, wb.add_format({"bold": True}))
    ws = wb.add_worksheet("Recommendations")
    ws.write_row(0, 0, ["Report ID", "Ref", "Recommendation", "Addressed to", "Force response"])
    ws.write_row(1, 0, ["R1", "1", "We recommend.", "Chief constables", "Done."])
    wb.close()
    far = tmp_path / "far.xlsx"
    assert run_cli(["update", far, "--today", "2020-04-01"]).exit_code in (0, 1)
    ws = openpyxl.load_workbook(far, read_only=True)["Reports"]
    assert next(ws.iter_rows(min_row=2, max_row=2, values_only=True))[3] == datetime(2020, 4, 22)


def test_a_second_update_keeps_the_deadlines_of_formula_typed_dates(tmp_path):
    path = staff_book(tmp_path / "tracker.xlsx")
    for _ in range(2):
        assert run_cli(["update", path, "--today", "2020-04-01"]).exit_code in (0, 1)
    after = cells(path)
    assert after[("Reports", 2, 3)] == ("=DATE(2020,2,27)", datetime(2020, 2, 27))
    assert after[("Reports", 2, 9)][1] == datetime(2020, 4, 22)
    result = run_cli(["deadlines", path, "--json", "--today", "2020-04-01"])
    reports = {r["report_id"]: r for r in json.loads(result.output)["reports"]}
    assert reports["R1"]["statutory_deadline"] == "2020-04-22"
