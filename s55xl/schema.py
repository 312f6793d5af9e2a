"""The workbook contract: sheet names, column headers, lists and help text.

Everything that reads or writes the governance workbook — the headless reader, the Excel adapter,
the workbook builder, `s55xl update` — takes its sheet and header names from here, so the contract
in DESIGN.md lives in exactly one place.

Headers are matched ignoring case, spaces and a trailing ``*`` (``"Report ID *"`` and
``"reportid"`` are the same header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORT_TYPES = ("National thematic", "Force inspection", "PEEL", "Joint inspection", "Other")
FINDING_TYPES = ("Recommendation", "Area for improvement", "Cause of concern")
STATUSES = ("Not started", "In progress", "Complete", "No action proposed", "Awaiting others")
# The Welsh column beside each English one (Settings Language Cymraeg or Bilingual): field of
# the English text -> field of its Welsh text.
WELSH_FIELDS = {
    "title": "title_cy",
    "cc_comments": "cc_comments_cy",
    "pcc_comments": "pcc_comments_cy",
    "pcc_response": "pcc_response_cy",
    "recommendation": "recommendation_cy",
    "force_response": "force_response_cy",
    "pcc_action": "pcc_action_cy",
}
DEADLINE_STATUSES = {
    "responded": "Responded",
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "on-track": "On track",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the header staff see and the model field it fills."""

    header: str
    field: str
    kind: str = "text"  # text, longtext, date, int, url, choice
    required_header: bool = False
    computed: bool = False
    choices: tuple[str, ...] = ()
    width: int = 16
    note: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    table_name: str = ""
    description: str = ""
    by_field: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_field", {c.field: c for c in self.columns})

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)


def normalise_header(text: object) -> str:
    """The form headers are compared in: no case, no spaces, no trailing asterisk."""
    if text is None:
        return ""
    s = str(text).strip().rstrip("*")
    return re.sub(r"\s+", "", s).casefold()


REPORTS = SheetSpec(
    name="Reports",
    table_name="tblReports",
    description="One row per inspection report.",
    columns=(
        Column("Report ID", "report_id", required_header=True, width=14,
               note="A short unique code you choose, e.g. NCPI-2019. Used in file names."),
        Column("Title", "title", required_header=True, width=40,
               note="The report's title as HMICFRS publishes it."),
        Column("Inspectorate", "inspectorate", width=14, note="Blank means HMICFRS."),
        Column("Report type", "report_type", kind="choice", choices=REPORT_TYPES, width=18),
        Column("Published", "published", kind="date", required_header=True, width=13,
               note="The day HMICFRS published the report. Day 1 of the 56 days."),
        Column("Report URL", "report_url", kind="url", width=40,
               note="Link to the published report, starting https://"),
        Column("Summary", "summary", kind="longtext", width=50,
               note="Summary paragraphs for the publication page."),
        Column("Chief Constable comments", "cc_comments", kind="longtext", width=50),
        Column("PCC comments", "pcc_comments", kind="longtext", width=50),
        Column("PCC response to Chief Constable comments", "pcc_response", kind="longtext",
               width=50),
        Column("Board date", "board_date", kind="date", width=13,
               note="Optional: the board meeting that takes the paper, if not the scheduled one."),
        Column("Response published", "response_published", kind="date", width=15,
               note="The day the PCC's response was published. Fill in once done."),
        Column("Lead officer", "lead_officer", width=20),
        Column("Response date", "response_date", kind="date", width=13,
               note="Optional: the day the PCC signs the response. Blank: the documents are "
                    "drafts, marked DRAFT."),
        Column("Paper date", "paper_date", kind="date", width=13,
               note="Optional: the day the Board paper is issued for its meeting. Blank: the "
                    "Board paper is a draft, marked DRAFT."),
        Column("Statutory deadline", "statutory_deadline", kind="date", computed=True, width=13,
               note="Computed: last day of the 56 days beginning with the publication day."),
        Column("Submit by", "submit_by", kind="date", computed=True, width=13,
               note="Computed: last working day on or before the statutory deadline."),
        Column("Board meeting", "board_meeting", kind="date", computed=True, width=13,
               note="Computed: the meeting that must take the paper."),
        Column("Paper due", "paper_due", kind="date", computed=True, width=13,
               note="Computed: the board meeting less the paper lead time."),
        Column("Days remaining", "days_remaining", kind="int", computed=True, width=10,
               note="Computed: calendar days from today to the submit-by date."),
        Column("Deadline status", "deadline_status", computed=True, width=12,
               note="Computed: Responded, Overdue, Due soon or On track."),
        # Welsh offices' columns come after the computed ones, so the columns of an English
        # office's workbook stay where they were.
        Column("Title (Welsh)", "title_cy", width=40,
               note="Welsh offices: the report's title in Welsh (Settings Language Cymraeg or "
                    "Bilingual)."),
        Column("Chief Constable comments (Welsh)", "cc_comments_cy", kind="longtext", width=50,
               note="Welsh offices: the Chief Constable's comments in Welsh."),
        Column("PCC comments (Welsh)", "pcc_comments_cy", kind="longtext", width=50,
               note="Welsh offices: the PCC's comments in Welsh."),
        Column("PCC response to Chief Constable comments (Welsh)", "pcc_response_cy",
               kind="longtext", width=50,
               note="Welsh offices: the PCC's response to the Chief Constable's comments in "
                    "Welsh."),
    ),
)

