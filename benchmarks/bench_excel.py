"""How fast the Excel buttons are, against the command line on the same workbook.

    python benchmarks/bench_excel.py [--reports 500] [--per-report 20] [--repeat 3]

Measures:

1. Import cost, from ``python -X importtime`` (cumulative microseconds of the top-level module):
   ``s55xl.excel`` itself (what ``RunPython "import s55xl.excel; …"`` pays before the call;
   target ≤ 0.4 s), xlwings on its own, and everything the Update deadlines button imports
   before its first read (``s55xl.excel`` + the core + xlwings).
2. ``update_deadlines`` end to end on a 10,000-row book (500 reports × 20 recommendations)
   through xlwings' remote engine — the JSON payload parsed, ``xlwings.Book(json=…)``, the
   button, and the actions serialised back — in-process, and as a fresh Python process (which
   is what a button press costs), each with its ratio to the headless command line
   (``s55xl deadlines`` and ``s55xl validate`` on the same data as an .xlsx file).

The workbook and its payload are generated under ``benchmarks/_data`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "_data"
sys.path.insert(0, str(ROOT / "tests"))

TODAY = date(2024, 6, 3)


def make_workbook(path: Path, reports: int, per_report: int) -> Path:
    """The built workbook (no demo rows) filled with ``reports`` × ``per_report`` rows."""
    import openpyxl

    from s55xl import schema
    from s55xl.build.workbook import build

    build(path, force=True)
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.REPORTS.name]
    headers = [c.header for c in schema.REPORTS.columns]
    start = date(2023, 1, 2)
    for i in range(reports):
        values = {"Report ID": f"R-{i + 1:04d}", "Title": f"Inspection report {i + 1}",
                  "Inspectorate": "HMICFRS", "Report type": "Force inspection",
                  "Published": start + timedelta(days=(i * 3) % 540),
                  "Lead officer": "Head of Crime"}
        if i % 7 == 0:
            values["Response published"] = values["Published"] + timedelta(days=40)
        for j, h in enumerate(headers):
            ws.cell(row=i + 2, column=j + 1, value=values.get(h))
    ws.tables[schema.REPORTS.table_name].ref = f"A1:{_col(len(headers))}{reports + 1}"
    ws = wb[schema.RECOMMENDATIONS.name]
    headers = [c.header for c in schema.RECOMMENDATIONS.columns]
    row = 2
    for i in range(reports):
        for k in range(per_report):
            local = k % 4 == 0
            values = {
                "Report ID": f"R-{i + 1:04d}", "Ref": f"{k // 5 + 1}.{k % 5 + 1}",
                "Type": "Recommendation" if k % 3 else "Area for improvement",
                "Addressed to": "Chief constables" if local else "Home Office",
                "Recommendation": f"Recommendation {k + 1} of report {i + 1}: by a date, "
                                  "forces should review how they protect vulnerable people.",
                "Force response": ("The force has reviewed its approach." if local and k % 8
                                   else None),
                "Owner": "Head of Crime", "Status": "In progress",
            }
            for j, h in enumerate(headers):
                ws.cell(row=row, column=j + 1, value=values.get(h))
            row += 1
    ws.tables[schema.RECOMMENDATIONS.table_name].ref = f"A1:{_col(len(headers))}{row - 1}"
    wb.save(path)
    return path


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def import_times() -> dict[str, float]:
    """Cumulative import seconds, each measured in a fresh interpreter (best of three)."""
    startup = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"],
                             capture_output=True, text=True, check=True).stderr
    baseline = set(_top_level(startup))
    out = {}
    for label, stmt in (
        ("s55xl.excel", "import s55xl.excel"),
        ("xlwings", "import xlwings"),
        ("button path (s55xl.excel + core + xlwings)",
         "import s55xl.excel, s55xl.excel.book, s55xl.excel.writes, s55xl.validate, "
         "s55xl.deadlines, xlwings"),
        ("headless path (s55xl.cli + s55xl.xlsx + core)",
         "import s55xl.cli, s55xl.xlsx, s55xl.validate, s55xl.deadlines, python_calamine"),
    ):
        best = None
        for _ in range(3):
            proc = subprocess.run([sys.executable, "-X", "importtime", "-c", stmt],
                                  capture_output=True, text=True, check=True)
            total = sum(t for name, t in _top_level(proc.stderr).items() if name not in baseline)
            best = total if best is None else min(best, total)
        out[label] = best
    return out


def _top_level(stderr: str) -> dict[str, float]:
    """Top-level modules of an ``-X importtime`` report and their cumulative seconds."""
    found = {}
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if m:
            found[m.group(2)] = int(m.group(1)) / 1e6
    return found


RUN_REMOTE = """
import json, os, sys, time
t0 = time.perf_counter()
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings
import s55xl.excel
from datetime import date
payload = json.loads(open(sys.argv[1], encoding="utf-8").read())
book = xlwings.Book(json=payload)
outcome = s55xl.excel.update_deadlines(book, today=date.fromisoformat(sys.argv[2]))
body = json.dumps(book.json())
assert outcome.ok, outcome.status
print(time.perf_counter() - t0)
"""


def time_remote_inprocess(payload_text: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds of each phase of a button press on the remote engine."""
    import xlwings

    import s55xl.excel

    best: dict[str, float] = {}
    for _ in range(repeat):
        t = [time.perf_counter()]
        payload = json.loads(payload_text)
        t.append(time.perf_counter())
        book = xlwings.Book(json=payload)
        t.append(time.perf_counter())
        outcome = s55xl.excel.update_deadlines(book, today=TODAY)
        t.append(time.perf_counter())
        body = json.dumps(book.json())
        t.append(time.perf_counter())
        assert outcome.ok, outcome.status
        phases = {"parse the payload": t[1] - t[0], "xlwings.Book(json=...)": t[2] - t[1],
                  "update_deadlines": t[3] - t[2], "serialise the actions": t[4] - t[3],
                  "total": t[4] - t[0]}
        best = {k: min(v, best.get(k, v)) for k, v in phases.items()}
    best["actions"] = len(book.json()["actions"])
    best["bytes back"] = len(body)
    return best


