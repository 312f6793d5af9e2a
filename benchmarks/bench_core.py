"""`s55xl validate` (console and --json) on 10,000-row trackers as whole processes, against
plain openpyxl reading.

Run: python benchmarks/bench_core.py [--reports 500 --recs 20 --repeat 5]

What a user waits for: each measurement is a fresh process timed from outside, interpreter
start, imports and printing included. ``s55xl validate`` and ``s55xl validate --json`` (the
console script beside this Python, which checks every row and works out every report's dates,
then prints every finding) are set against a process that merely iterates every cell of the
same file with ``openpyxl.load_workbook(read_only=True)``.

Two trackers of the same size: the *standard* one, whose recommendations for other bodies
(half of them) leave the force response blank, one ``standard-wording`` warning each; and the
*warning-heavy* one, where every recommendation carries one warning (the rest leave PCC action
blank), so the console and the JSON print 10,000 findings. For each tracker the three processes
alternate within one run, so all see the same machine, and the medians are compared.
Targets: ratio ≤ 0.5 for each, peak memory under 300 MB. The machine's load average is printed
with the figures, since other work on a shared machine slows every process.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tracker import make_tracker, size_arguments, timed_process  # noqa: E402

OPENPYXL = """
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += len(row)
print(n)
"""
TODAY = "2021-06-01"


def s55xl_command() -> list[str]:
    """``s55xl`` as installed beside this interpreter, else the same through ``-m``."""
    script = Path(sys.executable).with_name("s55xl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "s55xl.cli"]


def findings_in(path: Path) -> tuple[int, int]:
    """(errors, warnings) as ``validate --json`` reports them: the run really checked."""
    import subprocess

    out = subprocess.run([*s55xl_command(), "validate", str(path), "--json", "--today", TODAY],
                         capture_output=True, check=False).stdout
    doc = json.loads(out)
    return doc["errors"], doc["warnings"]


def measure(path: Path, repeat: int) -> dict[str, list[dict]]:
    validate = [*s55xl_command(), "validate", str(path), "--today", TODAY]
    runs: dict[str, list[dict]] = {"console": [], "json": [], "openpyxl": []}
    for _ in range(repeat):
        runs["console"].append(timed_process(validate, ok=(0, 1)))
        runs["json"].append(timed_process([*validate, "--json"], ok=(0, 1)))
        runs["openpyxl"].append(timed_process([sys.executable, "-c", OPENPYXL, str(path)]))
    return runs


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    rows = args.reports * args.recs
    load_before = os.getloadavg()[0]
    print(f"tracker: {args.reports} reports x {args.recs} recommendations = {rows} rows; "
          f"median of {args.repeat} fresh processes each; load average {load_before:.1f} at "
          "the start", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, heavy in (("standard", False), ("warning-heavy", True)):
            path = make_tracker(Path(tmp) / f"{name}.xlsx", args.reports, args.recs,
                                warnings=heavy)
            errors, warnings = findings_in(path)
            runs = measure(path, args.repeat)
            base = median(runs["openpyxl"], "seconds")
            base_cpu = median(runs["openpyxl"], "cpu")
            print(f"\n{name} tracker ({errors} errors, {warnings:,} warnings): openpyxl "
                  f"read-only iteration {base:.2f} s (CPU {base_cpu:.2f} s), peak "
                  f"{max(r['peak_mb'] for r in runs['openpyxl']):.0f} MB")
            for label, key in (("s55xl validate", "console"), ("s55xl validate --json", "json")):
                seconds, cpu = median(runs[key], "seconds"), median(runs[key], "cpu")
                peak = max(r["peak_mb"] for r in runs[key])
                print(f"  {label:<22} {seconds:.2f} s: ratio {seconds / base:.2f} (target <= 0.5); "
                      f"CPU {cpu:.2f} s, ratio {cpu / base_cpu:.2f}; peak {peak:.0f} MB "
                      "(target < 300 MB)", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
