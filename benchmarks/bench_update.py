"""`s55xl update` on a 10,000-row tracker, against a plain openpyxl load-and-save of the same file;
and on a tracker whose used range reaches row 1,048,576, against `s55xl validate` on it.

Run: python benchmarks/bench_update.py

`update` also reads the file with calamine, validates, works out deadlines, keeps a verified
backup and verifies the new file (every part but the owned ones byte-identical) before replacing
the old one. Targets: update ÷ openpyxl ≤ 1.0; on the far used range, update ≤ 3× validate and
under 500 MB peak memory. Each measurement is a fresh process on a fresh copy, best of --repeat.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tracker import fresh_process, make_tracker, size_arguments  # noqa: E402

PEAK = """
import resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

UPDATE = """
import json, sys, time
t = time.perf_counter()
from datetime import date
from s55xl.xlsx.update import update
result = update(sys.argv[1], date(2021, 6, 1))
seconds = time.perf_counter() - t
""" + PEAK + """
print(json.dumps({"seconds": seconds, "cells": result.cells_written, "mb": peak}))
"""

VALIDATE = """
import json, sys, time
t = time.perf_counter()
from datetime import date
from s55xl import checks, xlsx
checks.run(xlsx.load(sys.argv[1]), date(2021, 6, 1))
seconds = time.perf_counter() - t
""" + PEAK + """
print(json.dumps({"seconds": seconds, "mb": peak}))
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


def far_used_range(source: Path, target: Path) -> Path:
    """``source`` with one formatted empty cell at A1048576 of the Recommendations sheet."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>",
                                    b'<row r="1048576"><c r="A1048576" s="1"/></row></sheetData>')
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:L1048576"/>',
                              data)
            dst.writestr(item, data)
    return target


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = make_tracker(tmp / "tracker.xlsx", args.reports, args.recs)
        ours = best(UPDATE, source, tmp, args.repeat)
        base = best(OPENPYXL, source, tmp, args.repeat)
        far = far_used_range(source, tmp / "far.xlsx")
        far_update = best(UPDATE, far, tmp, args.repeat)
        far_validate = best(VALIDATE, far, tmp, args.repeat)
    print(f"tracker: {args.reports} reports x {args.recs} recommendations")
    print(f"s55xl update: {ours['seconds']:.2f} s ({ours['cells']} computed cells written, "
          f"{ours['mb']:.0f} MB peak)")
    print(f"openpyxl load + save: {base['seconds']:.2f} s")
    print(f"ratio: {ours['seconds'] / base['seconds']:.2f} (target <= 1.0)")
    print(f"used range to row 1,048,576: update {far_update['seconds']:.2f} s "
          f"({far_update['mb']:.0f} MB peak), validate {far_validate['seconds']:.2f} s; "
          f"ratio {far_update['seconds'] / far_validate['seconds']:.2f} (target <= 3.0, "
          "< 500 MB)")


if __name__ == "__main__":
    main()
