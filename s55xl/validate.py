"""Row validation: every rule that decides whether the workbook can produce its documents.

:func:`validate` returns findings — severity, code, sheet, cell, header and a message written for
governance staff (what is wrong and what to type instead). Errors stop documents being generated
for the report concerned; warnings are worth a look but do not.

Codes: ``missing-value``, ``duplicate-report-id``, ``unknown-report``, ``duplicate-ref``,
``invalid-value`` (not a date, not one of the list), ``text-date``, ``formula-error`` (the last
three found while reading, by :mod:`s55xl.model` and :mod:`s55xl.tables`), ``implausible-date``,
``published-in-future``, ``board-before-published``, ``target-before-published``,
``response-before-published``, ``invalid-url``, ``invalid-character``, ``text-too-long``,
``force-response-missing``, ``standard-wording``, ``addressee-inferred``,
``no-recommendations``, ``complete-without-evidence``, ``owner-missing`` (an open
recommendation with no owner), plus the deadline codes from :mod:`s55xl.deadlines`.

The statutory response (section 55(5)-(5B)) adds ``pcc-comments-missing`` and
``pcc-action-missing`` — errors that stop only the PCC's response and its page (see
:data:`RESPONSE_ONLY`), the Board paper needing neither — and the warnings
``cc-comments-none``, ``pcc-response-none``, ``report-url-missing``, ``standard-pcc-action``,
``response-after-deadline`` and the error ``response-date-before-published``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from s55xl import addressees, schema
from s55xl.cells import CONTROL_CHARACTERS, EXCEL_CELL_LIMIT
from s55xl.findings import Finding, sort_key
from s55xl.model import Recommendation, Report, Tracker, id_key

EARLIEST = date(1990, 1, 1)  # HMIC reports that still need a s55 response are later than this
# Errors that stop the PCC's response (and the page publishing it) but not the Board paper.
RESPONSE_ONLY = frozenset({"pcc-comments-missing", "pcc-action-missing"})


class _Collector:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self.findings: list[Finding] = []
        self.reported = {(f.sheet, f.cell) for f in tracker.findings if f.cell}
        self._memo: dict[tuple, object] = {}

    def once(self, fn, *args):
        """``fn(*args)``, worked out once per validation: a tracker's thousands of rows are
        addressed to a handful of bodies, so the addressee rules need running only once each."""
        key = (fn, *args)
        if key not in self._memo:
            self._memo[key] = fn(*args)
        return self._memo[key]

    def add(self, severity: str, code: str, spec: schema.SheetSpec, field: str,
            row: int | None, message: str) -> None:
        layout = self.tracker.layouts.get(spec.name)
        sheet = layout.sheet if layout else spec.name
        cell = layout.cell(field, row) if layout else ""
        self.findings.append(Finding(severity, code, sheet, cell, row,
                                     spec.by_field[field].header, message))


def validate(tracker: Tracker, today: date | None = None) -> list[Finding]:
    """Check every row. Includes what was found while reading (formula errors, bad dates)."""
    today = today or date.today()
    out = _Collector(tracker)
    _reports(tracker, out, today)
    _recommendations(tracker, out)
    _signatories(tracker, out)
    _text(tracker, out)
    _statutory_response(tracker, out)
    _follow_up(tracker, out)
    return sorted(tracker.findings + _missing_columns(tracker, out.findings), key=sort_key)


def _missing_columns(tracker: Tracker, findings: list[Finding]) -> list[Finding]:
    """One warning for a column the sheet does not have, not one for every row.

    A row's warning about a column the sheet lacks has no cell to point at (a tracker with no
    ``PCC action`` column would otherwise get one ``standard-pcc-action`` warning per
    recommendation). The rows' warnings of one code on one missing column become a single
    finding for the sheet (no cell, no row) that names the column, says how many rows it
    covers and where to add it. Errors stay one per row: each stops its own report's
    documents.
    """
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    kept: list[Finding] = []
    for f in findings:
        if f.severity == "warning" and not f.cell and f.row is not None and f.column:
            grouped.setdefault((f.sheet, f.code, f.column), []).append(f)
        else:
            kept.append(f)
    for (sheet, code, column), rows in grouped.items():
        layout = next((lay for lay in tracker.layouts.values() if lay.sheet == sheet), None)
        where = f" (row {layout.header_row})" if layout else ""
        rows_text = "1 row is" if len(rows) == 1 else f"{len(rows):,} rows are"
        kept.append(Finding(
            "warning", code, sheet, "", None, column,
            f"The {sheet} sheet has no '{column}' column, so {rows_text} read as blank there. "
            f"The first: {rows[0].message} Add a '{column}' column to the headers{where}, "
            "then fill it in for those rows."))
    return kept


def _reports(tracker: Tracker, out: _Collector, today: date) -> None:
    R = schema.REPORTS
    ids = Counter(id_key(r.report_id) for r in tracker.reports if r.report_id)
    first_row: dict[str, int] = {}
    has_recs = {id_key(r.report_id) for r in tracker.recommendations if r.report_id}
    for r in tracker.reports:
        label = r.report_id or f"the report in row {r.row}"
        for field in ("report_id", "title", "published"):
            if getattr(r, field) is None and not _already(out, R, field, r.row):
                out.add("error", "missing-value", R, field, r.row, _required(R, field, label))
        if r.report_id:
            key = id_key(r.report_id)
            if ids[key] > 1:
                if key in first_row:
                    out.add("error", "duplicate-report-id", R, "report_id", r.row,
                            f"Report ID '{r.report_id}' is already used in row "
                            f"{first_row[key]}. Give each report its own ID, e.g. "
                            f"{r.report_id}-2.")
                else:
                    first_row[key] = r.row
            if key not in has_recs:
                out.add("warning", "no-recommendations", R, "report_id", r.row,
                        f"{r.report_id} has no rows on the Recommendations sheet. Add its "
                        "recommendations (or areas for improvement) before generating the "
                        "documents, or leave it if the report made none.")
        if r.published:
            _plausible(out, R, "published", r.row, r.published, label)
            if r.published > today:
                out.add("warning", "published-in-future", R, "published", r.row,
                        f"{label}: the publication date {r.published:%d/%m/%Y} is in the "
                        "future. Check the date; the deadlines count from it.")
        for field in ("board_date", "response_published"):
            value = getattr(r, field)
            if value:
                _plausible(out, R, field, r.row, value, label)
                if r.published and value < r.published:
                    out.add("error", "response-before-published"
                            if field == "response_published" else "board-before-published",
                            R, field, r.row,
                            f"{label}: {R.by_field[field].header} {value:%d/%m/%Y} is before "
                            f"the report was published ({r.published:%d/%m/%Y}). Check both "
                            "dates.")
        if r.report_url:
            _url(out, R, "report_url", r.row, r.report_url, label)


def _recommendations(tracker: Tracker, out: _Collector) -> None:
    C = schema.RECOMMENDATIONS
    reports: dict[str, Report] = {}
    for r in tracker.reports:
        if r.report_id:
            reports.setdefault(id_key(r.report_id), r)
    seen: dict[tuple[str, str], int] = {}
    force_names = tracker.settings.force_names
    for rec in tracker.recommendations:
        label = f"{rec.report_id or '?'} {rec.ref or ''}".strip()
        for field in ("report_id", "ref", "recommendation"):
            if getattr(rec, field) is None and not _already(out, C, field, rec.row):
                out.add("error", "missing-value", C, field, rec.row,
                        _required(C, field, f"the recommendation in row {rec.row}"))
        report = reports.get(id_key(rec.report_id)) if rec.report_id else None
        if rec.report_id and report is None:
            out.add("error", "unknown-report", C, "report_id", rec.row,
                    f"There is no report '{rec.report_id}' on the Reports sheet. Type a Report "
                    "ID from the Reports sheet, or add the report there first.")
        if rec.report_id and rec.ref:
            key = (id_key(rec.report_id), rec.ref.casefold())
            if key in seen:
                out.add("error", "duplicate-ref", C, "ref", rec.row,
                        f"Ref {rec.ref} is already used for {rec.report_id} in row "
                        f"{seen[key]}. Each recommendation of a report needs its own Ref.")
            else:
                seen[key] = rec.row
        if rec.type is None and not _already(out, C, "type", rec.row):
            out.add("error", "missing-value", C, "type", rec.row,
                    f"{label}: Type is blank. Pick one of: {', '.join(schema.FINDING_TYPES)}.")
        _addressee_and_response(tracker, out, rec, label, force_names)
        if rec.target_date:
            _plausible(out, C, "target_date", rec.row, rec.target_date, label)
            if report and report.published and rec.target_date < report.published:
                out.add("error", "target-before-published", C, "target_date", rec.row,
                        f"{label}: the target date {rec.target_date:%d/%m/%Y} is before the "
                        f"report was published ({report.published:%d/%m/%Y}). Type the date "
                        "the action is due to be finished.")
        if rec.status == "Complete" and not rec.evidence:
            out.add("warning", "complete-without-evidence", C, "evidence", rec.row,
                    f"{label} is marked Complete but Evidence is blank. Say where the evidence "
                    "of completion is kept (a document, minute or link).")


def _addressee_and_response(tracker: Tracker, out: _Collector, rec: Recommendation, label: str,
                            force_names: tuple[str, ...]) -> None:
    C = schema.RECOMMENDATIONS
    addressed = rec.addressed_to
    if addressed is None and not _already(out, C, "addressed_to", rec.row):
        guess = addressees.infer(rec.recommendation)
        if guess:
            out.add("warning", "addressee-inferred", C, "addressed_to", rec.row,
                    f"{label}: Addressed to is blank; the wording suggests '{guess}'. Type it "
                    "in so the documents use it.")
            addressed = guess
        elif rec.recommendation:
            out.add("error", "missing-value", C, "addressed_to", rec.row,
                    f"{label}: Addressed to is blank. Type who the recommendation is for, e.g. "
                    "Chief constables or Home Office.")
    if rec.force_response or not rec.recommendation or not addressed:
        return
    if out.once(addressees.is_local, addressed, force_names):
        out.add("error", "force-response-missing", C, "force_response", rec.row,
                f"{label} is addressed to {addressed}, so the force must say what it is doing. "
                "Type the force response (the action taken or proposed, or why none).")
    else:
        wording = out.once(addressees.standard_response, addressed,
                           tracker.settings.standard_response,
                           tracker.settings.force_sentence_start)
        out.add("warning", "standard-wording", C, "force_response", rec.row,
                f"{label}: Force response is blank, so the documents will say: \"{wording}\" "
                "Type a response if the force is doing more.")


def _signatories(tracker: Tracker, out: _Collector) -> None:
    S = schema.SIGNATORIES
    ids = {id_key(r.report_id) for r in tracker.reports if r.report_id}
    for s in tracker.signatories:
        if s.name is None and not _already(out, S, "name", s.row):
            out.add("error", "missing-value", S, "name", s.row,
                    _required(S, "name", f"the signatory in row {s.row}"))
        if s.report_id and id_key(s.report_id) not in ids:
            out.add("error", "unknown-report", S, "report_id", s.row,
                    f"There is no report '{s.report_id}' on the Reports sheet. Type a Report ID "
                    "from the Reports sheet, or leave it blank to sign every report.")


def _text(tracker: Tracker, out: _Collector) -> None:
    """Text Word and Excel cannot hold: control characters, or more than a cell can keep."""
    for spec, rows in ((schema.REPORTS, tracker.reports),
                       (schema.RECOMMENDATIONS, tracker.recommendations),
                       (schema.SIGNATORIES, tracker.signatories)):
        fields = [c.field for c in spec.input_columns if c.kind in ("text", "longtext", "url")]
        for row in rows:
            texts = [(f, getattr(row, f)) for f in fields if getattr(row, f)]
            joined = "".join(t for _, t in texts)
            if len(joined) <= EXCEL_CELL_LIMIT and not CONTROL_CHARACTERS.search(joined):
                continue
            for name, text in texts:
                header = spec.by_field[name].header
                if len(text) > EXCEL_CELL_LIMIT:
                    out.add("error", "text-too-long", spec, name, row.row,
                            f"{header} holds {len(text):,} characters; Excel keeps at most "
                            f"{EXCEL_CELL_LIMIT:,} in a cell. Shorten it or link to a document.")
                if CONTROL_CHARACTERS.search(text):
                    out.add("error", "invalid-character", spec, name, row.row,
                            f"{header} contains a hidden control character (often pasted from "
                            "another system) that Word documents cannot hold. Retype the text "
                            "or paste it as plain text.")


def _statutory_response(tracker: Tracker, out: _Collector) -> None:
    """What the PCC's response needs (section 55(5)-(5B)) and what it will say without it."""
    from s55xl.deadlines import statutory_deadline

    R, C = schema.REPORTS, schema.RECOMMENDATIONS
    settings = tracker.settings
    for r in tracker.reports:
        if not r.report_id:
            continue
        label = r.report_id
        if not r.pcc_comments:
            out.add("error", "pcc-comments-missing", R, "pcc_comments", r.row,
                    f"{label}: PCC comments is blank. Section 55(5) makes the PCC's comments "
                    "the response itself: type them before generating the PCC's response (the "
                    "Board paper does not need them).")
        if not r.cc_comments:
            out.add("warning", "cc-comments-none", R, "cc_comments", r.row,
                    f"{label}: Chief Constable comments is blank, so the PCC's response will "
                    "say that the Chief Constable submitted no comments. Type them if they "
                    "have arrived.")
        elif not r.pcc_response:
            out.add("warning", "pcc-response-none", R, "pcc_response", r.row,
                    f"{label}: PCC response to Chief Constable comments is blank, so the "
                    "response will print the Chief Constable's comments without a reply. Type "
                    "the PCC's response to them if there is one.")
        if not r.report_url and not _already(out, R, "report_url", r.row):
            out.add("warning", "report-url-missing", R, "report_url", r.row,
                    f"{label}: Report URL is blank, so the Board paper and the publication "
                    "page will not link to the report. Paste the link to the published report, "
                    "starting https://")
        if r.response_date:
            _plausible(out, R, "response_date", r.row, r.response_date, label)
            if r.published and r.response_date < r.published:
                out.add("error", "response-date-before-published", R, "response_date", r.row,
                        f"{label}: Response date {r.response_date:%d/%m/%Y} is before the "
                        f"report was published ({r.published:%d/%m/%Y}). Type the day the PCC "
                        "signs the response.")
            elif r.published and r.response_date > statutory_deadline(r.published):
                last = statutory_deadline(r.published)
                out.add("warning", "response-after-deadline", R, "response_date", r.row,
                        f"{label}: Response date {r.response_date:%d/%m/%Y} is after the "
                        f"statutory deadline ({last:%d/%m/%Y}, the last of the 56 days "
                        "beginning with the publication day). Check the date; the response "
                        "will be late.")
    standard = addressees.standard_pcc_action(settings.standard_pcc_action, settings.force_name,
                                              settings.board_name)
    layout = tracker.layouts.get(C.name)
    no_column = layout is not None and "pcc_action" not in layout.columns
    standard_rows = 0
    for rec in tracker.recommendations:
        if rec.pcc_action or not rec.recommendation or not rec.report_id:
            continue
        label = f"{rec.report_id} {rec.ref or ''}".strip()
        addressed = rec.addressed_to or addressees.infer(rec.recommendation)
        if out.once(addressees.is_pcc, addressed):
            out.add("error", "pcc-action-missing", C, "pcc_action", rec.row,
                    f"{label} is addressed to {addressed}, so the PCC must say what action "
                    "they have taken or propose, or why none (section 55(5B)). Type it in PCC "
                    "action.")
        elif no_column:
            standard_rows += 1
        else:
            out.add("warning", "standard-pcc-action", C, "pcc_action", rec.row,
                    f"{label}: PCC action is blank, so the response will say: \"{standard}\" "
                    "Type the PCC's own action if it is different.")
    if standard_rows:
        which = ("1 recommendation" if standard_rows == 1
                 else f"{standard_rows:,} recommendations")
        out.add("warning", "standard-pcc-action", C, "pcc_action", None,
                f"The {layout.sheet} sheet has no 'PCC action' column, so the response will "
                f"say for {which}: \"{standard}\" Add a 'PCC action' column to the headers "
                f"(row {layout.header_row}) to give the PCC's own action on each (section "
                "55(5B)).")


