"""Welsh and bilingual offices: validate names every Welsh cell still blank, by its cell."""

from datetime import date

from conftest import REC_HEADERS, REPORT_HEADERS, rec_row, report_row, write_book

from s55xl import language, xlsx
from s55xl.documents.pipeline import generate
from s55xl.validate import validate

TODAY = date(2020, 4, 1)
WELSH_REPORT = ["Title (Welsh)", "Chief Constable comments (Welsh)", "PCC comments (Welsh)",
                "PCC response to Chief Constable comments (Welsh)"]
WELSH_REC = ["Recommendation (Welsh)", "Force response (Welsh)", "PCC action (Welsh)"]
FULL_REPORT_CY = ["Adroddiad", "Sylwadau'r Prif Gwnstabl.", "Sylwadau'r Comisiynydd.",
                  "Ymateb y Comisiynydd."]
FULL_REC_CY = ["Rydym yn argymell.", "Mae'r Heddlu yn gwneud hyn.", "Byddaf yn monitro."]


def book(tmp_path, lang, report_cy=FULL_REPORT_CY, rec_cy=FULL_REC_CY, extra=()):
    settings = [["Setting", "Value"], ["Language", lang], *extra]
    return write_book(tmp_path / "tracker.xlsx", {
        "Reports": [REPORT_HEADERS + WELSH_REPORT, report_row() + list(report_cy)],
        "Recommendations": [REC_HEADERS + WELSH_REC, rec_row() + list(rec_cy)],
        "Settings": settings,
    })


def welsh_findings(path):
    return [f for f in validate(xlsx.load(path), TODAY)
            if f.code in ("welsh-text-missing", "invalid-language", "invalid-welsh-first")]


def test_filled_welsh_columns_are_clean(tmp_path):
    assert welsh_findings(book(tmp_path, "Bilingual")) == []


def test_english_office_needs_no_welsh(tmp_path):
    assert welsh_findings(book(tmp_path, "English", [None] * 4, [None] * 3)) == []


def test_every_blank_welsh_cell_is_named_by_its_cell(tmp_path):
    path = book(tmp_path, "Cymraeg", ["Adroddiad", None, "Sylwadau.", None],
                [None, "Ymateb.", None])
    found = {(f.severity, f.sheet, f.cell, f.column) for f in welsh_findings(path)}
    # Reports: I = Title (Welsh), J = CC comments (Welsh), K, L; Recommendations: L, M, N
    # (after the hand-typed sheets' own headers).
    assert found == {
        ("error", "Reports", "J2", "Chief Constable comments (Welsh)"),
        ("error", "Reports", "L2", "PCC response to Chief Constable comments (Welsh)"),
        ("error", "Recommendations", "L2", "Recommendation (Welsh)"),
        ("error", "Recommendations", "N2", "PCC action (Welsh)"),
    }
    [msg] = [f.message for f in welsh_findings(path) if f.cell == "J2" and f.sheet == "Reports"]
    assert "R1: Chief Constable comments (Welsh) is blank" in msg
    assert "Settings Language is Cymraeg" in msg
    assert "Type the Welsh text in Chief Constable comments (Welsh)" in msg


def test_a_blank_welsh_cell_stops_the_response_and_page_not_the_board_paper(tmp_path):
    path = book(tmp_path, "Bilingual", ["Adroddiad", None, *FULL_REPORT_CY[2:]])
    result = generate(xlsx.load(path), out_dir=tmp_path / "out", formats=("docx", "html"),
                      today=TODAY)
    made = {(d.kind, d.format) for d in result.documents}
    assert made == {("board_paper", "docx")}
    assert "J2" in result.skipped[0]["reason"]


def test_a_welsh_cell_whose_english_is_blank_is_not_asked_for(tmp_path):
    row = report_row(**{"Chief Constable comments": None})
    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [REPORT_HEADERS + WELSH_REPORT, row + ["Adroddiad", None, "a", "b"]],
        "Recommendations": [REC_HEADERS + WELSH_REC, rec_row() + FULL_REC_CY],
        "Settings": [["Setting", "Value"], ["Language", "Bilingual"]]})
    assert welsh_findings(path) == []


def test_language_settings_that_name_nothing_are_reported_at_their_cell(tmp_path):
    path = book(tmp_path, "Klingon", extra=[["Welsh first", "Perhaps"]])
    found = {(f.code, f.sheet, f.cell) for f in welsh_findings(path)}
    assert found == {("invalid-language", "Settings", "B2"),
                     ("invalid-welsh-first", "Settings", "B3")}


def test_languages_in_reading_order():
    assert language.languages("English") == ("en",)
    assert language.languages("Cymraeg") == ("cy",)
    assert language.languages("Bilingual") == ("cy", "en")
    assert language.languages("bilingual", "No") == ("en", "cy")
    assert language.languages("Dwyieithog", "Ie") == ("cy", "en")
    assert language.languages("") == ("en",)


def test_built_workbook_offers_the_language_choices(tmp_path):
    import openpyxl

    from s55xl.build.workbook import build

    path = build(tmp_path / "new.xlsx")
    ws = openpyxl.load_workbook(path)["Settings"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell in str(dv.sqref).split():
            found[cell] = dv.formula1
    assert found[f"B{rows['Language']}"] == '"English,Cymraeg,Bilingual"'
    assert found[f"B{rows['Welsh first']}"] == '"Yes,No"'
    assert ws.cell(rows["Language"], 2).value == "English"
