"""Section 55 deadlines and the internal dates that lead to them.

- Statutory deadline: s55(5A) Police Act 1996 — publication "before the end of the period of 56
  days beginning with the day on which the report is published". Day 1 is the publication day,
  so the last day is ``published + 55 days``. The statute counts calendar days; weekends and bank
  holidays do not move it.
- Submit by: the last England-and-Wales working day on or before the statutory deadline. Bank
  holidays come from the ``holidays`` package with ``subdiv="ENG"`` (without it Easter Monday and
  the August holiday are missing), one year at a time and remembered between runs
  (:mod:`s55xl.bank_holidays`); one-off days such as the 2022 state funeral are included.
- Board meeting: the latest meeting in the Settings schedule (an iCalendar RRULE and/or a list of
  dates) after publication and on or before submit-by, whose paper can be written after the
  report is out; a ``Board date`` on the report overrides it.
- Paper due: the meeting less the paper lead time in working days.
- Chief Constable's comments requested by: the paper due date (or submit-by when no meeting
  takes the paper) less the comments lead time in working days — the date the PCC specifies
  under s55(4).
- Status: ``responded`` once the response is signed (``Response date``) or published
  (``Response published``); ``overdue`` after the submit-by day; ``due-soon`` when the days
  remaining are within the Settings window; else ``on-track``.

Dates in the explanations follow the Settings ``Date style`` (:mod:`s55xl.datestyle`). Each
explanation is a :class:`Basis`: the English text, and the message (marked for the catalogues
with :func:`~s55xl.language.N_`) with its values, dates kept as dates, so the documents can
write it in Welsh too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

from s55xl import bank_holidays, datestyle
from s55xl.findings import Finding
from s55xl.language import N_
from s55xl.schema import REPORTS

STATUTORY_DAYS = 56


def statutory_deadline(published: date) -> date:
    """The last day of the 56 days beginning with the publication day (``published + 55``)."""
    return published + timedelta(days=STATUTORY_DAYS - 1)


def bank_holiday(day: date) -> str | None:
    """The name of the England-and-Wales bank holiday on ``day``, or None."""
    return bank_holidays.for_year(day.year).get(day)


def is_working_day(day: date, extra: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and bank_holiday(day) is None and day not in extra


def last_working_day_on_or_before(day: date, extra: frozenset[date] = frozenset()) -> date:
    while not is_working_day(day, extra):
        day -= timedelta(days=1)
    return day


def subtract_working_days(day: date, n: int, extra: frozenset[date] = frozenset()) -> date:
    """The working day ``n`` working days before ``day`` (``day`` itself need not be one)."""
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day, extra):
            n -= 1
    return day


def submit_by(published: date, extra: frozenset[date] = frozenset()) -> date:
    """The last England-and-Wales working day on or before the statutory deadline."""
    return last_working_day_on_or_before(statutory_deadline(published), extra)


def long_date(d: date, style: str | None = datestyle.DEFAULT) -> str:
    """``Wednesday 22nd April 2020`` (or ``Wednesday 22 April 2020``: ``style`` is a Date
    style setting)."""
    return datestyle.with_weekday(d, style)


@dataclass(frozen=True)
class ShortDate:
    """A day written short in an explanation: ``Mon 13 Apr``."""

    day: date

    def __str__(self) -> str:
        d = self.day
        return f"{d:%a} {d.day} {d:%b}"


def _english(value: object, date_style: str | None) -> str:
    if isinstance(value, date):
        return datestyle.with_weekday(value, date_style)
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


class Basis(str):
    """How one date was worked out: the English text (this string itself, so it reads, joins
    and compares as the plain explanation it always was) plus the ``message`` and its
    ``values``, for writing it in another language (``Wording.t(message, **values)``).

    A value is a :class:`~datetime.date` (written long, with its weekday, in the Date style),
    a :class:`ShortDate`, a number, a string, another :class:`Basis` (a phrase translated in
    its turn) or a tuple of them (joined with "; "). Immutable.
    """

    message: str
    values: Mapping[str, object]

    def __new__(cls, message: str, values: Mapping[str, object] | None = None, *,
                date_style: str | None = None) -> Basis:
        values = dict(values or {})
        text = message.format(**{k: _english(v, date_style) for k, v in values.items()}) \
            if values else message
        return cls._make(text, message, values)

    @classmethod
    def _make(cls, text: str, message: str, values: Mapping[str, object]) -> Basis:
        obj = super().__new__(cls, text)
        obj.__dict__.update(message=message, values=MappingProxyType(dict(values)))
        return obj

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Basis is immutable (setting {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Basis is immutable (deleting {name!r})")

    def __reduce__(self):
        return (_basis, (str(self), self.message, dict(self.values)))

    def __repr__(self) -> str:
        return f"Basis({self.message!r}, {dict(self.values)!r})"


def _basis(text: str, message: str, values: dict) -> Basis:
    return Basis._make(text, message, values)


# The England-and-Wales bank holidays' names as the ``holidays`` package gives them, marked so
# the catalogues hold them: an explanation names the bank holiday it skipped.
BANK_HOLIDAY_NAMES = (
    N_("New Year's Day"), N_("New Year's Day (observed)"), N_("Good Friday"),
    N_("Easter Monday"), N_("May Day"), N_("Spring Bank Holiday"),
    N_("Late Summer Bank Holiday"), N_("Christmas Day"), N_("Christmas Day (observed)"),
    N_("Boxing Day"), N_("Boxing Day (observed)"), N_("Wedding of William and Catherine"),
    N_("Golden Jubilee of Elizabeth II"), N_("Diamond Jubilee of Elizabeth II"),
    N_("Platinum Jubilee of Elizabeth II"), N_("State Funeral of Queen Elizabeth II"),
    N_("Coronation of Charles III"),
)


def skipped_day(day: date, extra: frozenset[date]) -> Basis:
    """Why ``day`` is not a working day, as a phrase: ``Mon 13 Apr is a bank holiday (Easter
    Monday)``."""
    short = ShortDate(day)
    if day.weekday() == 5:
        return Basis(N_("{day} is a Saturday"), {"day": short})
    if day.weekday() == 6:
        return Basis(N_("{day} is a Sunday"), {"day": short})
    if day in extra:
        return Basis(N_("{day} is a non-working day in Settings"), {"day": short})
    return Basis(N_("{day} is a bank holiday ({name})"),
                 {"day": short, "name": Basis(bank_holiday(day) or "")})


def _days(n: int) -> Basis:
    """``1 day``, ``2 days``, ``-1 day``, as a phrase to translate."""
    return Basis(N_("{count} day") if abs(n) == 1 else N_("{count} days"), {"count": n})


@dataclass(frozen=True)
class Problem:
    """Something about a report's dates worth telling staff, and the field it concerns."""

    field: str
    code: str
    message: str


