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
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from s55xl import __version__, checks, datestyle, language
from s55xl.deadlines import ReportDates, subtract_working_days
from s55xl.documents import i18n
from s55xl.documents.pipeline import select_reports
from s55xl.model import Recommendation, Report, Tracker, id_key

CLOSED_STATUSES = ("Complete", "No action proposed")
REMINDER_HOUR = 9
# What each report date is called in the calendar, in the order of the process.
REPORT_DATES = (
    ("comments_requested_by", "Chief Constable comments due"),
    ("paper_due", "Board paper due"),
    ("board_meeting", "Board meeting"),
    ("submit_by", "Submit s55 response by"),
    ("statutory_deadline", "Statutory deadline (s55(5A))"),
)


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
    title = report.title or report.report_id
    for name, label in REPORT_DATES:
        day = getattr(dates, name)
        if day is None:
            continue
        rule = dates.basis.get(name, "")
        if langs == ("en",):
            out.append(Entry(uid(report.report_id, name), day, f"{report.report_id}: {label}",
                             f"{title} (published {datestyle.long(dates.published, style)})."
                             f"\n{label}: {rule}"))
            continue
        # A Welsh or bilingual office: the summary and description in its languages, in order
        # (the rule that produced the date is s55xl's English explanation).
        words = [i18n.Wording(lang, style) for lang in langs]
        summary = f"{report.report_id}: " + " / ".join(w.t(label) for w in words)
        lines = [w.t("{title} (published {date}).", title=_title(report, w.lang),
                     date=w.date(dates.published)) + f"\n{w.t(label)}" for w in words]
        out.append(Entry(uid(report.report_id, name), day, summary,
                         "\n\n".join(lines) + (f"\n\n{label}: {rule}" if rule else "")))
    return out


def _title(report: Report, lang: str) -> str:
    if lang == language.WELSH and report.title_cy:
        return report.title_cy
    return report.title or report.report_id or ""


def _target_entry(report: Report, rec: Recommendation, langs: tuple[str, ...] = ("en",)) -> Entry:
    who = f" – {rec.owner}" if rec.owner else ""
    if langs != ("en",):
        words = " / ".join(i18n.Wording(lang).t("target date") for lang in langs)
        return Entry(uid(report.report_id, "target", rec.ref), rec.target_date,
                     f"{report.report_id} {rec.ref}: {words}{who}",
                     f"Target date typed on the Recommendations sheet (row {rec.row}) for "
                     f"{report.report_id} {rec.ref}, status {rec.status or 'not given'}.\n"
                     + "\n".join(dict.fromkeys(filter(None, (
                         (rec.recommendation_cy or "").strip() if "cy" in langs else "",
                         (rec.recommendation or "").strip())))))
    text = (rec.recommendation or "").strip()
    return Entry(uid(report.report_id, "target", rec.ref),
                 rec.target_date, f"{report.report_id} {rec.ref}: target date{who}",
                 f"Target date typed on the Recommendations sheet (row {rec.row}) for "
                 f"{report.report_id} {rec.ref}, status {rec.status or 'not given'}.\n{text}")


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
