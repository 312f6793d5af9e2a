"""The Welsh and bilingual publication page, parsed: each part in its language and lang
attribute, in the chosen order; axe-core in headless Chromium finds nothing."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from conftest import AXE, CHROMIUM
from support.welsh import welsh_book

from s55xl import xlsx
from s55xl.documents.pipeline import generate

TODAY = date(2020, 4, 1)


class Parts(HTMLParser):
    """The page's lang attributes and the text under each, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.html_lang = None
        self.texts: list[tuple[str | None, str]] = []  # (nearest lang, text)
        self.section_langs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "section":
            self.section_langs.append(attrs.get("lang"))
        if tag not in ("meta", "br", "link"):
            self.stack.append(attrs.get("lang"))

    def handle_endtag(self, tag):
        if tag not in ("meta", "br", "link") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            lang = next((lang for lang in reversed(self.stack) if lang), self.html_lang)
            self.texts.append((lang, " ".join(data.split())))


def page(tmp_path, language, welsh_first="Yes", fmt="html"):
    book = welsh_book(tmp_path / "book.xlsx", language, welsh_first)
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=(fmt,), today=TODAY)
    [path] = [d.path for d in result.documents if d.kind == "publication"]
    parser = Parts()
    parser.feed(path.read_text(encoding="utf-8"))
    return path, parser


def lang_of(parser, fragment):
    return next(lang for lang, text in parser.texts if fragment in text)


def test_bilingual_page_welsh_first_each_part_tagged(tmp_path):
    _, parsed = page(tmp_path, "Bilingual")
    assert parsed.html_lang == "cy"
    assert parsed.section_langs == ["cy", "en"]
    for welsh in ("HMICFRS – Amddiffyn plant", "Cyhoeddwyd gan Arolygiaeth Cwnstabliaeth",
                  "27 Chwefror 2020", "Ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru",
                  "Mae ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru ar gael ar gais"):
        assert lang_of(parsed, welsh) == "cy", welsh
    for english in ("Published by Her Majesty’s Inspectorate", "27th February 2020",
                    "In 2014, HMICFRS began", "Police and Crime Commissioner for North Wales’ response"):
        assert lang_of(parsed, english) == "en", english
    texts = [t for _, t in parsed.texts]
    assert texts.index("HMICFRS – Amddiffyn plant") < texts.index(
        "HMICFRS – National Child Protection Inspections 2019 Thematic Report")
    assert lang_of(parsed, "sylwadau a gyhoeddwyd o dan adran 55") == "cy"  # footer


def test_english_first_page(tmp_path):
    _, parsed = page(tmp_path, "Bilingual", "No")
    assert parsed.html_lang == "en" and parsed.section_langs == ["en", "cy"]
    assert lang_of(parsed, "Skip to the Welsh") == "en"


def test_welsh_only_page(tmp_path):
    _, parsed = page(tmp_path, "Cymraeg")
    assert parsed.html_lang == "cy-GB"  # the page in Welsh, from the same template as English
    assert not any(lang == "en" for lang, _ in parsed.texts)


def test_bilingual_fragment_keeps_the_lang_attributes(tmp_path):
    path, parsed = page(tmp_path, "Bilingual", fmt="html-fragment")
    assert "<html" not in path.read_text(encoding="utf-8")
    assert parsed.section_langs == ["cy", "en"]
    assert lang_of(parsed, "Neidio i’r Saesneg") == "cy"


@pytest.mark.slow
@pytest.mark.requires("chromium", "axe")
@pytest.mark.parametrize("language", ["Bilingual", "Cymraeg"])
def test_axe_finds_no_violations_on_the_welsh_and_bilingual_pages(tmp_path, language):
    from playwright.sync_api import sync_playwright

    path, _ = page(tmp_path, language)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page()
            tab.goto(path.resolve().as_uri())
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate("async () => await axe.run(document, "
                                  "{resultTypes: ['violations']})")
            tab.set_viewport_size({"width": 900, "height": 1200})
            tab.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        finally:
            browser.close()
    assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in result["violations"]] == []
