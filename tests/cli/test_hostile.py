"""A bad-input corpus, generated here: each case ends in findings (exit 0/1) or one line (exit 2),
within a bounded time, never a traceback, and the input file is never changed."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REC_HEADERS, REPO, REPORT_HEADERS, rec_row, report_row, write_book

COMMANDS = ["validate", "deadlines", "update", "generate", "import"]
PAPER = ("Force response to the national recommendations\n"
         "3.1 We recommend that chief constables review their audits.\n"
         "Force response: The Constabulary reviews its audits every quarter.\n")
TIME_LIMIT = 120  # seconds: a hang, not a speed measurement


def run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "s55xl.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=TIME_LIMIT)


def rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            b.writestr(item.filename, change(item.filename, a.read(item)))
    return dst


def good(tmp: Path) -> Path:
    return write_book(tmp / "good.xlsx", {"Reports": [REPORT_HEADERS, report_row()],
                                          "Recommendations": [REC_HEADERS, rec_row()]})


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>")


def make_case(name: str, tmp: Path) -> Path:
    path = tmp / "tracker.xlsx"
    if name == "truncated-zip":
        data = good(tmp).read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
    elif name == "corrupt-zip":
        data = bytearray(good(tmp).read_bytes())
        for i in range(200, len(data) - 200, 97):
            data[i] ^= 0xFF
        path.write_bytes(bytes(data))
    elif name == "zip-bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            with zipfile.ZipFile(good(tmp)) as src:
                for item in src.infolist():
                    zf.writestr(item.filename, src.read(item))
            zf.writestr("xl/media/padding.bin", b"\0" * (100 * 1024 * 1024))
    elif name == "entity-expansion":
        rewrite(good(tmp), path, lambda n, d: LAUGHS + d.split(b"?>", 1)[-1].replace(
            b"<sheetData>", b"<sheetData>&lol9;", 1) if n == "xl/worksheets/sheet1.xml" else d)
    elif name == "external-entity":
        rewrite(good(tmp), path, lambda n, d: (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            + d.split(b"?>", 1)[-1].replace(b"<sheetData>", b"<sheetData>&xxe;", 1))
            if n == "xl/worksheets/sheet1.xml" else d)
    elif name == "xls-renamed":
        from s55xl.build.cfb import build_compound_file

        path.write_bytes(build_compound_file({"Workbook": b"\x09\x08" + b"\0" * 700}))
    elif name == "csv-renamed":
        path.write_text("Report ID,Title,Published\nR1,A,27/02/2020\n", encoding="utf-8")
    elif name == "password":
        from msoffcrypto.format.ooxml import OOXMLFile

        with good(tmp).open("rb") as src, path.open("wb") as out:
            OOXMLFile(src).encrypt("secret", out)
    elif name == "megabyte-cell":
        # openpyxl truncates to Excel's limit, so the long text goes into the XML directly
        write_book(tmp / "src.xlsx", {"Reports": [REPORT_HEADERS, report_row(Summary="@LONG@")],
                                      "Recommendations": [REC_HEADERS, rec_row()]})
        rewrite(tmp / "src.xlsx", path, lambda n, d: d.replace(b"@LONG@", b"x" * 1_000_000))
    elif name == "merged-headers":
        import openpyxl

        write_book(path, {"Reports": [REPORT_HEADERS, report_row()],
                          "Recommendations": [REC_HEADERS, rec_row()]})
        wb = openpyxl.load_workbook(path)
        wb["Reports"].merge_cells("A1:B1")  # swallows the Title header
        wb.save(path)
    elif name == "duplicate-headers":
        write_book(path, {"Reports": [REPORT_HEADERS + ["Published"], report_row()],
                          "Recommendations": [REC_HEADERS, rec_row()]})
    elif name == "hidden-sheets":
        import openpyxl

        write_book(path, {"Reports": [REPORT_HEADERS, report_row()],
                          "Recommendations": [REC_HEADERS, rec_row()], "Notes": [["x"]]})
        wb = openpyxl.load_workbook(path)
        wb["Recommendations"].sheet_state = "hidden"
        wb["Notes"].sheet_state = "veryHidden"
        wb.save(path)
    elif name == "formula-errors":
        write_book(path, {"Reports": [REPORT_HEADERS, report_row(Title="#REF!")],
                          "Recommendations": [REC_HEADERS, rec_row(ref="#N/A")]})
    elif name == "world-text":
        write_book(path, {"Reports": [REPORT_HEADERS, report_row(
            "تقرير-١", "تقرير التفتيش 👮‍♀️ — Ymchwiliad Cymru", Summary="שלום\nмир 世界 🎉")],
            "Recommendations": [REC_HEADERS, rec_row(
                "تقرير-١", "٣٫١", text="نوصي بأن chief constables 🚓 تتخذ خطوات",
                response="Mae'r Heddlu 👍 <b>&amp;</b> {{ x }} {% if %}")]})
    elif name == "control-characters":
        # Excel stores a control character as _x0007_; openpyxl refuses to write one at all
        write_book(tmp / "src.xlsx", {"Reports": [REPORT_HEADERS, report_row()],
                                      "Recommendations": [REC_HEADERS, rec_row(response="@BELL@")]})
        rewrite(tmp / "src.xlsx", path, lambda n, d: d.replace(b"@BELL@", b"pasted_x0007_bell"))
    else:
        raise AssertionError(name)
    return path


# case: expected exit codes of validate, deadlines, update, generate and import (the workbook as
# --into, with --dry-run), and the text the one-line message or the findings must hold
UNUSABLE = (2, 2, 2, 2, 2)
CASES = {
    "truncated-zip": (UNUSABLE, "is damaged"),
    "corrupt-zip": (UNUSABLE, "is damaged"),
    "zip-bomb": (UNUSABLE, "more than a governance workbook can need"),
    "entity-expansion": (UNUSABLE, "entity declarations"),
    "external-entity": (UNUSABLE, "entity declarations"),
    "xls-renamed": (UNUSABLE, "old Excel 97-2003 (.xls)"),
    "csv-renamed": (UNUSABLE, "is a text or CSV file"),
    "password": (UNUSABLE, "protected with a password"),
    "megabyte-cell": ((1, 0, 1, 1, 0), "text-too-long"),
    "merged-headers": (UNUSABLE, "no 'Title' column"),
    "duplicate-headers": (UNUSABLE, "two 'Published' columns"),
    "hidden-sheets": ((0, 0, 0, 0, 0), ""),
    "formula-errors": ((1, 0, 1, 1, 0), "formula-error"),
    "world-text": ((0, 0, 0, 0, 0), ""),
    "control-characters": ((1, 0, 1, 1, 0), "invalid-character"),
}
ARGS = {
    "validate": lambda p, t: ["validate", p, "--json"],
    "deadlines": lambda p, t: ["deadlines", p],
    "update": lambda p, t: ["update", p],
    "generate": lambda p, t: ["generate", p, "--out", t / "out", "--format", "docx,html"],
    "import": lambda p, t: ["import", t / "paper.txt", "--into", p, "--dry-run", "--json"],
}


def typed_cells(path: Path) -> dict:
    """Every non-empty cell of the workbook, as openpyxl reads it: ``(sheet, row, col) → value``."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {(ws.title, r, c): v for ws in wb.worksheets
                for r, row in enumerate(ws.iter_rows(values_only=True), start=1)
                for c, v in enumerate(row, start=1) if v is not None}
    finally:
        wb.close()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_corpus(case, tmp_path):
    path = make_case(case, tmp_path)
    (tmp_path / "paper.txt").write_text(PAPER, encoding="utf-8")
    codes, text = CASES[case]
    usable = codes[COMMANDS.index("update")] != 2
    typed = typed_cells(path) if usable else {}
    for command, expected in zip(COMMANDS, codes, strict=False):
        before = path.read_bytes()
        result = run(ARGS[command](path, tmp_path), tmp_path)
        assert result.returncode == expected, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        if expected == 2:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("s55xl: "), result.stderr
            assert text in lines[0], lines[0]
            assert path.read_bytes() == before, command
        elif command == "validate":
            doc = json.loads(result.stdout)
            assert (text in {f["code"] for f in doc["findings"]}) if text else doc["errors"] == 0
            assert path.read_bytes() == before
        elif command in ("deadlines", "generate", "import"):
            assert path.read_bytes() == before, command
        elif command == "update":
            written = typed_cells(path)
            changed = {k: (v, written.get(k)) for k, v in typed.items() if written.get(k) != v}
            assert changed == {}, "update changed or lost what was typed"
        if command == "generate" and expected == 0:
            written = sorted(p.name for p in (tmp_path / "out").iterdir())
            assert any(" Board paper" in n and n.endswith(".docx") for n in written), written


@pytest.mark.slow
def test_hundred_thousand_rows(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from tracker import make_tracker

    path = make_tracker(tmp_path / "big.xlsx", reports=5000, recs=20)
    result = run(["validate", path, "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["errors"] == 0
    by_code = {}
    for f in doc["findings"]:
        by_code[f["code"]] = by_code.get(f["code"], 0) + 1
    # half the rows are addressed to the Home Office with no response: the standard wording;
    # publication dates run three days apart from 2019, so the later ones are in the future
    assert by_code["standard-wording"] == 50_000
    assert set(by_code) == {"standard-wording", "published-in-future"}
