"""History: what changed in each recommendation's Status, Owner and Target date.

The History sheet is an append-only audit trail, one row per change:
``Date, Report, Ref, Field, Old, New, User``. The *last recorded state* of a recommendation's
field is the ``New`` value of the latest History row for it (rows are in the order they were
appended); :func:`changes` compares the tracker with that state and returns the rows to append.
A recommendation never recorded before gets a row for each field that is filled in (``Old``
blank), so the first run records where things started.

Both doors use the same three calls::

    past = history.read(grid)            # the History sheet as a Grid (None: no sheet yet)
    new = history.changes(tracker, past, when=now, user=login)
    rows = [c.as_row() for c in new]     # values in HISTORY_HEADERS order, to append

Pure: no files, no Excel. Dates in ``Old``/``New`` of a Target date are real dates (so Excel
shows them as dates in any locale); text elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from s55xl import coerce, schema
from s55xl.model import Recommendation, Tracker, id_key
from s55xl.tables import Grid

HISTORY_SHEET = "History"
HISTORY_TABLE = "tblHistory"
HISTORY_HEADERS = ("Date", "Report", "Ref", "Field", "Old", "New", "User")
# The fields whose changes are recorded: model field → the header staff see.
TRACKED = {f: schema.RECOMMENDATIONS.by_field[f].header for f in ("status", "owner", "target_date")}
_HEADER_SEARCH_ROWS = 20

Value = str | date | None


@dataclass(frozen=True)
class Change:
    """One History row. ``old`` None means nothing was recorded before (or it was blank)."""

    when: datetime | date
    report_id: str
    ref: str
    field: str  # the header: "Status", "Owner" or "Target date"
    old: Value
    new: Value
    user: str

    def as_row(self) -> tuple[Any, ...]:
        """The row's values in :data:`HISTORY_HEADERS` order (None for a blank cell)."""
        return (self.when, self.report_id, self.ref, self.field, self.old, self.new,
                self.user or None)

    @property
    def key(self) -> tuple[str, str, str]:
        return (id_key(self.report_id), self.ref.strip().casefold(), self.field.casefold())


def read(grid: Grid | None) -> list[Change]:
    """The History sheet's rows, in sheet order; [] for None (no sheet) or no header row.

    The header row is found by its headers (any order, case and spaces ignored) within the
    first rows; rows without a Report, Ref or Field are skipped.
    """
    if grid is None:
        return []
    wanted = [schema.normalise_header(h) for h in HISTORY_HEADERS]
    rows = list(grid.rows)
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        found = {schema.normalise_header(v): j for j, v in enumerate(row or [])}
        if all(h in found for h in wanted[1:4]):
            cols = {h: found.get(h) for h in wanted}
            return [c for r in rows[i + 1:] if (c := _change(r, cols)) is not None]
    return []


def _change(row, cols: dict[str, int | None]) -> Change | None:
    def get(header: str) -> Any:
        j = cols[schema.normalise_header(header)]
        return row[j] if j is not None and j < len(row) else None

    report, ref, field = (coerce.to_text(get(h)) for h in ("Report", "Ref", "Field"))
    if not (report and ref and field):
        return None
    when = get("Date")
    return Change(when if isinstance(when, date) else None, report, ref, field,
                  _canonical(field, get("Old")), _canonical(field, get("New")),
                  coerce.to_text(get("User")) or "")


def _canonical(field: str, value: Any) -> Value:
    """A recorded or current value in the form compared: a date for Target date, else text."""
    if coerce.is_blank(value):
        return None
    if field.casefold() == TRACKED["target_date"].casefold():
        try:
            d = coerce.to_date(value)
        except ValueError:
            return coerce.to_text(value)
        return date(d.year, d.month, d.day) if d is not None else None
    return coerce.to_text(value)


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def last_state(past: Iterable[Change]) -> dict[tuple[str, str, str], Value]:
    """(report key, ref key, field key) → the value last recorded for it."""
    state: dict[tuple[str, str, str], Value] = {}
    for change in past:
        state[change.key] = change.new
    return state


def changes(tracker: Tracker, past: Iterable[Change], *, when: datetime | date,
            user: str = "") -> list[Change]:
    """The rows to append: each tracked field that differs from its last recorded state.

    Recommendations without a Report ID or Ref cannot be followed over time and are left out
    (as is the second row of a duplicated Ref),
    and so is a cell that could not be read (a status outside the list, a date that is not a
    date): its finding says what to fix, and History waits for a value it can record.
    """
    state = last_state(past)
    unreadable = {(f.sheet, f.cell) for f in tracker.findings if f.severity == "error" and f.cell}
    layout = tracker.layouts.get(schema.RECOMMENDATIONS.name)
    out: list[Change] = []
    followed: set[tuple[str, str]] = set()
    for rec in tracker.recommendations:
        if not (rec.report_id and rec.ref):
            continue
        pair = (id_key(rec.report_id), rec.ref.strip().casefold())
        if pair in followed:
            continue  # a duplicated Ref (a validation error): the first row is the one followed
        followed.add(pair)
        for name, header in TRACKED.items():
            if layout and (layout.sheet, layout.cell(name, rec.row)) in unreadable:
                continue  # a value that could not be read is not a change to blank
            new = _canonical(header, getattr(rec, name))
            key = (id_key(rec.report_id), rec.ref.strip().casefold(), header.casefold())
            recorded = key in state
            old = state.get(key)
            if (recorded and _same(old, new)) or (not recorded and new is None):
                continue
            out.append(Change(when, rec.report_id.strip(), rec.ref.strip(), header, old, new,
                              user))
    return out


def moved_targets(past: Iterable[Change]) -> dict[tuple[str, str], list[Change]]:
    """(report key, ref key) → the recorded Target date changes that replaced an earlier date,
    oldest first (one pass over History, for looking up many recommendations)."""
    field = TRACKED["target_date"].casefold()
    out: dict[tuple[str, str], list[Change]] = {}
    for c in past:
        if c.key[2] == field and c.old is not None:
            out.setdefault(c.key[:2], []).append(c)
    return out


def target_changes(past: Iterable[Change], rec: Recommendation) -> list[Change]:
    """The recorded changes of ``rec``'s Target date that moved an earlier date, oldest first."""
    if not (rec.report_id and rec.ref):
        return []
    return moved_targets(past).get((id_key(rec.report_id), rec.ref.strip().casefold()), [])
