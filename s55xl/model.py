"""The governance workbook as data: reports, recommendations, signatories and settings.

The models are pydantic v2 models whose fields accept what Excel hands over (see
:mod:`s55xl.coerce`). Every field is optional at this level: whether a value is *required*
depends on the row (a blank force response is fine for a Home Office recommendation, an error for
a chief constables' one), so that judgement belongs to :mod:`s55xl.validate`, which can say so in
staff's words. ``row`` is the Excel row the values came from (``None`` for rows made in code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo

from s55xl import coerce, schema
from s55xl.cells import column_letter
from s55xl.findings import Finding


def _note(info: ValidationInfo, code: str, message: str) -> None:
    if info.context is not None:
        info.context.setdefault("notes", []).append((info.field_name, code, message))


def _date(value: Any, info: ValidationInfo) -> date | None:
    d = coerce.to_date(value)
    if isinstance(d, coerce.TextDate):
        _note(info, "text-date",
              f"'{d.source}' was typed as text; read as {d.strftime('%d %B %Y').lstrip('0')}. "
              "Retype it as a date (e.g. 27/02/2020) so Excel can sort and check it.")
        return d.as_date()
    return d


def _choice(choices: tuple[str, ...], aliases: dict[str, str]):
    return BeforeValidator(lambda v: coerce.to_choice(v, choices, aliases))


Text = Annotated[str | None, BeforeValidator(coerce.to_text)]
ExcelDate = Annotated[date | None, BeforeValidator(_date)]
WholeNumber = Annotated[int | None, BeforeValidator(coerce.to_int)]
ReportType = Annotated[str | None, _choice(schema.REPORT_TYPES, {
    "thematic": "National thematic", "national": "National thematic",
    "force": "Force inspection", "joint": "Joint inspection",
    "peel inspection": "PEEL", "jtai": "Joint inspection",
})]
FindingType = Annotated[str | None, _choice(schema.FINDING_TYPES, {
    "rec": "Recommendation", "recommendations": "Recommendation", "r": "Recommendation",
    "afi": "Area for improvement", "area for improvements": "Area for improvement",
    "areas for improvement": "Area for improvement",
    "coc": "Cause of concern", "causes of concern": "Cause of concern",
})]
Status = Annotated[str | None, _choice(schema.STATUSES, {
    "completed": "Complete", "done": "Complete", "closed": "Complete",
    "open": "In progress", "ongoing": "In progress", "in hand": "In progress",
    "not yet started": "Not started", "no action": "No action proposed",
    "awaiting": "Awaiting others", "awaiting other bodies": "Awaiting others",
})]


class Row(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    row: int | None = None


class Report(Row):
    report_id: Text = None
    title: Text = None
    inspectorate: Text = None
    report_type: ReportType = None
    published: ExcelDate = None
    report_url: Text = None
    summary: Text = None
    cc_comments: Text = None
    pcc_comments: Text = None
    pcc_response: Text = None
    board_date: ExcelDate = None
    response_published: ExcelDate = None
    lead_officer: Text = None
    response_date: ExcelDate = None
    paper_date: ExcelDate = None
    title_cy: Text = None
    cc_comments_cy: Text = None
    pcc_comments_cy: Text = None
    pcc_response_cy: Text = None


class Recommendation(Row):
    report_id: Text = None
    ref: Text = None
    type: FindingType = None
    addressed_to: Text = None
    recommendation: Text = None
    force_response: Text = None
    pcc_action: Text = None
    recommendation_cy: Text = None
    force_response_cy: Text = None
    pcc_action_cy: Text = None
    owner: Text = None
    status: Status = None
    target_date: ExcelDate = None
    evidence: Text = None


class Signatory(Row):
    report_id: Text = None
    name: Text = None
    rank: Text = None
    role: Text = None
    order: WholeNumber = None

    @property
    def signature(self) -> str:
        """"Rank Name – Role", as the reference paper signs."""
        who = " ".join(p for p in (self.rank, self.name) if p)
        return f"{who} – {self.role}" if self.role else who


@dataclass(frozen=True)
class SettingSpec:
    label: str
    field: str
    default: Any
    help: str


class Settings(BaseModel):
    """The Settings sheet, one row per field in this order: the field's ``title`` is the
    Setting label staff see, its ``description`` the Help text, its default what a blank or
    missing row means. The builder and the documents read the labels from here too
    (:data:`SETTING_SPECS`)."""

    model_config = ConfigDict(frozen=True)

    force_name: str = Field(
        "the Constabulary", title="Force name",
        description="How documents name the force in a sentence, e.g. the Constabulary.")
    force_full_name: str = Field(
        "", title="Force full name",
        description="The force's full name, e.g. Cumbria Constabulary.")
    policing_body: str = Field(
        "Police and Crime Commissioner", title="Local policing body",
        description="The body that must publish the response, e.g. Police and Crime Commissioner.")
    pcc_name: str = Field(
        "", title="PCC name",
        description="The Commissioner's name, as signed.")
    pcc_possessive: str = Field(
        "their", title="PCC possessive",
        description="his, her or their.")
    board_name: str = Field(
        "Business Co-ordination Board", title="Board name",
        description="The board that takes the paper.")
    board_short_name: str = Field(
        "the Board", title="Board short name",
        description="How the paper refers to the board after first use.")
    board_schedule: str = Field(
        "FREQ=MONTHLY;BYDAY=+2TU", title="Board meeting schedule",
        description=("An iCalendar rule such as FREQ=MONTHLY;BYDAY=+2TU (second Tuesday), and/or meeting "
                     "dates such as 14/04/2020, one per line or separated by commas."))
    paper_lead_days: Annotated[int, BeforeValidator(coerce.to_int), Field(ge=0, le=250)] = Field(
        5, title="Paper lead time (working days)",
        description="Working days before the meeting that the paper is due.")
    cc_lead_days: Annotated[int, BeforeValidator(coerce.to_int), Field(ge=0, le=250)] = Field(
        5, title="Chief Constable comments lead time (working days)",
        description=("Working days before the paper is due that the Chief Constable's comments are "
                     "requested."))
    due_soon_days: Annotated[int, BeforeValidator(coerce.to_int), Field(ge=0, le=366)] = Field(
        14, title="Due soon window (days)",
        description="A report is 'Due soon' when this many days or fewer remain.")
    extra_holidays: str = Field(
        "", title="Extra non-working days",
        description="Dates the office is closed besides weekends and bank holidays, e.g. 24/12/2020.")
    output_folder: str = Field(
        "s55xl-output", title="Output folder",
        description="Where documents are written; relative to the workbook's folder unless a full path.")
    protective_marking: str = Field(
        "OFFICIAL", title="Protective marking",
        description="Printed at the top of the Board paper.")
    standard_response: str = Field(
        "This recommendation is addressed to {addressee}. {Force} will await further "
        "information.", title="Standard response (other bodies)",
        description=("Used when a recommendation is addressed only to other bodies and the force response "
                     "is blank. {addressee} and {Force} are filled in."))
    standard_pcc_action: str = Field(
        "I will monitor {force}'s progress on this recommendation through the {board}.",
        title="Standard PCC action",
        description=("Section 55(5B): the PCC's action used where a recommendation's PCC action "
                     "is blank (a warning). {force} and {board} are filled in."))
    home_office_email: str = Field(
        "", title="Home Office email",
        description="Section 55(6): where the Home Secretary's copy of the response is sent.")
    hmicfrs_email: str = Field(
        "", title="HMICFRS email",
        description="Section 55(6): where the inspectorate's copy of the response is sent.")
    server_address: str = Field(
        "", title="Server address",
        description=("Optional: the s55xl server the buttons use where Python cannot be "
                     "installed, e.g. https://s55xl.force.local."))
    response_base_url: str = Field(
        "", title="Response web address",
        description=("Optional: the web folder where the PCC's response is published; the publication page "
                     "links to it."))
    board_paper_template: str = Field(
        "", title="Board paper template",
        description="Optional: a Word template to use instead of the built-in Board paper.")
    response_template: str = Field(
        "", title="Response template",
        description="Optional: a Word template to use instead of the built-in PCC response.")
    publication_template: str = Field(
        "", title="Publication template",
        description="Optional: an HTML template to use instead of the built-in web page.")
    reminder_days: Annotated[int, BeforeValidator(coerce.to_int), Field(ge=0, le=250)] = Field(
        5, title="Calendar reminder (working days)",
        description=("How many working days before each date the calendar's reminders go off "
                     "(s55xl calendar); 0 for no reminders."))
    progress_template: str = Field(
        "", title="Progress paper template",
        description="Optional: a Word template to use instead of the built-in progress paper.")
    chief_constable_email: str = Field(
        "", title="Chief Constable email",
        description=("Section 55(4): where the request for the Chief Constable's comments is sent "
                     "(s55xl pack)."))
    police_area: str = Field(
        "", title="Police area",
        description=("The police area the PCC is commissioner for, e.g. Cumbria: documents name "
                     "the Police and Crime Commissioner for Cumbria. Leave blank when the Local "
                     "policing body setting already holds the full title (e.g. the Mayor's "
                     "Office for Policing and Crime)."))
    logo: str = Field(
        "", title="Logo",
        description=("Optional: the office's logo for the letterhead, a PNG or JPEG file "
                     "(relative to the workbook's folder unless a full path), e.g. logo.png."))
    signature_image: str = Field(
        "", title="Signature image",
        description=("Optional: the PCC's signature, a PNG or JPEG file printed above the name "
                     "on the final response, e.g. signature.png."))
    office_address: str = Field(
        "", title="Office address",
        description=("The office's address for the letterhead's footer, one line per line (or "
                     "separated by commas)."))
    date_style: str = Field(
        "27th February 2020", title="Date style",
        description=("How every date is written: 27th February 2020 (as the reference paper) or "
                     "27 February 2020 (as GOV.UK writes dates)."))
    language: str = Field(
        "English", title="Language",
        description=("The language of the documents: English, Cymraeg (Welsh only) or Bilingual "
                     "(Welsh and English side by side, as the Welsh Language Standards ask of "
                     "PCCs in Wales). Cymraeg and Bilingual take the text of the Welsh columns."))
    welsh_first: str = Field(
        "Yes", title="Welsh first",
        description=("Bilingual documents only: Yes puts the Welsh before (or left of) the "
                     "English, as most Welsh public bodies lay them out; No puts English first."))

    @property
    def force_names(self) -> tuple[str, ...]:
        """The force's names that mean this force when a recommendation is addressed to it
        (the generic "the force" is left out: it means every force)."""
        return tuple(n for n in (self.force_name, self.force_full_name)
                     if n and n.strip().casefold() not in ("the force", "force"))

    @property
    def policing_body_title(self) -> str:
        """The local policing body's full title: "Police and Crime Commissioner for Cumbria"
        from the Local policing body and Police area settings; the title as typed when the
        area is blank or the title already names it or is a Mayor's (typed in full)."""
        body = " ".join(self.policing_body.split())
        area = " ".join(self.police_area.split())
        if not area or not body:
            return body
        folded = body.casefold()
        if area.casefold() in folded or "mayor" in folded or " for " in folded:
            return body
        return f"{body} for {area}"

    @property
    def force_sentence_start(self) -> str:
        """The force name capitalised for the start of a sentence ("The Constabulary")."""
        name = self.force_name
        return name[:1].upper() + name[1:]


