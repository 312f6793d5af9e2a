"""docs/json.md: every example has exactly the keys, in the order, that the commands print."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import BOARD_PAPER_SEED, REPO, rec_row, report_row, run_cli

DOC = REPO / "docs" / "json.md"


def examples() -> dict[str, object]:
    """The first JSON example under each ``## `s55xl COMMAND …``` heading, by command."""
    found = {}
    for section in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        command = re.match(r"`s55xl ([a-z-]+)", section)
        block = re.search(r"```json\n(.*?)\n```", section, re.S)
        if command and block:
            found[command.group(1)] = json.loads(block.group(1))
    return found


def compare(example, real, path: str, seen: set[str]) -> None:
    """Objects must have the same keys in the same order; a list's first item is compared
    with the real list's first item (``seen`` collects the lists that had one)."""
    if isinstance(real, dict):
        assert isinstance(example, dict), path
        assert list(example) == list(real), f"{path}: docs/json.md shows {list(example)}, " \
                                            f"the command prints {list(real)}"
        for key in real:
            if key != "basis":  # keyed by date name, compared below
                compare(example[key], real[key], f"{path}.{key}", seen)
    elif isinstance(real, list):
        assert isinstance(example, list), path
        if real and example:
            seen.add(path)
            compare(example[0], real[0], f"{path}[]", seen)
    else:
        assert not isinstance(example, dict | list), path


def check(command: str, *outputs: str) -> set[str]:
    seen: set[str] = set()
    for output in outputs:
        compare(examples()[command], json.loads(output), command, seen)
    return seen


def test_every_json_command_has_an_example():
    assert set(examples()) == {"validate", "deadlines", "generate", "import", "check-template"}


def test_validate_example(simple_book):
    path = simple_book(recs=[rec_row(response=None)])
    out = run_cli(["validate", path, "--json", "--today", "2020-04-01"]).output
    assert check("validate", out) == {"validate.findings"}


def test_deadlines_example(demo_xlsx):
    out = run_cli(["deadlines", demo_xlsx, "--json", "--today", "2020-04-01"]).output
    assert check("deadlines", out) == {"deadlines.reports"}
    [real] = json.loads(out)["reports"]
    [shown] = examples()["deadlines"]["reports"]
    assert shown["basis"] == real["basis"]  # the rules, word for word


def test_generate_example(simple_book, tmp_path):
    path = simple_book(reports=[report_row(**{"PCC comments": None})])
    result = run_cli(["generate", path, "--json", "--format", "docx,html", "--out",
                      tmp_path / "out", "--today", "2020-04-01"])
    assert result.exit_code == 1  # the response refused, the Board paper made
    assert check("generate", result.output) == {"generate.documents", "generate.skipped"}


@pytest.mark.skipif(not BOARD_PAPER_SEED.exists(), reason="the reference Board paper")
def test_import_example(demo_xlsx, tmp_path):
    from s55xl.build.workbook import build

    empty = build(tmp_path / "empty.xlsx")
    demo = shutil.copy(demo_xlsx, tmp_path / "demo.xlsx")
    added = run_cli(["import", BOARD_PAPER_SEED, "--into", empty, "--dry-run", "--json"])
    skipped = run_cli(["import", BOARD_PAPER_SEED, "--into", demo, "--dry-run", "--json"])
    assert check("import", added.output, skipped.output) == {"import.added", "import.skipped"}


def test_check_template_example():
    template = REPO / "s55xl" / "documents" / "templates" / "board_paper.docx"
    out = run_cli(["check-template", template, "--json"]).output
    assert check("check-template", out) == {"check-template.used",
                                            "check-template.optional_unused"}
