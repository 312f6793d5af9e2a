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
  which cell to fill in); not written once the comments are in or their date has passed.

The attachment is the published response PDF itself (the file in the Output folder, made
there first if need be), its bytes under its own name — never a copy. Each message replaces the
one written before, which is kept in ``versions/``; the s55(4) request is written only while it
is useful (comments not yet in, their date not passed). Subjects name the area, and both
messages are signed with the PCC's name, role and office. A Welsh or bilingual office (Settings
Language) writes both in its language(s): Welsh, or Welsh and English one after the other in
the order of the Welsh first setting, the wording from the catalogues (:mod:`.i18n`).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from s55xl import checks, datestyle
from s55xl.documents import bilingual, context, files, i18n, pipeline, wording
from s55xl.model import SETTING_SPECS, Report, Tracker

_LABELS = {s.field: s.label for s in SETTING_SPECS}
# Headers are not folded at 78 characters (RFC 5322 allows 998): folding a subject between two
# encoded words loses the space between them ("R1 –“quoted”") in every mail reader.
_POLICY = SMTP.clone(max_line_length=998)
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
            attachment: Path | None = None, languages: tuple[str, ...] = ()) -> bytes:
    """One unsent message as .eml bytes; ``attachment`` None means none. ``languages`` (a
    Welsh or bilingual office's, in order) are named in the text's ``Content-Language``
    header (RFC 3282), so mail readers and screen readers read the Welsh as Welsh; none: no
    header."""
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = subject
    if to:
        msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Date"] = format_datetime(now.astimezone())
    msg["Message-ID"] = make_msgid(domain="s55xl.invalid")
    msg["X-Unsent"] = "1"
    msg.set_content(body, charset="utf-8")
    if languages:  # after set_content (which clears Content- headers): the text's language
        msg["Content-Language"] = ", ".join(i18n.LANG_TAGS[lang] for lang in languages)
    if attachment is not None:
        kind = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
        if attachment.suffix.lower() == ".docx":
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        main, sub = kind.split("/", 1)
        msg.add_attachment(attachment.read_bytes(), maintype=main, subtype=sub,
                           filename=attachment.name)
    return msg.as_bytes()


def _title(report: Report, w) -> str:
    """The report's title in ``w``'s language (Title (Welsh) for Welsh, when filled)."""
    if w.lang == "cy" and report.title_cy:
        return report.title_cy
    return report.title or report.report_id or ""


def _in_area(area: str, w) -> str:
    """" – North Wales" (" – Gogledd Cymru" in Welsh); "" without an area."""
    return f" – {context.area_name(area, w)}" if area else ""


def _joined(tracker: Tracker, make, between: str) -> str:
    """``make(wording)`` for each of the office's languages, in order, joined."""
    style = tracker.settings.date_style
    return between.join(make(i18n.Wording(lang, style)) for lang in bilingual.languages(tracker))


def _addresses(text: str) -> list[str]:
    return [a.strip() for a in text.replace(";", ",").split(",") if a.strip()]


def signature(settings, tracker: Tracker | None = None) -> str:
    """How both messages are signed: the PCC's name, role (the local policing body by area,
    in each language of a Welsh or bilingual office: pass its ``tracker``) and office
    address."""
    roles = [settings.policing_body_title]
    if tracker is not None and bilingual.wanted(tracker):
        roles = [context.policing_body_title(tracker, i18n.Wording(lang))
                 for lang in bilingual.languages(tracker)]
    lines = [settings.pcc_name, *dict.fromkeys(roles)]
    lines += [p.strip() for p in re.split(r"[\n,]+", settings.office_address) if p.strip()]
    return "\n".join(line for line in lines if line)


def documents_folder(tracker: Tracker, base_dir: Path) -> Path:
    """Where the documents are published: the Output folder setting, relative to
    ``base_dir`` unless a full path."""
    folder = Path(tracker.settings.output_folder or "s55xl-output").expanduser()
    return folder if folder.is_absolute() else Path(base_dir) / folder