SETTING_SPECS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(info.title, name, info.default, info.description)
    for name, info in Settings.model_fields.items())
SETTINGS_BY_LABEL = {schema.normalise_header(s.label): s for s in SETTING_SPECS}


@dataclass
class SheetLayout:
    """Where a table sits in its sheet: the header row and the column of each field.

    Rows and columns are 1-based, as Excel numbers them. ``extra`` lists columns the contract
    does not know (kept untouched).
    """

    sheet: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str] = field(default_factory=dict)  # field -> header text as typed
    extra: dict[int, str] = field(default_factory=dict)
    last_row: int = 0
    width: int = 0

    def cell(self, field_name: str, row: int | None) -> str:
        col = self.columns.get(field_name)
        if col is None or row is None:
            return ""
        return f"{column_letter(col)}{row}"


def id_key(report_id: str) -> str:
    """How Report IDs are compared everywhere: ignoring case and surrounding spaces."""
    return report_id.strip().casefold()


@dataclass
class Tracker:
    """Everything read from one workbook, plus what was noticed while reading it."""

    source: str
    reports: list[Report] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    layouts: dict[str, SheetLayout] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    settings_cells: dict[str, str] = field(default_factory=dict)  # field -> "B5"

    # Report IDs match ignoring case and surrounding spaces (id_key), here and in validation.

    def report(self, report_id: str) -> Report | None:
        """The report with this ID; None when there is none."""
        key = id_key(report_id)
        return next((r for r in self.reports if r.report_id and id_key(r.report_id) == key), None)

    def recommendations_for(self, report_id: str) -> list[Recommendation]:
        """The report's recommendation rows, in sheet order."""
        key = id_key(report_id)
        return [r for r in self.recommendations if r.report_id and id_key(r.report_id) == key]

    def signatories_for(self, report_id: str) -> list[Signatory]:
        """Who signs the report's papers: its own rows and the rows for every report (blank
        Report ID), by Order, then sheet order."""
        key = id_key(report_id)
        rows = [s for s in self.signatories
                if s.name and (not s.report_id or id_key(s.report_id) == key)]
        return sorted(rows, key=lambda s: (s.order is None, s.order or 0, s.row or 0))

    def cell(self, sheet: str, field_name: str, row: int | None) -> str:
        layout = self.layouts.get(sheet)
        return layout.cell(field_name, row) if layout else ""


