"""The reference Board paper (PDF-extracted text) imports as exactly the demo's rows."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import BOARD_PAPER_SEED

from s55xl import demo, xlsx
from s55xl.build.workbook import build
from s55xl.importer import read_paper
from s55xl.xlsx.append import make_edit

SEED = BOARD_PAPER_SEED
FIELDS = ("report_id", "ref", "type", "addressed_to", "recommendation", "force_response")

pytestmark = pytest.mark.requires("seeds")


def demo_rows() -> list[dict]:
    return [{f: r[f] for f in FIELDS} for r in demo.RECOMMENDATIONS]


def test_reference_paper_is_recognised_as_the_demo_rows():
    paper = read_paper(SEED)
    # The seed's "selfassessment" (3.6) is a PDF artefact; the evidence-based repair in
    # s55xl.importer.text restores the demo's "self-assessment", so every field compares exactly.
    assert "selfassessment" in SEED.read_text(encoding="utf-8")
    got = [{"report_id": demo.REPORT_ID, "ref": i.ref, "type": i.type,
            "addressed_to": i.addressed_to, "recommendation": i.recommendation,
            "force_response": i.force_response} for i in paper.items]
    assert got == demo_rows()


def test_reference_paper_report_details():
    paper = read_paper(SEED)
    assert paper.title == demo.REPORT["title"]
    assert paper.published == demo.REPORT["published"] == date(2020, 2, 27)
    assert paper.report_url == demo.REPORT["report_url"]
    assert paper.report_type == demo.REPORT["report_type"]
    assert [(s.rank, s.name, s.role) for s in paper.signatories] == [
        (s["rank"], s["name"], s["role"]) for s in demo.SIGNATORIES]


def test_import_into_an_empty_built_workbook_reads_back(tmp_path):
    book = build(tmp_path / "t.xlsx")
    paper = read_paper(SEED)
    plans = []
    wb = openpyxl.load_workbook(book)
    written = make_edit(paper, str(book), plans=plans)(wb)
    wb.save(book)

    result = plans[0]
    assert result.as_json() == {
        "report": {"report_id": "NCPI-2019", "title": demo.REPORT["title"],
                   "published": "2020-02-27"},
        "added": demo_rows(),
        "skipped": [],
    }
    assert result.notes == [(
        "The Report ID NCPI-2019 was made from the title 'National Child Protection "
        "Inspections 2019 Thematic Report'; give --report ID to choose another.")]
    # 6 rows × 6 columns, and the report's 5 known columns
    assert len(written) == 6 * 6 + 5

    tracker = xlsx.load(book)
    assert [(r.report_id, r.title, r.published, r.report_url, r.report_type)
            for r in tracker.reports] == [
        ("NCPI-2019", demo.REPORT["title"], demo.REPORT["published"], demo.REPORT["report_url"],
         demo.REPORT["report_type"])]
    assert [{f: getattr(r, f) for f in FIELDS} for r in tracker.recommendations] == demo_rows()
    assert [r.row for r in tracker.recommendations] == [2, 3, 4, 5, 6, 7]
    assert not [f for f in tracker.findings if f.severity == "error"]

    wb = openpyxl.load_workbook(book)
    assert wb["Recommendations"].tables["tblRecommendations"].ref == "A1:L7"
    assert wb["Reports"].tables["tblReports"].ref == "A1:T2"
    assert wb["Reports"]["E2"].number_format == "dd/mm/yyyy"
