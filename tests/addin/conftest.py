"""The add-in's tests run in the clean-PC environment of the button and server tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _environment(button_environment):
    """The clean-PC environment of tests/conftest.py (licence key, HOME, no PDF converter)."""
