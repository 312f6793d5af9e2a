"""PDF files — the inspectorate's own reports — as paragraphs, headings and bullets.

The text is read with pdfplumber (on pdfminer.six), which hands back each page's lines with
every character's font name and size. From those:

- headings are the lines set larger than the body text (the most common size), or mostly in a
  bold face at body size, short, not ending a sentence and not a "Force response:"; sizes rank
  the levels, the largest on page 1 is the title;
- page furniture is dropped: page numbers ("Page 2 of 5"), protective markings (OFFICIAL) and
  running titles — a line found in the same place at the top or bottom of at least half the
  pages (the rules of :mod:`.text`, which reads text copied out of a PDF);
- lines are joined into paragraphs where the gap to the next line is an ordinary line's (a
  larger gap, a heading, a bullet or a new page that starts with a capital ends a paragraph);
  a word hyphenated at a line end is put back together, keeping the hyphen unless the report
  spells the word without one elsewhere;
- a bullet glyph (•, or the Symbol font's private-use bullet LibreOffice and Word write) makes
  the line a bullet of its own, its glyph removed.

Choosing the library — measured on the 121-page PEEL report the tests and
``benchmarks/bench_import.py`` write with LibreOffice (one process each, this machine):

==========================  =====================  =====================
                            pdfplumber 0.11        pypdfium2 5.15
==========================  =====================  =====================
plain text dump             7.0 s, 38 MB           0.12 s, 20 MB
lines + font of each char   4.8 s, 38 MB           0.63 s, 20 MB (ctypes
                            (``extract_text_       call per character)
                            lines``)
line grouping               built in               to be written here
bold headings               font name (Carlito-    FPDFText_GetFontWeight
                            Bold)                  says 400 for them; only
                                                   the font name tells
==========================  =====================  =====================

Both give the same text and sizes on these files. pdfplumber is chosen: its
lines arrive grouped with each character's font, so no layout code is hand-written here, and
reading the layout costs no more than its own plain dump; pypdfium2 is far faster but exposes
fonts only character by character through ctypes (five times its own dump) and would need
line and column grouping written by hand. Pages are read one at a time and released, so
memory stays flat; a file of more than :data:`MAX_PAGES` pages is refused before any is read.

Nothing here guesses at text a scan holds as pixels: a PDF without a text layer — or whose
only text is page furniture around scanned pages — raises :class:`NoTextLayer`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from s55xl.errors import S55Error, UnusableInput
from s55xl.importer import patterns as P
from s55xl.importer import text as T
from s55xl.importer.document import Block, Document

MAX_PAGES = 1500
PARAGRAPH_PITCH = 1.6  # a line this many font sizes below the last starts a new paragraph
HEADING_STEP = 1.0  # points larger than the body text that make a heading
MAX_BOLD_HEADING = 120
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PRIVATE_BULLET = re.compile(r"^[\uf000-\uf0ff]\s*")
_GLYPH = re.compile(rf"^[{re.escape(T.BULLET_GLYPHS.replace('-', '').replace('*', ''))}]\s*")


class NoTextLayer(S55Error):
    """The PDF has pages but no text on them: a scan. The command line exits 1 for it."""


@dataclass
class _Line:
    text: str
    page: int
    top: float
    size: float
    bold: bool
    bullet: bool = False


def read_pdf(path: Path) -> Document:
    """Read a PDF's text as blocks. Raises :class:`UnusableInput` for an encrypted, damaged or
    oversized file and :class:`NoTextLayer` for a scan."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    pages: list[list[_Line]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise UnusableInput(
                    f"{path}: has {count} pages, more than any inspection report "
                    f"(s55xl reads up to {MAX_PAGES}). Check that it is the right file.")
            for number, page in enumerate(pdf.pages):
                pages.append(_page_lines(page, number))
                page.close()
            info = pdf.metadata or {}
    except UnusableInput:
        raise
    except (PdfminerException, PDFException, PSException, ValueError, KeyError, TypeError,
            AttributeError, IndexError, OSError) as exc:
        # pdfminer parses pages lazily, as their lines are read, and reports a damaged file as
        # any of these built-in errors as well as its own.
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).casefold():
            raise UnusableInput(
                f"{path}: is protected with a password, so s55xl cannot read it. Open it, "
                "remove the password (or print it to a new PDF) and import that copy.") from None
        raise UnusableInput(
            f"{path}: is damaged (truncated or corrupt) and cannot be read as a PDF. Download "
            "the report again from the inspectorate's website.") from None
    blocks, title = _blocks(pages)
    if not blocks:
        # No text at all, or only a typed header and footer around scanned pages.
        raise NoTextLayer(
            f"{path}: this PDF has no text to read (it is a scan); ask the inspectorate for the "
            "original PDF or its web page, or copy the findings into a .txt file and import "
            "that.")
    doc = Document(source=str(path), kind="pdf", blocks=blocks)
    doc.title = title or _metadata_title(info)
    return doc


