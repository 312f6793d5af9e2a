"""The Progress paper button and the History rows every button appends, on xlwings' remote
engine (the same Book/Sheet/Range API as Excel)."""

from __future__ import annotations

import copy
from datetime import date

from support.xlpayload import (
    apply_actions,
    remote_book,
    set_cell,
    written_cells,
)

import s55xl.excel

TODAY = date(2020, 9, 1)
# The demo's recommendations (Recommendations rows 2-7): Ref, Owner, Status as the builder types them.
DEMO = [("3.1", "Head of Crime", "Awaiting others"), ("3.2", "Head of Crime", "Awaiting others"),
        ("3.3", "Head of PVP", "In progress"), ("3.4", "Head of Crime", "Awaiting others"),
        ("3.5", "Head of PVP", "In progress"), ("3.6", "Head of PVP", "In progress")]


def _history(cells, first_row: int, last_row: int) -> list[tuple]:
    """History rows as Excel shows them (the text prefix apostrophe is not part of a value)."""
    def shown(value):
        return value[1:] if isinstance(value, str) and value.startswith("'") else value

    return [tuple(shown(cells.get(("History", f"{c}{r}"))) for c in "BCDEFG")
            for r in range(first_row, last_row + 1)]


def test_progress_paper_button_writes_the_paper_and_history(demo_payload):
    from docx import Document

    payload = copy.deepcopy(demo_payload)
    book = remote_book(payload)
    outcome = s55xl.excel.progress_paper(book, today=TODAY)
    assert outcome.ok, outcome.status
    docx = next(p for p in outcome.documents if p.suffix == ".docx")
    assert docx.name == "2020-09-01 Progress paper.docx" and docx.parent == outcome.out_dir
    paper = Document(docx)
    assert len(paper.inline_shapes) == 1
    assert [p.text for p in paper.paragraphs if p.style.name == "Heading 1"][1].startswith(
        "NCPI-2019: ")
    actions = book.json()["actions"]
    cells = written_cells(actions, payload)
    expected = []
    for ref, owner, status in DEMO:  # first run: where each recommendation starts
        expected += [("NCPI-2019", ref, "Status", "", status, "j.bloggs"),
                     ("NCPI-2019", ref, "Owner", "", owner, "j.bloggs")]
    assert _history(cells, 2, 13) == expected
    assert ("History", "B14") not in cells
    assert "Progress paper: Wrote 2020-09-01 Progress paper.docx" in outcome.status
    log_action = next(v for (s, a), v in cells.items() if s == "Log" and a.startswith("C"))
    assert log_action == "Progress paper"

    # Staff mark 3.3 complete; the next button (any button) appends exactly that change.
    apply_actions(payload, actions)
    set_cell(payload, "Recommendations", "I4", "Complete")
    set_cell(payload, "Recommendations", "K4", "Board minutes, 1 September 2020")
    again = remote_book(payload)
    assert s55xl.excel.validate(again, today=TODAY).ok
    cells = written_cells(again.json()["actions"], payload)
    history = {k: v for k, v in cells.items() if k[0] == "History"}
    assert _history(cells, 14, 14) == [
        ("NCPI-2019", "3.3", "Status", "In progress", "Complete", "j.bloggs")]
    assert {a for _, a in history} == {f"{c}14" for c in "ABCDEFG"}  # appended, nothing else
