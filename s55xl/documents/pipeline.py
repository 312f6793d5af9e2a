"""Generate the documents for some or all reports of a tracker.

Each document needs only its own inputs, and is refused with exactly the findings
``s55xl validate`` lists for the cells it lacks (same code, same cell):

- the **Board paper** needs the report's rows free of errors (the force responses, the
  addressees, the dates); it does not need the PCC's comments;
- the **PCC's response** and the **publication page** that publishes it need that and, besides,
  the PCC's comments and a PCC action for every recommendation addressed to PCCs
  (:data:`s55xl.validate.RESPONSE_ONLY`). Blank Chief Constable comments stop nothing: the
  response says none were submitted (section 55(5A) publishes *any* such comments).

A report without a Response date gets a draft response and page, marked DRAFT in their text
and their file names; the Board paper has its own life: without a Paper date it is a draft,
with one it is issued for its meeting (dated by the Paper date, whatever the Response date).
The response carries the letterhead — the Settings Logo in its first page's header — and, once
final, the Signature image above the PCC's name.
Files keep stable names: regenerating replaces a document and moves the previous one into the
``versions`` folder beside it (:func:`.files.replace_keeping`).

PDFs are made from the Word documents of the whole run in one converter call — one
LibreOffice start for every report — after all the Word documents are rendered; the pages
are written last, so each links to the response file that really exists.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from s55xl import checks, images, language
from s55xl.confine import Confinement
from s55xl.documents import bilingual, context, files, i18n, pdf, sources
from s55xl.documents.web import PageTemplate
from s55xl.documents.word import WordTemplate
from s55xl.errors import UnusableInput
from s55xl.findings import Finding
from s55xl.model import Report, Tracker, id_key
from s55xl.validate import RESPONSE_ONLY

FORMATS = ("docx", "html", "pdf")
ALL_FORMATS = (*FORMATS, "html-fragment")
WORD_KINDS = ("board_paper", "response")


@dataclass(frozen=True)
class GeneratedDocument:
    """One file written: whose it is, what it is, where it went and its SHA-256."""

    report_id: str
    kind: str  # board_paper | response | publication
    format: str  # docx | html | html-fragment | pdf
    path: Path
    sha256: str

    def as_json(self) -> dict:
        return {"report_id": self.report_id, "kind": self.kind, "format": self.format,
                "path": str(self.path), "sha256": self.sha256}


@dataclass
class GenerateResult:
    """What :func:`generate` did.

    ``skipped`` holds ``{"report_id", "reason"}`` for every report (or part of one) not made;
    ``refused`` the IDs of reports whose rows stopped a document being made (the command line
    exits 1 when it is not empty); ``findings`` says why, cell by cell, plus warnings about
    text that had to be changed.
    """

    documents: list[GeneratedDocument] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"documents": [d.as_json() for d in self.documents],
                "skipped": [{"report_id": s["report_id"], "reason": s["reason"]}
                            for s in self.skipped]}


def generate(tracker: Tracker, report_ids: list[str] | None = None,
             out_dir: Path | None = None, formats=FORMATS, today: date | None = None,
             base_dir: Path | None = None, kinds=WORD_KINDS,
             confine: Confinement | None = None) -> GenerateResult:
    """Write the documents of ``report_ids`` (None: every report) into ``out_dir``.

    ``out_dir`` None means the Output folder setting; ``base_dir`` (None: the workbook's folder)
    is where relative Output folder and template paths start. ``today`` (None: today) dates a
    draft and decides what validation calls "in the future". ``formats`` is any of
    :data:`ALL_FORMATS` (``html-fragment``: the page without its ``<html>`` frame, for pasting
    into a content system); ``kinds`` the Word documents to make (default both). Raises
    :class:`~s55xl.errors.UnusableInput` for an unknown report ID or a template that cannot be
    used. ``confine`` (on ``s55xl serve``): the folders the Settings' template paths may name
    (:mod:`s55xl.confine`); ``out_dir`` must then be given.
    """
    formats = _formats(formats)
    today = today or date.today()
    base_dir = Path(base_dir) if base_dir is not None else _workbook_folder(tracker)
    if out_dir is None:
        out_dir = Path(tracker.settings.output_folder or "s55xl-output").expanduser()
        if not out_dir.is_absolute():
            out_dir = base_dir / out_dir
    out_dir = Path(out_dir)
    reports = select_reports(tracker, report_ids)
    result = GenerateResult()
    if not reports:
        return result

    checked = checks.run(tracker, today)
    word_needed = "docx" in formats or "pdf" in formats
    templates = {}
    if word_needed:
        for kind in kinds:
            templates[kind] = WordTemplate(sources.load(kind, tracker, base_dir, confine))
    page = (PageTemplate(sources.load("publication", tracker, base_dir, confine))
            if "html" in formats or "html-fragment" in formats else None)
    converter, no_converter = pdf.find_converter() if "pdf" in formats else (None, "")

    jobs = [_Job(tracker, report, result, today=today, out_dir=out_dir, formats=formats,
                 dates=checked.dates_for(report.report_id), templates=templates, page=page,
                 base_dir=base_dir, confine=confine)
            for report in reports]
    for job in jobs:
        job.render(checked.validation)
    if "pdf" in formats:
        _convert_all([j for j in jobs if j.word], converter, no_converter, result)
    for job in jobs:
        job.write_page()
    return result


def _convert_all(jobs: list[_Job], converter, no_converter: str, result: GenerateResult) -> None:
    """Every Word document of the run to PDF in one converter call (one LibreOffice start)."""
    if not jobs:
        return
    if converter is None:
        for job in jobs:
            result.skipped.append({"report_id": job.id, "reason": f"{job.id}: {no_converter}"})
        return
    with tempfile.TemporaryDirectory(prefix="s55xl-pdf-") as tmp:
        sources_of: dict[Path, tuple[_Job, str]] = {}
        for n, job in enumerate(jobs):
            for kind, data in job.word.items():
                path = Path(tmp) / f"{n:04d}-{kind}.docx"
                path.write_bytes(data)
                sources_of[path] = (job, kind)
        try:
            pdfs = converter.convert(list(sources_of))
        except pdf.ConversionFailed as exc:
            for job in jobs:
                result.skipped.append({"report_id": job.id,
                                       "reason": f"{job.id}: PDF not made: {exc}"})
            return
    for path, (job, kind) in sources_of.items():
        written = job.write(kind, "pdf", pdfs[path])
        if kind == "response":
            job.response_file = written.name


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",")]
    chosen = tuple(f.strip().lower() for f in formats if f and f.strip())
    unknown = [f for f in chosen if f not in ALL_FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}: choose from "
                         f"{', '.join(ALL_FORMATS)}")
    return chosen


def _workbook_folder(tracker: Tracker) -> Path:
    source = Path(tracker.source) if tracker.source else None
    if source is not None and source.suffix:
        return source.parent
    return Path.cwd()


def select_reports(tracker: Tracker, report_ids: list[str] | None) -> list[Report]:
    """The reports asked for, in the order asked (None: every report with an ID)."""
    if not report_ids:
        return [r for r in tracker.reports if r.report_id]
    chosen = []
    for wanted in report_ids:
        match = tracker.report(wanted)
        if match is None:
            known = ", ".join(r.report_id for r in tracker.reports if r.report_id) or "none"
            raise UnusableInput(f"{tracker.source}: there is no report '{wanted}' on the "
                                f"Reports sheet (its reports: {known}). Use one of those IDs.")
        if match not in chosen:
            chosen.append(match)
    return chosen


def rows_of(tracker: Tracker, report: Report) -> dict[str, set[int]]:
    """The sheet rows whose errors stop ``report``'s documents: sheet name → rows."""
    rows = {"Reports": {report.row} if report.row else set(),
            "Recommendations": {r.row for r in tracker.recommendations_for(report.report_id)
                                if r.row},
            "Signatories": {s.row for s in tracker.signatories if s.row and (
                not s.report_id or id_key(s.report_id) == id_key(report.report_id))}}
    return {(tracker.layouts[k].sheet if k in tracker.layouts else k): v for k, v in rows.items()}


class _Job:
    """The documents of one report."""

    def __init__(self, tracker: Tracker, report: Report, result: GenerateResult, *, today,
                 out_dir: Path, formats, dates, templates: dict, page,
                 base_dir: Path | None = None, confine: Confinement | None = None) -> None:
        self.tracker, self.report, self.result = tracker, report, result
        self.confine = confine
        self.base_dir = base_dir or _workbook_folder(tracker)
        self.today, self.out_dir, self.formats, self.dates = today, out_dir, formats, dates
        self.templates, self.page = templates, page
        self.id = report.report_id or ""
        self.values: dict | None = None
        self.each: dict[str, dict] | None = None  # a bilingual office: every language's values
        self.word: dict[str, bytes] = {}  # kind -> .docx bytes, for the PDF step
        self.response_file: str | None = None  # the file the page links to
        self.page_allowed = False

    def render(self, findings: list[Finding]) -> None:
        """Render and write this report's Word documents, refusing those that lack input."""
        errors = self._errors(findings)
        shared = [f for f in errors if f.code not in RESPONSE_ONLY]
        if shared:
            self._refuse(errors, f"Nothing made for {self.id}: {len(errors)} error"
                         f"{'' if len(errors) == 1 else 's'} in its rows (first: "
                         f"{shared[0].where} – {shared[0].message}) Run s55xl validate for "
                         "the full list.")
            return
        texts = context.Texts(self.tracker)
        self.values = context.build(self.tracker, self.report, today=self.today,
                                    dates=self.dates, texts=texts,
                                    lang=bilingual.languages(self.tracker)[0])
        if bilingual.both(self.tracker):
            self.each = bilingual.each_language(self.tracker, self.report, self.values,
                                                today=self.today, dates=self.dates, texts=texts)
        kinds = list(self.templates)
        if errors:  # only the response's own inputs are missing: the Board paper is made
            kinds = [k for k in kinds if k != "response"]
            self._refuse(errors, f"PCC response and publication page not made for {self.id}: "
                         + "; ".join(f"{f.where} – {f.message}" for f in errors))
        else:
            self.page_allowed = True
        for kind in kinds:
            self.word[kind] = self._render_word(kind, self.templates[kind], self.values)
        if "docx" in self.formats:
            for kind, data in self.word.items():
                written = self.write(kind, "docx", data)
                if kind == "response":
                    self.response_file = written.name
        self.result.findings.extend(texts.findings)

    def write_page(self) -> None:
        """The publication page (and its fragment), linking to the response as made."""
        if self.page is None or not self.page_allowed:
            return
        # The page links the published PDF: the one made now, or the one already in the folder;
        # without either it says the response is available on request (never the Word file).
        pdf_name = self._name("response", "pdf")
        name = None
        if self.response_file and self.response_file.lower().endswith(".pdf"):
            name = self.response_file
        elif "pdf" in self.formats or (self.out_dir / pdf_name).is_file():
            name = pdf_name
        values = context.with_response_link(self.values, name,
                                            self.tracker.settings.response_base_url)
        values["document_title"] = context.document_title("publication", values)
        if self.each is not None:
            values = bilingual.values(values, self.each)
        for fmt in ("html", "html-fragment"):
            if fmt in self.formats:
                self.write("publication", fmt, self.page.render(dict(
                    values, fragment=fmt == "html-fragment")))

    # -- checks -----------------------------------------------------------------------------

    def _errors(self, findings: list[Finding]) -> list[Finding]:
        rows = rows_of(self.tracker, self.report)
        return [f for f in findings if f.severity == "error" and f.row in rows.get(f.sheet, ())]

    def _refuse(self, findings: list[Finding], reason: str) -> None:
        self.result.findings.extend(findings)
        if self.id not in self.result.refused:
            self.result.refused.append(self.id)
        self.result.skipped.append({"report_id": self.id, "reason": reason})

    # -- documents --------------------------------------------------------------------------

    def _render_word(self, kind: str, template: WordTemplate, values: dict) -> bytes:
        if kind == "board_paper":  # the paper's own life: its Paper date, not the response's
            values = dict(values, is_draft=values["paper_is_draft"],
                          draft_mark=values["paper_draft_mark"], dated=values["paper_dated"])
        langs = bilingual.languages(self.tracker)
        both = kind in ("response", "board_paper") and self.each is not None
        if both:
            values = bilingual.values(values, self.each)
            if kind == "board_paper":
                values["document_title"] = " / ".join(p.paper_title for p in values["parts"])
        else:
            values = dict(values, document_title=context.document_title(kind, values))
        welsh = language.WELSH in langs
        if welsh:
            self._missing_wording()
        settings = self.tracker.settings
        pictures = self._pictures(values) if kind == "response" else None
        if kind == "board_paper":
            people = values["signatories"]
            author = (people[0]["name"] if people else values["lead_officer"]
                      or values["force_full_name"])
        else:
            author = settings.pcc_name or values["policing_body"]
        words = [i18n.Wording(lang) for lang in (langs if both else langs[:1])]
        data = template.render(
            values, title=values["document_title"], author=author,
            subject=" / ".join(w.t(context.KIND_SUBJECTS[kind]) for w in words),
            keywords=" / ".join(w.t("{inspectorate}; section 55; {report_id}",
                                    inspectorate=values["inspectorate"], report_id=self.id)
                                for w in words),
            pictures=pictures)
        if welsh:
            data = bilingual.finish(data, langs if both else langs[:1])
        return data

    def _missing_wording(self) -> None:
        """One warning when the Welsh catalogue lacks wording a Welsh document used (gettext
        then prints the English): which, where the catalogue is, and how to fix it."""
        if any(f.code == "welsh-wording-missing" for f in self.result.findings):
            return
        missing = i18n.missing(set(i18n.ASKED))
        if not missing:
            return
        cell = self.tracker.settings_cells.get("language", "")
        row = int("".join(c for c in cell if c.isdigit())) if cell else None
        catalogue = i18n.locale_dir() / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        shown = "; ".join(f"“{m}”" for m in missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        self.result.findings.append(Finding(
            "warning", "welsh-wording-missing", "Settings", cell, row, "Value",
            f"The Welsh catalogue {catalogue} has no Welsh for {shown}, so the Welsh documents "
            "print the English there. Add the Welsh (msgstr) and run python "
            "scripts/build_catalogues.py; s55xl check-template lists them all."))

    def _pictures(self, values: dict) -> dict:
        """The letterhead's logo and, on a final response, the signature (each only when its
        setting names a usable picture; ``s55xl validate`` reports the others)."""
        from docx.shared import Mm

        settings = self.tracker.settings
        out = {}
        logo = images.usable(settings.logo, self.base_dir, self.confine)
        if logo is not None:
            out["logo"] = _fit(logo, Mm(60), Mm(20))
        signature = images.usable(settings.signature_image, self.base_dir, self.confine)
        if signature is not None and not values["is_draft"]:
            out["signature_image"] = _fit(signature, Mm(50), Mm(18))
        return out

    def _name(self, kind: str, fmt: str) -> str:
        label = context.KIND_LABELS[kind]
        if fmt == "html-fragment":
            label += " fragment"
        draft = "paper_is_draft" if kind == "board_paper" else "is_draft"
        if self.values is not None and self.values[draft]:
            label += " DRAFT"
        return files.document_name(self.id, label, "html" if fmt.startswith("html") else fmt)

    def write(self, kind: str, fmt: str, data: bytes) -> Path:
        path = files.replace_keeping(self.out_dir, self._name(kind, fmt), data)
        self.result.documents.append(GeneratedDocument(
            self.id, kind, fmt, path, hashlib.sha256(data).hexdigest()))
        return path


def _fit(picture: images.Picture, max_width, max_height) -> tuple:
    """``(path, width, height)`` for a picture scaled to fit the box, proportions kept."""
    scale = min(max_width / picture.width, max_height / picture.height)
    return picture.path, int(picture.width * scale), int(picture.height * scale)
