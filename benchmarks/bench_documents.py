"""Benchmark: documents for 100 reports × 20 recommendations, against plain docxtpl.

    python benchmarks/bench_documents.py [--reports 100] [--recs 20] [--pdf-reports 3]

Times :func:`s55xl.documents.generate` writing the Board paper, the PCC response (.docx) and the
publication page (.html) for every report — validation, deadlines, context, rendering, the
line-break/link post-processing, safe exclusive writes and SHA-256 included — and, in the same
run, the same templates rendered with plain docxtpl (``DocxTemplate(...).render(context,
autoescape=True)`` and ``save``) and plain Jinja for the page, with contexts prepared in
advance. Target: ratio ≤ 1.2. Then the time per report of the PDFs (LibreOffice, both Word
documents in one conversion), when LibreOffice is installed. Run by hand, not in CI.

    python benchmarks/bench_documents.py --pdf-ratio [--pdf-reports 20]

times, as whole processes in the same run, ``s55xl generate WORKBOOK --format docx,pdf`` for
20 reports against one ``soffice --convert-to pdf`` of the same Word files with a fresh
profile: s55xl converts every document of a run in one LibreOffice process, so the ratio
should stay near 1 (target ≤ 1.3). Best of --rounds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2020, 4, 1)


def tracker(reports: int, recs: int):
    from s55xl.model import Recommendation, Report, Settings, Signatory, Tracker

    t = Tracker(source="bench.xlsx")
    t.settings = Settings(pcc_name="Sam Taylor", pcc_possessive="his",
                          force_full_name="Example Constabulary")
    for i in range(reports):
        rid = f"R{i:03d}"
        t.reports.append(Report(
            row=i + 2, report_id=rid, title=f"Inspection report number {i}",
            inspectorate="HMICFRS", report_type="National thematic",
            published=date(2020, 2, 27) - timedelta(days=i % 20),
            report_url=f"https://www.justiceinspectorates.gov.uk/hmicfrs/{rid}.pdf",
            summary="Paragraph one of the summary.\nIt found:\n• one thing;\n• another.",
            cc_comments="The Chief Constable welcomes the report. " * 5,
            pcc_comments="The Commissioner welcomes the report. " * 5,
            pcc_response="The Commissioner is satisfied. " * 3))
        for j in range(recs):
            local = j % 2 == 0
            t.recommendations.append(Recommendation(
                row=len(t.recommendations) + 2, report_id=rid, ref=f"{j + 1}",
                type="Recommendation", addressed_to="Chief constables" if local else "Home Office",
                recommendation=(f"We recommend that {'chief constables' if local else 'the Home Office'}"
                                " review how children are protected. " * 3).strip(),
                force_response=("The Constabulary has reviewed its practice & will report "
                                "back.\nA second paragraph of response.") if local else None))
    t.signatories = [Signatory(row=2, name="Jo BLOGGS", rank="Superintendent",
                               role="Head of Crime", order=1)]
    return t


def ours(t, out: Path) -> float:
    from s55xl.documents import generate

    start = time.perf_counter()
    result = generate(t, out_dir=out, formats=("docx", "html"), today=TODAY)
    elapsed = time.perf_counter() - start
    assert not result.refused and len(result.documents) == 3 * len(t.reports), result.skipped
    return elapsed


def plain(t, out: Path) -> float:
    """The same templates, rendered with docxtpl and Jinja as they come."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from s55xl import deadlines
    from s55xl.documents import context, sources

    dated = {d.report_id: d for d in deadlines.for_tracker(t, TODAY)[0]}
    contexts = []
    for r in t.reports:
        values = context.build(t, r, today=TODAY, dates=dated[r.report_id],
                               texts=context.Texts(t))
        contexts.append((r.report_id, values))
    board = sources.default_template("board_paper")
    response = sources.default_template("response")
    page = Environment(autoescape=True).from_string(
        sources.default_template("publication").decode("utf-8"))
    start = time.perf_counter()
    for rid, values in contexts:
        for name, data, kind in ((f"{rid} b.docx", board, "board_paper"),
                                 (f"{rid} r.docx", response, "response")):
            tpl = DocxTemplate(io.BytesIO(data))
            tpl.render(dict(values, document_title=context.document_title(kind, values)),
                       autoescape=True)
            tpl.save(out / name)
        (out / f"{rid} p.html").write_text(page.render(values), encoding="utf-8")
    return time.perf_counter() - start


