"""``s55xl serve`` as IT runs it: a real process, refusing to start without what it needs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from support.server import TOKEN, Running, wait_healthy

S55XL = [sys.executable, "-m", "s55xl.cli"]


def serve(args: list, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*S55XL, "serve", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("S55XL_SERVER_TOKENS", "XLWINGS_LICENSE_KEY")}
    return {**env, **extra}


def test_no_token_refuses_to_start(tmp_path):
    done = serve(["--out", tmp_path / "srv"], clean_env(XLWINGS_LICENSE_KEY="noncommercial"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "s55xl: no access token is configured, so the server will not start. Set "
        "S55XL_SERVER_TOKENS (team:token, comma-separated) or give --tokens-file FILE (one "
        "'team: token' a line)."]


def test_a_short_token_refuses_to_start(tmp_path):
    done = serve(["--out", tmp_path], clean_env(S55XL_SERVER_TOKENS="team:short",
                                                XLWINGS_LICENSE_KEY="noncommercial"))
    assert done.returncode == 2 and "shorter than 16 characters" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_no_licence_key_refuses_to_start(tmp_path):
    done = serve(["--out", tmp_path], clean_env(S55XL_SERVER_TOKENS=f"governance:{TOKEN}"))
    assert done.returncode == 2
    assert done.stderr.startswith("s55xl: XLWINGS_LICENSE_KEY is not set")
    assert len(done.stderr.strip().splitlines()) == 1


def test_serves_with_a_tokens_file_and_stops_on_sigterm(tmp_path, server_payload):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"# the governance team\n\ngovernance: {TOKEN}\n", encoding="utf-8")
    with socket.socket() as probe:  # a port free a moment ago; the server binds it next
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*S55XL, "serve", "--port", str(port), "--out", str(tmp_path / "srv"),
         "--tokens-file", str(tokens)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=clean_env(XLWINGS_LICENSE_KEY="noncommercial"))
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(process, url)
        answer = Running(url, port, tmp_path / "srv").post(
            "/validate", server_payload, headers={"X-S55XL-User": "j.smith"})
        assert answer.status == 200, answer.text
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
    assert "Traceback" not in err
    assert ("team=governance user=j.smith workbook=tracker.xlsm action=validate status=200 "
            "outcome=ok") in err
    assert "1 token(s) for 1 team;" in err
