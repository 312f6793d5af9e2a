"""Text files, including text copied or extracted from a PDF, as lines ready to recognise.

PDF extraction leaves a recognisable mess, undone here in this order:

1. page furniture is dropped: "Page 2 of 5", bare page numbers, protective markings such as
   OFFICIAL, and header or footer lines found in the same place at the top or bottom of
   several pages;
2. bullet glyphs on a line of their own (``•``, ``●``, ``▪``, ``-``…) are put in front of the
   text they belong to, and blank lines (which extraction scatters mid-sentence) are dropped;
3. a word hyphenated across a line end is put back together ("self-" + "assessment" →
   "self-assessment"; the hyphen is dropped only when the document elsewhere spells the word
   without one);
4. where the extractor joined two lines and swallowed the hyphen ("selfassessment", on a line far
   longer than the others), the hyphen is put back — but only with evidence: the line is
   overlong, the word straddles the usual line width, its second half is a word the document uses
   on its own and its first half is a prefix English always hyphenates (self-, non-, multi-…) or
   the document spells the same compound with a hyphen elsewhere;
5. a web address broken over two lines is joined.

Lines broken mid-sentence are left as lines: the recognisers join the lines of a paragraph with
single spaces. Wording is otherwise kept exactly; only whitespace changes.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from pathlib import Path

from s55xl.cells import CONTROL_CHARACTERS
from s55xl.errors import UnusableInput
from s55xl.importer.document import Block, Document

BULLET_GLYPHS = "•●▪■◦‣∙·○►▸➢➤✓-–*"
_GLYPH_ONLY = re.compile(rf"^[{re.escape(BULLET_GLYPHS)}]$")
_GLYPH_LEAD = re.compile(r"^[•●▪■◦‣∙·○►▸➢➤✓]\s*(?=\S)|^[-–*]\s+(?=\S)")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SOFT_HYPHEN_INSIDE = re.compile(r"\u00ad(?!\s*$)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}"
    r"|[-–—]?\s*\d{1,4}\s*[-–—]?)$", re.IGNORECASE)
_MARKING = re.compile(
    r"^(?:official(?:[\s\-–—:]+sensitive)?(?:[\s\-–—:]+[a-z]+)?"
    r"|NOT PROTECTIVELY MARKED|UNCLASSIFIED|PROTECT|RESTRICTED|SECRET|TOP SECRET)$")
_MARKING_I = re.compile(r"^official(?:[\s\-–—:]+sensitive)?(?:[\s\-–—:]+[a-z]+)?$",
                        re.IGNORECASE)
# Lines that carry structure are never page furniture, however often they recur.
_STRUCTURAL = re.compile(
    r"^(?:\d+(?:\.\d+)+|recommendation\s+\d|area\s+for\s+improvement|cause\s+of\s+concern"
    r"|[\w' ’]*response\s*[:\-–])", re.IGNORECASE)
EDGE_LINES = 3
MAX_FURNITURE_LENGTH = 100

MAX_WORD = 40
HYPHEN_PREFIXES = ("self", "non", "multi", "cross", "semi", "quasi")
_WORD = re.compile(r"[A-Za-z]+(?:[-‐][A-Za-z]+)*")
_URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_HYPHENATED_END = re.compile(r"(?<![A-Za-z])([A-Za-z]+)[-‐\u00ad]$")
_URL_MORE = re.compile(r"^[a-z0-9][\w\-./%?=&#~+:]*$")


def decode(data: bytes, source: str) -> str:
    """The text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnusableInput(
            f"{source}: is not a text file or Word document. Save the paper as a Word document "
            "(.docx) or as plain text (.txt) and import that.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path) -> Document:
    """Read a text file as cleaned lines (see the module docstring for what is cleaned)."""
    text = decode(path.read_bytes(), str(path))
    return Document(source=str(path), kind="text", blocks=clean(text))


def normalise_line(line: str) -> str:
    line = _INVISIBLE.sub("", line.translate(_LIGATURES))
    line = _SOFT_HYPHEN_INSIDE.sub("", CONTROL_CHARACTERS.sub("", line))
    return _SPACES.sub(" ", line).strip()


def clean(text: str) -> list[Block]:
    """Turn extracted text into lines: furniture dropped, bullets attached, words mended."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [[normalise_line(s) for s in page.split("\n")] for page in text.split("\f")]
    if len(pages) == 1:
        pages = _split_at_page_numbers(pages[0])
    lines = _drop_furniture(pages)
    blocks = _attach_bullets(lines)
    vocabulary = word_counts(b.text for b in blocks)
    blocks = _mend_hyphenation(blocks, vocabulary)
    blocks = _mend_joined_words(blocks, vocabulary)
    return _join_urls(blocks)


def _split_at_page_numbers(lines: list[str]) -> list[list[str]]:
    """Without form feeds, a page-number line ("Page 2 of 5") marks where a page ends."""
    pages, current = [], []
    for line in lines:
        current.append(line)
        if line and _PAGE_NUMBER.match(line) and not re.fullmatch(r"\d{1,4}", line):
            pages.append(current)
            current = []
    pages.append(current)
    return [p for p in pages if any(p)]


def is_furniture_pattern(line: str) -> bool:
    """A page number, or a protective marking (OFFICIAL…), wherever it stands."""
    return bool(_PAGE_NUMBER.match(line) or _MARKING.match(line) or _MARKING_I.match(line))


def furniture_key(line: str) -> str:
    """A line compared across pages: case folded, numbers alike ("Page 2" is "page #")."""
    return re.sub(r"\d+", "#", line.casefold())


def _edges(page: list[str]) -> dict[int, tuple[str, int]]:
    """The lines near the top and bottom of a page, each with its place: ("top", 0)…"""
    filled = [i for i, line in enumerate(page) if line and not is_furniture_pattern(line)]
    places = {i: ("bottom", n) for n, i in enumerate(reversed(filled[-EDGE_LINES:]))}
    places.update({i: ("top", n) for n, i in enumerate(filled[:EDGE_LINES])})
    return places


def _drop_furniture(pages: list[list[str]]) -> list[str]:
    """Lines of all pages, less page numbers, markings and recurring headers and footers.

    A header or footer is a line found in the same place (say, second from the top) on at least
    half of the pages, and on two at least; body text rarely repeats itself like that.
    """
    seen: Counter[tuple] = Counter()
    for page in pages:
        seen.update({(place, furniture_key(page[i])) for i, place in _edges(page).items()
                     if could_be_furniture(page[i])})
    needed = max(2, (len(pages) + 1) // 2)
    recurring = {k for k, n in seen.items() if n >= needed}
    out: list[str] = []
    for page in pages:
        edges = _edges(page)
        for i, line in enumerate(page):
            if is_furniture_pattern(line):
                continue
            if i in edges and (edges[i], furniture_key(line)) in recurring:
                continue
            out.append(line)
    return out


def could_be_furniture(line: str) -> bool:
    """Whether a line could be a running header or footer: short, no sentence, no structure."""
    return (len(line) <= MAX_FURNITURE_LENGTH and not line.endswith((".", ",", ";"))
            and not _GLYPH_ONLY.match(line) and not _GLYPH_LEAD.match(line)
            and not _STRUCTURAL.match(line))


_SUB_LEAD = re.compile(r"^(?:o|◦|○|▪)\s+(?=\S)")


def _attach_bullets(lines: list[str]) -> list[Block]:
    """Bullets, and the points under them: an "o" (or "◦") mark after a bullet, which Word's
    second list level draws, is a sub-bullet rather than a letter of the text."""
    blocks: list[Block] = []
    pending_bullet = False
    for line in lines:
        if not line:
            continue
        if _GLYPH_ONLY.match(line):
            pending_bullet = True
            continue
        sub = _SUB_LEAD.match(line)
        m = _GLYPH_LEAD.match(line)
        if sub and blocks and (blocks[-1].bullet or blocks[-1].sub):
            blocks.append(Block(text=line[sub.end():], bullet=True, sub=True))
        elif m:
            blocks.append(Block(text=line[m.end():], bullet=True))
        else:
            blocks.append(Block(text=line, bullet=pending_bullet))
        pending_bullet = False
    return blocks


def word_counts(texts) -> Counter[str]:
    """How often the document uses each word (case folded), to judge hyphenation by."""
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w.casefold().replace("‐", "-") for w in _WORD.findall(text))
    return words


def _mend_hyphenation(blocks: list[Block], vocabulary: Counter[str]) -> list[Block]:
    """Put back words split over a line end with a hyphen (or a soft hyphen)."""
    out = list(blocks)
    for i in range(len(out) - 1):
        line, following = out[i].text, out[i + 1].text
        if not line.endswith(("-", "‐", "\u00ad")) or out[i + 1].bullet or _ends_with_url(line):
            continue
        soft = line.endswith("\u00ad")
        m = _HYPHENATED_END.search(line[-MAX_WORD - 1:])
        n = re.match(r"([a-z][A-Za-z]*)(.*)$", following, re.DOTALL)
        if not m or not n:
            continue
        head, tail = m.group(1), n.group(1)
        start = len(line) - len(m.group(0))
        joined = head + tail
        keep_hyphen = not soft and not (
            vocabulary[joined.casefold()] and not vocabulary[f"{head}-{tail}".casefold()])
        word = f"{head}-{tail}" if keep_hyphen else joined
        out[i] = Block(text=line[:start] + word, bullet=out[i].bullet, sub=out[i].sub)
        rest = n.group(2).lstrip()
        out[i + 1] = Block(text=rest, bullet=False) if rest else Block(text="", bullet=False)
    return [b for b in out if b.text]


def _mend_joined_words(blocks: list[Block], vocabulary: Counter[str]) -> list[Block]:
    """Put back the hyphen an extractor swallowed when it joined two lines (see docstring)."""
    widths = [len(b.text) for b in blocks if len(b.text) >= 30]
    if len(widths) < 8:
        return blocks
    typical = statistics.median(widths)
    low, high = 0.75 * typical, 1.15 * typical
    out = []
    for block in blocks:
        text = block.text
        if len(text) > 1.4 * typical and not _ends_with_url(text):
            text = _WORD.sub(lambda m: _rehyphenate(m, low, high, vocabulary), text)
        out.append(Block(text=text, bullet=block.bullet, sub=block.sub)
                   if text != block.text else block)
    return out


def _rehyphenate(m: re.Match, low: float, high: float, vocabulary: Counter[str]) -> str:
    word = m.group(0)
    if ("-" in word or len(word) > MAX_WORD or m.start() >= high or m.end() <= low
            or vocabulary[word.casefold()] > 1):
        return word
    first, last = max(2, math.ceil(low) - m.start()), min(len(word) - 4, int(high) - m.start())
    for cut in range(first, last + 1):
        head, tail = word[:cut], word[cut:]
        attested = vocabulary[f"{head}-{tail}".casefold()] > 0
        prefix = head.casefold() in HYPHEN_PREFIXES and vocabulary[tail.casefold()] > 0
        if attested or prefix:
            return f"{head}-{tail}"
    return word


def _ends_with_url(line: str) -> bool:
    """Whether the line's last word is a web address."""
    return bool(_URL_START.match(line.rpartition(" ")[2]))


def _join_urls(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if (out and _ends_with_url(out[-1].text) and _URL_MORE.match(block.text)
                and not block.bullet
                and ("/" in block.text or "-" in block.text
                     or re.search(r"\.[a-z]{2,5}$", block.text))):
            out[-1] = Block(text=out[-1].text + block.text, bullet=out[-1].bullet,
                            sub=out[-1].sub)
            continue
        out.append(block)
    return out
