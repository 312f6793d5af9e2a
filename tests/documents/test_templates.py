"""The built-in templates, their build script, the placeholder guide and the wording rules."""

from __future__ import annotations

import importlib.util
import re
from datetime import date

import pytest
from conftest import REPO

from s55xl.documents import context, sources, wording


def build_script():
    spec = importlib.util.spec_from_file_location("build_templates",
                                                  REPO / "scripts" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_word_templates_are_what_the_script_builds():
    built = build_script().build()
    assert set(built) == {"board_paper.docx", "pcc_response.docx", "progress_paper.docx",
                          "pcc_response_welsh.docx", "board_paper_welsh.docx"}
    for name in ("pcc_response_welsh.docx", "board_paper_welsh.docx"):
        welsh = (REPO / "s55xl" / "documents" / "templates" / name).read_bytes()
        assert built.pop(name) == welsh, \
            f"{name} is out of date: run python scripts/build_templates.py"
    for name, data in built.items():
        assert sources.default_template(
            {"board_paper.docx": "board_paper", "pcc_response.docx": "response",
             "progress_paper.docx": "progress"}[name]) == data, \
            f"{name} is out of date: run python scripts/build_templates.py"


def test_the_build_is_reproducible():
    script = build_script()
    assert script.build() == script.build()


# What each shipped template must say, written out here (not taken from context.FIELDS): the
# tags that carry the statutory content of each document.
SHIPPED_TAGS = {
    "board_paper": ["{{ t.purpose_text }}", "{{ t.background_text }}", "{{ t.deadline_text }}",
                    "{{ t.paper_subtitle }}", "{%p for section in sections %}",
                    "{{ item.response_label }}", "{{ item.response }}",
                    "{{ person.signature }}", "{%p if report_url %}", "{{ t.report_link }}"],
    "response": ["{{ pcc_comments }}", "{%p if cc_comments %}", "{{ cc_comments }}",
                 "{{ pcc_response }}", "{{ t.no_cc }}", "{{ t.introduction_text }}",
                 "{%tr for rec in recommendations %}", "{{ rec.response }}",
                 "{{ rec.pcc_action }}", "{{ t.publication_text }}", "{%p if is_draft %}",
                 "{{ dated }}", "{{ t.page }}"],
    "publication": ["{{ response_url }}", "{{ response_link_text }}", "{{ report_link_text }}",
                    "{%- if not fragment -%}", "{{ draft_mark }}", "{%- for block in "
                    "summary_blocks %}", "{{ t.under_s55 }}", 'lang="{{ t.tag }}"'],
}


def _docx_text(data: bytes) -> str:
    """Every paragraph of a .docx — body, table cells, headers — as python-docx reads it."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for r in t.rows for c in r.cells
              for p in c.paragraphs]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(texts)


@pytest.mark.parametrize("kind", context.KINDS)
def test_every_default_template_ships_with_its_statutory_content(kind):
    data = sources.default_template(kind)
    text = _docx_text(data) if kind != "publication" else data.decode("utf-8")
    missing = [tag for tag in SHIPPED_TAGS[kind] if tag not in text]
    assert missing == []


@pytest.mark.parametrize("name", ["board_paper.docx", "pcc_response.docx"])
def test_shipped_word_templates_open_in_word_without_repair(name):
    from support.ooxml import audit

    assert audit(REPO / "s55xl" / "documents" / "templates" / name) == []


def test_the_guide_lists_every_placeholder():
    guide = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_0-9]+)` \|", guide, re.MULTILINE))
    names = {f.name for f in context.FIELDS}
    children = {c.name for f in context.FIELDS for c in f.children}
    children |= {c.name for c in context.SECTION_FIELDS for c in c.children}
    assert names <= listed, names - listed
    assert children <= listed, children - listed
    assert listed <= names | children, listed - names - children


@pytest.mark.parametrize("day, expected", [
    (date(2020, 2, 27), "27th February 2020"), (date(2020, 4, 1), "1st April 2020"),
    (date(2020, 4, 2), "2nd April 2020"), (date(2020, 4, 3), "3rd April 2020"),
    (date(2020, 4, 11), "11th April 2020"), (date(2020, 4, 12), "12th April 2020"),
    (date(2020, 4, 13), "13th April 2020"), (date(2020, 4, 21), "21st April 2020"),
    (date(2020, 4, 22), "22nd April 2020"), (date(2020, 3, 31), "31st March 2020"),
])
def test_uk_long_dates(day, expected):
    assert wording.uk_long_date(day) == expected


@pytest.mark.parametrize("published, short, full", [
    (date(2017, 7, 18), "HMIC", "Her Majesty’s Inspectorate of Constabulary"),
    (date(2017, 7, 19), "HMICFRS",
     "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"),
    (date(2022, 9, 8), "HMICFRS",
     "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"),
    (date(2022, 9, 9), "HMICFRS",
     "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"),
])
def test_the_inspectorate_is_named_as_it_was_on_the_day(published, short, full):
    assert wording.inspectorate_names("HMICFRS", published) == (short, full)
    assert wording.inspectorate_names(None, published) == (short, full)


def test_other_inspectorates_are_named_as_typed():
    assert wording.inspectorate_names("Ofsted", date(2021, 1, 1)) == ("Ofsted", "Ofsted")


def test_possessives_and_blocks():
    assert wording.possessive("the Constabulary") == "the Constabulary’s"
    assert wording.possessive("Police and Crime Commissioners") == \
        "Police and Crime Commissioners’"
    assert wording.blocks("Intro:\n• one\n- two\n\nAfter.") == [
        {"kind": "paragraph", "text": "Intro:", "items": []},
        {"kind": "list", "items": ["one", "two"], "text": ""},
        {"kind": "paragraph", "text": "After.", "items": []}]
    assert wording.lines("a\n\n  \nb ") == ["a", "b "]


@pytest.mark.parametrize("addressed_to, report_type, force_specific", [
    ("Home Office", "National thematic", False),
    ("Chief constables", "National thematic", False),
    ("Chief constables", "PEEL", True),
    ("The force", "National thematic", True),
    ("the Chief Constable", "Joint inspection", True),
    ("Cumbria Constabulary", "National thematic", True),
    ("College of Policing", "Force inspection", False),
])
def test_national_or_force_specific(addressed_to, report_type, force_specific):
    names = ("the Constabulary", "Cumbria Constabulary")
    assert context.is_force_specific(addressed_to, report_type, names) is force_specific
