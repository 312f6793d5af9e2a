"""`s55xl serve` under load, against the desktop path's cost of one button press.

    python benchmarks/bench_server.py [--requests 20] [--threads 10]

Starts ``s55xl serve`` as its own process on a free loopback port and sends ``--requests``
button presses (validate, update deadlines and generate selected mixed, on the demo workbook
as xlwings' VBA client posts it) from ``--threads`` threads at once, timing each from request
to answer. The baseline, measured in the same run, is what one Update deadlines press costs
on a desktop: a fresh Python process that imports s55xl.excel and runs the button on the
same payload (RunPython starts a new Python for every press). Figures: median and worst
latency under load, each as a ratio to that baseline.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from tracker import server_env, serving, timed_press, wait_for  # noqa: E402

MIX = ["/validate", "/update-deadlines", "/validate", "/update-deadlines", "/generate-selected"]
DESKTOP_PRESS = (
    "import json, sys, time\n"
    "started = time.perf_counter()\n"
    "import xlwings, s55xl.excel\n"
    "payload = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "book = xlwings.Book(json=payload)\n"
    "assert s55xl.excel.update_deadlines(book).ok\n"
    "json.dumps(book.json())\n"
    "print(json.dumps({'inside': time.perf_counter() - started}))\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--threads", type=int, default=10)
    args = parser.parse_args()

    from support.xlpayload import payload_from_workbook

    from s55xl.build.workbook import build

    work = Path(tempfile.mkdtemp(prefix="s55xl-bench-server-"))
    env = server_env(work)
    book = build(work / "tracker.xlsm", with_demo=True, server="https://s55xl.force.local")
    payload = payload_from_workbook(book, selection="C13")
    (work / "payload.json").write_text(json.dumps(payload), encoding="utf-8")

    desktop = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", DESKTOP_PRESS, str(work / "payload.json")],
                       check=True, capture_output=True, env=env)
        desktop.append(time.perf_counter() - started)
    baseline = statistics.median(desktop)

    with serving(work, env) as url:

        def press(i: int) -> float:
            body = json.dumps(copy.deepcopy(payload)).encode()
            return timed_press(url + MIX[i % len(MIX)], body)

        wall = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            seconds = sorted(pool.map(press, range(args.requests)))
        wall = time.perf_counter() - wall
        wait_for(url + "/health")
    median, worst = statistics.median(seconds), seconds[-1]
    print(f"{args.requests} requests from {args.threads} threads in {wall:.2f} s: "
          f"median {median:.2f} s (ratio {median / baseline:.2f}), worst {worst:.2f} s "
          f"(ratio {worst / baseline:.2f}); baseline: one desktop Update deadlines press as a "
          f"fresh Python process {baseline:.2f} s")


if __name__ == "__main__":
    main()
