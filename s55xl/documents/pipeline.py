"""Generate the documents for some or all reports of a tracker.

For each report: the rows are validated first, and a report with errors gets nothing (its
findings say which cells to fix). A report whose PCC comments, Chief Constable comments or PCC
response to them is blank is refused the same way, with a finding naming each blank cell: the
statutory response cannot be published without them, and the contract is that a refused report
gets no documents at all. Otherwise the Board paper, the PCC's response and the publication page
are written; PDFs are made from the two Word documents when a converter is available, and are
otherwise skipped with the reason.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from s55xl import checks, schema
from s55xl.documents import context, files, pdf, sources
from s55xl.documents.web import PageTemplate
from s55xl.documents.word import WordTemplate
from s55xl.errors import UnusableInput
from s55xl.findings import Finding
from s55xl.model import Report, Tracker, id_key

FORMATS = ("docx", "html", "pdf")
REQUIRED_FOR_RESPONSE = ("pcc_comments", "cc_comments", "pcc_response")


@dataclass(frozen=True)
class GeneratedDocument:
    """One file written: whose it is, what it is, where it went and its SHA-256."""

    report_id: str
    kind: str  # board_paper | response | publication
    format: str  # docx | html | pdf
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
             base_dir: Path | None = None) -> GenerateResult:
    """Write the documents of ``report_ids`` (None: every report) into ``out_dir``.

    ``out_dir`` None means the Output folder setting; ``base_dir`` (None: the workbook's folder)
    is where relative Output folder and template paths start. ``today`` (None: today) dates the
    response and decides what validation calls "in the future". Raises
    :class:`~s55xl.errors.UnusableInput` for an unknown report ID or a template that cannot be
    used.
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
    board = WordTemplate(sources.load("board_paper", tracker, base_dir)) if word_needed else None
    response = WordTemplate(sources.load("response", tracker, base_dir)) if word_needed else None
    page = (PageTemplate(sources.load("publication", tracker, base_dir))
            if "html" in formats else None)
    converter, no_converter = pdf.find_converter() if "pdf" in formats else (None, "")

    for report in reports:
        _Job(tracker, report, result, today=today, out_dir=out_dir, formats=formats,
             dates=checked.dates_for(report.report_id), board=board, response=response, page=page,
             converter=converter, no_converter=no_converter).run(checked.validation)
    return result


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",")]
    chosen = tuple(f.strip().lower() for f in formats if f and f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}: choose from "
                         f"{', '.join(FORMATS)}")
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
                 out_dir: Path, formats, dates, board, response, page, converter,
                 no_converter: str) -> None:
        self.tracker, self.report, self.result = tracker, report, result
        self.today, self.out_dir, self.formats, self.dates = today, out_dir, formats, dates
        self.board, self.response, self.page = board, response, page
        self.converter, self.no_converter = converter, no_converter
        self.id = report.report_id or ""

    def run(self, findings: list[Finding]) -> None:
        errors = self._errors(findings)
        if errors:
            self._refuse(errors, f"Nothing made for {self.id}: {len(errors)} error"
                         f"{'' if len(errors) == 1 else 's'} in its rows (first: "
                         f"{errors[0].where} – {errors[0].message}) Run s55xl validate for "
                         "the full list.")
            return
        missing = self._missing_comments()
        if missing:
            cells = ", ".join(f"{f.column} ({f.where})" for f in missing)
            self._refuse(missing, f"Nothing made for {self.id}: {cells} "
                         f"{'is' if len(missing) == 1 else 'are'} blank, and the PCC's "
                         "response must include them; fill "
                         f"{'it' if len(missing) == 1 else 'them'} in and generate again.")
            return
        texts = context.Texts(self.tracker)
        values = context.build(self.tracker, self.report, today=self.today, dates=self.dates,
                               texts=texts)
        word: dict[str, bytes] = {}
        if self.board is not None:
            word["board_paper"] = self._render_word("board_paper", self.board, values)
        if self.response is not None:
            word["response"] = self._render_word("response", self.response, values)
        written: dict[str, Path] = {}
        if "docx" in self.formats:
            for kind, data in word.items():
                written[kind] = self._write(kind, "docx", data)
        response_file = None
        if "pdf" in self.formats and word:
            response_file = self._pdf(word)
        if response_file is None and "response" in written:
            response_file = written["response"].name
        if self.page is not None:
            self._page(values, response_file)
        self.result.findings.extend(texts.findings)

    # -- checks -----------------------------------------------------------------------------

    def _errors(self, findings: list[Finding]) -> list[Finding]:
        rows = rows_of(self.tracker, self.report)
        return [f for f in findings if f.severity == "error" and f.row in rows.get(f.sheet, ())]

    def _missing_comments(self) -> list[Finding]:
        R = schema.REPORTS
        layout = self.tracker.layouts.get("Reports")
        out = []
        for name in REQUIRED_FOR_RESPONSE:
            if (getattr(self.report, name) or "").strip():
                continue
            header = R.by_field[name].header
            out.append(Finding(
                "error", "response-comments-missing", layout.sheet if layout else "Reports",
                self.tracker.cell("Reports", name, self.report.row), self.report.row, header,
                f"{self.id}: {header} is blank. Section 55 requires the published response to "
                "include the PCC's comments, the Chief Constable's comments and the PCC's "
                "response to them; type it in before generating the PCC response."))
        return out

    def _refuse(self, findings: list[Finding], reason: str) -> None:
        self.result.findings.extend(findings)
        if self.id not in self.result.refused:
            self.result.refused.append(self.id)
        self.result.skipped.append({"report_id": self.id, "reason": reason})

    # -- documents --------------------------------------------------------------------------

    def _render_word(self, kind: str, template: WordTemplate, values: dict) -> bytes:
        values = dict(values, document_title=context.document_title(kind, values))
        settings = self.tracker.settings
        if kind == "board_paper":
            people = values["signatories"]
            author = (people[0]["name"] if people else values["lead_officer"]
                      or settings.force_full_name or values["force_name_capitalised"])
        else:
            author = settings.pcc_name or values["policing_body"]
        return template.render(values, title=values["document_title"], author=author,
                               subject="Section 55 Police Act 1996 – "
                                       + context.KIND_LABELS[kind],
                               keywords=f"{values['inspectorate']}; section 55; {self.id}")

    def _name(self, kind: str, fmt: str) -> str:
        return files.document_name(self.id, context.KIND_LABELS[kind],
                                   "html" if fmt == "html" else fmt)

    def _write(self, kind: str, fmt: str, data: bytes) -> Path:
        path = files.write_new(self.out_dir, self._name(kind, fmt), data)
        self.result.documents.append(GeneratedDocument(
            self.id, kind, fmt, path, hashlib.sha256(data).hexdigest()))
        return path

    def _pdf(self, word: dict[str, bytes]) -> str | None:
        """Convert the Word documents; returns the response PDF's file name if made."""
        if self.converter is None:
            self.result.skipped.append({"report_id": self.id,
                                        "reason": f"{self.id}: {self.no_converter}"})
            return None
        with tempfile.TemporaryDirectory(prefix="s55xl-pdf-") as tmp:
            paths = {}
            for kind, data in word.items():
                paths[kind] = Path(tmp) / f"{kind}.docx"
                paths[kind].write_bytes(data)
            try:
                pdfs = self.converter.convert(list(paths.values()))
            except pdf.ConversionFailed as exc:
                self.result.skipped.append({"report_id": self.id,
                                            "reason": f"{self.id}: PDF not made: {exc}"})
                return None
        made = None
        for kind, path in paths.items():
            written = self._write(kind, "pdf", pdfs[path])
            if kind == "response":
                made = written.name
        return made

    def _page(self, values: dict, response_file: str | None) -> None:
        name = response_file or self._name("response", "pdf" if self.converter else "docx")
        values = context.with_response_link(values, name,
                                            self.tracker.settings.response_base_url)
        values["document_title"] = context.document_title("publication", values)
        self._write("publication", "html", self.page.render(values))
