"""A real ``s55xl serve`` app under uvicorn on a free loopback port.

The server runs in a thread of the test process on a socket bound to 127.0.0.1 port 0 (so
the port is free by construction) and stops when the test ends. Requests go over real HTTP
(tests/support/server.py), carrying payloads built from a server-mode workbook the way xlwings'
``RunServerPython`` builds them (tests/support/xlpayload.py).
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _environment(button_environment):
    """The clean-PC environment of tests/conftest.py (licence key, HOME, no PDF converter)."""


@pytest.fixture
def start_server(tmp_path):
    """Start a server with ServerConfig overrides; every server started is stopped after."""
    from support.liveserver import serving
    from support.server import TEAMS, Running

    from s55xl.server import ServerConfig, create_app

    with contextlib.ExitStack() as stack:
        def start(**overrides) -> Running:
            out = overrides.pop("out", tmp_path / "srv")
            overrides.setdefault("tokens", TEAMS)
            config = ServerConfig(out=out, **overrides)
            url = stack.enter_context(serving(create_app(config), config.header_time_limit))
            return Running(url, int(url.rsplit(":", 1)[1]), out)

        yield start


@pytest.fixture
def server(start_server):
    return start_server()


@pytest.fixture(scope="session")
def server_workbook(tmp_path_factory) -> Path:
    from support.server import SERVER_URL

    from s55xl.build.workbook import build

    return build(tmp_path_factory.mktemp("server") / "tracker.xlsm", with_demo=True,
                 server=SERVER_URL)


@pytest.fixture(scope="session")
def server_payload(server_workbook) -> dict:
    from support.xlpayload import payload_from_workbook

    return payload_from_workbook(server_workbook, selection="C13")


@pytest.fixture
def payload(server_payload) -> dict:
    return copy.deepcopy(server_payload)
