"""Shared test helpers: workbooks written the way a person would type them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
BOARD_PAPER_SEED = SEEDS / "000_e562658524bd567a.txt"
WEB_PAGE_SEED = SEEDS / "003_c80b8530fbcb0e8d.txt"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# The remembered bank holidays (s55xl.bank_holidays) go to a scratch folder, not the user's cache;
# processes the tests start inherit it.
os.environ.setdefault("S55XL_CACHE_DIR", tempfile.mkdtemp(prefix="s55xl-test-cache-"))
CHROMIUM = (os.environ.get("S55XL_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser") or shutil.which("google-chrome"))


def _playwright() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True


# What a test may need from the machine, and how to get it. `.ci/run` installs all of them, so
# under CI=true a missing one fails the test instead of skipping it.
REQUIREMENTS = {
    "seeds": (lambda: BOARD_PAPER_SEED.exists() and WEB_PAGE_SEED.exists(),
              f"the reference documents are not at {SEEDS} (clone beside ../shared)"),
    "soffice": (lambda: SOFFICE is not None,
                "LibreOffice is not installed (apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui)"),
    "chromium": (lambda: _playwright() and CHROMIUM is not None,
                 "Chromium and playwright are not installed (apt-get install chromium)"),
    "axe": (lambda: AXE.exists(), "axe-core is not installed (npm install --prefix tests/axe)"),
}


def pytest_runtest_setup(item):
    for mark in item.iter_markers("requires"):
        for name in mark.args:
            available, how = REQUIREMENTS[name]
            if not available():
                if os.environ.get("CI"):
                    pytest.fail(f"{how}; .ci/run must install it", pytrace=False)
                pytest.skip(how)


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` that fails the test with the command's stderr when it fails."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 300)
    done = subprocess.run([str(c) for c in command], **kwargs)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(str(c) for c in command)} exited {done.returncode}\n"
                    f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}", pytrace=False)
    return done

REPORT_HEADERS = ["Report ID", "Title", "Published", "Report URL", "Summary",
                  "Chief Constable comments", "PCC comments",
                  "PCC response to Chief Constable comments"]
REC_HEADERS = ["Report ID", "Ref", "Type", "Addressed to", "Recommendation", "Force response",
               "Owner", "Status", "Target date", "Evidence", "PCC action"]


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write plain ranges (no tables) with openpyxl, the way staff type a workbook by hand."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
    wb.save(path)
    return path


def report_row(report_id="R1", title="A report", published=date(2020, 2, 27), **extra):
    values = {"Report ID": report_id, "Title": title, "Published": published,
              "Report URL": "https://www.justiceinspectorates.gov.uk/hmicfrs/r1.pdf",
              "Summary": "Summary.", "Chief Constable comments": "CC comments.",
              "PCC comments": "PCC comments.",
              "PCC response to Chief Constable comments": "PCC response."}
    values.update(extra)
    return [values.get(h) for h in REPORT_HEADERS]


def rec_row(report_id="R1", ref="1", type_="Recommendation", addressed_to="Chief constables",
            text="We recommend that chief constables do something.",
            response="The Constabulary is doing it.",
            pcc_action="I will monitor the Constabulary's progress.", **extra):
    values = {"Report ID": report_id, "Ref": ref, "Type": type_, "Addressed to": addressed_to,
              "Recommendation": text, "Force response": response, "Owner": "Head of Crime",
              "Status": "In progress", "PCC action": pcc_action}
    values.update({k.replace("_", " ").capitalize(): v for k, v in extra.items()})
    return [values.get(h) for h in REC_HEADERS]


@pytest.fixture
def simple_book(tmp_path):
    """A clean hand-typed workbook: one report, one recommendation."""
    def make(reports=None, recs=None, extra_sheets=None, name="tracker.xlsx"):
        sheets = {
            "Reports": [REPORT_HEADERS] + (reports if reports is not None else [report_row()]),
            "Recommendations": [REC_HEADERS] + (recs if recs is not None else [rec_row()]),
        }
        sheets.update(extra_sheets or {})
        return write_book(tmp_path / name, sheets)
    return make


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory) -> Path:
    from s55xl.build.workbook import build

    return build(tmp_path_factory.mktemp("demo") / "demo.xlsx", with_demo=True)


@pytest.fixture(scope="session")
def demo_xlsm(tmp_path_factory) -> Path:
    from s55xl.build.workbook import build

    return build(tmp_path_factory.mktemp("demo") / "demo.xlsm", with_demo=True)


@pytest.fixture
def button_environment(monkeypatch, tmp_path):
    """What a button press sees on a clean PC, for the button and server tests.

    xlwings' remote engine licensed (``noncommercial``: free for public bodies under PolyForm
    Noncommercial), the user ``j.bloggs``, a temp folder and a home with a Documents folder of
    the test's own, no OneDrive, and no PDF converter (a test that makes PDFs turns it back on).
    """
    import xlwings.utils

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("USERNAME", "j.bloggs")
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "none")
    for name in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    xlwings.utils.fullname_url_to_local_path.cache_clear()  # xlwings caches each URL's answer


@pytest.fixture(scope="session")
def demo_payload(demo_xlsm) -> dict:
    """The demo workbook as xlwings' VBA client posts it, with Control!C13 selected."""
    from support.xlpayload import payload_from_workbook

    return payload_from_workbook(demo_xlsm, selection="C13")


def run_cli(args: list[str]):
    from click.testing import CliRunner

    from s55xl.cli.main import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def pytest_configure(config):
    sys.path.insert(0, str(Path(__file__).parent))
    config.addinivalue_line("markers", "requires(*names): needs something from the machine "
                            f"({', '.join(REQUIREMENTS)}); skipped without it, failed under CI")
