"""Property-based: arbitrary text and dates typed into rows never crash the pipeline, and every
generated .docx reopens with the text exactly as typed."""

from __future__ import annotations

import json
from datetime import date, datetime

from conftest import REC_HEADERS, REPORT_HEADERS, rec_row, report_row, run_cli, write_book
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a person can type into an Excel cell: any text Excel accepts, without the control
# characters Excel itself refuses, trimmed of nothing.
cell_text = st.text(min_size=1, max_size=200).filter(
    lambda s: not ILLEGAL_CHARACTERS_RE.search(s) and s.strip() and "\r" not in s)
cell_date = st.one_of(
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.integers(min_value=-5, max_value=3_000_000),
    cell_text,
)


def docx_text(path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=cell_text, recommendation=cell_text, response=cell_text, published=cell_date,
       target=cell_date)
@example(title="A report", recommendation="We recommend that  forces act.\nPromptly.",
         response="The Constabulary is acting.", published=date(2020, 2, 27),
         target="01/06/2020")  # always run: rows without errors must get their documents
def test_arbitrary_rows_never_crash_and_docx_keeps_text(tmp_path_factory, title, recommendation,
                                                        response, published, target):
    tmp = tmp_path_factory.mktemp("prop")
    path = write_book(tmp / "t.xlsx", {
        "Reports": [REPORT_HEADERS, report_row(title=title, published=published)],
        "Recommendations": [REC_HEADERS, rec_row(text=recommendation, response=response,
                                                 target_date=target)],
    })
    result = run_cli(["validate", path, "--json"])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.output)
    for finding in doc["findings"]:
        assert finding["message"] and finding["sheet"]
    assert run_cli(["deadlines", path, "--json"]).exit_code == 0
    out = tmp / "out"
    generated = run_cli(["generate", path, "--out", out, "--format", "docx", "--json"])
    assert generated.exit_code in (0, 1), generated.output
    if doc["errors"] == 0:
        assert generated.exit_code == 0, generated.output
    if generated.exit_code == 0:
        made = json.loads(generated.output)["documents"]
        assert {d["kind"] for d in made} == {"board_paper", "response"}
        for d in made:
            text = docx_text(d["path"])
            for typed in (recommendation.strip(), response.strip()):
                for line in typed.split("\n"):
                    if line.strip():
                        assert line.strip() in text, (d["kind"], line)