def _metadata_title(info: dict) -> str | None:
    value = info.get("Title")
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    value = T.normalise_line(str(value)) if value else ""
    return value or None


def _page_lines(page, number: int) -> list[_Line]:
    out = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        text = T.normalise_line(line["text"])
        if not chars or not text:
            continue
        sizes = Counter(round(c["size"] * 2) / 2 for c in chars)
        bold = sum(1 for c in chars if _BOLD.search(c.get("fontname") or "")) * 2 > len(chars)
        item = _Line(text=text, page=number, top=line["top"], size=sizes.most_common(1)[0][0],
                     bold=bold)
        m = _PRIVATE_BULLET.match(text) or _GLYPH.match(text)
        if m and len(text) > m.end():
            item.text, item.bullet = text[m.end():], True
        out.append(item)
    return out


def _drop_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """Page numbers, markings and lines recurring in the same place at a page's edges."""
    def edges(page: list[_Line]) -> dict[int, tuple[str, int]]:
        kept = [i for i, line in enumerate(page) if not T.is_furniture_pattern(line.text)]
        places = {i: ("bottom", n) for n, i in enumerate(reversed(kept[-T.EDGE_LINES:]))}
        places.update({i: ("top", n) for n, i in enumerate(kept[:T.EDGE_LINES])})
        return places

    seen: Counter[tuple] = Counter()
    for page in pages:
        seen.update({(place, T.furniture_key(page[i].text)) for i, place in edges(page).items()
                     if T.could_be_furniture(page[i].text) and not page[i].bullet})
    needed = max(2, (len(pages) + 1) // 2)
    recurring = {k for k, n in seen.items() if n >= needed}
    out = []
    for page in pages:
        places = edges(page)
        for i, line in enumerate(page):
            if T.is_furniture_pattern(line.text):
                continue
            if i in places and (places[i], T.furniture_key(line.text)) in recurring:
                continue
            out.append(line)
    return out


def _blocks(pages: list[list[_Line]]) -> tuple[list[Block], str | None]:
    lines = _drop_furniture(pages)
    if not lines:
        return [], None
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    larger = sorted({ln.size for ln in lines if ln.size >= body + HEADING_STEP}, reverse=True)
    level = {size: i + 1 for i, size in enumerate(larger)}
    bold_level = len(larger) + 1

    def heading(line: _Line) -> int:
        if line.size in level:
            return level[line.size]
        if (line.bold and len(line.text) <= MAX_BOLD_HEADING and not line.bullet
                and not line.text.endswith((".", ";", ",")) and not P.RESPONSE.match(line.text)):
            return bold_level
        return 0

    paragraphs: list[tuple[list[_Line], int]] = []
    for line in lines:
        h = heading(line)
        if paragraphs and _continues(paragraphs[-1], line, h):
            paragraphs[-1][0].append(line)
        else:
            paragraphs.append(([line], h))
    vocabulary = T.word_counts(line.text for line in lines)
    title = None
    first_page = [p for p in paragraphs if p[0][0].page == 0 and p[1]]
    if first_page:
        top = min(first_page, key=lambda p: p[1])
        title = _join_lines(top[0], vocabulary)
    blocks = [Block(text=_join_lines(group, vocabulary), bullet=group[0].bullet, heading=h)
              for group, h in paragraphs]
    return [b for b in blocks if b.text], title


def _continues(paragraph: tuple[list[_Line], int], line: _Line, h: int) -> bool:
    """Whether ``line`` carries on the paragraph rather than starting a new one."""
    group, group_heading = paragraph
    last = group[-1]
    if line.bullet or h != group_heading or line.size != last.size:
        return False
    if line.page != last.page:
        # A sentence running over a page break carries on in lower case.
        return not h and not P.SENTENCE_END.search(last.text) and line.text[:1].islower()
    pitch = line.top - last.top
    return 0 < pitch <= PARAGRAPH_PITCH * max(line.size, 1)


def _join_lines(group: list[_Line], vocabulary: Counter[str]) -> str:
    text = group[0].text
    for line in group[1:]:
        m = re.search(r"([A-Za-z]+)[-‐\u00ad]$", text)
        n = re.match(r"[a-z][A-Za-z]*", line.text)
        if m and n:
            head, tail = m.group(1), n.group(0)
            joined = (head + tail).casefold()
            hyphenated = f"{head}-{tail}".casefold()
            soft = text.endswith("\u00ad")
            keep = not soft and not (vocabulary[joined] and not vocabulary[hyphenated])
            text = text[: m.end(1)] + ("-" if keep else "") + line.text
        else:
            text = f"{text} {line.text}"
    return text
