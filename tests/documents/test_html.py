"""The publication page: its shape, parsed; and axe-core in headless Chromium finds nothing."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import AXE, CHROMIUM
from support.documents import (
    TODAY,
    load,
    rec,
    report,
    write_tracker,
)

from s55xl import demo
from s55xl.documents import generate

VAGUE_LINKS = {"here", "click here", "read more", "more", "link", "this report",
               "this report can be viewed here."}


class Page(HTMLParser):
    """Just enough of the page: the html lang, elements in order, link texts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self._open: list[tuple[str, dict, list[str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "a", "li", "p"):
            self._open.append((tag, attrs, []))

    def handle_data(self, data):
        for _, _, chunks in self._open:
            chunks.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            tag, attrs, chunks = self._open.pop()
            text = " ".join("".join(chunks).split())
            if tag == "a":
                self.links.append((attrs.get("href"), text))
            elif tag == "li":
                self.items.append(text)
            elif tag == "p":
                self.paragraphs.append(text)
            else:
                self.headings.append((tag, text))


@pytest.fixture(scope="module")
def page(demo_documents):  # noqa: F811
    return demo_documents["publication", "html"]


def test_page_shape_follows_the_reference_web_page(page):
    parsed = Page(page.read_text(encoding="utf-8"))
    assert parsed.lang == "en-GB"
    assert [h for h in parsed.headings if h[0] == "h1"] == [
        ("h1", "HMICFRS – National Child Protection Inspections 2019 Thematic Report")]
    assert parsed.headings[1] == ("h2", "Police and Crime Commissioner for Cumbria’s response")
    for landmark in ("header", "main", "footer"):
        assert parsed.tags.count(landmark) == 1
    assert parsed.tags.index("header") < parsed.tags.index("main") < parsed.tags.index("footer")
    assert parsed.items == [
        line.lstrip("• ") for line in demo.REPORT["summary"].splitlines()
        if line.startswith("•")]
    assert "Since then, HMICFRS has:" in parsed.paragraphs
    # Made without a PDF: the page links the report and offers the response on request — it
    # never links the Word file.
    assert parsed.links == [
        (demo.REPORT["report_url"],
         ("Read the HMICFRS report “National Child Protection Inspections 2019 Thematic "
          "Report” (PDF)"))]
    assert ("The Police and Crime Commissioner for Cumbria’s response is available on request "
            "from Office of the Police and Crime Commissioner · Example House · Penrith · "
            "CA10 0XX.") in parsed.paragraphs


def test_heading_levels_never_skip(page):
    levels = [int(tag[1]) for tag, _ in Page(page.read_text(encoding="utf-8")).headings]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_links_are_descriptive(page):
    for _, text in Page(page.read_text(encoding="utf-8")).links:
        assert text.casefold() not in VAGUE_LINKS and len(text) > 20


def hostile_page(tmp_path) -> Path:
    summary = ("- starts with a list <script>alert(1)</script>\n* second & \"third\"\n"
               "Then a paragraph with {{ report_id }} and {% raw %}.\n"
               "– en dash item\nمرحبا بالعالم 👮")
    book = write_tracker(tmp_path / "t.xlsx",
                         [report("H<1>", title="Title & <b>bold</b>", summary=summary,
                                 report_url="https://www.justiceinspectorates.gov.uk/a.pdf")],
                         [rec("H<1>", "3.1")])
    result = generate(load(book), out_dir=tmp_path / "out", formats=("html",), today=TODAY)
    [doc] = result.documents
    return doc.path


def test_cell_text_is_escaped_and_summary_markers_become_lists(tmp_path):
    path = hostile_page(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>bold" not in text
    parsed = Page(text)
    assert parsed.items[:2] == ["starts with a list <script>alert(1)</script>",
                                "second & \"third\""]
    assert "Then a paragraph with {{ report_id }} and {% raw %}." in parsed.paragraphs
    assert parsed.items[2] == "en dash item"
    assert ("h1", "HMICFRS – Title & <b>bold</b>") in parsed.headings
    assert path.name == "H-1 publication DRAFT.html"


def axe_violations(path: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        try:
            tab = browser.new_page()
            tab.goto(path.resolve().as_uri())
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate("async () => await axe.run(document, "
                                  "{resultTypes: ['violations']})")
        finally:
            browser.close()
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]]}
            for v in result["violations"]]


@pytest.mark.slow
@pytest.mark.requires("chromium", "axe")
def test_axe_finds_no_violations_on_the_demo_page(page):
    assert axe_violations(page) == []


@pytest.mark.slow
@pytest.mark.requires("chromium", "axe")
def test_axe_finds_no_violations_on_a_page_of_awkward_text(tmp_path):
    assert axe_violations(hostile_page(tmp_path)) == []
