"""The progress-update Board paper, reopened with python-docx.

The expected counts are counted here from the rows typed; the RAG of each recommendation is
written out by hand from the rule (Red: target date before the paper's date and not closed;
Amber: within the 14-day due-soon window; Green otherwise).
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
RAG = {"1": "Red", "2": "Amber", "3": "Green", "5": "Green", "6": "Red"}


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
    assert by_ref["1"][4] == "01/08/2020 (moved from 01/07/2020)"  # History shows the move
    assert by_ref["2"][2] == "Head of PVP" and by_ref["5"][4] == ""
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
        "Head of Crime", "R1 1: target date 01/08/2020, In progress",
        "Head of PVP", "R1 6: target date 30/06/2020, Not started"]


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
    assert doc.tables[1].rows[1].cells[4].text == "31/12/2020 (moved from 31/10/2020)"
    after = openpyxl.load_workbook(path)["History"]
    assert after.max_row == 2  # the command reads History; it does not write it