class ScheduleError(ValueError):
    """The board meeting schedule in Settings cannot be read; the message says why."""


@dataclass(frozen=True)
class Schedule:
    """Board meetings: an optional RRULE and a set of listed dates."""

    rule: str | None = None
    dates: frozenset[date] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Schedule:
        from dateutil.rrule import rrulestr

        from s55xl.coerce import to_date

        rule, dates = None, set()
        for token in re.split(r"[\n,]+|;\s+(?=\d)", text or ""):
            token = token.strip()
            if not token:
                continue
            if re.match(r"(?:RRULE:)?FREQ=", token, re.IGNORECASE):
                body = re.sub(r"^RRULE:", "", token, flags=re.IGNORECASE).upper()
                try:
                    rrulestr(body, dtstart=datetime(2000, 1, 1))
                except (ValueError, TypeError) as exc:
                    raise ScheduleError(
                        f"'{token}' is not a rule s55xl can read ({exc}). Use a rule such as "
                        "FREQ=MONTHLY;BYDAY=+2TU (the second Tuesday of each month).") from None
                rule = body
                continue
            try:
                d = to_date(token)
            except ValueError:
                raise ScheduleError(
                    f"'{token}' is neither a date nor a rule. List meeting dates such as "
                    "14/04/2020, or give a rule such as FREQ=MONTHLY;BYDAY=+2TU.") from None
            dates.add(date(d.year, d.month, d.day))
        return cls(rule, frozenset(dates))

    def meetings(self, start: date, end: date) -> list[date]:
        """Meetings from ``start`` to ``end`` inclusive, in order."""
        found = {d for d in self.dates if start <= d <= end}
        if self.rule:
            from dateutil.rrule import rrulestr

            rule = rrulestr(self.rule, dtstart=datetime(start.year - 1, 1, 1))
            found.update(d.date() for d in rule.between(
                datetime.combine(start, datetime.min.time()),
                datetime.combine(end, datetime.min.time()), inc=True))
        return sorted(found)

    def expanded(self, start: date, end: date) -> Schedule:
        """The same meetings as plain dates, so many reports can be dated without re-running
        the rule for each (the description is kept)."""
        return _Expanded(None, frozenset(self.meetings(start, end)), self.describe())

    def describe(self) -> Basis:
        if self.rule and self.dates:
            return Basis(N_("the schedule rule {rule} and the listed meeting dates"),
                         {"rule": self.rule})
        if self.rule:
            return Basis(N_("the schedule rule {rule}"), {"rule": self.rule})
        if self.dates:
            return Basis(N_("the listed meeting dates"))
        return Basis(N_("no schedule"))


