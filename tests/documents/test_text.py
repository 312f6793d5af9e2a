"""Whatever staff type comes out of the documents exactly as typed (hypothesis)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.documents import TODAY, rec, report

from s55xl import schema
from s55xl.documents import generate
from s55xl.model import Recommendation, Report, SheetLayout, Tracker


def tracker_in_code(report_values: dict, rec_values: dict) -> Tracker:
    """A tracker as the reader would build it from a workbook, without the workbook."""
    tracker = Tracker(source="in-code.xlsx")
    for spec in (schema.REPORTS, schema.RECOMMENDATIONS):
        tracker.layouts[spec.name] = SheetLayout(
            sheet=spec.name, header_row=1,
            columns={c.field: i for i, c in enumerate(spec.columns, start=1)})
    tracker.reports = [Report.model_validate(dict(report_values, row=2))]
    tracker.recommendations = [Recommendation.model_validate(dict(rec_values, row=2))]
    return tracker


# Written out here rather than taken from s55xl, so the oracle does not share the code's bugs:
# the characters XML 1.0 cannot hold, and a bullet point as docs/templates.md defines it.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TYPED_BULLET = re.compile(r"\s*[•\-–*▪●·]\s+")


def expected_lines(typed: str, first_can_be_item: bool = True) -> list[str]:
    """What a reader should see: each non-blank line as typed (Windows and old-Mac line ends
    read as line breaks), with a typed bullet marker taken off a list item's text — except on
    a first line that follows a label such as "Force response:"."""
    text = XML_ILLEGAL.sub("", typed.strip().replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for line in (line for line in text.split("\n") if line.strip()):
        marker = TYPED_BULLET.match(line)
        out.append(line[marker.end():] if marker and (out or first_can_be_item) else line)
    return out


def make(tracker: Tracker, refused_ok: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        result = generate(tracker, out_dir=Path(tmp), formats=("docx",), today=TODAY)
        if refused_ok and result.refused:
            assert not result.documents
            return {"refused": True, "findings": result.findings}
        assert not result.refused, result.skipped
        out = {}
        for d in result.documents:
            document = docx.Document(d.path)
            out[d.kind] = document
        return out | {"findings": result.findings}


def paragraph_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def follows(lines: list[str], texts: list[str], first_prefix: str = "") -> bool:
    """``lines`` appear as consecutive paragraphs, the first with ``first_prefix``."""
    want = [first_prefix + lines[0]] + lines[1:]
    return any(texts[i:i + len(want)] == want for i in range(len(texts)))


typed_text = st.text(min_size=1, max_size=300).filter(lambda s: expected_lines(s))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recommendation=typed_text, response=typed_text)
def test_any_text_in_recommendation_and_response_reopens_exactly(recommendation, response):
    """Either the text comes back exactly, line by line, or — for characters a Word document
    cannot hold (control characters), which validation rejects — nothing is made and the
    finding names the cell. Never a crash, never a changed or half-written document."""
    tracker = tracker_in_code(report("H", published=TODAY.replace(month=3)),
                              rec("H", "3.1", recommendation=recommendation,
                                  force_response=response))
    made = make(tracker, refused_ok=True)
    illegal = {cell for cell, typed in (("E2", recommendation), ("F2", response))
               if XML_ILLEGAL.search(typed.strip())}
    if illegal:
        assert made.get("refused")
        assert {f.cell for f in made["findings"] if f.code == "invalid-character"} == illegal
        return
    assert not made.get("refused")
    rec_lines, resp_lines = expected_lines(recommendation), expected_lines(response)
    board = paragraph_texts(made["board_paper"])
    assert follows(rec_lines, board)
    assert follows(expected_lines(response, first_can_be_item=False), board, "Force response: ")
    table = made["response"].tables[0]
    cells = table.rows[1].cells
    assert [p.text for p in cells[1].paragraphs] == rec_lines
    assert [p.text for p in cells[2].paragraphs] == resp_lines


def test_control_characters_in_rows_refuse_the_report_naming_the_cell():
    tracker = tracker_in_code(report("C"), rec("C", "3.1",
                                               recommendation="Bell\x07 and\x0b vertical tab",
                                               force_response="Fine."))
    made = make(tracker, refused_ok=True)
    assert made["refused"]
    [finding] = [f for f in made["findings"] if f.severity == "error"]
    assert (finding.sheet, finding.cell) == ("Recommendations", "E2")


def test_control_characters_in_settings_are_left_out_with_a_warning():
    tracker = tracker_in_code(report("S"), rec("S", "3.1"))
    tracker.settings = tracker.settings.model_copy(update={"board_name": "Board\x07 of X"})
    tracker.settings_cells["board_name"] = "B7"
    made = make(tracker)
    assert ("Paper for the Board of X meeting of 14th April 2020 – Draft prepared 1st April 2020"
            in paragraph_texts(made["board_paper"]))
    [finding] = [f for f in made["findings"] if f.code == "illegal-character"]
    assert (finding.sheet, finding.cell, finding.severity) == ("Settings", "B7", "warning")
    assert "U+0007" in finding.message


def test_runs_of_spaces_are_kept_as_typed():
    typed = "Two  spaces,   three, and\ta tab  before  the end."
    tracker = tracker_in_code(report("S"), rec("S", "3.1", recommendation=typed,
                                               force_response="Force  said   this."))
    made = make(tracker)
    board = paragraph_texts(made["board_paper"])
    assert "Two  spaces,   three, and\ta tab  before  the end." in board
    assert "Force response: Force  said   this." in board
    cells = made["response"].tables[0].rows[1].cells
    assert cells[1].text == "Two  spaces,   three, and\ta tab  before  the end."
    assert cells[2].text == "Force  said   this."


def test_windows_line_endings_and_blank_lines():
    tracker = tracker_in_code(report("W"), rec("W", "3.1", recommendation="One\r\n\r\nTwo\rThree",
                                               force_response="  Indented\tand tabbed  "))
    board = paragraph_texts(make(tracker)["board_paper"])
    assert follows(["One", "Two", "Three"], board)
    assert "Force response: Indented\tand tabbed" in board
