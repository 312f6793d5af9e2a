"""One pass over a tracker: validate its rows and work out its dates.

Every front door — ``s55xl validate``, ``s55xl update``, the buttons, document generation —
runs this once and uses its parts, so the rows are checked by the same rules in the same order
wherever the user asks.

    checked = run(tracker, today)
    checked.findings      # every finding, validation and deadlines, in sheet/row order
    checked.dates_for("NCPI-2019")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from s55xl import deadlines
from s55xl.findings import Finding, sort_key
from s55xl.model import Tracker
from s55xl.validate import validate


@dataclass(frozen=True)
class Checked:
    """What one pass found: ``validation`` (the rows' findings), ``dated`` (findings met while
    working out the dates, such as a bad schedule setting) and ``dates`` (one per report with
    an ID and a publication date)."""

    validation: list[Finding]
    dated: list[Finding]
    dates: list[deadlines.ReportDates]

    @property
    def findings(self) -> list[Finding]:
        """Validation and deadline findings together, sorted by sheet, row and column."""
        return sorted(self.validation + self.dated, key=sort_key)

    def dates_for(self, report_id: str) -> deadlines.ReportDates | None:
        """The dates of ``report_id``; None when it has no publication date."""
        return next((d for d in self.dates if d.report_id == report_id), None)


def run(tracker: Tracker, today: date) -> Checked:
    """Validate ``tracker`` and work out its dates as at ``today``."""
    validation = validate(tracker, today)
    dates, dated = deadlines.for_tracker(tracker, today)
    return Checked(validation, dated, dates)
