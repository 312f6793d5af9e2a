"""`s55xl check-template` on the Welsh and bilingual templates: clean as shipped; wording the
Welsh catalogue lacks is named, with the catalogue and the fix."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import REPO

from s55xl.cli import cli
from s55xl.documents import i18n

TEMPLATES = REPO / "s55xl" / "documents" / "templates"


@pytest.mark.parametrize("name", ["pcc_response_welsh.docx", "publication_welsh.html",
                                  "board_paper_welsh.docx"])
def test_shipped_welsh_templates_are_clean(name):
    result = CliRunner().invoke(cli, ["check-template", str(TEMPLATES / name), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["ok"] and found["missing_wording"] == []
    assert "parts" in found["used"]


def test_wording_missing_from_the_welsh_catalogue_is_named(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(i18n.locale_dir(), locale)
    po = locale / "cy" / "LC_MESSAGES" / "s55xl.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Cyflwyniad"', 'msgstr ""').replace(
        'msgid "Chief Constable’s comments"\nmsgstr "Sylwadau’r Prif Gwnstabl"\n', ""),
        encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: locale)
    result = CliRunner().invoke(cli, ["check-template",
                                      str(TEMPLATES / "pcc_response_welsh.docx")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "No Welsh in" in line]
    assert len(lines) == 2, result.output
    assert f"No Welsh in {locale / 'cy' / 'LC_MESSAGES' / 's55xl.po'} for: \"Introduction\"" \
        in result.output
    assert "\"Chief Constable’s comments\"" in result.output
    assert "run python scripts/build_catalogues.py" in result.output
