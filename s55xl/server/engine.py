"""Running one button on a payload with xlwings' remote engine.

The remote engine is registered the way xlwings' own ``__init__`` does it, which xlwings
only does at import when ``XLWINGS_LICENSE_KEY`` is set (``noncommercial`` is free for public
bodies under PolyForm Noncommercial; a commercial key otherwise). xlwings caches range reads
in an unbounded ``lru_cache`` keyed by whole sheets' values; a long-running server clears it
after each run so memory does not grow with every workbook posted.
"""

from __future__ import annotations

import os
from datetime import date

from s55xl.errors import S55Error

ACTIONS = {
    "validate": "validate",
    "update-deadlines": "update_deadlines",
    "generate-selected": "generate_selected",
    "generate-all": "generate_all",
    "progress-paper": "progress_paper",
}
LICENCE_ENV = "XLWINGS_LICENSE_KEY"


def ensure_remote_engine() -> None:
    """Make ``xlwings.Book(json=…)`` available. Raises :class:`S55Error` without a licence key."""
    import xlwings

    if "remote" in [e.name for e in xlwings.engines]:
        return
    if not os.environ.get(LICENCE_ENV):
        raise S55Error(f"{LICENCE_ENV} is not set, and xlwings needs it to read workbooks sent "
                       f"to a server. Set it to your xlwings licence key, or to noncommercial "
                       f"for a public body's non-commercial use.")
    from xlwings.pro import _xlremote

    xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))


def run(action: str, payload: dict, *, user: str, server, today: date | None = None):
    """Run the button ``action`` (a key of :data:`ACTIONS`) on ``payload``.

    Returns ``(outcome, actions)``: the :class:`s55xl.excel.Outcome` and the actions for the
    VBA client (``book.json()``).
    """
    import xlwings
    from xlwings.pro import _xlremote

    import s55xl.excel

    ensure_remote_engine()
    try:
        book = xlwings.Book(json=payload)
        button = getattr(s55xl.excel, ACTIONS[action])
        outcome = button(book, today=today, user=user, server=server)
        return outcome, book.json()
    finally:
        _xlremote.get_range_api.cache_clear()
