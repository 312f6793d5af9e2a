"""Every button test runs in the clean-PC environment of ``tests/conftest.py``."""

import pytest


@pytest.fixture(autouse=True)
def _environment(button_environment):
    """``button_environment`` for every test here (see tests/conftest.py)."""
