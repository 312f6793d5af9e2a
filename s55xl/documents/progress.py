"""The progress-update Board paper: ``s55xl progress`` and the Progress paper button.

For each open report (one with a recommendation not yet Complete or No action proposed, or with
no recommendations at all — it appears saying so) the paper gives its recommendations' counts
by status, a RAG rating for each open recommendation, the closed ones apart, and then the
overdue actions grouped by owner, with a chart of the counts per report as a picture.

RAG, as at the paper's date (``as_at``):

- **Red**: the target date has passed and the recommendation is not closed;
- **Amber**: the target date falls within the Settings "Due soon window (days)";
- **Green**: otherwise (including no target date yet).

A target date that History shows was moved is given with the date(s) it replaced.

The template is a docxtpl Word template staff can replace (Settings "Progress paper template";
placeholders in docs/templates.md). The chart goes in through docxtpl's ``InlineImage``, which
needs the template being rendered, so rendering here wraps :mod:`.word`'s template class to say
which part is being rendered; everything after rendering is :mod:`.word`'s own finishing.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from jinja2 import TemplateError

from s55xl import __version__, checks, history, schema
from s55xl.confine import Confinement
from s55xl.documents import chart, files, pdf, sources, word, wording
from s55xl.documents.context import Record, Texts
from s55xl.errors import UnusableInput
from s55xl.findings import Finding
from s55xl.model import Recommendation, Report, Tracker, id_key

CLOSED = ("Complete", "No action proposed")
NOT_GIVEN = "Not given"
LABEL = "Progress paper"
NO_RECOMMENDATIONS = "This report made no recommendations for the force."
# Findings on these columns make the counts or the RAG unreliable: the paper is refused.
USED_COLUMNS = frozenset({"Report ID", "Ref", "Status", "Target date", "Title", "Published"})


def is_closed(rec: Recommendation) -> bool:
    return rec.status in CLOSED


def rag(rec: Recommendation, as_at: date, window_days: int) -> str:
    """``Red``, ``Amber``, ``Green`` — or ``Closed`` for Complete / No action proposed."""
    if is_closed(rec):
        return "Closed"
    if rec.target_date is None:
        return "Green"
    if rec.target_date < as_at:
        return "Red"
    if rec.target_date <= as_at + timedelta(days=window_days):
        return "Amber"
    return "Green"


def by_report(tracker: Tracker) -> dict[str, list[Recommendation]]:
    """Report key (:func:`~s55xl.model.id_key`) → its recommendation rows, in sheet order."""
    out: dict[str, list[Recommendation]] = {}
    for rec in tracker.recommendations:
        if rec.report_id:
            out.setdefault(id_key(rec.report_id), []).append(rec)
    return out


def open_reports(tracker: Tracker, grouped: dict[str, list[Recommendation]] | None = None
                 ) -> list[Report]:
    """Reports still being followed up, in sheet order (``grouped``: :func:`by_report`)."""
    grouped = by_report(tracker) if grouped is None else grouped
    out = []
    for report in tracker.reports:
        if not report.report_id:
            continue
        recs = grouped.get(id_key(report.report_id), [])
        if not recs or any(not is_closed(r) for r in recs):
            out.append(report)
    return out


def status_counts(recs: list[Recommendation]) -> dict[str, int]:
    """Recommendations per status, in the list's order; a blank Status counts as Not given."""
    counted = Counter(r.status or NOT_GIVEN for r in recs)
    order = [*schema.STATUSES, NOT_GIVEN]
    return {s: counted[s] for s in order if counted[s] or s in schema.STATUSES}


