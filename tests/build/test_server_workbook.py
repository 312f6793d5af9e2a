"""The server-mode workbook (`s55xl new --server URL`), read back by independent tools.

olevba reads every module back; each must equal its source (s55xl's own from vba/, xlwings'
from the installed xlwings package), the four macros must post to the four endpoints through
RunServerPython, and no token may appear anywhere in the file. LibreOffice must import every
module.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings
from conftest import REPO, run_cli
from support.libreoffice import basic_modules, run_basic
from support.ooxml import audit
from support.vba import modules

from s55xl.build.workbook import MACROS, SHEET_ORDER, build, check_xlwings, code_names

XLWINGS = Path(xlwings.__file__).parent
URL = "https://s55xl.force.local"
SECRET = "tok-3f9c2a7e5b1d"
XLWINGS_FILES = ["xlwings.bas", "addin/Dictionary.cls", "addin/Remote.bas",
                 "addin/IWebAuthenticator.cls", "addin/WebClient.cls", "addin/WebRequest.cls",
                 "addin/WebResponse.cls", "addin/WebHelpers.bas"]


def source_code(path: Path) -> tuple[str, str]:
    """(module name, code) of an exported .bas/.cls as the VBA editor stores it: the
    ``VERSION``/``BEGIN…END`` block of a class file is not part of the module's code."""
    text = path.read_text(encoding="cp1252").replace("\r\n", "\n")
    if text.startswith("VERSION 1.0 CLASS"):
        text = text[text.index("\nEND\n") + 5:]
    name = re.search(r'^Attribute VB_Name = "(\w+)"', text, re.M).group(1)
    return name, text.rstrip("\n")


@pytest.fixture(scope="module")
def server_xlsm(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("S55XL_SERVER_TOKENS", SECRET)
    path = tmp_path_factory.mktemp("server") / "tracker.xlsm"
    result = run_cli(["new", path, "--demo", "--server", URL + "/"])
    assert result.exit_code == 0, result.output
    assert f"its buttons call the s55xl server at {URL}." in result.output
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


# Attributes the VBA editor gives every class module on import, as an Office-made project has them.
VBE_CLASS_ATTRIBUTES = ('Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
                        "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False")


def without_vbe_attributes(stored: str, source: str) -> str:
    lines = stored.rstrip("\n").split("\n")
    return "\n".join(line for line in lines
                     if line not in VBE_CLASS_ATTRIBUTES or line in source.split("\n"))


def test_every_module_equals_its_source(server_xlsm):
    found = modules(server_xlsm)
    for file in XLWINGS_FILES:
        name, code = source_code(XLWINGS / file)
        assert without_vbe_attributes(found[name], code) == code, name
    name, code = source_code(REPO / "vba" / "S55Server.bas")
    assert name == "S55"
    assert found["S55"].rstrip("\n") == code.replace("{server}", URL)
    documents = {"ThisWorkbook", *code_names(SHEET_ORDER).values()}
    assert set(found) == documents | {"S55"} | {source_code(XLWINGS / f)[0]
                                                for f in XLWINGS_FILES}


def test_the_four_macros_post_to_the_four_endpoints(server_xlsm):
    s55 = modules(server_xlsm)["S55"]
    assert f'Private Const S55_SERVER As String = "{URL}"' in s55
    bodies = dict(re.findall(r'^Public Sub (\w+)\(\)\n\s+RunS55 "([\w-]+)"\nEnd Sub$', s55, re.M))
    assert bodies == {"S55_Validate": "validate", "S55_UpdateDeadlines": "update-deadlines",
                      "S55_GenerateSelected": "generate-selected",
                      "S55_GenerateAll": "generate-all", "S55_ProgressPaper": "progress-paper"}
    assert ('RunServerPython S55_SERVER & "/" & endpoint, include:=include, headers:=headers'
            in s55)
    assert "RunPython" not in s55.replace("RunServerPython", "")
    with zipfile.ZipFile(server_xlsm) as zf:
        vml = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".vml")).decode()
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml) == [m for m, _, _ in MACROS]