def pack(tracker: Tracker, report_id: str, *, out_dir: Path, today: date,
         base_dir: Path, now: datetime | None = None, documents_dir: Path | None = None) -> Pack:
    """Write the s55(4) request (while it is useful) and, for a final response, the s55(6)
    message into ``out_dir``; each replaces the message written before (kept in
    ``versions/``).

    The s55(6) message attaches the published response PDF itself — the file in
    ``documents_dir`` (None: the Output folder setting), made there first when it is not there
    yet. Raises :class:`~s55xl.errors.UnusableInput` for a Report ID not on the Reports sheet.
    """
    now = now or datetime.now()
    report = pipeline.select_reports(tracker, [report_id])[0]
    result = Pack()
    settings = tracker.settings
    style = settings.date_style
    checked = checks.run(tracker, today)
    dates = checked.dates_for(report.report_id)
    # Every word in the office's language(s), from the catalogues (English too); the text's
    # language is declared for a Welsh or bilingual office.
    languages = bilingual.languages(tracker) if bilingual.wanted(tracker) else ()
    signed = signature(settings) or f"The {settings.policing_body}"
    if bilingual.wanted(tracker):
        signed = signature(settings, tracker) or signed
    inspectorate = wording.inspectorate_names(report.inspectorate, report.published)[0]
    area = settings.police_area.strip() or settings.force_full_name.strip()

    # s55(4): the request for the Chief Constable's comments, while it can still be answered.
    by_date = dates.comments_requested_by if dates else None
    if report.cc_comments:
        result.notes.append(f"{report.report_id}: no s55(4) request written: the Chief "
                            "Constable's comments are already in "
                            f"{_report_cell(tracker, report, 'cc_comments')}.")
    elif by_date is not None and by_date < today:
        result.notes.append(f"{report.report_id}: no s55(4) request written: the date for the "
                            f"Chief Constable's comments ({datestyle.long(by_date, style)}) "
                            "has passed. Agree a new date with the Chief Constable's office "
                            "if comments are still to come.")
    else:
        cc_to = _addresses(settings.chief_constable_email)
        request = message(subject=_joined(tracker, lambda w: w.t(
            "Request for comments under section 55(4): {title}{in_area}",
            title=_title(report, w), in_area=_in_area(area, w)), " / "),
            to=cc_to, cc=[], now=now, languages=languages,
            body=_joined(tracker, lambda w: (
                w.t("{inspectorate} published ‘{title}’ on {date}.",
                    inspectorate=inspectorate, title=_title(report, w),
                    date=w.date(report.published))
                + (f"\n{report.report_url}" if report.report_url else "")
                + "\n\n" + w.t(
                    "Under section 55(4) of the Police Act 1996 I invite your comments on "
                    "the report, please, by {by}, so that they can be published with my "
                    "response.", by=w.date_with_weekday(by_date) if by_date
                    else w.t("the date agreed"))), "\n\n") + f"\n\n{signed}\n")
        result.written.append(files.replace_keeping(out_dir, files.document_name(
            report.report_id, S55_4_LABEL, "eml"), request))
        if not cc_to:
            result.notes.append(f"The s55(4) request has no recipient: fill in "
                                f"{_cell(tracker, 'chief_constable_email')} or add it in "
                                "Outlook.")

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
    folder = documents_dir if documents_dir is not None else documents_folder(tracker, base_dir)
    attachment = _response_file(tracker, report, folder, today, base_dir, result)
    if attachment is None:
        return result
    def body(w):
        where = report.report_url or w.t("the {inspectorate} website",
                                         inspectorate=inspectorate)
        published = (w.t("It is published at {url}", url=settings.response_base_url)
                     if settings.response_base_url else w.t("It is published on our website"))
        return w.t("Please find attached the response of the {policing_body} to the "
                   "{inspectorate} report ‘{title}’ ({where}), published on {date}, sent "
                   "under section 55(6) of the Police Act 1996. {published}.",
                   policing_body=context.policing_body_title(tracker, w),
                   inspectorate=inspectorate, title=_title(report, w), where=where,
                   date=w.date(report.published), published=published)
    data = message(
        subject=_joined(tracker, lambda w: w.t("Section 55 response: {title}{in_area}",
                                               title=_title(report, w),
                                               in_area=_in_area(area, w)), " / "),
        to=_addresses(settings.home_office_email), cc=_addresses(settings.hmicfrs_email),
        now=now, attachment=attachment, languages=languages,
        body=_joined(tracker, body, "\n\n") + f"\n\n{signed}\n")
    result.written.append(files.replace_keeping(out_dir, files.document_name(
        report.report_id, S55_6_LABEL, "eml"), data))
    return result


def _response_file(tracker: Tracker, report: Report, folder: Path, today: date,
                   base_dir: Path, result: Pack) -> Path | None:
    """The published final response: the PDF already in ``folder``, else made there (PDF
    where a converter exists, else Word); None when refused."""
    published = folder / files.document_name(report.report_id, "PCC response", "pdf")
    if published.is_file():
        result.notes.append(f"Attached the published response {published}.")
        return published
    for fmt in ("pdf", "docx"):
        made = pipeline.generate(tracker, report_ids=[report.report_id], formats=(fmt,),
                                 out_dir=folder, today=today, base_dir=base_dir,
                                 kinds=("response",))
        if made.refused:
            result.refused += [s["reason"] for s in made.skipped]
            return None
        doc = next((d for d in made.documents if d.kind == "response"), None)
        if doc is not None:
            result.written.extend(d.path for d in made.documents)
            return doc.path
        result.notes += [s["reason"] + " The Word document is attached instead."
                         for s in made.skipped]
    result.refused.append(f"{report.report_id}: the response could not be written.")
    return None
