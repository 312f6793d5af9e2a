"""Saved web pages without a <main>: the site's header, menus and footer are still left out."""

from __future__ import annotations

from datetime import date

from s55xl.importer import Item, read_paper
from s55xl.importer.readers import read_blocks

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Custody services in Westshire — HMICFRS</title>
<meta property="article:published_time" content="2022-02-09T09:00:00+00:00"></head>
<body><header><h1>HMICFRS</h1><nav><a href="/">Home</a> <a href="/r">Recommendations</a></nav>
</header><div class="cookie-consent">We use cookies. <a href="#">Accept all</a></div>
<div class="content"><p>We inspected custody in Westshire.</p>
<h2>Recommendations</h2>
<table><tr><th>Ref</th><th>Recommendation</th></tr>
<tr><td>1</td><td>By 31 May 2022, chief constables should review <b>every</b> strip search.</td></tr>
<tr><td>2</td><td>The force should record<br>why detainees wait.</td></tr></table>
<ol start="3"><li>Within 12 weeks, the NPCC should publish guidance.</li></ol>
</div><footer><p>Chief constables should read our privacy notice.</p></footer></body></html>"""


def test_page_without_main_or_article(tmp_path):
    path = tmp_path / "custody.htm"
    path.write_text(PAGE, encoding="utf-8")
    blocks = read_blocks(path).blocks
    text = " ".join(b.text or " ".join(b.cells) for b in blocks)
    assert "cookies" not in text and "Home" not in text and "privacy" not in text
    assert [b.cells for b in blocks if b.is_row] == [
        ("Ref", "Recommendation"),
        ("1", "By 31 May 2022, chief constables should review every strip search."),
        ("2", "The force should record\nwhy detainees wait.")]
    paper = read_paper(path, force_name="Westshire Police")
    assert (paper.title, paper.published) == ("Custody services in Westshire", date(2022, 2, 9))
    assert paper.items == [
        Item(ref="3", type="Recommendation", addressed_to="NPCC",
             recommendation="Within 12 weeks, the NPCC should publish guidance.",
             target_date=date(2022, 5, 4),
             note="Target date worked out as 12 weeks from publication (9 February 2022)."),
        Item(ref="1", type="Recommendation", addressed_to="Chief constables",
             recommendation="By 31 May 2022, chief constables should review every strip "
                            "search.", target_date=date(2022, 5, 31)),
        Item(ref="2", type="Recommendation", addressed_to="Westshire Police",
             recommendation="The force should record\nwhy detainees wait."),
    ]


def test_xhtml_page_with_an_xml_declaration(tmp_path):
    path = tmp_path / "report.xhtml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/'
                    'xhtml"><body><main><h2>Areas for improvement</h2><p>Area for improvement 1:'
                    ' The force should record calls.</p></main></body></html>', encoding="utf-8")
    assert read_paper(path).items == [
        Item(ref="AFI 1", type="Area for improvement", addressed_to="The force",
             recommendation="The force should record calls.")]