def time_headless_inprocess(path: Path, repeat: int) -> dict[str, float]:
    """The same core work from the .xlsx file: deadlines alone, and all the button computes."""
    from s55xl import deadlines, xlsx
    from s55xl.computed import computed_values
    from s55xl.validate import validate

    best: dict[str, float] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        tracker = xlsx.load(path)
        dates, dated = deadlines.for_tracker(tracker, TODAY)
        t1 = time.perf_counter()
        computed_values(tracker, validate(tracker, TODAY) + dated, dates)
        t2 = time.perf_counter()
        phases = {"read + deadlines": t1 - t0, "read + deadlines + validate": t2 - t0}
        best = {k: min(v, best.get(k, v)) for k, v in phases.items()}
    return best


def wall(cmd: list[str], repeat: int, ok=(0,)) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in ok:
            raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--per-report", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    from xlpayload import payload_from_workbook

    DATA.mkdir(parents=True, exist_ok=True)
    rows = args.reports * args.per_report
    book_path = DATA / f"bench-{args.reports}x{args.per_report}.xlsx"
    payload_path = book_path.with_suffix(".json")
    if not book_path.exists():
        make_workbook(book_path, args.reports, args.per_report)
    if not payload_path.exists() or payload_path.stat().st_mtime < book_path.stat().st_mtime:
        payload_path.write_text(json.dumps(payload_from_workbook(book_path)), encoding="utf-8")
    payload_text = payload_path.read_text(encoding="utf-8")

    print(f"Workbook: {book_path.name} — {args.reports} reports, {rows} recommendations")
    print("\nImports (cumulative, fresh interpreter, best of 3):")
    for label, seconds in import_times().items():
        note = "  (target ≤ 0.400 s)" if label == "s55xl.excel" else ""
        print(f"  {label:<48}{seconds:7.3f} s{note}")

    remote = time_remote_inprocess(payload_text, args.repeat)
    headless = time_headless_inprocess(book_path, args.repeat)
    print(f"\nIn-process, best of {args.repeat}:")
    for phase in ("parse the payload", "xlwings.Book(json=...)", "update_deadlines",
                  "serialise the actions", "total"):
        print(f"  remote engine: {phase:<33}{remote[phase]:7.3f} s")
    print(f"  ({remote['actions']} actions, {remote['bytes back'] / 1e6:.1f} MB of JSON back)")
    for phase, seconds in headless.items():
        print(f"  headless (calamine): {phase:<27}{seconds:7.3f} s   button total / this "
              f"{remote['total'] / seconds:.2f}")

    today = TODAY.isoformat()
    exe = sys.executable
    script = DATA / "run_remote.py"
    script.write_text(RUN_REMOTE, encoding="utf-8")
    button = wall([exe, str(script), str(payload_path), today], args.repeat)
    cli_dl = wall([exe, "-m", "s55xl.cli", "deadlines", str(book_path), "--json", "--today",
                   today], args.repeat)
    cli_val = wall([exe, "-m", "s55xl.cli", "validate", str(book_path), "--json", "--today",
                    today], args.repeat, ok=(0, 1))
    print(f"\nFresh process (wall clock, best of {args.repeat}):")
    print(f"  button: update_deadlines, remote engine {button:7.3f} s")
    print(f"  s55xl deadlines --json                  {cli_dl:7.3f} s   ratio "
          f"{button / cli_dl:.2f}")
    print(f"  s55xl validate --json                   {cli_val:7.3f} s   ratio "
          f"{button / cli_val:.2f}")
    print("\n(The button also validates every row and writes the Validation column, the "
          "marks and the Findings list, so the fair comparison is with deadlines + validate.)")


if __name__ == "__main__":
    main()
