"""The README's header and settings lists are the workbook contract's: every header of every
sheet and every setting, with its default, read back from the README's own text."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

from s55xl import schema
from s55xl.model import SETTING_SPECS, Settings

README = REPO / "README.md"
SCRIPT = REPO / "scripts" / "build_docs.py"
FIX = "run `python scripts/build_docs.py` and commit README.md"


def sheet_bullets() -> dict[str, str]:
    """Each ``- **Sheet** — …`` item of the README's workbook section, its lines joined."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The workbook"):text.index("### Settings")]
    items = re.findall(r"^- \*\*(\w+)\*\* — (.*?)(?=^- |^\s*$)", section, re.M | re.S)
    return {name: " ".join(body.split()) for name, body in items}


def settings_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Settings"):]
    section = section[:section.index("\n## ")]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Setting | Default | Meaning |"
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


def test_every_sheets_headers_are_listed_in_order():
    bullets = sheet_bullets()
    for spec in schema.INPUT_SHEETS:
        assert spec.name in bullets, f"README lists no {spec.name} sheet; {FIX}"
        listed = bullets[spec.name]
        inputs, _, computed = listed.partition("; computed")
        assert re.findall(r"`([^`]+)`", inputs) == [c.header for c in spec.input_columns], FIX
        assert re.findall(r"`([^`]+)`", computed) == [c.header for c in spec.computed_columns]
        required = re.findall(r"`([^`]+)`\\\*", listed)
        assert required == [c.header for c in spec.columns if c.required_header], FIX


def test_the_columns_that_matter_in_law_are_listed():
    bullets = sheet_bullets()
    assert "`Response date`" in bullets["Reports"]
    assert "`PCC action`" in bullets["Recommendations"]


def test_every_setting_is_listed_with_its_default_and_help():
    rows = settings_rows()
    assert [r[0] for r in rows] == [s.label for s in SETTING_SPECS], FIX
    for (label, default, meaning), spec in zip(rows, SETTING_SPECS, strict=True):
        assert default == str(spec.default), f"{label}: {FIX}"
        assert meaning.replace("\\|", "|") == spec.help, f"{label}: {FIX}"
    labels = [r[0] for r in rows]
    assert {"Standard PCC action", "Server address", "Home Office email"} <= set(labels)
    assert len(rows) == len(Settings.model_fields)


def test_the_generator_finds_nothing_to_change():
    done = subprocess.run([sys.executable, SCRIPT, "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_generator_says_when_the_readme_is_stale(tmp_path):
    stale = tmp_path / "README.md"
    stale.write_text(README.read_text(encoding="utf-8").replace("`PCC action`, ", ""),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, SCRIPT, "--check", "--readme", stale],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "the headers list is out of date" in done.stderr
    assert "run: python scripts/build_docs.py" in done.stderr
    done = subprocess.run([sys.executable, SCRIPT, "--readme", stale], capture_output=True,
                          text=True)
    assert done.returncode == 0
    assert stale.read_text(encoding="utf-8") == README.read_text(encoding="utf-8")


def test_install_instructions_name_the_wheel_this_version_builds():
    """The wheel the README tells IT to build is the one ``pip wheel .`` writes for this
    version, and no page tells staff to install s55xl from PyPI."""
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    first_use = (REPO / "docs" / "first-use.md").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for text in (readme, first_use):
        names = set(re.findall(r"s55xl-[^\s`]+?\.whl", text))
        assert names == {f"s55xl-{version}-py3-none-any.whl"}
        assert not re.search(r"^\s*(py -m |python -m )?pip install s55xl\b", text, re.M)
    assert "python -m pip wheel . --no-deps -w dist" in readme
