"""The submission pack: ``s55xl pack``.

Two messages as ``.eml`` files (RFC 5322, made with the standard library's :mod:`email`, UTF-8
safe headers; ``X-Unsent: 1`` makes Outlook open them as drafts ready to send):

- **s55(6)**: the PCC's final response to the Home Office (To, the Settings "Home Office email")
  and HMICFRS (Cc, "HMICFRS email"), with the response attached — the PDF, or the Word document
  where no PDF converter is installed — and a short covering note naming the report and where it
  and the response are published. Refused while the response is a draft (Response date blank)
  or an address is missing; each refusal names the cell to fill in.
- **s55(4)**: the request for the Chief Constable's comments by the comments-by date, to the
  Settings "Chief Constable email" (blank: the message has no recipient yet, and a note says
  which cell to fill in).

The attachment is also written into the pack's folder, so what was sent is on file.
"""

from __future__ import annotations

import mimetypes
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from s55xl import checks
from s55xl.deadlines import long_date
from s55xl.documents import files, pipeline, wording
from s55xl.model import SETTING_SPECS, Report, Tracker

_LABELS = {s.field: s.label for s in SETTING_SPECS}
S55_6_LABEL = "s55(6) submission"
S55_4_LABEL = "s55(4) comments request"


@dataclass
class Pack:
    """What :func:`pack` wrote. ``refused`` holds one message per thing not made (each naming
    the cell to fix); ``notes`` things made but worth knowing."""

    written: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _cell(tracker: Tracker, name: str) -> str:
    where = tracker.settings_cells.get(name)
    label = _LABELS[name]
    return (f"the '{label}' setting (Settings!{where})" if where
            else f"the '{label}' setting (add a '{label}' row to the Settings sheet)")


def _report_cell(tracker: Tracker, report: Report, name: str) -> str:
    cell = tracker.cell("Reports", name, report.row)
    return f"Reports!{cell}" if cell else "the Reports sheet"


def message(*, subject: str, to: list[str], cc: list[str], body: str, now: datetime,
            attachment: Path | None = None) -> bytes:
    """One unsent message as .eml bytes; ``attachment`` None means none."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    if to:
        msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Date"] = format_datetime(now.astimezone())
    msg["Message-ID"] = make_msgid(domain="s55xl.invalid")
    msg["X-Unsent"] = "1"
    msg.set_content(body, charset="utf-8")
    if attachment is not None:
        kind = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
        if attachment.suffix.lower() == ".docx":
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        main, sub = kind.split("/", 1)
        msg.add_attachment(attachment.read_bytes(), maintype=main, subtype=sub,
                           filename=attachment.name)
    return msg.as_bytes()


def _addresses(text: str) -> list[str]:
    return [a.strip() for a in text.replace(";", ",").split(",") if a.strip()]


def pack(tracker: Tracker, report_id: str, *, out_dir: Path, today: date,
         base_dir: Path, now: datetime | None = None) -> Pack:
    """Write the s55(4) request and, for a final response, the s55(6) message into ``out_dir``.

    Raises :class:`~s55xl.errors.UnusableInput` for a Report ID not on the Reports sheet.
    """
    now = now or datetime.now()
    report = pipeline.select_reports(tracker, [report_id])[0]
    result = Pack()
    settings = tracker.settings
    checked = checks.run(tracker, today)
    dates = checked.dates_for(report.report_id)
    title = report.title or report.report_id
    body_name = settings.pcc_name or f"The {settings.policing_body}"
    inspectorate = wording.inspectorate_names(report.inspectorate, report.published)[0]

    # s55(4): the request for the Chief Constable's comments.
    cc_to = _addresses(settings.chief_constable_email)
    by = long_date(dates.comments_requested_by) if dates else "the date agreed"
    request = message(
        subject=f"Request for comments under section 55(4): {title}",
        to=cc_to, cc=[], now=now,
        body=(f"{inspectorate} published '{title}' on {wording.uk_long_date(report.published)}."
              + (f"\n{report.report_url}" if report.report_url else "")
              + f"\n\nUnder section 55(4) of the Police Act 1996 I invite your comments on the "
              f"report, please, by {by}, so that they can be published with my response.\n\n"
              f"{body_name}\n"))
    result.written.append(files.write_new(out_dir, files.document_name(
        report.report_id, S55_4_LABEL, "eml"), request))
    if not cc_to:
        result.notes.append(f"The s55(4) request has no recipient: fill in "
                            f"{_cell(tracker, 'chief_constable_email')} or add it in Outlook.")

    # s55(6): the final response to the Home Office and HMICFRS.
    if not report.response_date:
        result.refused.append(
            f"{report.report_id}: the response is still a draft; fill in Response date first "
            f"({_report_cell(tracker, report, 'response_date')}) – the s55(6) copies must be "
            "the final response.")
        return result
    missing = [_cell(tracker, n) for n in ("home_office_email", "hmicfrs_email")
               if not _addresses(getattr(settings, n))]
    if missing:
        result.refused.append(f"{report.report_id}: no s55(6) message without both addresses; "
                              f"fill in {' and '.join(missing)}.")
        return result
    attachment = _response_file(tracker, report, out_dir, today, base_dir, result)
    if attachment is None:
        return result
    result.written.append(attachment)
    where = report.report_url or f"the {inspectorate} website"
    published = (f"It is published at {settings.response_base_url}"
                 if settings.response_base_url else "It is published on our website")
    data = message(
        subject=f"Section 55 response: {title}",
        to=_addresses(settings.home_office_email), cc=_addresses(settings.hmicfrs_email),
        now=now, attachment=attachment,
        body=(f"Please find attached the response of the {settings.policing_body} to the "
              f"{inspectorate} report '{title}' ({where}), published on "
              f"{wording.uk_long_date(report.published)}, sent under section 55(6) of the Police "
              f"Act 1996. {published}.\n\n{body_name}\n"))
    result.written.append(files.write_new(out_dir, files.document_name(
        report.report_id, S55_6_LABEL, "eml"), data))
    return result


def _response_file(tracker: Tracker, report: Report, out_dir: Path, today: date,
                   base_dir: Path, result: Pack) -> Path | None:
    """The final response: PDF where a converter exists, else Word; None when refused."""
    with tempfile.TemporaryDirectory(prefix="s55xl-pack-") as tmp:
        for fmt in ("pdf", "docx"):
            made = pipeline.generate(tracker, report_ids=[report.report_id], formats=(fmt,),
                                     out_dir=Path(tmp), today=today, base_dir=base_dir)
            if made.refused:
                result.refused += [s["reason"] for s in made.skipped]
                return None
            doc = next((d for d in made.documents if d.kind == "response"), None)
            if doc is not None:
                return files.write_new(out_dir, doc.path.name, doc.path.read_bytes())
            result.notes += [s["reason"] + " The Word document is attached instead."
                             for s in made.skipped]
    result.refused.append(f"{report.report_id}: the response could not be written.")
    return None
