"""Talking to a running ``s55xl serve`` over real HTTP with the standard library's client."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TOKEN = "test-token-9d1c6f0b2a7e4c3d"
SECOND_TOKEN = "second-token-5e8a2b9c0d"
TEAM, SECOND_TEAM = "governance", "audit"
TEAMS = ((TEAM, TOKEN), (SECOND_TEAM, SECOND_TOKEN))
SERVER_URL = "https://s55xl.force.local"


def wait_healthy(process, url: str, seconds: float = 60) -> None:
    """Wait until the ``s55xl serve`` ``process`` answers ``/health`` at ``url``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as resp:
                assert json.load(resp)["status"] == "ok"
            return
        except OSError:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "s55xl serve did not answer"
            time.sleep(0.2)


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


@dataclass
class Running:
    url: str
    port: int
    out: Path

    def request(self, method: str, path: str, body: bytes | None = None,
                token: str | None = TOKEN, headers: dict | None = None,
                timeout: float = 120) -> Answer:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            sent.setdefault("Authorization", f"Bearer {token}")
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Answer(resp.status, resp.read(), dict(resp.headers))
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.read(), dict(exc.headers))

    def folder(self, workbook: str = "tracker", team: str = TEAM) -> Path:
        """The one folder the server keeps ``workbook``'s documents in for ``team``."""
        found = list((self.out / team).glob(f"{workbook}-*"))
        assert len(found) == 1, found
        return found[0]

    def post(self, path: str, payload: dict, **kwargs) -> Answer:
        return self.request("POST", path, json.dumps(payload).encode("utf-8"), **kwargs)
