"""``s55xl serve`` with Entra ID sign-in as IT runs it: a real process, its options and
environment variables, refusing to start on half a configuration."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from support.entra import AUDIENCE, CLIENT_ID, TENANT
from support.server import TOKEN

S55XL = [sys.executable, "-m", "s55xl.cli", "serve"]


def env(**extra) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("S55XL_ENTRA",
                                                                    "S55XL_SERVER_TOKENS"))}
    return {**base, "XLWINGS_LICENSE_KEY": "noncommercial",
            "S55XL_SERVER_TOKENS": f"governance:{TOKEN}", **extra}


def test_half_an_entra_configuration_refuses_to_start(tmp_path):
    done = subprocess.run([*S55XL, "--out", tmp_path, "--entra-tenant", TENANT],
                          capture_output=True, text=True, env=env(), timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "s55xl: Entra sign-in needs both --entra-tenant and --entra-audience (or "
        "S55XL_ENTRA_TENANT and S55XL_ENTRA_AUDIENCE); --entra-audience is missing. "
        "See docs/addin.md."]


def test_a_tenant_name_instead_of_its_id_refuses_to_start(tmp_path):
    done = subprocess.run([*S55XL, "--out", tmp_path], capture_output=True, text=True,
                          env=env(S55XL_ENTRA_TENANT="force.onmicrosoft.com",
                                  S55XL_ENTRA_AUDIENCE=CLIENT_ID), timeout=60)
    assert done.returncode == 2
    assert "must be the directory (tenant) ID" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_entra_from_the_environment_reaches_the_manifest(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*S55XL, "--port", str(port), "--out", str(tmp_path / "srv"),
         "--public-url", "https://s55xl.force.local"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env(S55XL_ENTRA_TENANT=TENANT, S55XL_ENTRA_AUDIENCE=AUDIENCE))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/addin/manifest.xml",
                                            timeout=5) as resp:
                    text = resp.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"<Id>{CLIENT_ID}</Id>" in text and f"<Resource>{AUDIENCE}</Resource>" in text
    assert f"Microsoft 365 sign-in for tenant {TENANT}" in err
    assert "manifest is at https://s55xl.force.local/addin/manifest.xml" in err