def build_row(model: type[Row], values: dict[str, Any], *, row: int, spec: schema.SheetSpec,
              layout: SheetLayout) -> tuple[Row, list[Finding]]:
    """Validate one row's values into ``model``, turning every problem into a finding.

    A value that cannot be understood is reported against its cell and left out, so the rest
    of the row is still checked and used.
    """
    findings: list[Finding] = []
    context: dict = {}
    values["row"] = row
    try:
        obj = model.model_validate(values, context=context)
    except ValidationError:
        pass
    else:
        if "notes" not in context:
            return obj, findings
    while True:
        try:
            obj = model.model_validate(values, context=context)
            break
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
            for err in exc.errors(include_url=False):
                name = str(err["loc"][0]) if err["loc"] else ""
                findings.append(_finding(spec, layout, name, row, "invalid-value",
                                         _message(err), "error"))
            if not bad & values.keys():
                obj = model.model_construct(row=row)
                break
            values = {k: v for k, v in values.items() if k not in bad}
            context = {}
    for name, code, message in context.get("notes", []):
        findings.append(_finding(spec, layout, name, row, code, message, "warning"))
    return obj, findings


def _message(err: dict) -> str:
    ctx = err.get("ctx") or {}
    if "error" in ctx:
        return str(ctx["error"])
    return str(err.get("msg", "This value cannot be used."))


def _finding(spec: schema.SheetSpec, layout: SheetLayout, name: str, row: int, code: str,
             message: str, severity: str) -> Finding:
    column = spec.by_field[name].header if name in spec.by_field else name
    return Finding(severity, code, layout.sheet, layout.cell(name, row), row, column, message)
