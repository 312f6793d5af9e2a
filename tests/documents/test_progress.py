"""The progress-update Board paper, reopened with python-docx.

The expected counts are counted here from the rows typed; the RAG of each recommendation is
written out by hand from the rule (Red: target date before the paper's date and not closed;
Amber: within the 14-day due-soon window; Green later; No target date apart, never Green).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from conftest import run_cli
from support.documents import rec, report, write_tracker

from s55xl import history, xlsx
from s55xl.documents import progress

AS_AT = date(2020, 9, 1)
RECS = [
    rec(ref="1", status="In progress", target_date=date(2020, 8, 1)),
    rec(ref="2", status="Not started", owner="Head of PVP", target_date=date(2020, 9, 10)),
    rec(ref="3", status="Awaiting others", target_date=date(2020, 12, 31)),
    rec(ref="4", status="Complete", evidence="Minutes", target_date=date(2020, 7, 1)),
    rec(ref="5", status="In progress", owner="Head of PVP"),
    rec(ref="6", status="Not started", owner="Head of PVP", target_date=date(2020, 6, 30)),
    rec("R3", ref="1", status="Complete", evidence="Minutes"),
]
RAG = {"1": "Red", "2": "Amber", "3": "Green", "5": "No target date", "6": "Red"}
NBSP = "\u00a0"  # dates in the paper never break across lines


def _d(text: str) -> str:
    return text.replace(" ", NBSP)


def _book(tmp_path):
    import openpyxl

    path = write_tracker(tmp_path / "t.xlsx", [report("R1"), report("R2"), report("R3")], RECS)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("History")
    ws.append(list(history.HISTORY_HEADERS))
    ws.append([datetime(2020, 3, 1, 9), "R1", "1", "Target date", None, date(2020, 7, 1), "x"])
    ws.append([datetime(2020, 5, 1, 9), "R1", "1", "Target date", date(2020, 7, 1),
               date(2020, 8, 1), "y"])
    wb.save(path)
    return path


def _texts(cells) -> list[str]:
    return [c.text for c in cells]


def _paper(tmp_path):
    from docx import Document

    book = _book(tmp_path)
    done = run_cli(["progress", book, "--out", tmp_path / "out", "--as-at", "2020-09-01"])
    assert done.exit_code == 0, done.output
    path = tmp_path / "out" / "2020-09-01 Progress paper.docx"
    assert f"Wrote {path}" in done.output
    return Document(path)


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """The paper written once (with its PDF where LibreOffice is installed)."""
    return _paper(tmp_path_factory.mktemp("progress"))


def test_counts_per_status_and_rag_of_every_recommendation(paper):
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Purpose", "R1: Report R1", "R2: Report R2", "Overdue actions by owner"]
    counts_table, open_table = paper.tables[0], paper.tables[1]
    counted = Counter(r["status"] for r in RECS if r["report_id"] == "R1")
    got = {row.cells[0].text: int(row.cells[1].text) for row in counts_table.rows[1:]}
    assert got == {s: counted.get(s, 0) for s in got} and sum(got.values()) == 6
    assert set(counted) <= set(got)
    rows = [_texts(r.cells) for r in open_table.rows]
    assert rows[0] == ["Ref", "Recommendation", "Owner", "Status", "Target date", "RAG"]
    assert {r[0]: r[5] for r in rows[1:]} == RAG
    by_ref = {r[0]: r for r in rows[1:]}
    # History shows the move; dates in the house style, never wrapping.
    assert by_ref["1"][4] == f"{_d('1st August 2020')} (moved from {_d('1st July 2020')})"
    assert by_ref["2"][2] == "Head of PVP" and by_ref["5"][4] == "Not set"
    closed = [p.text for p in paper.paragraphs if p.style.name == "Bullet"]
    assert "4 – Complete" in closed


def test_report_without_recommendations_still_appears(paper):
    texts = [p.text for p in paper.paragraphs]
    r2 = texts.index("R2: Report R2")
    assert texts[r2 + 2] == "This report made no recommendations for the force."
    assert len(paper.tables) == 2  # R2 has no tables; R3 (all complete) is not an open report


def test_overdue_actions_listed_by_owner(paper):
    texts = [p.text for p in paper.paragraphs]
    start = texts.index("Overdue actions by owner")
    assert texts[start + 1:start + 5] == [
        "Head of Crime", f"R1 1: target date {_d('1st August 2020')}, In progress",
        "Head of PVP", f"R1 6: target date {_d('30th June 2020')}, Not started"]


def test_one_inline_picture_the_chart(paper):
    assert len(paper.inline_shapes) == 1
    blip = paper.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = paper.part.related_parts[blip.embed]
    assert image.content_type == "image/png" and image.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_unreadable_status_refuses_the_paper(tmp_path):
    path = write_tracker(tmp_path / "bad.xlsx", [report("R1")],
                         [rec(ref="1", status="Nearly there")])
    done = run_cli(["progress", path, "--out", tmp_path / "out", "--as-at", "2020-09-01"])
    assert done.exit_code == 1
    assert "Recommendations!I2 (Status): 'Nearly there' is not one of the choices" in done.output
    assert not (tmp_path / "out").exists()


def test_rag_boundaries():
    from s55xl.model import Recommendation

    def rating(target, status="In progress"):
        return progress.rag(Recommendation(status=status, target_date=target), AS_AT, 14)

    assert rating(date(2020, 8, 31)) == "Red"
    assert rating(AS_AT) == "Amber"  # due today: not yet past
    assert rating(date(2020, 9, 15)) == "Amber"  # the 14th day
    assert rating(date(2020, 9, 16)) == "Green"
    assert rating(date(2020, 1, 1), "No action proposed") == "Closed"
    assert rating(None) == "No target date"  # not Green: nothing says it is on track
    assert xlsx  # the CLI path above reads the workbook through s55xl.xlsx


def test_chart_of_many_reports_keeps_those_with_most_open():
    # 30 reports: R00–R04 have 1 open recommendation, the rest 2 (plus closed ones that do not
    # count). The chart keeps the 25 with 2 open, in sheet order, and its title says so.
    rows = [(f"R{i:02d}", {"In progress": 1 if i < 5 else 2, "Complete": 9 if i < 5 else 0})
            for i in range(30)]
    kept, title = progress.chart_rows(rows)
    assert [label for label, _ in kept] == [f"R{i:02d}" for i in range(5, 30)]
    assert title == "The 25 reports with the most open recommendations (of 30 open reports)"
    assert progress.chart_rows(rows[:25]) == (rows[:25], "")


def test_a_target_date_moved_since_the_last_record_is_shown(tmp_path):
    import openpyxl
    from docx import Document

    path = write_tracker(tmp_path / "t.xlsx", [report("R1")],
                         [rec(ref="1", target_date=date(2020, 12, 31))])
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("History")
    ws.append(list(history.HISTORY_HEADERS))
    ws.append([datetime(2020, 3, 1, 9), "R1", "1", "Target date", None, date(2020, 10, 31), "x"])
    wb.save(path)
    done = run_cli(["progress", path, "--out", tmp_path / "out", "--as-at", "2020-09-01"])
    assert done.exit_code == 0, done.output
    doc = Document(tmp_path / "out" / "2020-09-01 Progress paper.docx")
    assert doc.tables[1].rows[1].cells[4].text == (
        f"{_d('31st December 2020')} (moved from {_d('31st October 2020')})")
    after = openpyxl.load_workbook(path)["History"]
    assert after.max_row == 2  # the command reads History; it does not write it


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLOURS = {"Red": "D4351C", "Amber": "FFDD00", "Green": "00703C", "No target date": "D9D9D9"}


def test_each_rating_is_its_word_in_a_cell_of_its_colour(paper):
    open_table = paper.tables[1]
    seen = set()
    for row in open_table.rows[1:]:
        cell = row.cells[5]
        word = cell.text
        shading = cell._tc.find(f"{W}tcPr/{W}shd")
        assert shading is not None and shading.get(f"{W}fill") == COLOURS[word], word
        assert all(r.bold for p in cell.paragraphs for r in p.runs if r.text)
        seen.add(word)
    assert seen == set(COLOURS)
    # Cells that are not ratings keep no shading.
    for row in open_table.rows[1:]:
        for cell in row.cells[:5]:
            assert cell._tc.find(f"{W}tcPr/{W}shd") is None, cell.text


def test_no_target_date_is_counted_apart_and_nothing_is_numbered(paper):
    texts = [p.text for p in paper.paragraphs]
    assert "Open recommendations: 2 Red, 1 Amber, 1 Green, 1 No target date." in texts
    # Headings and paragraphs carry no outline numbers that could read as Refs (3.1…).
    for p in paper.paragraphs:
        ppr = p._p.pPr
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is not None and p.style.name != "Bullet":
            assert num.find(f"{W}numId").get(f"{W}val") == "0", p.text
        assert p.style.name != "Numbered Paragraph"


def test_short_rows_are_never_split_at_a_page_foot(paper):
    for table in paper.tables:
        for row in table.rows[1:]:
            assert row._tr.trPr is not None and row._tr.trPr.find(f"{W}cantSplit") is not None


def test_dates_follow_the_date_style_setting(tmp_path):
    from docx import Document

    path = write_tracker(tmp_path / "t.xlsx", [report("R1")],
                         [rec(ref="1", status="In progress", target_date=date(2020, 8, 1))],
                         settings={"date_style": "27 February 2020"})
    done = run_cli(["progress", path, "--out", tmp_path / "out", "--as-at", "2020-09-01"])
    assert done.exit_code == 0, done.output
    doc = Document(tmp_path / "out" / "2020-09-01 Progress paper.docx")
    assert doc.tables[1].rows[1].cells[4].text == _d("1 August 2020")
    assert "the position as at 1 September 2020" in doc.paragraphs[1].text


def test_check_template_knows_the_progress_paper(tmp_path):
    import json

    import docx

    from s55xl.documents import sources

    shipped = tmp_path / "Our progress paper.docx"
    shipped.write_bytes(sources.default_template("progress"))
    done = run_cli(["check-template", shipped])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{shipped}: a good progress paper template")

    document = docx.Document()
    for text in ("{{ document_title }} {{ as_at }} {{ protective_marking }}", "{{ chart }}",
                 "{%p for report in reports %}", "{{ report.titel }}",
                 "{%p for rec in report.open %}", "{{ rec.rag }} {{ rec.colour }}",
                 "{%p endfor %}", "{%p endfor %}"):
        document.add_paragraph(text)
    path = tmp_path / "mine.docx"
    document.save(path)
    data = json.loads(run_cli(["check-template", path, "--kind", "progress", "--json"]).output)
    assert data["kind"] == "progress" and not data["ok"]
    assert data["unknown"] == ["rec.colour", "report.titel"]
    assert data["unused"] == ["overdue"]