def _date(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


def build(tracker: Tracker, *, as_at: date, past: list[history.Change] | None = None,
          texts: Texts | None = None) -> dict:
    """The progress paper's placeholders (docs/templates.md), without the chart.

    ``past`` is the History sheet's rows (None or []: no History, so no moved target dates).
    """
    texts = texts or Texts(tracker)
    past = past or []
    settings = tracker.settings
    R, C = schema.REPORTS, schema.RECOMMENDATIONS
    window = settings.due_soon_days
    reports, overdue, charted = [], {}, []
    grouped = by_report(tracker)
    moves = history.moved_targets(past)
    shown = open_reports(tracker, grouped)
    for report in shown:
        recs = grouped.get(id_key(report.report_id), [])
        items = []
        for rec in recs:
            key = (id_key(rec.report_id), (rec.ref or "").strip().casefold())
            moved = [c.old for c in moves.get(key, []) if isinstance(c.old, date)]
            item = Record(
                report_id=report.report_id, ref=texts.cell("Recommendations", C, rec, "ref"),
                text=texts.cell("Recommendations", C, rec, "recommendation"),
                owner=texts.cell("Recommendations", C, rec, "owner") or "Not given",
                status=rec.status or NOT_GIVEN, target_date=_date(rec.target_date),
                rag=rag(rec, as_at, window),
                target_note=("moved from " + ", then ".join(_date(d) for d in moved)
                             if moved else ""))
            items.append(item)
            if item.rag == "Red":
                overdue.setdefault(item.owner, []).append(item)
        counts = status_counts(recs)
        charted.append((report.report_id, counts))
        reports.append(Record(
            report_id=report.report_id, title=texts.cell("Reports", R, report, "title"),
            published=wording.uk_long_date(report.published),
            total=len(recs), counts=[Record(status=s, count=n) for s, n in counts.items()],
            open=[i for i in items if i.rag != "Closed"],
            closed=[i for i in items if i.rag == "Closed"],
            none_text="" if recs else NO_RECOMMENDATIONS,
            rag_counts={k: sum(1 for i in items if i.rag == k) for k in ("Red", "Amber", "Green")}))
    return {
        "document_title": "Progress on inspection recommendations",
        "as_at": wording.uk_long_date(as_at),
        "board_name": texts.setting("board_name"),
        "board_short_name": texts.setting("board_short_name"),
        "force_name_capitalised": wording.capitalise(texts.setting("force_name")),
        "protective_marking": texts.setting("protective_marking"),
        "draft_mark": "",  # the shared page header's slot; a progress paper is never a draft
        "due_soon_days": window,
        "reports": reports,
        "overdue": [Record(owner=o, items=v) for o, v in sorted(overdue.items(),
                                                                key=lambda kv: kv[0].casefold())],
        "closed_reports": [r.report_id for r in tracker.reports
                           if r.report_id and r not in shown],
        "_chart_rows": charted,
    }


def chart_rows(rows: list[tuple[str, dict[str, int]]]) -> tuple[list, str]:
    """The bars to draw and the chart's title: every open report, or — beyond
    :data:`~s55xl.documents.chart.MAX_BARS`, where bars stop being readable — those with the
    most open recommendations, in sheet order, the title saying so."""
    if len(rows) <= chart.MAX_BARS:
        return rows, ""
    def still_open(counts: dict[str, int]) -> int:
        return sum(n for s, n in counts.items() if s not in CLOSED)
    ranked = sorted(range(len(rows)), key=lambda i: (-still_open(rows[i][1]), i))
    keep = sorted(ranked[:chart.MAX_BARS])
    return ([rows[i] for i in keep],
            f"The {chart.MAX_BARS} reports with the most open recommendations "
            f"(of {len(rows)} open reports)")


class _ImageTemplate(word._Template):
    """:mod:`.word`'s template, also telling docxtpl which part it renders (InlineImage)."""

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        self.current_rendering_part = part
        return super().render_xml_part(src_xml, part, context, jinja_env)


def render(source: sources.TemplateSource, values: dict, *, author: str) -> bytes:
    """The finished .docx: ``values`` from :func:`build`, the chart drawn from them."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    values = dict(values)
    rows, title = chart_rows(values.pop("_chart_rows"))
    tpl = _ImageTemplate(source.data, {})
    png = chart.status_chart(rows, [*schema.STATUSES, NOT_GIVEN], title)
    values["chart"] = InlineImage(tpl, io.BytesIO(png), width=Mm(160))
    try:
        tpl.render(values, jinja_env=sources.environment(), autoescape=True)
    except TemplateError as exc:
        raise UnusableInput(word.describe_template_error(source.origin, exc)) from None
    doc = tpl.docx
    numbering = word._Numbering(doc)
    roots = list(word._content_roots(doc))
    for root in roots:
        word.split_lines(root, numbering)
    word.linkify(doc)
    for root in roots:
        word.finish_text(root)
    props = doc.core_properties
    props.title = word.property_text(values["document_title"])
    props.author = word.property_text(author)
    props.subject = "Section 55 Police Act 1996 – progress on recommendations"
    props.language = "en-GB"
    props.comments = f"Made by s55xl {__version__}"
    props.last_modified_by = "s55xl"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


@dataclass
class ProgressResult:
    """What :func:`write` did: files written (kind "docx"/"pdf" → path), why anything was not
    made, and the findings that refused the paper (``refused`` True: nothing was written)."""

    paths: dict[str, Path] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    refused: bool = False


def blocking(tracker: Tracker, findings: list[Finding]) -> list[Finding]:
    """Errors in the cells the paper counts (Status, Target date, Ref, Report ID…)."""
    sheets = {tracker.layouts[k].sheet if k in tracker.layouts else k
              for k in ("Reports", "Recommendations")}
    return [f for f in findings if f.severity == "error" and f.sheet in sheets
            and (f.column in USED_COLUMNS or f.code == "invalid-character")]


def write(tracker: Tracker, *, out_dir: Path, as_at: date, base_dir: Path,
          past: list[history.Change] | None = None, formats=("docx", "pdf"),
          confine: Confinement | None = None) -> ProgressResult:
    """Write the progress paper (Word, and PDF where a converter exists) into ``out_dir``.

    ``past`` is the History sheet's rows (None: none). Refused (nothing written) when a cell
    the paper counts cannot be read; the findings say which.
    """
    result = ProgressResult()
    checked = checks.run(tracker, as_at)
    stop = blocking(tracker, checked.validation)
    if stop:
        result.findings, result.refused = stop, True
        return result
    texts = Texts(tracker)
    values = build(tracker, as_at=as_at, past=past, texts=texts)
    author = tracker.settings.force_full_name or values["force_name_capitalised"]
    data = render(sources.load("progress", tracker, base_dir, confine), values, author=author)
    result.findings = texts.findings
    stem = f"{as_at:%Y-%m-%d}"
    if "docx" in formats:
        result.paths["docx"] = files.write_new(out_dir, files.document_name(stem, LABEL, "docx"),
                                               data)
        result.sha256["docx"] = hashlib.sha256(data).hexdigest()
    if "pdf" in formats:
        converter, reason = pdf.find_converter()
        if converter is None:
            result.skipped.append(f"Progress paper PDF not made: {reason}")
            return result
        with tempfile.TemporaryDirectory(prefix="s55xl-pdf-") as tmp:
            src = Path(tmp) / "progress.docx"
            src.write_bytes(data)
            try:
                made = converter.convert([src])[src]
            except pdf.ConversionFailed as exc:
                result.skipped.append(f"Progress paper PDF not made: {exc}")
                return result
        result.paths["pdf"] = files.write_new(out_dir, files.document_name(stem, LABEL, "pdf"),
                                              made)
        result.sha256["pdf"] = hashlib.sha256(made).hexdigest()
    return result
