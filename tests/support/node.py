"""Node.js and the npm packages of tests/addin/package.json (installed by .ci/run): found once;
a test that needs them skips without them, except under CI=true, where it fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ADDIN_TESTS = Path(__file__).resolve().parent.parent / "addin"
MODULES = ADDIN_TESTS / "node_modules"
NODE = shutil.which("node")


def require_node_packages(*packages: str) -> None:
    missing = [p for p in packages if not (MODULES / p / "package.json").exists()]
    why = None
    if NODE is None:
        why = "Node.js is not installed (apt-get install nodejs npm)"
    elif missing:
        why = f"{', '.join(missing)} not installed (cd tests/addin && npm install)"
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"{why}; .ci/run must install it", pytrace=False)
        pytest.skip(why)