@dataclass(frozen=True)
class _Expanded(Schedule):
    description: Basis = Basis(N_("no schedule"))

    def describe(self) -> Basis:
        return self.description


@dataclass
class ReportDates:
    """Every date s55xl works out for one report, each with the rule that produced it
    (``basis``: a :class:`Basis` per date name)."""

    report_id: str
    title: str
    published: date
    statutory_deadline: date
    submit_by: date
    board_meeting: date | None
    paper_due: date | None
    comments_requested_by: date
    days_remaining: int
    status: str
    basis: dict[str, Basis] = field(default_factory=dict)

    def as_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "report_id": self.report_id,
            "title": self.title,
            "published": iso(self.published),
            "statutory_deadline": iso(self.statutory_deadline),
            "submit_by": iso(self.submit_by),
            "board_meeting": iso(self.board_meeting),
            "paper_due": iso(self.paper_due),
            "comments_requested_by": iso(self.comments_requested_by),
            "days_remaining": self.days_remaining,
            "status": self.status,
            "basis": {k: str(v) for k, v in self.basis.items()},
        }


def compute(report_id: str, title: str, published: date, *, today: date,
            schedule: Schedule, paper_lead_days: int, cc_lead_days: int, due_soon_days: int,
            board_date: date | None = None, response_published: date | None = None,
            extra: frozenset[date] = frozenset(), response_date: date | None = None,
            paper_date: date | None = None, date_style: str | None = None
            ) -> tuple[ReportDates, list[Problem]]:
    """Work out one report's dates. Returns the dates and any problems, in staff's words.

    ``response_date`` is the day the PCC signed the response and ``paper_date`` the day the
    Board paper was issued (None: not yet); ``date_style`` the Settings Date style.
    """
    def long_date(d: date) -> str:
        return datestyle.with_weekday(d, date_style)

    def said(message: str, **values: object) -> Basis:
        return Basis(message, values, date_style=date_style)

    problems: list[Problem] = []
    basis: dict[str, Basis] = {}
    last = statutory_deadline(published)
    basis["statutory_deadline"] = said(N_(
        "56 days beginning with the publication day ({published} is day 1), so day 56 is "
        "{last}; s55(5A) Police Act 1996 counts calendar days."), published=published, last=last)
    due = last_working_day_on_or_before(last, extra)
    if due == last:
        basis["submit_by"] = said(N_("The statutory deadline is itself a working day."))
    else:
        skipped = []
        d = last
        while d > due:
            skipped.append(skipped_day(d, extra))
            d -= timedelta(days=1)
        basis["submit_by"] = said(N_("Last working day on or before the statutory deadline: "
                                     "{skipped}."), skipped=tuple(reversed(skipped)))

    meeting = None
    if board_date:
        meeting = board_date
        basis["board_meeting"] = said(N_("Board date typed on the Reports sheet."))
        if board_date > due:
            problems.append(Problem(
                "board_date", "board-date-too-late",
                f"The Board date {long_date(board_date)} is after the submit-by date "
                f"{long_date(due)}, so the paper would reach the board too late."))
    else:
        meeting = next((m for m in reversed(schedule.meetings(published + timedelta(days=1), due))
                        if subtract_working_days(m, paper_lead_days, extra) >= published), None)
        if meeting:
            basis["board_meeting"] = said(N_("Latest meeting on or before the submit-by date "
                                             "in {schedule}."), schedule=schedule.describe())
        else:
            basis["board_meeting"] = said(N_("No meeting in {schedule} falls between "
                                             "publication and the submit-by date."),
                                          schedule=schedule.describe())
            problems.append(Problem(
                "board_date", "no-board-meeting",
                f"No board meeting in the schedule can take the paper between "
                f"{long_date(published)} and {long_date(due)}. Add a meeting date to the "
                "'Board meeting schedule' setting or type a Board date for this report."))
    paper = None
    if meeting:
        paper = subtract_working_days(meeting, paper_lead_days, extra)
        basis["paper_due"] = said(N_("{days} working days before the board meeting (Paper "
                                     "lead time setting)."), days=paper_lead_days)
    else:
        basis["paper_due"] = said(N_("No board meeting, so no paper date."))
    anchor = paper or due
    comments = subtract_working_days(anchor, cc_lead_days, extra)
    basis["comments_requested_by"] = said(
        N_("{days} working days before the paper due date (Chief Constable comments lead time "
           "setting) — the date to give under s55(4).") if paper else
        N_("{days} working days before the submit-by date (Chief Constable comments lead time "
           "setting) — the date to give under s55(4)."), days=cc_lead_days)

    if paper_date and meeting and paper_date > meeting:
        problems.append(Problem(
            "paper_date", "paper-after-meeting",
            f"The Paper date {long_date(paper_date)} is after the board meeting "
            f"{long_date(meeting)} that takes the paper. Type the day the paper was issued, on "
            "or before the meeting (or a Board date for a later meeting)."))

    remaining = (due - today).days
    if response_published or response_date:
        status = "responded"
        if response_published:
            basis["status"] = said(N_("Response published on {date}."),
                                   date=response_published)
        else:
            basis["status"] = said(N_("Response signed on {date}; fill in Response published "
                                      "once it is on the website."), date=response_date)
        if response_published and response_published > last:
            problems.append(Problem(
                "response_published", "published-late",
                f"The response was published on {long_date(response_published)}, after the "
                f"statutory deadline of {long_date(last)}."))
    elif today > due:
        status = "overdue"
        basis["status"] = said(N_("Today ({today}) is after the submit-by date."), today=today)
    elif remaining <= due_soon_days:
        status = "due-soon"
        basis["status"] = said(N_("{remaining} to the submit-by date, within {window}."),
                               remaining=_days(remaining), window=_days(due_soon_days))
    else:
        status = "on-track"
        basis["status"] = said(N_("{remaining} to the submit-by date."),
                               remaining=_days(remaining))
    basis["days_remaining"] = said(N_("Calendar days from {today} to the submit-by date."),
                                   today=today)
    return ReportDates(report_id, title, published, last, due, meeting, paper, comments,
                       remaining, status, basis), problems