def test_only_the_sheets_s55xl_reads_are_sent(server_xlsm):
    """The include list names exactly the sheets the buttons read, and nothing else."""
    from s55xl import history, schema

    s55 = modules(server_xlsm)["S55"]
    joined = re.search(r'Private Const S55_SHEETS As String = ((?:"[^"]*"(?: & _\n\s*)?)+)\n',
                       s55).group(1)
    listed = "".join(re.findall(r'"([^"]*)"', joined)).split(",")
    wanted = {*(s.name for s in schema.INPUT_SHEETS), schema.FINDINGS_SHEET, schema.LOG_SHEET,
              history.HISTORY_SHEET, schema.CONTROL_SHEET}
    assert sorted(listed) == sorted(wanted)
    assert "Private Const MAX_ROWS As Long = 32767" in s55  # xlwings' Integer row count
    assert "include = SheetsToSend(problem)" in s55


def test_the_note_routines_touch_only_s55xls_own_notes(server_xlsm):
    s55 = modules(server_xlsm)["S55"]
    set_note = re.search(r"Public Sub S55_SetNote.*?End Sub", s55, re.S).group(0)
    assert ("If Left$(cell.Comment.Text, Len(NOTE_PREFIX)) <> NOTE_PREFIX Then Exit Sub"
            in set_note)
    delete = re.search(r"Public Sub S55_DeleteNote.*?End Sub", s55, re.S).group(0)
    assert ("If Left$(cell.Comment.Text, Len(NOTE_PREFIX)) = NOTE_PREFIX Then cell.Comment.Delete"
            in delete)
    from s55xl.excel.writes import NOTE_PREFIX

    assert f'Private Const NOTE_PREFIX As String = "{NOTE_PREFIX}"' in s55


def test_no_token_anywhere_in_the_file(server_xlsm):
    found = modules(server_xlsm)
    assert all(SECRET not in code for code in found.values())
    assert "Authorization" not in found["S55"]  # xlwings adds it from AUTH in the config
    with zipfile.ZipFile(server_xlsm) as zf:
        assert all(SECRET.encode() not in zf.read(n) for n in zf.namelist())


def test_config_sheet_and_settings(server_xlsm):
    wb = openpyxl.load_workbook(server_xlsm, keep_vba=True)
    conf = wb["xlwings.conf"]
    rows = [[c.value for c in r] for r in conf.iter_rows()]
    assert rows == [["TIMEOUT", "300000"]]  # no AUTH row, which would hide the user's own
    settings = {r[0].value: r[1].value for r in wb["Settings"].iter_rows(min_row=2)}
    assert settings["Server address"] == URL
    assert URL in wb["Control"]["B17"].value and "AUTH" in wb["Control"]["B17"].value


def test_local_build_is_unchanged_by_the_server_mode(tmp_path):
    found = modules(build(tmp_path / "local.xlsm"))
    assert set(found) - {"ThisWorkbook", *code_names(SHEET_ORDER).values()} == {
        "S55", "xlwings", "Dictionary"}
    assert "RunServerPython" not in found["S55"]


@pytest.mark.parametrize("url", ["http://s55xl.force.local", "s55xl.force.local",
                                 'https://x.local/"&Shell("calc")&"', "https://x.local/?a=1"])
def test_a_bad_address_is_refused_in_one_line(tmp_path, url):
    result = run_cli(["new", tmp_path / "t.xlsm", "--server", url])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "give the server's https address" in lines[0]
    assert not (tmp_path / "t.xlsm").exists()


def test_an_xlsx_cannot_have_server_buttons(tmp_path):
    result = run_cli(["new", tmp_path / "t.xlsx", "--server", URL])
    assert result.exit_code == 2 and "name it .xlsm" in result.output


def test_a_different_xlwings_is_said_plainly(tmp_path):
    (tmp_path / "xlwings.bas").write_text(
        'Attribute VB_Name = "xlwings"\nPublic Const XLWINGS_VERSION As String = "0.30.0"\n')
    with pytest.raises(Exception) as exc:
        check_xlwings(tmp_path)
    assert str(exc.value) == (f"xlwings 0.30.0 is installed, but s55xl's buttons are made for "
                              f"xlwings {xlwings.__version__}. Install the matching one: "
                              f"pip install xlwings=={xlwings.__version__}")