def pdf_per_report(t, reports: int) -> float | None:
    from s55xl.documents import generate, pdf

    if pdf.LibreOffice.find() is None:
        return None
    ids = [r.report_id for r in t.reports[:reports]]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = generate(t, report_ids=ids, out_dir=Path(tmp), formats=("pdf",), today=TODAY)
        elapsed = time.perf_counter() - start
    assert len(result.documents) == 2 * len(ids), result.skipped
    return elapsed / len(ids)


def pdf_ratio(reports: int, recs: int, rounds: int) -> int:
    """``s55xl generate --format docx,pdf`` ÷ one plain LibreOffice conversion, whole processes."""
    import shutil
    import subprocess

    sys.path.insert(0, str(Path(__file__).parent))
    from tracker import make_tracker

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("PDF ratio: skipped (LibreOffice not installed)")
        return 0
    s55xl = Path(sys.executable).with_name("s55xl")
    ours_times, plain_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        book = make_tracker(Path(tmp) / "bench.xlsx", reports, recs)
        for n in range(rounds):
            out = Path(tmp) / f"ours{n}"
            start = time.perf_counter()
            subprocess.run([str(s55xl), "generate", str(book), "--format", "docx,pdf",
                            "--out", str(out), "--today", "2021-06-01"], check=True,
                           capture_output=True)
            ours_times.append(time.perf_counter() - start)
            word = sorted(out.glob("*.docx"))
            assert len(word) == 2 * reports and len(list(out.glob("*.pdf"))) == 2 * reports
            profile = Path(tmp) / f"profile{n}"
            start = time.perf_counter()
            subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                            "--outdir", str(Path(tmp) / f"plain{n}"), *map(str, word)],
                           check=True, capture_output=True)
            plain_times.append(time.perf_counter() - start)
    o, p = min(ours_times), min(plain_times)
    print(f"{reports} reports, {2 * reports} Word documents to PDF, best of {rounds}:")
    print(f"  s55xl generate --format docx,pdf : {o:6.2f} s")
    print(f"  soffice --convert-to pdf (same)  : {p:6.2f} s")
    print(f"  ratio                            : {o / p:6.2f}  (target ≤ 1.3)")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--recs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pdf-reports", type=int, default=3)
    parser.add_argument("--pdf-ratio", action="store_true",
                        help="Only the PDF benchmark against plain LibreOffice.")
    args = parser.parse_args(argv)
    if args.pdf_ratio:
        return pdf_ratio(args.pdf_reports, args.recs, args.rounds)
    t = tracker(args.reports, args.recs)
    ours_times, plain_times = [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            plain_times.append(plain(t, Path(b)))
            ours_times.append(ours(t, Path(a)))
    o, p = statistics.median(ours_times), statistics.median(plain_times)
    docs = 3 * args.reports
    print(f"{args.reports} reports × {args.recs} recommendations, {docs} documents "
          f"(.docx ×2, .html), median of {args.rounds}:")
    print(f"  s55xl generate : {o:6.2f} s  ({1000 * o / docs:5.1f} ms/document)")
    print(f"  plain docxtpl  : {p:6.2f} s  ({1000 * p / docs:5.1f} ms/document)")
    print(f"  ratio          : {o / p:6.2f}  (target ≤ 1.2)")
    per = pdf_per_report(t, args.pdf_reports)
    if per is None:
        print("  PDF            : skipped (LibreOffice not installed)")
    else:
        print(f"  PDF per report : {per:6.2f} s  (both Word documents, one LibreOffice run, "
              f"mean of {args.pdf_reports})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