RECOMMENDATIONS = SheetSpec(
    name="Recommendations",
    table_name="tblRecommendations",
    description="One row per recommendation, area for improvement or cause of concern.",
    columns=(
        Column("Report ID", "report_id", required_header=True, width=14,
               note="The Report ID from the Reports sheet."),
        Column("Ref", "ref", required_header=True, width=8,
               note="The reference in the report, e.g. 3.1, R2, AFI 4. Unique within a report."),
        Column("Type", "type", kind="choice", choices=FINDING_TYPES, width=20),
        Column("Addressed to", "addressed_to", required_header=True, width=24,
               note="Who the recommendation is for, e.g. Home Office; Chief constables."),
        Column("Recommendation", "recommendation", kind="longtext", required_header=True,
               width=60, note="The recommendation's text exactly as in the report."),
        Column("Force response", "force_response", kind="longtext", required_header=True,
               width=60,
               note="What the force is doing. Leave blank only when addressed to other bodies."),
        Column("PCC action", "pcc_action", kind="longtext", width=60,
               note="Section 55(5B): the action the PCC has taken or proposes, or why none. "
                    "Blank: the Settings 'Standard PCC action' wording."),
        Column("Owner", "owner", width=20),
        Column("Status", "status", kind="choice", choices=STATUSES, width=16),
        Column("Target date", "target_date", kind="date", width=13),
        Column("Evidence", "evidence", kind="longtext", width=40,
               note="Where the evidence of completion is kept."),
        Column("Validation", "validation", computed=True, width=40,
               note="Computed: problems found with this row."),
        # Welsh offices' columns: after the computed one (see Reports).
        Column("Recommendation (Welsh)", "recommendation_cy", kind="longtext", width=60,
               note="Welsh offices: the recommendation in Welsh (HMICFRS publishes some reports "
                    "in Welsh)."),
        Column("Force response (Welsh)", "force_response_cy", kind="longtext", width=60,
               note="Welsh offices: the force response in Welsh."),
        Column("PCC action (Welsh)", "pcc_action_cy", kind="longtext", width=60,
               note="Welsh offices: the PCC's action in Welsh."),
    ),
)

SIGNATORIES = SheetSpec(
    name="Signatories",
    table_name="tblSignatories",
    description="Who signs the Board paper. Blank Report ID means every report.",
    columns=(
        Column("Report ID", "report_id", width=14, note="Blank means every report."),
        Column("Name", "name", required_header=True, width=28),
        Column("Rank", "rank", width=30),
        Column("Role", "role", width=36),
        Column("Order", "order", kind="int", width=8, note="1 signs first."),
    ),
)

SETTINGS = SheetSpec(
    name="Settings",
    table_name="tblSettings",
    description="How documents are worded and deadlines worked out.",
    columns=(
        Column("Setting", "setting", required_header=True, width=40),
        Column("Value", "value", required_header=True, width=60),
    ),
)

INPUT_SHEETS = (REPORTS, RECOMMENDATIONS, SIGNATORIES, SETTINGS)

CONTROL_SHEET = "Control"
LOG_SHEET = "Log"
LISTS_SHEET = "Lists"
XLWINGS_CONF_SHEET = "xlwings.conf"
FINDINGS_SHEET = "Findings"
DASHBOARD_SHEET = "Dashboard"

FINDINGS_TABLE = "tblFindings"
LOG_TABLE = "tblLog"
# Workbook-level names the buttons find their Control cells by.
SELECTED_REPORT_NAME = "SelectedReport"
STATUS_NAME = "LastRunStatus"

LOG_HEADERS = ("Time", "User", "Action", "Report", "Outcome", "Output")
FINDINGS_HEADERS = ("Severity", "Sheet", "Cell", "Column", "Problem", "Code")

ERROR_VALUES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#PYTHON!", "#EXTERNAL!",
})
