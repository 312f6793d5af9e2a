"""A generated tracker of N reports × M recommendations, the fresh-process runner and a running
``s55xl serve``, shared by the benchmarks."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from s55xl import schema

TEXT = ("We recommend that chief constables review performance management and quality assurance "
        "approaches to ensure that assessments of the nature and quality of decision making are "
        "routinely made.")
RESPONSE = ("The Constabulary participates in regular multi-agency audits to scrutinise decision "
            "making in child protection matters and understand service delivery.")
PCC_ACTION = "I will monitor the Constabulary's progress through the Business Co-ordination Board."


def make_tracker(path: Path, reports: int = 500, recs: int = 20, *, warnings: bool = False) -> Path:
    """Write the tracker with XlsxWriter as plain tables, the way the builder lays them out.

    Half the recommendations are addressed to the Home Office with a blank force response (a
    ``standard-wording`` warning each). With ``warnings`` every recommendation carries one
    warning: the other half leave PCC action blank (``standard-pcc-action``), as a tracker does
    before the PCC's actions are written."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reports")
    ws.write_row(0, 0, [c.header for c in schema.REPORTS.columns])
    start = date(2019, 1, 7)
    for i in range(reports):
        published = start + timedelta(days=3 * i)
        values = {"report_id": f"R{i:04d}", "title": f"Inspection report {i}",
                  "inspectorate": "HMICFRS", "report_type": "Force inspection",
                  "published": published,
                  "report_url": f"https://www.justiceinspectorates.gov.uk/hmicfrs/r{i}.pdf",
                  "summary": "Summary. " * 20, "cc_comments": "Comments. " * 10,
                  "pcc_comments": "Comments. " * 10, "pcc_response": "Response. " * 10,
                  "lead_officer": "Head of Crime"}
        for c, column in enumerate(schema.REPORTS.columns):
            value = values.get(column.field)
            if value is None:
                continue
            if column.kind == "date":
                ws.write_datetime(i + 1, c, value, date_fmt)
            else:
                ws.write(i + 1, c, value)
    ws = wb.add_worksheet("Recommendations")
    ws.write_row(0, 0, [c.header for c in schema.RECOMMENDATIONS.columns])
    row = 1
    for i in range(reports):
        for j in range(recs):
            local = j % 2 == 0
            values = {"report_id": f"R{i:04d}", "ref": f"{j + 1}", "type": "Recommendation",
                      "addressed_to": "Chief constables" if local else "Home Office",
                      "recommendation": TEXT, "force_response": RESPONSE if local else "",
                      "pcc_action": "" if warnings and local else PCC_ACTION, "owner": "Head of Crime",
                      "status": "In progress"}
            for c, column in enumerate(schema.RECOMMENDATIONS.columns):
                if values.get(column.field):
                    ws.write(row, c, values[column.field])
            row += 1
    ws = wb.add_worksheet("Settings")
    ws.write_row(0, 0, ["Setting", "Value"])
    ws.write_row(1, 0, ["Board meeting schedule", "FREQ=MONTHLY;BYDAY=+2TU"])
    wb.close()
    return path


def size_arguments(description: str) -> argparse.Namespace:
    """--reports, --recs and --repeat, as every tracker benchmark takes them."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--recs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    return ap.parse_args()


def fresh_process(code: str, path: Path) -> dict:
    """Run ``code`` with ``path`` as its argument in a new Python; it prints one JSON object."""
    out = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def timed_process(argv: list[str], ok: tuple[int, ...] = (0,)) -> dict:
    """Run ``argv`` as a new process, timed from outside (start-up included), its output
    written to a scratch file: ``seconds`` of wall time, ``cpu`` seconds (user + system, which
    other work on the machine disturbs less) and the process's own ``peak_mb``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv[:2])} exited {proc.returncode}: "
                               f"{err.read().decode(errors='replace')}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}


TOKEN = "bench-token-4c1f9e2a7b3d5e6f"


def server_env(work: Path) -> dict:
    """The environment a benchmark's server (and its desktop baseline) runs in: one team's
    token, no PDF converter, ``work`` as home."""
    return {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial",
            "S55XL_SERVER_TOKENS": f"bench:{TOKEN}", "S55XL_PDF_CONVERTER": "none",
            "HOME": str(work)}


@contextlib.contextmanager
def serving(work: Path, env: dict):
    """``s55xl serve`` on a free loopback port, answering ``/health``; yields its address and
    stops it afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "s55xl.cli", "serve", "--port", str(port),
                               "--out", str(work / "srv")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/health")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def timed_press(url: str, body: bytes) -> float:
    """Seconds for one button press: ``body`` posted with the team's token, answered 200."""
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Authorization": f"Bearer {TOKEN}",
                                          "Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as resp:
        resp.read()
        assert resp.status == 200
    return time.perf_counter() - started


def wait_for(url: str) -> None:
    """Until ``url`` answers (at most a minute)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
