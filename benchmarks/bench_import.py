"""Importing a 120-page inspection report PDF, against pdfplumber's plain text dump of the file.

Run: python benchmarks/bench_import.py [--pages 120] [--repeat 3]

The report is a PEEL report written as .docx (tests/support/reports.py: headers, footers, page
numbers, page breaks) and turned into a PDF by LibreOffice. s55xl reads every page's lines with
their fonts, drops page furniture, joins paragraphs and recognises the findings
(``s55xl.importer.read_paper``); the baseline opens the same file with pdfplumber and calls
``extract_text()`` on each page. Each figure is a fresh process, best of --repeat (the two taking
turns, so both see the same load on a shared machine); time and peak
memory (maximum resident set size) are given as ratios. Target: time ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.reports import long_report, to_pdf, write_docx  # noqa: E402
from tracker import fresh_process  # noqa: E402

IMPORT = """
import json, resource, sys, time
t = time.perf_counter()
from s55xl.importer import read_paper
paper = read_paper(sys.argv[1], force_name="Westshire Police")
print(json.dumps({"seconds": time.perf_counter() - t, "items": len(paper.items),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

DUMP = """
import json, resource, sys, time
t = time.perf_counter()
import pdfplumber
chars = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        chars += len(page.extract_text() or "")
        page.close()
print(json.dumps({"seconds": time.perf_counter() - t, "chars": chars,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def best_of(codes: tuple[str, str], path: Path, repeat: int) -> list[dict]:
    """Each code's fastest run (and highest peak memory), the two run in turn so that both
    see the same load on the machine."""
    runs: list[list[dict]] = [[], []]
    for _ in range(repeat):
        for i, code in enumerate(codes):
            runs[i].append(fresh_process(code, path))
    return [min(r, key=lambda x: x["seconds"]) | {"rss_mb": max(x["rss_mb"] for x in r)}
            for r in runs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = to_pdf(write_docx("peel", tmp / "report.docx", long_report(args.pages)), tmp)
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
        ours, base = best_of((IMPORT, DUMP), pdf, args.repeat)
    print(f"report: {pages} pages, {ours['items']} findings recognised")
    print(f"s55xl read_paper: {ours['seconds']:.2f} s, peak {ours['rss_mb']:.0f} MB")
    print(f"pdfplumber extract_text: {base['seconds']:.2f} s, peak {base['rss_mb']:.0f} MB "
          f"({base['chars']} characters)")
    print(f"time ratio: {ours['seconds'] / base['seconds']:.2f} (target <= 1.5)")
    print(f"memory ratio: {ours['rss_mb'] / base['rss_mb']:.2f}")


if __name__ == "__main__":
    main()
