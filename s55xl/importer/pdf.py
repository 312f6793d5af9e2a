"""PDF files — the inspectorate's own reports — as paragraphs, headings, bullets, boxes and
table rows, in reading order.

Three well-kept libraries, each for what it does best:

- **pikepdf** (qpdf) opens the file first (:mod:`.pdfsafe`): it parses the file's objects
  without decoding them, so a password, a damaged file, a page count no report has and a
  compressed stream that would inflate to gigabytes are refused before any page is read; and it
  reads a tagged PDF's structure tree (:mod:`.pdftags`) — a whole-document tree that pypdfium2
  only exposes page by page, so a paragraph running over a page break would be cut in two.
  qpdf is C++ (pypdf, the pure-Python alternative, took half as long again to walk the same
  121-page report's tree: 0.8 s against 0.5 s, imports included) and has its own limit on the
  memory a stream may take while it is decoded.
- **pypdfium2** (PDFium, Chrome's PDF engine; :mod:`.pdfpage`) reads each page's text objects
  with their place, baseline, size, font and marked-content ID, and its filled and stroked
  shapes. It is chosen for speed: one C call per text object instead of pdfminer's Python
  layout analysis of every character (pdfplumber took 7 s for a 121-page report where the same
  reading with PDFium takes a fraction of a second), and it parses no more than the text needs.
- the layout (:mod:`.pdflayout`) is worked out here from those positions when the PDF is not
  tagged (or its tree reaches under 90% of the text): columns, boxes, tables (ruled, or shown
  by alignment alone), footnotes, raised footnote marks and bullets drawn as shapes. No
  maintained library offers this analysis on PDFium's objects; pdfminer's own (``LAParams``)
  is what made pdfplumber slow, and it knows nothing of boxes or footnotes.

Where the PDF is tagged, the paragraphs are the structure tree's elements in its order: headings
(``H1``…), paragraphs, list items (nested lists give sub-bullets), table rows and cells; notes and
artifacts (page headers and footers) are left out. Otherwise the lines of each page are put in
reading order from the layout, and joined into paragraphs where the gap to the next line is an
ordinary line's (a larger gap, a heading, a bullet, a box edge or a new page that starts with a
capital ends a paragraph). Either way:

- headings are marked by the tags or, untagged, set larger than the body text (the most common
  size), or in bold at body size, short and not ending a sentence; the largest on page 1 is the
  title, with a subtitle set under it in a large size joined on ("PEEL 2023–25: An inspection
  of Northshire Police"), and a title running over several lines kept whole;
- page furniture is dropped: artifacts, page numbers ("Page 2 of 5"), protective markings and
  lines recurring in the same place at the top or bottom of at least half the pages;
- a word hyphenated at a line end is put back together, keeping the hyphen unless the report
  spells the word without one elsewhere;
- footnote marks (small raised numbers) and the footnotes themselves are left out of the text.

Nothing here guesses at text a scan holds as pixels: a PDF without a text layer — or whose
only text is page furniture around scanned pages — raises :class:`NoTextLayer`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from s55xl.errors import S55Error, UnusableInput
from s55xl.importer import patterns as P
from s55xl.importer import pdflayout as L
from s55xl.importer import text as T
from s55xl.importer.document import Block, Document
from s55xl.importer.pdfsafe import MAX_PAGES, damaged, locked, open_checked

PARAGRAPH_PITCH = 1.6  # a line this many font sizes below the last starts a new paragraph
HEADING_STEP = 1.0  # points larger than the body text that make a heading
MAX_BOLD_HEADING = 120
MAX_RUNS = 2_000_000  # text objects in the whole file: a 1,500-page report holds about 100,000
_GLYPH = re.compile(r"^(?:[•●▪■◦‣∙·○►▸➢➤✓\-–*]|o(?=\s)|[\uf000-\uf0ff])\s*(?=\S)")
_NOT_SUBTITLE = re.compile(r"^(?:published|date|page|official|contents)\b|\d{4}$",
                           re.IGNORECASE)

__all__ = ["MAX_PAGES", "NoTextLayer", "read_pdf"]


class NoTextLayer(S55Error):
    """The PDF has pages but no text on them: a scan. The command line exits 1 for it."""


def read_pdf(path: Path) -> Document:
    """Read a PDF's text as blocks. Raises :class:`UnusableInput` for an encrypted, damaged,
    oversized or booby-trapped file and :class:`NoTextLayer` for a scan."""
    import pypdfium2 as pdfium

    from s55xl.importer import pdftags
    from s55xl.importer.pdfpage import MAX_OBJECTS, Overfull, read_pages

    pdf = open_checked(path)
    try:
        count = len(pdf.pages)
        try:
            units = pdftags.units(pdf)
        except Exception:  # noqa: BLE001 - a broken tree is read as an untagged PDF
            units = None
        info_title = _metadata_title(pdf.docinfo)
    finally:
        pdf.close()
    try:
        pages = []
        runs = 0
        for page in read_pages(str(path), count):
            runs += len(page.runs)
            if runs > MAX_RUNS:
                raise UnusableInput(
                    f"{path}: holds more than {MAX_RUNS:,} pieces of text, far more than any "
                    "inspection report, so it was not read. Check that it is the right file.")
            pages.append(page)
    except Overfull as exc:
        raise UnusableInput(
            f"{path}: page {exc.args[0]} holds more than {MAX_OBJECTS:,} drawn pieces, far more "
            "than any inspection report's page, so it was not read. Check that it is the right "
            "file.") from None
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).casefold():
            raise locked(path) from None
        raise damaged(path) from None
    except ValueError:
        raise damaged(path) from None
    body = L.body_size(pages)
    blocks, title = _tagged(units, pages, body) if units else ([], None)
    if not blocks:
        blocks, title = _untagged(pages, body)
    if not blocks:
        # No text at all, or only a typed header and footer around scanned pages.
        raise NoTextLayer(
            f"{path}: this PDF has no text to read (it is a scan); ask the inspectorate for the "
            "original PDF or its web page, or copy the findings into a .txt file and import "
            "that.")
    doc = Document(source=str(path), kind="pdf", blocks=blocks, notes=_page_notes(pages))
    doc.title = title or info_title
    return doc


_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff]")


def _page_notes(pages) -> list[str]:
    """What could not be read with confidence, by page: a scanned page among typed ones, and
    text in a font without a character map (it comes out as symbols)."""
    scanned, garbled = [], []
    for page in pages:
        text = "".join(r.text for r in page.runs if not r.artifact)
        words = sum(1 for r in page.runs if not r.artifact and not T.is_furniture_pattern(r.text)
                    and len(r.text.strip()) > 3)
        if page.pictures > 0.5 and words < 3:
            scanned.append(page.number + 1)
        elif len(text) > 40 and len(_UNREADABLE.findall(text)) > 0.3 * len(text):
            garbled.append(page.number + 1)
    notes = []
    if scanned:
        notes.append(f"{_pages(scanned)} {'is a picture' if len(scanned) == 1 else 'are pictures'}"
                     " of text (scanned), so any findings on "
                     f"{'it' if len(scanned) == 1 else 'them'} were not read: type them in.")
    if garbled:
        notes.append(f"The text on {_pages(garbled).lower()} is in a font that does not say "
                     "which letters it draws, so it could not be read: check the findings on "
                     f"{'it' if len(garbled) == 1 else 'them'} against the report.")
    return notes


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Page {numbers[0]}"
    return "Pages " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _metadata_title(info) -> str | None:
    try:
        value = info.get("/Title")
    except Exception:  # noqa: BLE001 - an unreadable information dictionary has no title
        return None
    value = T.normalise_line(str(value)) if value is not None else ""
    return value or None


# -- tagged PDFs ------------------------------------------------------------------------------

TAG_COVERAGE = 0.9  # the share of the text a structure tree must reach to be followed


def _tagged(units, pages, body: float) -> tuple[list[Block], str | None]:
    runs: dict[tuple[int, int], list] = {}
    for page in pages:
        for run in page.runs:
            if run.mcid >= 0 and not run.artifact:
                runs.setdefault((page.number, run.mcid), []).append(run)
    # A tree that leaves text out (tagged in part, or not marked as furniture) is not followed:
    # the layout is read instead, so that nothing printed is lost.
    reached = {key for unit in units for key in unit.content}
    total = sum(len(r.text) for page in pages for r in page.runs if not r.artifact)
    covered = sum(len(r.text) for key in reached for r in runs.get(key, ()))
    if total and covered < TAG_COVERAGE * total:
        return [], None
    shading = {page.number: L.shaded_boxes(page) for page in pages}
    framed = {page.number: [r for r in L.ruled_regions(page) if not r.columns] for page in pages}
    paragraphs: list[tuple[list[L.Line], int, int, bool, int]] = []  # lines, heading, bullet…
    rows: dict[tuple[int, int], dict[int, list[str]]] = {}
    order: list[tuple] = []
    vocabulary_lines: list[str] = []
    pending_label = ""
    first_bullet_x: float | None = None  # where the current list's bullets stand
    for unit in units:
        if unit.role == "Note":
            continue  # footnotes and endnotes
        seen = set()
        unit_runs = []
        for key in unit.content:
            if key in seen:
                continue
            seen.add(key)
            unit_runs.extend(runs.get(key, ()))
        lines = L.lines_in_order(unit_runs)
        lines = [ln for ln in lines if ln.text]
        if unit.role == "Lbl":
            # A label drawn rather than typed (Chromium draws its bullets) is a bullet.
            pending_label = " ".join(ln.text for ln in lines) or "•"
            continue
        if not lines:
            continue
        lines = _without_repeats(lines)
        vocabulary_lines.extend(ln.text for ln in lines)
        if unit.table and unit.columns > 1:
            cells = rows.setdefault((unit.table, unit.row), {})
            if not cells:
                order.append(("row", unit.table, unit.row))
            cells.setdefault(unit.cell, []).append(lines)
            continue
        bullet = 0
        if unit.list_depth and (unit.first_in_item or pending_label):
            label = pending_label
            m = _GLYPH.match(lines[0].text)
            if m:
                label = label or lines[0].text[: m.end()]
                lines[0].text = lines[0].text[m.end():]
            if label and not re.match(r"^\(?\w{1,4}[.)]", label.strip()):
                # A list nested in the tree, an "o" or "◦" mark, or a list set further in than
                # the bullets before it (Word's "List Bullet 2" is a list of its own): a point
                # under a bullet.
                x = lines[0].runs[0].x0 if lines[0].runs else lines[0].x0
                indented = first_bullet_x is not None and x > first_bullet_x + 6
                if unit.list_depth > 1 or label.strip() in L.SUB_GLYPHS or indented:
                    bullet = 2
                else:
                    bullet = 1
                    first_bullet_x = x
            elif label:
                lines[0].text = f"{label.strip()} {lines[0].text}"
        elif not unit.list_depth:
            first_bullet_x = None
        pending_label = ""
        box = _box_of(lines[0], shading, framed)
        if unit.table and not box:
            box = 500000 + unit.table  # a one-column table set as a box
        order.append(("p", len(paragraphs)))
        paragraphs.append((lines, unit.heading, bullet, unit.table > 0 and unit.columns > 1, box))
    vocabulary = T.word_counts(vocabulary_lines)
    sizes = _heading_sizes([ln for p in paragraphs for ln in p[0]], body)
    blocks: list[Block] = []
    title_candidates = []
    for entry in order:
        if entry[0] == "row":
            cells = rows[(entry[1], entry[2])]
            width = max(cells) if cells else 0
            texts = tuple("\n".join(_join_lines(ls, vocabulary) for ls in cells.get(k, []))
                          for k in range(1, width + 1))
            blocks.append(Block(cells=texts, table=entry[1]))
            continue
        lines, heading, bullet, _, box = paragraphs[entry[1]]
        text = _join_lines(lines, vocabulary)
        if not text:
            continue
        level = heading or _size_heading(lines, sizes, body, bullet)
        block = Block(text=text, heading=level, bullet=bullet > 0, sub=bullet > 1, box=box)
        blocks.append(block)
        if lines[0].page == 0:
            title_candidates.append((lines, block))
    return _dedupe_furniture(blocks), _title(title_candidates, body)


def _without_repeats(lines: list[L.Line]) -> list[L.Line]:
    """An element drawn again, word for word, on a later page (a table's header row repeated
    at the top of each page) is read once."""
    pages: dict[int, list[L.Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return lines
    first = [ln.text for ln in next(iter(pages.values()))]
    return [ln for ln in lines
            if ln.page == lines[0].page or [x.text for x in pages[ln.page]] != first]


def _box_of(line: L.Line, shading, framed) -> int:
    for n, rect in enumerate(shading.get(line.page, ()), start=1):
        if L._inside(line, rect):
            return 1000 * (line.page + 1) + n
    for n, region in enumerate(framed.get(line.page, ()), start=1):
        if L._inside(line, region):
            return 1000 * (line.page + 1) + 100 + n
    return 0


def _dedupe_furniture(blocks: list[Block]) -> list[Block]:
    """Page numbers and markings a producer did not mark as artifacts."""
    return [b for b in blocks if b.is_row or not T.is_furniture_pattern(b.text)]


# -- untagged PDFs ----------------------------------------------------------------------------

def _untagged(pages, body: float) -> tuple[list[Block], str | None]:
    placed: list[list[L.Line]] = []
    for page in pages:
        lines = L.page_lines(page, body)
        L.drawn_bullets(page, lines)
        placed.append(L.place(lines, page, body))
    first_level: list[float] = []
    for page_lines in placed:
        _mark_edges(page_lines)
    for page_lines in placed:
        for line in page_lines:
            if line.cells is None:
                L.bullet_of(line, first_level)
    lines = _drop_furniture(placed)
    if not [ln for ln in lines if ln.cells is not None or ln.text]:
        return [], None
    sizes = _heading_sizes([ln for ln in lines if ln.cells is None], body)
    paragraphs: list[tuple[list[L.Line], int]] = []
    pitch = _line_pitch(lines, body)
    for line in lines:
        if line.cells is not None:
            paragraphs.append(([line], 0))
            continue
        if not line.text:
            continue
        h = _size_heading([line], sizes, body, line.bullet)
        if paragraphs and _continues(paragraphs[-1], line, h, pitch):
            paragraphs[-1][0].append(line)
        else:
            paragraphs.append(([line], h))
    vocabulary = T.word_counts(ln.text for ln in lines if ln.cells is None)
    blocks: list[Block] = []
    title_candidates = []
    table = 0
    last_header: tuple[str, ...] | None = None
    previous_row = False
    row_page = -1
    for group, h in paragraphs:
        first = group[0]
        if first.cells is not None:
            if last_header is not None and first.cells == last_header and (
                    previous_row or first.page == row_page + 1):
                previous_row = True
                continue  # a table's header repeated on the next page
            if not previous_row:
                table += 1
                last_header = first.cells
            elif (first.page != row_page and first.cells and not first.cells[0]
                  and blocks and blocks[-1].is_row and len(blocks[-1].cells) == len(first.cells)):
                # A row broken over the page: its cells carry on from the last row's.
                merged = tuple(f"{a} {b}".strip() for a, b in zip(blocks[-1].cells, first.cells,
                                                                  strict=True))
                blocks[-1] = Block(cells=merged, table=table)
                row_page = first.page
                continue
            blocks.append(Block(cells=first.cells, table=table))
            previous_row = True
            row_page = first.page
            continue
        previous_row = False
        text = _join_lines(group, vocabulary)
        if not text:
            continue
        block = Block(text=text, bullet=first.bullet > 0, sub=first.bullet > 1, heading=h,
                      box=first.box)
        blocks.append(block)
        if first.page == 0:
            title_candidates.append((group, block))
    return blocks, _title(title_candidates, body)


def _mark_edges(lines: list[L.Line]) -> None:
    """Give each line the right edge of its column: the furthest any line starting where it
    starts (in the same box) reaches on the page."""
    edges: dict[tuple[int, int], float] = {}
    for line in lines:
        if line.cells is None:
            key = (round(line.x0 / 12), line.box)
            edges[key] = max(edges.get(key, 0), line.x1)
    for line in lines:
        if line.cells is None:
            key = (round(line.x0 / 12), line.box)
            near = [edges.get((key[0] + d, line.box), 0) for d in (-1, 0, 1)]
            line.edge = max(near)


def _drop_furniture(pages: list[list[L.Line]]) -> list[L.Line]:
    """Page numbers, markings and lines recurring in the same place at a page's edges."""
    def edges(page: list[L.Line]) -> dict[int, tuple[str, int]]:
        kept = [i for i, line in enumerate(page)
                if line.cells is None and not T.is_furniture_pattern(line.text)]
        by_top = sorted(kept, key=lambda i: page[i].top)
        places = {i: ("bottom", n) for n, i in enumerate(reversed(by_top[-T.EDGE_LINES:]))}
        places.update({i: ("top", n) for n, i in enumerate(by_top[:T.EDGE_LINES])})
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
            if line.cells is None and T.is_furniture_pattern(line.text):
                continue
            if i in places and (places[i], T.furniture_key(line.text)) in recurring:
                continue
            out.append(line)
    return out


