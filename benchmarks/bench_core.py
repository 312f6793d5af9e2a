"""`validate` + `deadlines` end to end on a 10,000-row tracker, against plain openpyxl reading.

Run: python benchmarks/bench_core.py [--reports 500 --recs 20]

Each measurement runs in a fresh Python process (so imports and peak memory are counted honestly)
and is repeated; the best time is reported. The baseline is merely iterating every cell of the
same file with ``openpyxl.load_workbook(read_only=True)``, measured in the same run.
Targets: ratio ≤ 0.5 and peak memory under 300 MB.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tracker import fresh_process, make_tracker, size_arguments  # noqa: E402

S55 = """
import json, resource, sys, time
t = time.perf_counter()
from datetime import date
from s55xl import xlsx, deadlines
from s55xl.validate import validate
tracker = xlsx.load(sys.argv[1])
findings = validate(tracker, date(2021, 6, 1))
dates, more = deadlines.for_tracker(tracker, date(2021, 6, 1))
print(json.dumps({"seconds": time.perf_counter() - t, "findings": len(findings) + len(more),
                  "reports": len(dates),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

OPENPYXL = """
import json, resource, sys, time
t = time.perf_counter()
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += len(row)
print(json.dumps({"seconds": time.perf_counter() - t, "cells": n,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def best(code: str, path: Path, repeat: int) -> dict:
    runs = [fresh_process(code, path) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        path = make_tracker(Path(tmp) / "tracker.xlsx", args.reports, args.recs)
        s55 = best(S55, path, args.repeat)
        base = best(OPENPYXL, path, args.repeat)
    rows = args.reports * args.recs
    print(f"tracker: {args.reports} reports x {args.recs} recommendations = {rows} rows")
    print(f"s55xl validate + deadlines: {s55['seconds']:.2f} s, peak {s55['peak_mb']:.0f} MB "
          f"({s55['findings']} findings, {s55['reports']} reports dated)")
    print(f"openpyxl read-only iteration: {base['seconds']:.2f} s, peak {base['peak_mb']:.0f} MB")
    print(f"ratio: {s55['seconds'] / base['seconds']:.2f} (target <= 0.5); "
          f"peak memory {s55['peak_mb']:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
