"""The macro-enabled governance workbook, read back by independent tools."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings
from conftest import REPO, run, run_cli
from support.libreoffice import basic_modules
from support.ooxml import audit
from support.vba import modules

from s55xl import schema
from s55xl.build.vbaproject import module_from_file
from s55xl.build.workbook import MACROS, SHEET_ORDER, build, code_names

SHIPPED = REPO / "workbook" / "s55xl-governance.xlsm"
XLWINGS = Path(xlwings.__file__).parent


def expected_sources() -> dict[str, str]:
    files = [REPO / "vba" / "S55.bas", XLWINGS / "xlwings.bas", XLWINGS / "addin" / "Dictionary.cls"]
    return {module_from_file(p).name: module_from_file(p).code.replace("\r\n", "\n").rstrip("\n")
            for p in files}


def test_vba_modules_read_back_with_olevba_equal_the_sources(demo_xlsm):
    found = modules(demo_xlsm)
    for name, source in expected_sources().items():
        assert found[name].rstrip("\n") == source, name
    assert len(found["xlwings"].replace("\n", "\r\n")) > 46_000  # well over 46 KB as stored
    documents = {"ThisWorkbook", *code_names(SHEET_ORDER).values()}
    assert documents <= set(found)


def test_every_button_calls_a_macro_that_exists(demo_xlsm):
    s55 = modules(demo_xlsm)["S55"]
    with zipfile.ZipFile(demo_xlsm) as zf:
        vml = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".vml")).decode()
    buttons = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert buttons == [m for m, _, _ in MACROS]
    for macro in buttons:
        assert re.search(rf"^Public Sub {macro}\(\)$", s55, re.M), macro


def test_macros_are_fixed_runpython_calls(demo_xlsm):
    s55 = modules(demo_xlsm)["S55"]
    calls = re.findall(r'RunS55 "(.*)"', s55)
    assert calls == [f"import s55xl.excel; s55xl.excel.{f}()" for f in
                     ("validate", "update_deadlines", "generate_selected", "generate_all",
                      "progress_paper")]
    assert "RunPython(command)" in s55 and "INTERPRETER_WIN" in s55
    assert "RunServerPython" not in s55 and "Remote" not in modules(demo_xlsm)


def test_code_names_match_document_modules(demo_xlsm):
    with zipfile.ZipFile(demo_xlsm) as zf:
        book = zf.read("xl/workbook.xml").decode()
        sheets = [zf.read(f"xl/worksheets/sheet{i}.xml").decode()
                  for i in range(1, len(SHEET_ORDER) + 1)]
    assert 'codeName="ThisWorkbook"' in book
    for i, xml in enumerate(sheets, start=1):
        assert f'codeName="Sheet{i}"' in xml


def test_openpyxl_finds_every_sheet_and_header(demo_xlsm):
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    assert wb.sheetnames == SHEET_ORDER
    for spec in schema.INPUT_SHEETS:
        headers = [c.value for c in wb[spec.name][1]]
        for column in spec.columns:
            assert column.header in headers, (spec.name, column.header)
    assert wb[schema.LISTS_SHEET].sheet_state == "hidden"
    conf = wb[schema.XLWINGS_CONF_SHEET]
    assert conf.sheet_state == "hidden"
    keys = [row[0].value for row in conf.iter_rows()]
    assert not any(k.startswith(("INTERPRETER", "PYTHONPATH", "ONEDRIVE", "SHAREPOINT"))
                   for k in keys), keys  # a blank row would hide each user's own setting
    assert all(row[1].value not in (None, "") for row in conf.iter_rows())
    assert wb.defined_names["SelectedReport"].attr_text == "Control!$C$13"
    assert wb[schema.CONTROL_SHEET]["C13"].value == "NCPI-2019"
    reports = wb["Reports"]
    status_col = [c.value for c in reports[1]].index("Deadline status") + 1
    header = reports.cell(1, status_col)
    assert header.fill.fgColor.rgb.endswith("7F7F7F")
    assert header.comment and "Computed by s55xl" in header.comment.text
    assert reports.cell(2, 5).number_format == "dd/mm/yyyy"
    assert reports.freeze_panes == "A2"
    recs = wb["Recommendations"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1
             for dv in recs.data_validations.dataValidation}
    assert lists["C2"] == "ListTypes" and lists["I2"] == "ListStatuses"


def test_validate_and_deadlines_work_on_the_xlsm(demo_xlsm):
    assert run_cli(["validate", demo_xlsm, "--today", "2020-04-01"]).exit_code == 0
    result = run_cli(["deadlines", demo_xlsm, "--json", "--today", "2020-04-01"])
    assert result.exit_code == 0 and '"submit_by": "2020-04-22"' in result.output


def test_builds_are_reproducible(tmp_path):
    a = build(tmp_path / "a.xlsm", with_demo=True, interpreter="")
    b = build(tmp_path / "b.xlsm", with_demo=True, interpreter="")
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist():
            assert za.read(name) == zb.read(name), name


def test_shipped_workbook_is_fresh(tmp_path):
    """Fails when workbook/s55xl-governance.xlsm is stale: run scripts/build_workbook.py."""
    fresh = build(tmp_path / "fresh.xlsm", with_demo=True, interpreter="")
    assert modules(SHIPPED) == modules(fresh), "VBA differs: python scripts/build_workbook.py"
    shipped, new = (openpyxl.load_workbook(p) for p in (SHIPPED, fresh))
    assert shipped.sheetnames == new.sheetnames
    for ws in new.worksheets:
        old = shipped[ws.title]
        assert [[c.value for c in r] for r in old.iter_rows()] == [
            [c.value for c in r] for r in ws.iter_rows()], ws.title


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_libreoffice_imports_every_module(demo_xlsm, tmp_path):
    basic = basic_modules(demo_xlsm, tmp_path)
    for name in ("S55", "xlwings", "Dictionary"):
        assert name in basic, sorted(basic)
    assert "S55_GenerateSelected" in basic["S55"]
    assert "Function RunPython" in basic["xlwings"]


@pytest.mark.slow
def test_wheel_carries_everything_new_needs(tmp_path):
    """`s55xl new` from a plain wheel install, away from the checkout, writes the macros.

    The wheel goes into a plain venv whose only view of the running environment is a ``.pth``
    line naming its site-packages (for the dependencies), so it passes in any clean venv; the
    wheel's own s55xl comes first on the path, and the checkout is never on it.
    """
    import sys
    import sysconfig

    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, REPO])
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=120)
    python = venv / "bin" / "python"
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
               ).stdout.strip()
    wheel = next(wheels.glob("s55xl-*.whl"))
    run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, wheel])
    (Path(site) / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    away = tmp_path / "elsewhere"
    away.mkdir()
    where = run([python, "-c", "import s55xl.build.workbook as b; print(b.vba_source_dir())"],
                cwd=away).stdout.strip()
    assert str(REPO) not in where and where.endswith("_vba")
    run([python, "-m", "s55xl.cli", "new", "t.xlsm", "--demo"], cwd=away, timeout=120)
    found = modules(away / "t.xlsm")
    assert "S55_Validate" in found["S55"] and "Function RunPython" in found["xlwings"]


def test_built_workbooks_pass_an_independent_ooxml_audit(demo_xlsm, demo_xlsx):
    assert audit(demo_xlsm) == []
    assert audit(demo_xlsx) == []
    assert audit(SHIPPED) == []


def conf_rows(path) -> dict:
    """The xlwings.conf sheet as xlwings reads it: A1 downwards to the first blank key."""
    conf = openpyxl.load_workbook(path)["xlwings.conf"]
    rows = {}
    for key, value in conf.iter_rows(max_col=2, values_only=True):
        if key in (None, ""):
            break
        rows[key] = value
    return rows


def test_a_new_workbook_names_no_interpreter_unless_told(tmp_path):
    """The builder's own (per-user) Python is never written in, and no blank row hides the
    user's own xlwings.conf: the sheet carries only what the builder sets on purpose."""
    plain = conf_rows(build(tmp_path / "plain.xlsm"))
    assert set(plain) == {"ADD_WORKBOOK_TO_PYTHONPATH", "SHOW CONSOLE", "S55XL_XLWINGS_VBA"}
    assert all(plain.values())
    told = conf_rows(build(tmp_path / "told.xlsm", interpreter=r"C:\Python312\pythonw.exe"))
    assert told["INTERPRETER_WIN"] == r"C:\Python312\pythonw.exe"
    assert "INTERPRETER_MAC" not in told
    mac = conf_rows(build(tmp_path / "mac.xlsm", interpreter="/usr/local/bin/python3"))
    assert mac["INTERPRETER_MAC"] == "/usr/local/bin/python3" and "INTERPRETER_WIN" not in mac


def test_the_python_checks_know_the_store_shortcut_and_the_mac(demo_xlsm):
    """Windows' Microsoft Store python.exe is not Python; on a Mac a blank INTERPRETER_MAC is
    no Python either. Read back from the workbook's VBA with olevba."""
    s55 = modules(demo_xlsm)["S55"]
    store = re.search(r"Private Function IsStorePlaceholder.*?End Function", s55, re.S).group(0)
    assert '"\\WindowsApps\\"' in store and '"\\python3.*.exe"' in store
    check = re.search(r"Private Function PythonProblem.*?End Function", s55, re.S).group(0)
    mac, windows = check.split("#Else")
    assert 'GetConfig("INTERPRETER_MAC", "")' in mac and "which python3" in mac
    assert "OnPath(\"python.exe\", placeholder)" in windows
    assert "IsStorePlaceholder(interpreter)" in windows