# -- headings and the title -------------------------------------------------------------------

def _heading_sizes(lines: list[L.Line], body: float) -> dict[float, int]:
    larger = sorted({ln.size for ln in lines if ln.size >= body + HEADING_STEP}, reverse=True)
    return {size: i + 1 for i, size in enumerate(larger)}


def _size_heading(lines: list[L.Line], sizes: dict[float, int], body: float, bullet: int) -> int:
    line = lines[0]
    if line.size in sizes:
        return sizes[line.size]
    text = " ".join(ln.text for ln in lines)
    if (line.bold and all(ln.bold for ln in lines) and len(text) <= MAX_BOLD_HEADING
            and not bullet and not text.endswith((".", ";", ",")) and not P.RESPONSE.match(text)):
        return len(sizes) + 1
    return 0


def _title(candidates, body: float) -> str | None:
    """The largest heading on page 1, with a large subtitle set right under it joined on."""
    headed = [(i, c) for i, c in enumerate(candidates) if c[1].heading]
    if not headed:
        return None
    best_i, (lines, block) = max(headed, key=lambda ic: (ic[1][0][0].size, -ic[0]))
    title = block.text
    if best_i + 1 < len(candidates):
        next_lines, next_block = candidates[best_i + 1]
        gap = next_lines[0].top - lines[-1].bottom
        if (next_lines[0].size >= body + HEADING_STEP and 0 <= gap <= 3 * next_lines[0].size
                and not _NOT_SUBTITLE.search(next_block.text) and len(next_block.text) < 150):
            runs_on = next_block.text[:1].islower() or re.search(
                r"\b(?:of|the|and|to|for|in|on|by|with|a|an)$", title, re.IGNORECASE)
            sep = " " if runs_on or title.endswith((":", "–", "—", "-")) else ": "
            title = f"{title}{sep}{next_block.text}"
    return title


