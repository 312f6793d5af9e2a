"""Shared test helpers: workbooks written the way a person would type them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

REPORT_HEADERS = ["Report ID", "Title", "Published", "Report URL", "Summary",
                  "Chief Constable comments", "PCC comments",
                  "PCC response to Chief Constable comments"]
REC_HEADERS = ["Report ID", "Ref", "Type", "Addressed to", "Recommendation", "Force response",
               "Owner", "Status", "Target date", "Evidence"]


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
            response="The Constabulary is doing it.", **extra):
    values = {"Report ID": report_id, "Ref": ref, "Type": type_, "Addressed to": addressed_to,
              "Recommendation": text, "Force response": response, "Owner": "Head of Crime",
              "Status": "In progress"}
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
    from s55xl.builder import build

    return build(tmp_path_factory.mktemp("demo") / "demo.xlsx", with_demo=True)


@pytest.fixture(scope="session")
def demo_xlsm(tmp_path_factory) -> Path:
    from s55xl.builder import build

    return build(tmp_path_factory.mktemp("demo") / "demo.xlsm", with_demo=True)


def run_cli(args: list[str]):
    from click.testing import CliRunner

    from s55xl.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def pytest_configure(config):
    sys.path.insert(0, str(Path(__file__).parent))