def test_server_workbook_passes_an_independent_ooxml_audit(server_xlsm):
    assert audit(server_xlsm) == []


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_libreoffice_imports_every_module(server_xlsm, tmp_path):
    basic = basic_modules(server_xlsm, tmp_path)
    expected = {"S55"} | {source_code(XLWINGS / f)[0] for f in XLWINGS_FILES}
    assert expected <= set(basic), sorted(expected - set(basic))
    assert "Function RunServerPython" in basic["Remote"]
    assert "S55_GenerateAll" in basic["S55"]
    for routine in ("S55_ClearFill", "S55_SetNote", "S55_DeleteNote", "S55_Message", "S55_SetText",
                    "S55_Text", "SheetsToSend", "FailureMessage"):
        assert routine in basic["S55"], routine


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_the_workbook_reads_the_servers_text_as_sent(server_xlsm, tmp_path):
    """The routines' text decoder, as olevba reads it from the workbook, run by LibreOffice
    Basic on what the server sends (percent-encoded UTF-8): every character comes back,
    including ones outside the Basic Multilingual Plane."""
    from s55xl.excel.clients import encode

    texts = ["s55xl – Validate", "Siân Ŵyn → wedi’i wneud…", "plain", "emoji 😀 end", "",
             "100% done", "line one\nline two"]
    decoder = re.search(r"Private Function S55_Text.*?End Function",
                        modules(server_xlsm)["S55"], re.S).group(0)
    out = tmp_path / "decoded.txt"
    lines = ["Option VBASupport 1", "Sub Main", "  Dim f As Integer, s As String, i As Long",
             "  f = FreeFile", f'  Open "{out}" For Output As #f']
    for text in texts:
        lines += [f'  s = S55_Text("{encode(text)}")',
                  '  For i = 1 To Len(s): Print #f, CStr(AscW(Mid$(s, i, 1)) And 65535) & " "; '
                  ': Next i', '  Print #f, "|"']
    lines += ["  Close #f", "End Sub", decoder.replace("Private Function", "Public Function")]
    run_basic("\n".join(lines), tmp_path)
    decoded = [b"".join(int(x).to_bytes(2, "little") for x in row.split()).decode(
        "utf-16-le") for row in out.read_text().split("|")[:-1]]
    assert decoded == texts


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_a_failure_in_excel_is_not_called_a_network_problem(server_xlsm, tmp_path):
    """The button's message for an error, as olevba reads it from the workbook, run by
    LibreOffice Basic: the web classes' errors are the network; a macro the workbook lacks
    means an older workbook; anything else is Excel's own error, with its number and text."""
    s55 = modules(server_xlsm)["S55"]
    function = re.search(r"Private Function FailureMessage.*?End Function", s55, re.S).group(0)
    server = re.search(r"^Private Const S55_SERVER .*$", s55, re.M).group(0)
    cases = [("vbObjectError + 11011", '"An error occurred during execute"', '"WebClient.Execute"'),
             ("94", '"Invalid use of Null"', '"VBAProject"'),
             ("6", '"Overflow"', '"VBAProject"'),
             ("1004", '"Cannot run the macro \'S55_ClearFill\'."', '"VBAProject"')]
    out = tmp_path / "messages.txt"
    lines = ["Option VBASupport 1", server, "Sub Main", "  Dim f As Integer", "  f = FreeFile",
             f'  Open "{out}" For Output As #f']
    lines += [f'  Print #f, FailureMessage({n}, {d}, {src}) & "|"' for n, d, src in cases]
    lines += ["  Close #f", "End Sub", function.replace("Private Function", "Public Function")]
    run_basic("\n".join(lines), tmp_path)
    network, null, overflow, missing = [m.strip() for m in out.read_text().split("|")[:-1]]
    assert network.startswith(f"s55xl could not reach its server at {URL} (An error occurred")
    assert "Excel error 94: Invalid use of Null" in null and "reach" not in null
    assert "Excel error 6: Overflow" in overflow and "reach" not in overflow
    assert "older than the server" in missing and "S55_ClearFill" in missing
