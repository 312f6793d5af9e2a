"""A report's page on the inspectorate's website, saved from the browser (.html / .htm).

The page is parsed with lxml's HTML parser (libxml2, which reads real-world markup as browsers
do). Only the article is read: the ``<main>`` element (else the ``<article>`` with the most
text, else ``<body>``), less anything that is the site rather than the report — ``<nav>``,
``<footer>``, ``<aside>``, ``<header>`` (kept inside ``<main>``, where it is the article's own
title and date), forms, scripts, and elements whose role, id or class
names navigation, a cookie banner, breadcrumbs, related links, a table of contents ("On this
page"), sharing, feedback or download links, or the site footer.

Headings become heading blocks (``<h1>`` level 1…), paragraphs and other blocks of text become
paragraphs, list items bullets (numbered items carry their number; a list inside a bulleted item
gives sub-bullets), table rows table rows. A panel set apart from the text — an element whose
class names a box, callout, panel or highlight, or which has a background colour of its own —
numbers its blocks' ``box``, so a finding in it ends with it. Footnote marks (a linked
superscript, ``role="doc-noteref"``) and the notes themselves are left out; a subtitle set right
under the ``<h1>`` (class "subtitle", "strapline" or "standfirst") is part of the title. The
page's canonical link (or ``og:url``) is the report's web address, and its published date
(``article:published_time``, ``DC.date.issued`` or a ``<time datetime>`` in the article) the
date of publication, where the page states them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from s55xl.errors import UnusableInput
from s55xl.importer.document import Block, Document
from s55xl.importer.text import decode, normalise_line

MAX_BYTES = 50 * 1024 * 1024
SITE_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript",
             "template", "svg", "button", "iframe", "select")
SITE_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog",
              "doc-endnotes", "doc-footnote", "doc-noteref", "doc-backlink")
# A panel set apart from the text: a finding in a shaded box.
_BOX_NAMES = re.compile(r"(?:^|[\s_-])(?:box|callout|panel|highlight|boxout|well|card|key-?finding"
                        r"|finding|recommendation|afi)(?:$|[\s_-])", re.IGNORECASE)
_SUBTITLE_NAMES = re.compile(r"subtitle|strapline|standfirst|sub-?heading", re.IGNORECASE)
_SITE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|cookies?|cookie-banner|consent|breadcrumbs?"
    r"|related|share|sharing|social|site-footer|footer|site-header|skip|sidebar|toc"
    r"|table-of-contents|on-this-page|pagination|feedback|print|download|footnotes?|endnotes?"
    r"|fn-?ref|noteref)"
    r"(?:$|[\s_-])", re.IGNORECASE)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
PARAGRAPHS = ("p", "dt", "dd", "blockquote", "figcaption", "caption", "address", "pre")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def read_html(path: Path) -> Document:
    """Read the article of a saved web page as blocks. Raises :class:`UnusableInput` if the
    file is too large or holds no page."""
    import lxml.html
    from lxml import etree

    if path.stat().st_size > MAX_BYTES:
        raise UnusableInput(
            f"{path}: is {path.stat().st_size // (1024 * 1024)} MB, far larger than a web page "
            "can be, so it was not read. Check that it is the right file.")
    # lxml refuses text that still declares its encoding; the bytes are decoded already.
    markup = _XML_DECLARATION.sub("", decode(path.read_bytes(), str(path)), count=1)
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        raise UnusableInput(
            f"{path}: holds no web page to read. Save the report's page again from the browser "
            "(File > Save Page As, Web Page, HTML only).") from None
    url = _meta(root, ("link[@rel='canonical']", "href"), ("meta[@property='og:url']", "content"))
    published = _published(root)
    article = _article(root)
    _strip_site(article, keep_header=article.tag != "body")
    reader = _Reader()
    reader.walk(article)
    h1 = article.find(".//h1")
    title = normalise_line(h1.text_content()) if h1 is not None else ""
    subtitle = h1.getnext() if h1 is not None else None
    if title and subtitle is not None and isinstance(subtitle.tag, str) and _SUBTITLE_NAMES.search(
            f"{subtitle.get('class') or ''} {subtitle.get('id') or ''}"):
        more = normalise_line(subtitle.text_content())
        if more:
            title = f"{title}{' ' if title.endswith((':', '–', '—')) else ': '}{more}"
    if not title:
        # The browser tab's title, less the site's name after the last dash or bar.
        tab = normalise_line(root.findtext(".//title") or "")
        title = re.sub(r"\s+[-–—|]\s+[^-–—|]{1,40}$", "", tab)
    return Document(source=str(path), kind="html", blocks=reader.blocks, title=title or None,
                    url=url,
                    published=published)


def _meta(root, *lookups: tuple[str, str]) -> str | None:
    for xpath, attribute in lookups:
        for el in root.iterfind(f".//{xpath}"):
            value = (el.get(attribute) or "").strip()
            if value.startswith(("http://", "https://")):
                return value
    return None


def _published(root) -> date | None:
    candidates = [el.get("content") for el in root.iterfind(".//meta")
                  if (el.get("property") or el.get("name") or "").casefold()
                  in ("article:published_time", "dc.date.issued", "dcterms.issued",
                      "citation_publication_date")]
    candidates += [el.get("datetime") for el in root.iterfind(".//main//time")]
    for value in candidates:
        m = _DATE.match((value or "").strip())
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _article(root):
    body = root.find("body")
    if body is None:
        body = root
    main = body.find(".//main")
    if main is None:
        main = next(iter(body.xpath(".//*[@role='main']")), None)
    if main is not None:
        return main
    articles = body.findall(".//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    return body


def _is_site(el, keep_header: bool) -> bool:
    if not isinstance(el.tag, str):
        return True  # comments and processing instructions
    if el.tag == "header" and keep_header:
        return False  # inside <main> a <header> is the article's: its title and date
    if el.tag in SITE_TAGS or (el.get("role") or "").casefold() in SITE_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if el.tag == "sup" and re.fullmatch(r"[\s\d*†‡,\[\]]+", el.text_content() or "") and any(
            (a.get("href") or "").startswith("#") for a in el.iter("a")):
        return True  # a footnote mark linking to its note
    names = f"{el.get('id') or ''} {el.get('class') or ''}"
    return bool(_SITE_NAMES.search(names))


def _strip_site(article, keep_header: bool) -> None:
    for el in list(article.iter()):
        if el is not article and el.getparent() is not None and _is_site(el, keep_header):
            el.drop_tree()


def _is_box(el) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    style = (el.get("style") or "").replace(" ", "").casefold()
    shaded = re.search(r"background(?:-color)?:(?!transparent|none|#fff\b|#ffffff|white)", style)
    return el.tag in ("div", "section", "aside", "figure") and bool(
        _BOX_NAMES.search(names) or shaded)


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.boxes = 0
        self.box = 0

    def add(self, text: str, **kw) -> None:
        lines = [normalise_line(line) for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(Block(text=text, box=self.box, **kw))

    def walk(self, el) -> None:
        """Read ``el``'s children in order; text outside any block is a paragraph of its own."""
        loose = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in HEADINGS or tag in PARAGRAPHS or tag in ("ul", "ol", "table", "li") \
                    or _has_blocks(child):
                self.add("".join(loose))
                loose = []
                self.element(child, tag)
            else:
                loose.append(_text(child))
            loose.append(child.tail or "")
        self.add("".join(loose))

    def element(self, el, tag: str) -> None:
        if tag in HEADINGS:
            self.add(_text(el), heading=HEADINGS[tag])
        elif tag in PARAGRAPHS:
            self.add(_text(el))
        elif tag in ("ul", "ol"):
            self.items(el, numbered=tag == "ol")
        elif tag == "li":
            self.add(_text(el), bullet=True)
        elif tag == "table":
            self.table(el)
        elif _is_box(el) and not self.box:
            self.boxes += 1
            self.box = self.boxes
            try:
                self.walk(el)
            finally:
                self.box = 0
        else:
            self.walk(el)

    def items(self, el, numbered: bool, depth: int = 0) -> None:
        n = int(el.get("start") or 1) if (el.get("start") or "1").isdigit() else 1
        for li in el.iterchildren("li"):
            nested = [c for c in li if c.tag in ("ul", "ol")]
            for c in nested:
                li.remove(c)
            if numbered:
                self.add(_text(li), number=f"{n}.")
                n += 1
            else:
                # A list inside a bulleted item holds points under that bullet.
                self.add(_text(li), bullet=True, sub=depth > 0)
            for c in nested:
                self.items(c, numbered=c.tag == "ol", depth=depth + (not numbered))

    def table(self, el) -> None:
        self.tables += 1
        for tr in el.iter("tr"):
            cells = tuple(normalise_line(_text(td)) for td in tr if td.tag in ("td", "th"))
            if any(cells):
                self.blocks.append(Block(cells=cells, table=self.tables))


def _has_blocks(el) -> bool:
    return any(isinstance(d.tag, str) and (d.tag in HEADINGS or d.tag in PARAGRAPHS
                                            or d.tag in ("ul", "ol", "table", "div", "section"))
               for d in el.iterdescendants())


def _text(el) -> str:
    """An element's text as shown: ``<br>`` a new line, other tags run together."""
    parts: list[str] = []

    def collect(node) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str):
            parts.append(node.text or "")
            for child in node:
                collect(child)
        parts.append(node.tail or "")

    parts.append(el.text or "")
    for child in el:
        collect(child)
    return "".join(parts)