def _is_label(text: str) -> bool:
    """ "Recommendation 1", "Area for improvement 2", "Cause of concern": a label alone."""
    m = P.LABELLED.match(text)
    return bool(m) and not (m.group("rest") or "").strip()


def _line_pitch(lines: list[L.Line], body: float) -> float:
    """The usual distance between the baselines of two lines of body text in a paragraph."""
    pitches: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.size == b.size == body and a.cells is None and b.cells is None:
            d = round((b.base - a.base) * 2) / 2
            if 0.9 * body <= d <= 2.2 * body:
                pitches[d] += 1
    return pitches.most_common(1)[0][0] if pitches else 1.2 * body


def _continues(paragraph: tuple[list[L.Line], int], line: L.Line, h: int,
               pitch: float) -> bool:
    """Whether ``line`` carries on the paragraph rather than starting a new one."""
    group, group_heading = paragraph
    last = group[-1]
    if (last.cells is not None or line.bullet or h != group_heading or line.size != last.size
            or line.box != last.box):
        return False
    if _is_label(last.text) or _is_label(line.text):
        return False  # "Recommendation 1" on a line of its own stands apart
    step = line.base - last.base
    if line.page != last.page or step <= 0:
        # A sentence running over a page break, or into the next column: the last line does
        # not end a sentence and the next carries on in lower case, or the last line runs to
        # the edge of its column.
        return not h and not P.SENTENCE_END.search(last.text) and (
            line.page == last.page or line.text[:1].islower()
            or last.x1 >= last.edge - 8 * last.size)
    if P.SENTENCE_END.search(last.text) and last.x1 < last.edge - 3 * last.size:
        return False  # a short line ending a sentence ends its paragraph
    usual = pitch * (line.size / last.size if last.size else 1)
    if abs(line.size - pitch / 1.2) > 2:  # another size than the body text: its own spacing
        usual = 1.2 * line.size
    return step <= max(1.22 * usual, usual + 1.5) and step <= PARAGRAPH_PITCH * max(line.size, 1)


def _join_lines(group: list[L.Line], vocabulary: Counter[str]) -> str:
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
