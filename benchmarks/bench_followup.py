"""The progress paper (.docx) and the calendar (.ics) for a 10,000-row tracker, against the
validate + deadlines pass they both start from.

Run: python benchmarks/bench_followup.py [--reports 500 --recs 20]

Each measurement runs in a fresh Python process (imports and peak memory counted) and is
repeated; the best time is reported. The baseline — reading the same file and running
``checks.run`` (validation and deadlines) — is measured in the same run, so the ratios show what
the paper (context, chart, docxtpl rendering of 10,000 table rows) and the calendar add.
Targets: progress ratio ≤ 6, calendar ratio ≤ 2.5.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tracker import fresh_process, make_tracker, size_arguments  # noqa: E402

PREAMBLE = """
import json, resource, sys, time, tempfile
from pathlib import Path
t = time.perf_counter()
from datetime import date
from s55xl import xlsx
tracker = xlsx.load(sys.argv[1])
"""
RESULT = """
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BASELINE = PREAMBLE + "from s55xl import checks\nchecks.run(tracker, date(2021, 6, 1))\n" + RESULT
PROGRESS = PREAMBLE + """
from s55xl.documents import progress
out = Path(tempfile.mkdtemp())
made = progress.write(tracker, out_dir=out, as_at=date(2021, 6, 1), base_dir=out,
                      formats=("docx",))
assert made.paths and not made.refused
""" + RESULT
CALENDAR = PREAMBLE + """
from s55xl.documents import calendar
data, n = calendar.build(tracker, today=date(2021, 6, 1))
assert n > 0 and data.startswith(b"BEGIN:VCALENDAR")
""" + RESULT


def best(code: str, path: Path, repeat: int) -> dict:
    return min((fresh_process(code, path) for _ in range(repeat)), key=lambda r: r["seconds"])


def main() -> int:
    args = size_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        path = make_tracker(Path(tmp) / "tracker.xlsx", args.reports, args.recs)
        base = best(BASELINE, path, args.repeat)
        paper = best(PROGRESS, path, args.repeat)
        ics = best(CALENDAR, path, args.repeat)
    rows = args.reports * args.recs
    print(f"{args.reports} reports x {args.recs} recommendations ({rows:,} rows)")
    print(f"baseline (read + validate + deadlines): {base['seconds']:.2f} s")
    print(f"progress paper: {paper['seconds']:.2f} s, ratio {paper['seconds'] / base['seconds']:.2f}"
          f", peak {paper['peak_mb']:.0f} MB")
    print(f"calendar: {ics['seconds']:.2f} s, ratio {ics['seconds'] / base['seconds']:.2f}, "
          f"peak {ics['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
