"""The server's memory after many large workbooks: back to its level after each run.

Each button runs in a worker process that ends with the run, so what xlwings' remote engine
keeps of a posted workbook (every Book, whole sheets' values) goes with it. A real ``s55xl
serve`` process is sent the same large workbook 30 times; its resident memory after the last
answer must be within 20% of what it was after the third (the first ones warm caches).
"""

from __future__ import annotations

import copy
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support.server import TEAM, TOKEN, Running, wait_healthy

REQUESTS = 30


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def large(payload: dict, copies: int) -> dict:
    """The demo workbook with its report and recommendations copied ``copies`` times."""
    payload = copy.deepcopy(payload)
    sheets = {s["name"]: s for s in payload["sheets"]}
    reports, recs = sheets["Reports"]["values"], sheets["Recommendations"]["values"]
    first, rows = reports[1], recs[1:7]
    for n in range(copies):
        reports.append([f"R-{n}", *first[1:]])
        recs.extend([[f"R-{n}", *row[1:]] for row in rows])
    return payload


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_memory_returns_to_its_level_after_each_run(tmp_path, server_payload):
    body = large(server_payload, 300)  # 1,800 recommendations
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "S55XL_SERVER_TOKENS"}
    env.update(XLWINGS_LICENSE_KEY="noncommercial", S55XL_SERVER_TOKENS=f"{TEAM}:{TOKEN}")
    process = subprocess.Popen(
        [sys.executable, "-m", "s55xl.cli", "serve", "--port", str(port), "--out",
         str(tmp_path / "srv")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(process, url)
        server = Running(url, port, tmp_path / "srv")
        seen = []
        for _ in range(REQUESTS):
            answer = server.post("/validate", body)
            assert answer.status == 200, answer.text
            seen.append(resident_kib(process.pid))
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    print(f"\nresident memory after requests 1, 3, {REQUESTS}: {seen[0] // 1024} MB, "
          f"{seen[2] // 1024} MB, {seen[-1] // 1024} MB")
    assert seen[-1] <= seen[2] * 1.2, seen
