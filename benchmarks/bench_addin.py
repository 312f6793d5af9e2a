"""A Validate round trip from the add-in's JavaScript client, beside the VBA client's.

    python benchmarks/bench_addin.py [--reports 500] [--recs 20] [--presses 3]

Builds the benchmark tracker (``--reports`` × ``--recs``, benchmarks/tracker.py), starts
``s55xl serve`` as its own process on a free loopback port, and presses Validate:

- from the add-in: the real client (s55xl/addin/js) under Node reads the workbook from
  office-addin-mock (tests/addin/mockexcel.mjs, holding the tracker's values), posts the
  ``client: "Office.js"`` payload and applies the actions; timed as gather, server and apply;
- the baseline, in the same run: the same workbook as xlwings' VBA client posts it
  (tests/support/xlpayload.py), posted from Python and timed from request to answer.

Figures: the payloads' sizes and the add-in's server time and total, each as a ratio to the
VBA-shaped round trip. Needs Node and tests/addin's npm packages (``.ci/run`` installs them).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))
from tracker import TOKEN, make_tracker, server_env, serving, timed_press  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--recs", type=int, default=20)
    parser.add_argument("--presses", type=int, default=3)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None or not (HERE.parent / "tests/addin/node_modules/office-addin-mock").exists():
        sys.exit("bench_addin needs Node and tests/addin's npm packages: "
                 "cd tests/addin && npm install")

    from support.mockbook import export_for_mock
    from support.xlpayload import payload_from_workbook

    work = Path(tempfile.mkdtemp(prefix="s55xl-bench-addin-"))
    env = server_env(work)
    book = make_tracker(work / "tracker.xlsx", args.reports, args.recs)
    (work / "book.json").write_text(json.dumps(export_for_mock(book)), encoding="utf-8")
    vba_body = json.dumps(payload_from_workbook(book, selection="A1")).encode()

    with serving(work, env) as url:
        # the first press warms the server up and is not counted
        vba = [timed_press(url + "/validate", vba_body) for _ in range(args.presses + 1)][1:]
        done = subprocess.run([node, str(HERE / "addin_round_trip.mjs"), str(work / "book.json"),
                               url, TOKEN, str(args.presses)], capture_output=True, text=True,
                              check=True, timeout=1800)
    js = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    baseline = statistics.median(vba)
    med = {k: statistics.median(p[k] for p in js) for k in ("gather", "server", "apply", "total")}
    js_bytes = js[0]["bytes"]
    print(f"Validate on {args.reports} reports x {args.recs} recommendations, median of "
          f"{args.presses} presses each")
    print(f"  payload: add-in {js_bytes / 1e6:.2f} MB, VBA-shaped {len(vba_body) / 1e6:.2f} MB "
          f"(ratio {js_bytes / len(vba_body):.2f}); answer {js[0]['answerBytes'] / 1e3:.0f} kB")
    print(f"  add-in: gather {med['gather']:.2f} s, server {med['server']:.2f} s "
          f"(ratio {med['server'] / baseline:.2f}), apply {med['apply']:.2f} s, "
          f"total {med['total']:.2f} s (ratio {med['total'] / baseline:.2f})")
    print(f"  baseline: the VBA-shaped payload posted and answered {baseline:.2f} s")


if __name__ == "__main__":
    main()
