"""Importing a 120-page inspection report PDF, against poppler's ``pdftotext`` of the same file.

Run: python benchmarks/bench_import.py [--pages 120] [--repeat 3] [--scale 4]

The report is a PEEL report written as .docx (tests/support/reports.py: headers, footers, page
numbers, page breaks, causes of concern with bulleted recommendations, areas for improvement)
and turned into a PDF by LibreOffice. s55xl opens it safely, reads every page's text objects and
shapes, drops page furniture, joins paragraphs and recognises the findings
(``s55xl.importer.read_paper``, in a fresh Python, start-up and imports included); the baseline
is ``pdftotext FILE -``, the C text dump most people would reach for. Each figure is a whole
process timed from outside, best of --repeat (the two taking turns, so both see the same load
on a shared machine); peak memory is each process's maximum resident set size. Target: time
ratio <= 10.

The same report is also measured as a tagged PDF (LibreOffice's ``UseTaggedPDF``), read
through its structure tree. With --scale N the report is also made N times longer, to show
that the time grows in proportion to the pages (seconds per page at both lengths).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.layouts import TAGGED  # noqa: E402
from support.reports import long_report, to_pdf, write_docx  # noqa: E402

IMPORT = """
import sys
from s55xl.importer import read_paper
paper = read_paper(sys.argv[1], force_name="Westshire Police")
print(len(paper.items))
"""


def _hwm_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def timed_process(argv: list[str]) -> dict:
    """Run ``argv`` as a new process, timed from outside (start-up included): ``seconds`` of
    wall time, ``cpu`` seconds, and ``peak_mb``, the process's own high-water resident set
    (VmHWM, read while it runs: unlike the rusage of a forked child it does not include the
    size of this Python before the exec)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while True:
        hwm = _hwm_mb(proc.pid)
        if hwm:
            peak = max(peak, hwm)
        done, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != 0:
        raise RuntimeError(f"{argv[0]} exited {code}: {proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak}


def best_of(argvs: list[list[str]], repeat: int) -> list[dict]:
    """Each command's fastest run (and highest peak memory), the commands run in turn so that
    all see the same load on the machine."""
    runs: list[list[dict]] = [[] for _ in argvs]
    for _ in range(repeat):
        for i, argv in enumerate(argvs):
            runs[i].append(timed_process(argv))
    return [min(r, key=lambda x: x["seconds"]) | {"peak_mb": max(x["peak_mb"] for x in r)}
            for r in runs]


def measure(pdf: Path, repeat: int) -> tuple[dict, dict]:
    ours, base = best_of([[sys.executable, "-c", IMPORT, str(pdf)],
                          ["pdftotext", str(pdf), "-"]], repeat)
    return ours, base


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=int, default=0, help="also time a report N times longer")
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext (poppler-utils) is needed for the baseline")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sizes = [args.pages] + ([args.pages * args.scale] if args.scale > 1 else [])
        docs = [write_docx("peel", tmp / f"report-{n}.docx", long_report(n)) for n in sizes]
        pdfs = to_pdf(docs, tmp)
        (tmp / "tagged").mkdir()
        tagged = to_pdf(docs[0], tmp / "tagged", TAGGED)
        from pypdf import PdfReader

        per_page = []
        for pdf in [*pdfs, tagged]:
            if pdf == tagged:
                print("the same report as a tagged PDF (read through its structure tree):")
            pages = len(PdfReader(pdf).pages)
            ours, base = measure(pdf, args.repeat)
            ratio = ours["seconds"] / base["seconds"]
            per_page.append(ours["seconds"] / pages)
            print(f"report: {pages} pages ({pdf.stat().st_size // 1024} KB)")
            print(f"  s55xl read_paper (fresh process): {ours['seconds']:.2f} s, CPU "
                  f"{ours['cpu']:.2f} s, peak {ours['peak_mb']:.0f} MB")
            print(f"  pdftotext: {base['seconds']:.2f} s, CPU {base['cpu']:.2f} s, peak "
                  f"{base['peak_mb']:.0f} MB")
            print(f"  time ratio: {ratio:.2f} (target <= 10); memory ratio: "
                  f"{ours['peak_mb'] / base['peak_mb']:.2f}")
        if len(per_page) == 3:
            print(f"seconds per page: {per_page[0] * 1000:.1f} ms at {sizes[0]} pages, "
                  f"{per_page[1] * 1000:.1f} ms at {sizes[1]} pages")


if __name__ == "__main__":
    main()