def for_tracker(tracker, today: date) -> tuple[list[ReportDates], list[Finding]]:
    """Dates for every report that has an ID and a publication date, plus findings."""
    from s55xl.coerce import to_date

    settings = tracker.settings
    findings: list[Finding] = []
    extra: set[date] = set()
    for token in re.split(r"[\n,;]+", settings.extra_holidays or ""):
        if token.strip():
            try:
                d = to_date(token.strip())
                extra.add(date(d.year, d.month, d.day))
            except ValueError as exc:
                findings.append(_settings_finding(tracker, "extra_holidays", "invalid-setting",
                                                  f"Extra non-working days: {exc}"))
    try:
        schedule = Schedule.parse(settings.board_schedule)
    except ScheduleError as exc:
        findings.append(_settings_finding(tracker, "board_schedule", "invalid-schedule",
                                          f"Board meeting schedule: {exc}"))
        schedule = Schedule()
    results = []
    reports_layout = tracker.layouts.get("Reports")
    published = [r.published for r in tracker.reports if r.report_id and r.published]
    if published:
        schedule = schedule.expanded(min(published), statutory_deadline(max(published)))
    for report in tracker.reports:
        if not report.report_id or not report.published:
            continue
        dates, problems = compute(
            report.report_id, report.title or "", report.published, today=today,
            schedule=schedule, paper_lead_days=settings.paper_lead_days,
            cc_lead_days=settings.cc_lead_days, due_soon_days=settings.due_soon_days,
            board_date=report.board_date, response_published=report.response_published,
            extra=frozenset(extra), response_date=report.response_date,
            paper_date=report.paper_date, date_style=settings.date_style)
        results.append(dates)
        sheet = reports_layout.sheet if reports_layout else "Reports"
        for p in problems:
            findings.append(Finding("warning", p.code, sheet,
                                    tracker.cell("Reports", p.field, report.row), report.row,
                                    REPORTS.by_field[p.field].header,
                                    f"{report.report_id}: {p.message}"))
    return results, findings


def _settings_finding(tracker, field_name: str, code: str, message: str) -> Finding:
    cell = tracker.settings_cells.get(field_name, "")
    row = int(re.sub(r"\D", "", cell)) if cell else None
    return Finding("error", code, "Settings", cell, row, "Value", message)
