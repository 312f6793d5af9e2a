"""The History sheet through xlwings: read what was recorded, plan the rows to append.

The comparison itself is :mod:`s55xl.history` (pure); here the sheet is found (by name, any
case), read once, and the new rows go into the write plan like the Log row — appended under the
last one, the table widened to fit, a missing sheet added. Nothing is written until the plan is
applied.
"""

from __future__ import annotations

from datetime import datetime

from s55xl import history, tables
from s55xl.excel.book import LiveBook, locate_aux, read_grid
from s55xl.excel.writes import WritePlan, _aux_rows, cell_text


def recorded(live: LiveBook) -> tuple[list[history.Change], dict[str, tables.Grid]]:
    """The History sheet's rows (oldest first) and its grid by sheet name ({} when missing)."""
    name = tables.find_sheet(live.sheet_names, history.HISTORY_SHEET)
    if name is None:
        return [], {}
    grid = read_grid(live.book.sheets[name])
    return history.read(grid), {name: grid}


def plan_history(live: LiveBook, now: datetime, user: str,
                 plan: WritePlan) -> tuple[list[history.Change], list[history.Change]]:
    """Add this run's History rows to ``plan``. Returns (recorded before, new rows)."""
    past, grids = recorded(live)
    new = history.changes(live.tracker, past, when=now, user=user)
    if new:
        aux = locate_aux(live.book, live.sheet_names, grids, history.HISTORY_SHEET,
                         history.HISTORY_HEADERS)
        rows = [{h: ("" if v is None else cell_text(v))
                 for h, v in zip(history.HISTORY_HEADERS, c.as_row(), strict=True)} for c in new]
        _aux_rows(aux, rows, plan, replace=False)
    return past, new