def _required(spec: schema.SheetSpec, field: str, label: str) -> str:
    header = spec.by_field[field].header
    hint = {
        "report_id": "Type a short unique code such as NCPI-2019.",
        "title": "Type the report's title as published.",
        "published": "Type the date HMICFRS published it, e.g. 27/02/2020.",
        "ref": "Type the reference used in the report, e.g. 3.1.",
        "recommendation": "Paste the recommendation's text from the report.",
        "name": "Type the signatory's name.",
    }.get(field, "Fill it in.")
    return f"{header} is blank for {label}. {hint}"


def _already(out: _Collector, spec: schema.SheetSpec, field: str, row: int | None) -> bool:
    """True when reading already reported this cell (formula error, bad value)."""
    layout = out.tracker.layouts.get(spec.name)
    cell = layout.cell(field, row) if layout else ""
    return bool(cell) and (layout.sheet, cell) in out.reported


def _plausible(out: _Collector, spec: schema.SheetSpec, field: str, row: int | None,
               value: date, label: str) -> None:
    if value < EARLIEST or value.year > 2100:
        out.add("error", "implausible-date", spec, field, row,
                f"{label}: {spec.by_field[field].header} {value:%d/%m/%Y} is not a plausible "
                "date. Check the year.")


def _url(out: _Collector, spec: schema.SheetSpec, field: str, row: int | None, url: str,
         label: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in url:
        out.add("error", "invalid-url", spec, field, row,
                f"{label}: '{url[:60]}' is not a web address. Paste the full link starting "
                "https://")


OPEN_STATUSES = ("Not started", "In progress", "Awaiting others")


def _follow_up(tracker: Tracker, out: _Collector) -> None:
    """After the response (code ``owner-missing``): an open recommendation needs an owner.

    (A target date before publication and a status outside the list are found above and while
    reading.) A blank Status is not yet being followed up, so it is not "open" here.
    """
    C = schema.RECOMMENDATIONS
    for rec in tracker.recommendations:
        if rec.status in OPEN_STATUSES and not rec.owner and not _already(out, C, "owner", rec.row):
            label = f"{rec.report_id or '?'} {rec.ref or ''}".strip()
            out.add("warning", "owner-missing", C, "owner", rec.row,
                    f"{label} is {rec.status} but Owner is blank. Type who is responsible for "
                    "the action (a role such as Head of Crime), so progress reports can list it.")
