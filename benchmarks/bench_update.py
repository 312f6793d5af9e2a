"""`s55xl update` on a 10,000-row tracker, against a plain openpyxl load-and-save of the same file.

Run: python benchmarks/bench_update.py

`update` also reads the file with calamine, validates, works out deadlines, keeps a backup and
verifies the new file (VBA, parts, every cell) before replacing the old one. Target: ratio ≤ 1.5.
Each measurement is a fresh process on a fresh copy, best of --repeat.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tracker import fresh_process, make_tracker, size_arguments  # noqa: E402

UPDATE = """
import json, sys, time
t = time.perf_counter()
from datetime import date
from s55xl.xlsx.update import update
result = update(sys.argv[1], date(2021, 6, 1))
print(json.dumps({"seconds": time.perf_counter() - t, "cells": result.cells_written}))
"""

OPENPYXL = """
import json, sys, time
t = time.perf_counter()
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb.save(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def best(code: str, source: Path, work: Path, repeat: int) -> dict:
    runs = []
    for i in range(repeat):
        target = work / f"run{i}" / source.name
        target.parent.mkdir()
        shutil.copy(source, target)
        runs.append(fresh_process(code, target))
        shutil.rmtree(target.parent)
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = make_tracker(tmp / "tracker.xlsx", args.reports, args.recs)
        ours = best(UPDATE, source, tmp, args.repeat)
        base = best(OPENPYXL, source, tmp, args.repeat)
    print(f"tracker: {args.reports} reports x {args.recs} recommendations")
    print(f"s55xl update: {ours['seconds']:.2f} s ({ours['cells']} computed cells written)")
    print(f"openpyxl load + save: {base['seconds']:.2f} s")
    print(f"ratio: {ours['seconds'] / base['seconds']:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
