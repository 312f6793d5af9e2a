"""The progress-update Board paper: ``s55xl progress`` and the Progress paper button.

For each open report (one with a recommendation not yet Complete or No action proposed, or with
no recommendations at all — it appears saying so) the paper gives its recommendations' counts
by status, a RAG rating for each open recommendation, the closed ones apart, and then the
overdue actions grouped by owner, with a chart of the counts per report as a picture.

RAG, as at the paper's date (``as_at``):

- **Red**: the target date has passed and the recommendation is not closed;
- **Amber**: the target date falls within the Settings "Due soon window (days)";
- **Green**: otherwise;
- **No target date**: open with no target date yet — rated and counted apart, never Green.

In the paper each rating is its word in a coloured cell (colour is never the only sign), dates
follow the Settings Date style and never break across lines, and a short table row is never
split at a page foot.

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

from s55xl import __version__, checks, datestyle, history, schema
from s55xl.confine import Confinement
from s55xl.documents import chart, files, pdf, sources, word, wording
from s55xl.documents.context import Record, Texts, _f
from s55xl.errors import UnusableInput
from s55xl.findings import Finding
from s55xl.model import Recommendation, Report, Tracker, id_key

CLOSED = ("Complete", "No action proposed")
NO_TARGET = "No target date"
NOT_SET = "Not set"  # the Target date cell of a recommendation without one
RATINGS = ("Red", "Amber", "Green", NO_TARGET)
# Cell shading and text colour for each rating (GOV.UK's red, yellow and green; grey).
RAG_COLOURS = {"Red": ("D4351C", "FFFFFF"), "Amber": ("FFDD00", "0B0C0C"),
               "Green": ("00703C", "FFFFFF"), NO_TARGET: ("D9D9D9", "0B0C0C")}
NOT_GIVEN = "Not given"
LABEL = "Progress paper"
NO_RECOMMENDATIONS = "This report made no recommendations for the force."
# Findings on these columns make the counts or the RAG unreliable: the paper is refused.
USED_COLUMNS = frozenset({"Report ID", "Ref", "Status", "Target date", "Title", "Published"})


# The progress paper's placeholders (docs/templates.md lists the same; `s55xl check-template`
# checks a progress paper template against them).
ITEM_FIELDS = (
    _f("report_id", "The Report ID.", "NCPI-2019"),
    _f("ref", "The Ref cell.", "3.3"),
    _f("text", "The recommendation's text.", "We recommend that…"),
    _f("owner", "The Owner cell (\"Not given\" when blank).", "Head of PVP"),
    _f("status", "The Status cell (\"Not given\" when blank).", "In progress"),
    _f("target_date", "The Target date in the Date style (its spaces non-breaking), or \"Not "
       "set\".", "30th September 2020"),
    _f("rag", "Red, Amber, Green, No target date, or Closed.", "Amber"),
    _f("target_note", "\"moved from <date>\" when History shows the target date was changed, "
       "else \"\".", ""),
)
COUNT_FIELDS = (_f("status", "A status.", "In progress"),
                _f("count", "How many of the report's recommendations have it.", "3"))
REPORT_FIELDS = (
    _f("report_id", "The Report ID.", "NCPI-2019"),
    _f("title", "The report's Title.", "National Child Protection Inspections 2019…"),
    _f("published", "The publication date in the Date style.", "27th February 2020"),
    _f("total", "How many recommendations it made.", "6"),
    _f("total_text", "The same in words: \"6 recommendations\", \"1 recommendation\".",
       "6 recommendations"),
    _f("rag_text", "The open recommendations by rating, e.g. \"1 Red, 2 Green\".",
       "3 No target date"),
    _f("counts", "Recommendations per status.", "", children=COUNT_FIELDS),
    _f("open", "The open recommendations.", "", children=ITEM_FIELDS),
    _f("closed", "The Complete and No action proposed recommendations.", "",
       children=ITEM_FIELDS),
    _f("none_text", "\"This report made no recommendations for the force.\" when it made none, "
       "else \"\".", ""),
    _f("rag_counts", "Rating → how many (Red, Amber, Green, No target date).", ""),
)
FIELDS = (
    _f("document_title", "The title.", "Progress on inspection recommendations", "progress"),
    _f("as_at", "The date the ratings are worked out for, in the Date style.",
       "1st September 2020", "progress"),
    _f("board_name", "Settings: board name.", "Business Co-ordination Board"),
    _f("board_short_name", "Settings: how the paper refers to the board.", "the Board"),
    _f("force_name_capitalised", "The force name for the start of a sentence.",
       "The Constabulary"),
    _f("protective_marking", "Settings: protective marking.", "OFFICIAL", "progress"),
    _f("draft_mark", "Always \"\": a progress paper is never a draft.", ""),
    _f("due_soon_days", "Settings Due soon window (days): the Amber window.", "14"),
    _f("chart", "The chart of recommendations by status per report, a picture.", "",
       "progress"),
    _f("reports", "The open reports.", "", "progress", REPORT_FIELDS),
    _f("overdue", "The Red recommendations by owner.", "", "progress",
       (_f("owner", "The owner.", "Head of Crime"),
        _f("items", "Their Red recommendations.", "", children=ITEM_FIELDS))),
    _f("closed_reports", "The Report IDs left out because every recommendation is closed.", ""),
)


def is_closed(rec: Recommendation) -> bool:
    return rec.status in CLOSED


def rag(rec: Recommendation, as_at: date, window_days: int) -> str:
    """``Red``, ``Amber``, ``Green`` or ``No target date`` — or ``Closed`` for Complete / No
    action proposed."""
    if is_closed(rec):
        return "Closed"
    if rec.target_date is None:
        return NO_TARGET
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


def _date(d: date | None, style: str | None = None) -> str:
    """The date in the house style, its spaces non-breaking so it never wraps."""
    return datestyle.long(d, style).replace(" ", "\u00a0")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    style = settings.date_style
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
                status=rec.status or NOT_GIVEN,
                target_date=_date(rec.target_date, style) or NOT_SET,
                rag=rag(rec, as_at, window),
                target_note=("moved from " + ", then ".join(_date(d, style) for d in moved)
                             if moved else ""))
            items.append(item)
            if item.rag == "Red":
                overdue.setdefault(item.owner, []).append(item)
        counts = status_counts(recs)
        charted.append((report.report_id, counts))
        rated = {k: sum(1 for i in items if i.rag == k) for k in RATINGS}
        reports.append(Record(
            report_id=report.report_id, title=texts.cell("Reports", R, report, "title"),
            published=datestyle.long(report.published, style),
            total=len(recs), total_text=_count(len(recs), "recommendation"),
            rag_text=", ".join(f"{n} {k}" for k, n in rated.items() if n),
            counts=[Record(status=s, count=n) for s, n in counts.items()],
            open=[i for i in items if i.rag != "Closed"],
            closed=[i for i in items if i.rag == "Closed"],
            none_text="" if recs else NO_RECOMMENDATIONS,
            rag_counts=rated))
    return {
        "document_title": "Progress on inspection recommendations",
        "as_at": datestyle.long(as_at, style),
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
    word.keep_rows(doc.element.body)
    colour_ratings(doc.element.body)
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


def colour_ratings(body) -> None:
    """Shade each table cell that holds only a rating (Red, Amber, Green, No target date) in
    its colour, its word kept and made bold: colour is never the only sign."""
    from lxml import etree

    w = word.w
    for tc in body.iter(w("tc")):
        text = "".join(t.text or "" for t in tc.iter(w("t"))).strip()
        colours = RAG_COLOURS.get(text)
        if colours is None:
            continue
        fill, ink = colours
        tcpr = tc.find(w("tcPr"))
        if tcpr is None:
            tcpr = etree.Element(w("tcPr"))
            tc.insert(0, tcpr)
        for old in tcpr.findall(w("shd")):
            tcpr.remove(old)
        shd = etree.Element(w("shd"))
        shd.set(w("val"), "clear")
        shd.set(w("color"), "auto")
        shd.set(w("fill"), fill)
        # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, …, vAlign
        after = [tcpr.find(w(t)) for t in ("tcW", "gridSpan", "hMerge", "vMerge", "tcBorders")]
        after = [a for a in after if a is not None]
        if after:
            after[-1].addnext(shd)
        else:
            tcpr.insert(0, shd)
        for run in tc.iter(w("r")):
            rpr = run.find(w("rPr"))
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                run.insert(0, rpr)
            if rpr.find(w("b")) is None:
                rpr.insert(0 if rpr.find(w("rStyle")) is None else 1, etree.Element(w("b")))
            for old in rpr.findall(w("color")):
                rpr.remove(old)
            color = etree.Element(w("color"))
            color.set(w("val"), ink)
            _put_color(rpr, color)


_RPR_BEFORE_COLOR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
                     "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
                     "vanish", "webHidden")


def _put_color(rpr, color) -> None:
    before = {word.w(t) for t in _RPR_BEFORE_COLOR}
    index = 0
    for i, child in enumerate(rpr):
        if child.tag in before:
            index = i + 1
    rpr.insert(index, color)


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
        result.paths["docx"] = files.replace_keeping(
            out_dir, files.document_name(stem, LABEL, "docx"), data)
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
        result.paths["pdf"] = files.replace_keeping(
            out_dir, files.document_name(stem, LABEL, "pdf"), made)
        result.sha256["pdf"] = hashlib.sha256(made).hexdigest()
    return result
