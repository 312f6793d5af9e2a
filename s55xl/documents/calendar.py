"""The dates as an iCalendar file for Outlook: ``s55xl calendar``.

Built with the ``icalendar`` package. Per report, an all-day event for each date s55xl works
out — Chief Constable comments by, paper due, board meeting, submit by and the statutory
deadline — whose description is the rule that produced it; per open recommendation (Status not
Complete or No action proposed) one for its target date.

UIDs are made from the Report ID and Ref (ignoring case and spaces) and what the date is, never
from the date itself, so importing a later run's file updates the same Outlook entries instead of
adding copies. Each event gets a reminder the Settings "Calendar reminder (working days)" before,
at 09:00 that day (weekends and England-and-Wales bank holidays skipped; 0 means none).

Each event carries ``LAST-MODIFIED`` and a ``SEQUENCE`` that grows when its date, summary or
description changes (worked out from the events of the file it replaces, :func:`sequences`),
so Outlook updates an entry on re-import instead of ignoring it. Dates in descriptions follow
the Settings Date style.

A Welsh or bilingual office (Settings ``Language``) gets every word of each event in its
language(s), in the order of the ``Welsh first`` setting: the summary, the report line, and the
rule that produced the date — each :class:`~s55xl.deadlines.Basis` written from its message and
values through the catalogues, its dates written the Welsh way (``Dydd Llun 20 Ebrill 2020``,
``Llun 13 Ebr``). An English office's calendar is the English text exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date
from icalendar import Alarm, Calendar, Event

from s55xl import __version__, checks, language
from s55xl.deadlines import Basis, ReportDates, ShortDate, subtract_working_days
from s55xl.documents import i18n
from s55xl.documents.pipeline import select_reports
from s55xl.model import Recommendation, Report, Tracker, id_key

CLOSED_STATUSES = ("Complete", "No action proposed")
REMINDER_HOUR = 9
# What each report date is called in the calendar, in the order of the process.
REPORT_DATES = (
    ("comments_requested_by", language.N_("Chief Constable comments due")),
    ("paper_due", language.N_("Board paper due")),
    ("board_meeting", language.N_("Board meeting")),
    ("submit_by", language.N_("Submit s55 response by")),
    ("statutory_deadline", language.N_("Statutory deadline (s55(5A))")),
)
# The Recommendations Status values, written in the office's language in a target date's event.
STATUS_NAMES = (language.N_("Not started"), language.N_("In progress"),
                language.N_("Awaiting others"), language.N_("Complete"),
                language.N_("No action proposed"))


@dataclass(frozen=True)
class Entry:
    """One all-day event: its stable ``uid``, the day, a summary and a description."""

    uid: str
    day: date
    summary: str
    description: str


def uid(*parts: str) -> str:
    """A UID that depends only on ``parts`` (compared ignoring case and surrounding spaces)."""
    digest = hashlib.sha256("\x1f".join(id_key(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@s55xl"


def entries(tracker: Tracker, *, today: date, report_ids: list[str] | None = None) -> list[Entry]:
    """The events for ``report_ids`` (None: every report), report dates then target dates.

    Raises :class:`~s55xl.errors.UnusableInput` for a Report ID not on the Reports sheet.
    """
    reports = select_reports(tracker, report_ids)
    checked = checks.run(tracker, today)
    dated = {id_key(d.report_id): d for d in reversed(checked.dates)}
    grouped: dict[str, list[Recommendation]] = {}
    for rec in tracker.recommendations:
        if rec.report_id:
            grouped.setdefault(id_key(rec.report_id), []).append(rec)
    langs = language.languages(tracker.settings.language, tracker.settings.welsh_first)
    out: list[Entry] = []
    for report in reports:
        dates = dated.get(id_key(report.report_id))
        if dates is not None:
            out += _report_entries(report, dates, tracker.settings.date_style, langs)
        for rec in grouped.get(id_key(report.report_id), []):
            if rec.target_date and rec.ref and rec.status not in CLOSED_STATUSES:
                out.append(_target_entry(report, rec, langs))
    seen: set[str] = set()  # a duplicated Report ID or Ref (a validation error) gives one event
    return [e for e in out if not (e.uid in seen or seen.add(e.uid))]


def _report_entries(report: Report, dates: ReportDates, style: str | None,
                    langs: tuple[str, ...] = ("en",)) -> list[Entry]:
    out = []
    # The summary and description in the office's languages, in order, each language's part
    # whole (report line, what the date is, the rule that produced it); English too comes from
    # the catalogue.
    words = [i18n.Wording(lang, style) for lang in langs]
    for name, label in REPORT_DATES:
        day = getattr(dates, name)
        if day is None:
            continue
        rule = dates.basis.get(name, "")
        summary = f"{report.report_id}: " + " / ".join(w.t(label) for w in words)
        parts = [w.t("{title} (published {date}).", title=_title(report, w.lang),
                     date=w.date(dates.published)) + f"\n{w.t(label)}"
                 + (f": {said(w, rule)}" if rule else "") for w in words]
        out.append(Entry(uid(report.report_id, name), day, summary, "\n\n".join(parts)))
    return out


def said(w: i18n.Wording, basis: str) -> str:
    """An explanation of how a date was worked out (a :class:`~s55xl.deadlines.Basis`, or
    plain English text) in ``w``'s language; its dates in that language's way (English: the
    Date style, as the Basis's own text)."""
    if not isinstance(basis, Basis):
        return w.t(basis) if basis else ""
    if not basis.message:
        return ""
    if not basis.values:
        return w.t(basis.message)
    return w.t(basis.message, **{k: _value(w, v) for k, v in basis.values.items()})


def _value(w: i18n.Wording, value: object) -> str:
    if isinstance(value, Basis):
        return said(w, value)
    if isinstance(value, tuple):
        return "; ".join(_value(w, v) for v in value)
    if isinstance(value, ShortDate):
        return (str(value) if w.lang == language.ENGLISH
                else format_date(value.day, "EEE d MMM", locale=i18n.LOCALES[w.lang]))
    if isinstance(value, date):
        return w.date_with_weekday(value)
    return str(value)


def _title(report: Report, lang: str) -> str:
    if lang == language.WELSH and report.title_cy:
        return report.title_cy
    return report.title or report.report_id or ""


def _target_entry(report: Report, rec: Recommendation, langs: tuple[str, ...] = ("en",)) -> Entry:
    who = f" – {rec.owner}" if rec.owner else ""
    # Each language's part: the sentence and the recommendation in that language (a Welsh
    # office whose Welsh text is blank sees the English, as validate warns).
    words = [i18n.Wording(lang) for lang in langs]
    english = (rec.recommendation or "").strip()
    parts = []
    for w in words:
        status = rec.status or ""
        status = (w.t(status) if status in STATUS_NAMES
                  else status or w.t("not given"))
        text = english
        if w.lang == language.WELSH:
            text = (rec.recommendation_cy or "").strip() or (
                "" if language.ENGLISH in langs else english)
        parts.append(w.t("Target date typed on the Recommendations sheet (row {row}) for "
                         "{report_id} {ref}, status {status}.", row=rec.row,
                         report_id=report.report_id, ref=rec.ref, status=status)
                     + (f"\n{text}" if text else ""))
    return Entry(uid(report.report_id, "target", rec.ref), rec.target_date,
                 f"{report.report_id} {rec.ref}: "
                 + " / ".join(w.t("target date") for w in words) + who,
                 "\n\n".join(parts))


def sequences(previous: bytes | None, items: list[Entry]) -> dict[str, tuple[int, datetime | None]]:
    """For each event of ``items``, its SEQUENCE and LAST-MODIFIED as kept from ``previous``
    (the .ics being replaced; None when there is none): unchanged events keep both; changed
    ones get the next SEQUENCE and None (modified now); new ones 0 and None."""
    old: dict[str, tuple[int, tuple, datetime | None]] = {}
    if previous:
        try:
            for event in Calendar.from_ical(previous).walk("VEVENT"):
                start = event.decoded("dtstart", None)
                seq = int(event.get("sequence", 0))
                modified = event.decoded("last-modified", None)
                old[str(event.get("uid"))] = (seq, (start, str(event.get("summary", "")),
                                                    str(event.get("description", ""))), modified)
        except (ValueError, KeyError, TypeError):
            old = {}  # not a calendar s55xl can read: start again
    out = {}
    for item in items:
        if item.uid not in old:
            out[item.uid] = (0, None)
            continue
        seq, content, modified = old[item.uid]
        if content == (item.day, item.summary, item.description):
            out[item.uid] = (seq, modified)
        else:
            out[item.uid] = (seq + 1, None)
    return out


def to_ics(items: list[Entry], *, reminder_days: int, name: str,
           now: datetime | None = None, previous: bytes | None = None) -> bytes:
    """The iCalendar file (RFC 5545) holding ``items``; ``now`` (None: now) stamps it;
    ``previous`` is the file it replaces (None: none), for SEQUENCE and LAST-MODIFIED."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    kept = sequences(previous, items)
    cal = Calendar()
    cal.add("prodid", f"-//s55xl {__version__}//section 55 dates//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        sequence, modified = kept.get(item.uid, (0, None))
        event.add("sequence", sequence)
        event.add("last-modified", modified if isinstance(modified, datetime) else stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if reminder_days > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            before = item.day - subtract_working_days(item.day, reminder_days)
            alarm.add("trigger", -(before - timedelta(hours=REMINDER_HOUR)))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def build(tracker: Tracker, *, today: date, report_ids: list[str] | None = None,
          now: datetime | None = None, previous: bytes | None = None) -> tuple[bytes, int]:
    """The .ics bytes for the tracker and how many events it holds; ``previous`` is the file
    being replaced (None: none)."""
    items = entries(tracker, today=today, report_ids=report_ids)
    settings = tracker.settings
    langs = language.languages(settings.language, settings.welsh_first)
    section = " / ".join(i18n.Wording(lang).t("Section 55") for lang in langs)
    name = f"{section} – {settings.force_full_name or settings.force_sentence_start}"
    return (to_ics(items, reminder_days=settings.reminder_days, name=name, now=now,
                   previous=previous), len(items))
