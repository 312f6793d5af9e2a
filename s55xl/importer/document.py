"""What readers hand to recognisers, and what recognisers hand to the writer.

A document is a sequence of blocks in reading order. A :class:`Block` is one paragraph (or, for
text copied out of a PDF, one line — the recognisers join lines), or one table row. Readers keep
the wording as it is, apart from whitespace; they only record what the layout said about it: the
number Word displays in front of a paragraph, whether it is a bullet or a heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Block:
    """One paragraph, text line or table row.

    ``number`` is the list number Word displays (``"3.1"``), or None when the paragraph is not
    in a numbered list — for text files the number, if any, is still part of ``text``.
    ``bullet`` marks a bulleted paragraph (its glyph removed from ``text``). ``heading`` is the
    Word heading level (1 for Heading 1), or 0. For a table row, ``cells`` holds each cell's text
    (paragraphs joined by newlines) and ``table`` counts the tables in the document, so rows of
    the same table share it; ``text`` is then empty. ``sub`` marks a bullet nested under
    another (an "o" or "◦" under a "•"). ``box`` numbers the shaded or framed box the block is
    set in (0 when it is in none), so that a finding in a box ends where the box does.
    """

    text: str = ""
    number: str | None = None
    bullet: bool = False
    heading: int = 0
    cells: tuple[str, ...] | None = None
    table: int = 0
    sub: bool = False
    box: int = 0

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Document:
    """A file's blocks. ``kind`` is ``"docx"``, ``"pdf"`` or ``"html"`` (blocks are
    paragraphs) or ``"text"`` (lines). ``title``, ``url`` and ``published`` are what the file
    itself says outside its text (a PDF's largest heading on page 1, a web page's canonical link
    and publication date); None when it says nothing. ``notes`` say, page by page, what could not
    be read with confidence (a scanned page among typed ones, text in a font with no character
    map)."""

    source: str
    kind: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    published: date | None = None
    notes: list[str] = field(default_factory=list)  # what could not be read, page by page


@dataclass(frozen=True)
class Item:
    """One recommendation, area for improvement or cause of concern, with the force's response.

    ``addressed_to`` and ``force_response`` are None when the paper does not say.
    ``target_date`` is the date the report sets for it ("By 31 March 2024"), None when it sets
    none; ``note`` says how a target date was worked out when the report gives a period
    ("Within three months"), else None.
    """

    ref: str
    type: str
    recommendation: str
    addressed_to: str | None = None
    force_response: str | None = None
    target_date: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Signature:
    """A "Rank Name – Role" line. ``rank`` is None when the line names no rank."""

    name: str
    role: str
    rank: str | None = None


@dataclass
class Paper:
    """Everything recognised in one document. Each detail is None when it was not found."""

    source: str
    title: str | None = None
    published: date | None = None
    report_url: str | None = None
    report_type: str | None = None
    inspectorate: str | None = None
    items: list[Item] = field(default_factory=list)
    signatories: list[Signature] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read with confidence
