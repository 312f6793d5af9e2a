"""`s55xl validate` on a 10,000-row tracker as a whole process, against plain openpyxl reading.

Run: python benchmarks/bench_core.py [--reports 500 --recs 20 --repeat 9]

What a user waits for: each measurement is a fresh process timed from outside, interpreter
start, imports and printing included. ``s55xl validate`` (the console script beside this
Python, which checks every row and works out every report's dates) is set against a process
that merely iterates every cell of the same file with ``openpyxl.load_workbook(read_only=True)``.
The two alternate within one run, so both see the same machine, and the medians are compared.
Targets: ratio ≤ 0.5 and peak memory under 300 MB.
"""

from __future__ import annotations

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


def s55xl_command() -> list[str]:
    """``s55xl`` as installed beside this interpreter, else the same through ``-m``."""
    script = Path(sys.executable).with_name("s55xl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "s55xl.cli"]


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    s55, base = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = make_tracker(Path(tmp) / "tracker.xlsx", args.reports, args.recs)
        validate = [*s55xl_command(), "validate", str(path), "--today", "2021-06-01"]
        for _ in range(args.repeat):
            s55.append(timed_process(validate, ok=(0, 1)))
            base.append(timed_process([sys.executable, "-c", OPENPYXL, str(path)]))
    seconds = statistics.median(r["seconds"] for r in s55)
    baseline = statistics.median(r["seconds"] for r in base)
    cpu = statistics.median(r["cpu"] for r in s55) / statistics.median(r["cpu"] for r in base)
    peak = max(r["peak_mb"] for r in s55)
    rows = args.reports * args.recs
    print(f"tracker: {args.reports} reports x {args.recs} recommendations = {rows} rows; "
          f"median of {args.repeat} fresh processes each")
    print(f"s55xl validate: {seconds:.2f} s, peak {peak:.0f} MB")
    print(f"openpyxl read-only iteration: {baseline:.2f} s, "
          f"peak {max(r['peak_mb'] for r in base):.0f} MB")
    print(f"ratio: {seconds / baseline:.2f} (target <= 0.5); CPU time ratio {cpu:.2f}; "
          f"peak memory {peak:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
