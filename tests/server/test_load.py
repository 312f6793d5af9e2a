"""A bounded load test: 20 button presses from 10 threads at once, all answered.

Ten users' workbooks arrive together (validate, update deadlines and generate selected mixed);
every answer must be 200 with the actions of its own button, the documents of the concurrent
generates must all be complete files, and the server must still be healthy afterwards. The
latencies are printed (run with -s) — they are figures for the README, not pass marks.
"""

from __future__ import annotations

import copy
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import docx
from support.xlpayload import written_cells

REQUESTS = 20
THREADS = 10
MIX = ["/validate", "/update-deadlines", "/validate", "/update-deadlines", "/generate-selected"]


def test_twenty_requests_from_ten_threads(server, server_payload):
    labels = {"/validate": "Validate", "/update-deadlines": "Update deadlines",
              "/generate-selected": "Generate selected"}

    def press(i: int):
        path = MIX[i % len(MIX)]
        payload = copy.deepcopy(server_payload)
        started = time.monotonic()
        answer = server.post(path, payload, headers={"X-S55XL-User": f"user{i}"})
        return path, payload, answer, time.monotonic() - started

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(press, range(REQUESTS)))

    for i, (path, payload, answer, _) in enumerate(results):
        assert answer.status == 200, (path, answer.text)
        cells = written_cells(answer.json()["actions"], payload)
        assert cells[("Log", "B2")] == f"user{i} (unverified)"
        assert cells[("Log", "C2")] == labels[path]
    folder = server.folder()
    current = sorted(folder.glob("*.docx"))
    assert [p.name for p in current] == ["NCPI-2019 Board paper DRAFT.docx",
                                         "NCPI-2019 PCC response DRAFT.docx"]
    # Board paper and response from each press: the latest in place, the rest kept as versions.
    documents = current + sorted((folder / "versions").glob("*.docx"))
    assert len(documents) == 2 * REQUESTS // len(MIX)
    for path in documents:
        assert docx.Document(str(path)).paragraphs  # complete, readable files
    assert server.request("GET", "/health", token=None).status == 200
    seconds = sorted(r[3] for r in results)
    print(f"\n{REQUESTS} requests from {THREADS} threads: median {statistics.median(seconds):.2f} s, "
          f"worst {seconds[-1]:.2f} s")
