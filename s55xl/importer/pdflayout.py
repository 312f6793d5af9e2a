"""A page's layout worked out from where its text and shapes are, for PDFs without structure tags.

From the runs and rectangles :mod:`.pdfpage` reads:

- **lines**: runs on one baseline, near each other, form a line; a wide gap (a column gutter, a
  table's cell border) starts another line on the same baseline;
- **footnote marks**: a run set smaller than the text and raised above its baseline, holding
  only a number or a note sign (``*``, ``†``), is a footnote mark and is left out;
- **footnotes**: the lines under the short rule at the foot of the page (the footnote
  separator), set smaller than the body text — or, without a rule, a block of smaller lines at
  the foot starting with a number — are notes and are left out;
- **tables**: horizontal rules sharing their left and right ends frame a table; vertical rules
  inside it (or, without them, the left edges of the header row's cells) divide its columns,
  and the rules (or, without them, each new line in the first column) its rows. A framed area
  with one column is a box, not a table;
- **columns**: where lines on the same baselines leave a common gutter down the page, the
  lines left of it are read before the lines right of it;
- **boxes**: a line inside a shaded rectangle (adjacent rectangles of one colour merged) or a
  framed one-column area belongs to that box, so that a finding in a box does not run on into
  the text after it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from s55xl.importer.pdfpage import Page, Rect, Run
from s55xl.importer.text import normalise_line

NOTE_MARK = re.compile(r"^[\d,\s*†‡§¶]+$|^[a-z]$")
SUPERSCRIPT = 0.86  # a run at most this fraction of the text's size may be a raised mark
MAX_SHAPES = 2000  # a page drawn with more shapes than this is a picture: no boxes or tables
GUTTER = 1.2  # a gap this many font sizes wide splits a baseline into two lines
_BULLET = re.compile(r"^(?:[•●▪■◦‣∙·○►▸➢➤✓\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|[\uf000-\uf0ff])\s*(?=\S)")
SUB_GLYPHS = "o◦○–-▪"


@dataclass
class Line:
    """A line of text on a page (or, with ``cells``, a table row placed where it starts)."""

    runs: list[Run]
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    base: float
    size: float
    bold: bool = False
    text: str = ""
    bullet: int = 0  # 1 a bullet, 2 a sub-bullet
    box: int = 0
    cells: tuple[str, ...] | None = None
    table: int = 0
    furniture: bool = False
    edge: float = 0.0  # the right edge of the line's column


@dataclass
class Region:
    """A table or framed box found from rules."""

    x0: float
    top: float
    x1: float
    bottom: float
    columns: list[float] = field(default_factory=list)
    rows: list[float] = field(default_factory=list)


def body_size(pages: list[Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for run in page.runs:
            if not run.artifact:
                weights[run.size] += len(run.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def join_runs(runs: list[Run]) -> str:
    """The runs of one line as text: a space where the gap between two says there is one."""
    out = ""
    last: Run | None = None
    for run in runs:
        if last is not None and out and not out[-1].isspace() and not run.text[:1].isspace():
            if run.x0 - last.x1 > 0.18 * max(run.size, last.size):
                out += " "
        out += run.text
        last = run
    return normalise_line(out)


def is_mark(run: Run, line_base: float, line_size: float) -> bool:
    """A footnote mark: small, raised above the line's baseline, a number or note sign."""
    return (run.size <= SUPERSCRIPT * line_size and run.base < line_base - 0.15 * line_size
            and bool(NOTE_MARK.match(run.text.strip())))


def _new_line(run: Run) -> Line:
    return Line([run], run.page, run.x0, run.top, run.x1, run.bottom, run.base, run.size,
                run.bold)


def _extend(line: Line, run: Run) -> None:
    line.runs.append(run)
    line.x0, line.x1 = min(line.x0, run.x0), max(line.x1, run.x1)
    line.top, line.bottom = min(line.top, run.top), max(line.bottom, run.bottom)


def _finish(line: Line) -> Line:
    main = [r for r in line.runs if r.size >= SUPERSCRIPT * line.size] or line.runs
    chars = sum(len(r.text) for r in main) or 1
    line.bold = sum(len(r.text) for r in main if r.bold) * 2 > chars
    line.text = join_runs(line.runs)
    return line


def lines_in_order(runs: list[Run]) -> list[Line]:
    """Runs already in reading order (one tagged paragraph) as lines; marks dropped."""
    lines: list[Line] = []
    current: Line | None = None
    for run in runs:
        if current is not None and run.page == current.page:
            if is_mark(run, current.base, current.size):
                continue
            if abs(run.base - current.base) <= 0.35 * max(current.size, run.size) \
                    and run.x0 >= current.x1 - 2:
                _extend(current, run)
                if run.size > current.size:
                    current.size, current.base = run.size, run.base
                continue
        current = _new_line(run)
        lines.append(current)
    return [_finish(line) for line in lines]


def page_lines(page: Page, body: float) -> list[Line]:
    """The page's lines, top to bottom and left to right, marks dropped."""
    runs = [r for r in page.runs if not r.artifact]
    small = [r for r in runs if r.size <= SUPERSCRIPT * body and NOTE_MARK.match(r.text.strip())]
    normal = [r for r in runs if not (r.size <= SUPERSCRIPT * body
                                      and NOTE_MARK.match(r.text.strip()))]
    normal.sort(key=lambda r: (round(r.base), r.x0))
    lines: list[Line] = []
    for run in normal:
        home = None
        for line in reversed(lines[-6:]):
            if abs(run.base - line.base) <= 0.35 * max(line.size, run.size):
                gap = run.x0 - line.x1
                # A bullet glyph stands a tab's width before its text.
                widest = 4 if _BULLET.match(join_runs(line.runs) + " x") else GUTTER
                if -2 <= gap <= widest * max(line.size, run.size):
                    home = line
                    break
        if home is None:
            lines.append(_new_line(run))
        else:
            _extend(home, run)
    for run in small:
        # A raised mark next to a line is a footnote mark; anything else is a line of its own.
        attached = any(line.base - line.size <= run.base < line.base - 0.15 * line.size
                       and line.x0 - 2 <= run.x0 <= line.x1 + line.size for line in lines)
        if not attached:
            lines.append(_new_line(run))
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
    lines.sort(key=lambda ln: (round(ln.base), ln.x0))
    return [_finish(line) for line in lines]


# -- shapes -------------------------------------------------------------------------------------

def shaded_boxes(page: Page) -> list[Rect]:
    """Shaded areas, touching rectangles of the same colour merged; a page-sized fill (a
    coloured page) is not a box."""
    if len(page.rects) > MAX_SHAPES:
        return []
    area = page.width * page.height
    fills = sorted((r for r in page.rects if r.is_shading and r.width * r.height < 0.6 * area),
                   key=lambda r: (r.top, r.x0))
    merged: list[Rect] = []
    for r in fills:
        for m in merged:
            if (m.colour == r.colour and abs(m.x0 - r.x0) < 3 and abs(m.x1 - r.x1) < 3
                    and r.top <= m.bottom + 2):
                m.bottom = max(m.bottom, r.bottom)
                break
        else:
            merged.append(Rect(r.x0, r.top, r.x1, r.bottom, True, r.colour))
    return merged


def _inside(line: Line, r: Rect | Region, pad: float = 1.5) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return r.x0 - pad <= cx <= r.x1 + pad and r.top - pad <= cy <= r.bottom + pad


def ruled_regions(page: Page) -> list[Region]:
    """Areas framed by horizontal rules sharing their ends: tables, or boxes when one column."""
    if len(page.rects) > MAX_SHAPES:
        return []
    horizontal = [r for r in page.rects if r.is_rule and r.width > 30 and r.width > r.height]
    vertical = [r for r in page.rects if r.is_rule and r.height > 8 and r.height > r.width]
    groups: list[list[Rect]] = []
    for r in sorted(horizontal, key=lambda r: r.top):
        for g in groups:
            if abs(g[0].x0 - r.x0) < 3 and abs(g[0].x1 - r.x1) < 3:
                g.append(r)
                break
        else:
            groups.append([r])
    regions = []
    for g in groups:
        ys = sorted({round((r.top + r.bottom) / 2, 1) for r in g})
        if len(ys) < 2:
            continue
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        top, bottom = ys[0], ys[-1]
        if bottom - top < 8:
            continue
        columns = sorted({round((v.x0 + v.x1) / 2, 1) for v in vertical
                          if x0 + 3 < (v.x0 + v.x1) / 2 < x1 - 3
                          and v.top < bottom - 2 and v.bottom > top + 2})
        regions.append(Region(x0, top, x1, bottom, columns, ys))
    return regions


def footnote_zone(page: Page, lines: list[Line], body: float) -> float | None:
    """Where the page's footnotes start (a y coordinate), or None when it has none."""
    rules = [r for r in page.rects[:MAX_SHAPES] if r.is_rule and r.width > r.height and 20 < r.width
             < 0.45 * page.width and r.top > page.height / 2]
    for rule in sorted(rules, key=lambda r: r.top):
        below = [ln for ln in lines if ln.top >= rule.bottom - 1]
        notes = [ln for ln in below if not ln.furniture]
        if notes and all(ln.size < body for ln in notes):
            return rule.top
    # No separator: a block of smaller lines at the foot, the first opening with a number.
    tail: list[Line] = []
    for line in reversed([ln for ln in lines if not ln.furniture]):
        if line.size <= body - 1 and line.cells is None:
            tail.append(line)
        else:
            break
    if tail and re.match(r"^[\d*†‡]+\s", tail[-1].text) and len(tail) < len(lines):
        return tail[-1].top - 0.5
    return None


# -- reading order --------------------------------------------------------------------------------

def columns_in_order(lines: list[Line]) -> list[Line]:
    """Lines of a page in reading order: two-column stretches read left column first."""
    rows: list[list[Line]] = []
    for line in lines:
        if rows and abs(rows[-1][0].base - line.base) <= 0.35 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    split = [r for r in rows if len(r) == 2 and r[0].cells is None and r[1].cells is None]
    if len(split) < 3:
        return lines
    starts = Counter(round(max(r, key=lambda ln: ln.x0).x0 / 3) * 3 for r in split)
    start, votes = starts.most_common(1)[0]
    if votes < 3:
        return lines
    gutter = start - 2
    out: list[Line] = []
    i = 0
    while i < len(rows):
        if not _both_sides(rows[i], gutter):
            out.extend(rows[i])
            i += 1
            continue
        j = i
        while j + 1 < len(rows) and _fits(rows[j + 1], gutter) and (
                _both_sides(rows[j + 1], gutter)
                or rows[j + 1][0].top - max(ln.bottom for ln in rows[j])
                <= 1.6 * rows[j + 1][0].size and any(
                    _both_sides(r, gutter) for r in rows[j + 2: j + 8])):
            j += 1
        # After the last row with both columns, the longer column's last lines follow at a
        # line's pitch; a wider gap is the text after the columns.
        while j + 1 < len(rows) and _fits(rows[j + 1], gutter) and (
                rows[j + 1][0].top - max(ln.bottom for ln in rows[j]) <= 0.6 * rows[j + 1][0].size):
            j += 1
        stretch = [ln for row in rows[i:j + 1] for ln in row]
        out.extend(ln for ln in stretch if ln.x1 <= gutter)
        out.extend(ln for ln in stretch if ln.x1 > gutter)
        i = j + 1
    return out


def _fits(row: list[Line], gutter: float) -> bool:
    return all(ln.cells is None and (ln.x1 <= gutter or ln.x0 >= gutter) for ln in row)


def _both_sides(row: list[Line], gutter: float) -> bool:
    return _fits(row, gutter) and any(ln.x1 <= gutter for ln in row) and any(
        ln.x0 >= gutter for ln in row)


# -- tables ---------------------------------------------------------------------------------------

def table_rows(region: Region, lines: list[Line], join) -> list[tuple[str, ...]]:
    """The rows of a ruled table from the lines inside it; ``join`` joins a cell's lines."""
    inside = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    bounds = [region.x0, *region.columns, region.x1]
    if len(bounds) == 2:
        # No rules between the columns: the header row's cells start them.
        first = sorted((ln for ln in inside if ln.top < inside[0].bottom), key=lambda ln: ln.x0)
        if len(first) >= 2:
            bounds = [region.x0, *(ln.x0 - 2 for ln in first[1:]), region.x1]

    def column(line: Line) -> int:
        for k in range(len(bounds) - 1):
            if line.x0 < bounds[k + 1] - 1:
                return k
        return len(bounds) - 2

    rows: list[tuple[str, ...]] = []
    for top, bottom in zip(region.rows, region.rows[1:], strict=False):
        band = [ln for ln in inside if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
        if not band:
            continue
        # Without a rule between them, rows are told apart by a gap in the first column
        # wider than a wrapped line's.
        starts: list[float] = []
        last_bottom = None
        for ln in sorted((ln for ln in band if column(ln) == 0), key=lambda ln: ln.top):
            if last_bottom is None or ln.top - last_bottom > 0.45 * ln.size:
                starts.append(ln.top)
            last_bottom = ln.bottom
        if not starts:
            starts = [band[0].top]
        starts[0] = min(starts[0], min(ln.top for ln in band))
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else bottom + 1
            cells: list[list[Line]] = [[] for _ in range(len(bounds) - 1)]
            for ln in band:
                if start - 1 <= ln.top < end - 1:
                    cells[column(ln)].append(ln)
            rows.append(tuple(join(c) if c else "" for c in cells))
    return [r for r in rows if any(r)]


def _starts_at(x: float, line: Line) -> bool:
    return abs(line.x0 - x) < 4


def _narrow(width: float, line: Line) -> bool:
    return line.x1 - line.x0 < 0.3 * width and len(line.text) <= 30


def aligned_tables(lines: list[Line]) -> list[tuple[list[Line], list[tuple[str, ...]]]]:
    """Tables set without rules, found from alignment: at least three rows on shared baselines
    whose lines start at the same left edges, the first column narrow (a number or a short
    reference: "No. | Area for improvement"). Each line in the first column starts a row; the
    lines beside and under it, in the other columns, are its cells. Text in two columns is not
    a table: its left column is as wide as its right."""
    rows: list[list[Line]] = []
    for line in sorted((ln for ln in lines if ln.cells is None), key=lambda ln: (ln.top, ln.x0)):
        if rows and abs(rows[-1][0].base - line.base) <= 0.35 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    found = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row) < 2 or any(ln.bullet for ln in row):
            i += 1
            continue
        cols = sorted(ln.x0 for ln in row)
        width = max(ln.x1 for ln in row) - cols[0]
        first_column = partial(_starts_at, cols[0])
        narrow = partial(_narrow, width)

        if not all(narrow(ln) for ln in row if first_column(ln)):
            i += 1
            continue
        members, multi, j = list(row), 1, i
        while j + 1 < len(rows):
            nxt = rows[j + 1]
            gap = nxt[0].top - max(ln.bottom for ln in rows[j])
            if gap > 2.5 * nxt[0].size or not all(
                    any(abs(ln.x0 - c) < 4 for c in cols) for ln in nxt):
                break
            if any(first_column(ln) and not narrow(ln) for ln in nxt):
                break  # the text after the table, starting at its left edge
            multi += len(nxt) >= 2
            members.extend(nxt)
            j += 1
        if multi < 3:
            i += 1
            continue
        table: list[tuple[str, ...]] = []
        cells: list[list[Line]] | None = None
        for baseline in rows[i:j + 1]:
            for ln in sorted(baseline, key=lambda ln: ln.x0):
                k = min(range(len(cols)), key=lambda c, x=ln.x0: abs(x - cols[c]))
                if cells is None or (k == 0 and ln is min(baseline, key=lambda b: b.x0)):
                    if cells is not None:
                        table.append(tuple(join_cell(c) for c in cells))
                    cells = [[] for _ in cols]
                cells[k].append(ln)
        if cells is not None:
            table.append(tuple(join_cell(c) for c in cells))
        found.append((members, table))
        i = j + 1
    return found


def join_cell(lines: list[Line]) -> str:
    """A table cell's lines as one text; a word broken with a hyphen at a line end is joined
    keeping its hyphen."""
    text = ""
    for line in lines:
        if text.endswith(("-", "‐")) and line.text[:1].islower():
            text += line.text
        else:
            text = f"{text} {line.text}" if text else line.text
    return text


def place(lines: list[Line], page: Page, body: float) -> list[Line]:
    """One page's lines in reading order, with footnotes and marks gone, tables as rows and
    each line's box set. Table rows are :class:`Line` s with ``cells`` (``table`` set later)."""
    from s55xl.importer.text import is_furniture_pattern

    for line in lines:
        line.furniture = is_furniture_pattern(line.text)
    zone = footnote_zone(page, lines, body)
    if zone is not None:
        lines = [ln for ln in lines if ln.top < zone or ln.furniture]
    boxes = shaded_boxes(page)
    out: list[Line] = []
    taken: set[int] = set()
    framed: list[Region] = []
    for region in ruled_regions(page):
        inside = [ln for ln in lines if id(ln) not in taken and _inside(ln, region)]
        if not inside:
            continue
        rows = table_rows(region, inside, join_cell)
        if len(region.columns) == 0 and all(sum(1 for cell in r if cell) <= 1 for r in rows):
            framed.append(region)  # one column: a framed box, not a table
            continue
        taken.update(id(ln) for ln in inside)
        for k, row in enumerate(rows):
            top = region.top + k * 0.01
            out.append(Line([], page.number, region.x0, top, region.x1, top, top,
                            inside[0].size, cells=row))
    rest = [ln for ln in lines if id(ln) not in taken]
    for members, rows in aligned_tables(rest):
        taken.update(id(ln) for ln in members)
        top = min(ln.top for ln in members)
        for k, row in enumerate(rows):
            at = top + k * 0.01
            out.append(Line([], page.number, members[0].x0, at, members[0].x1, at, at,
                             members[0].size, cells=row))
    rest = [ln for ln in rest if id(ln) not in taken]
    for n, region in enumerate(framed, start=1):
        for ln in rest:
            if not ln.box and _inside(ln, region):
                ln.box = 1000 * (page.number + 1) + 100 + n
    for n, box in enumerate(boxes, start=1):
        for ln in rest:
            if not ln.box and _inside(ln, box):
                ln.box = 1000 * (page.number + 1) + n
    merged = sorted(rest + out, key=lambda ln: (round(ln.top), ln.x0))
    return columns_in_order(merged)


def drawn_bullets(page: Page, lines: list[Line]) -> None:
    """Bullets drawn as shapes (a small disc or square before the line; a hollow one, or one
    further in, for a point under a bullet) rather than typed as a glyph."""
    if len(page.rects) > MAX_SHAPES:
        return
    marks = [r for r in page.rects if 2 <= r.width <= 8 and 2 <= r.height <= 8
             and abs(r.width - r.height) < 1.5]
    if not marks:
        return
    solid = [m.x0 for m in marks if m.filled]
    for line in lines:
        if line.cells is not None or line.bullet:
            continue
        for m in marks:
            middle = (m.top + m.bottom) / 2
            if m.x1 <= line.x0 + 1 and line.x0 - m.x1 <= 30 and line.top <= middle <= line.bottom:
                inner = not m.filled or (solid and m.x0 > min(solid) + 6)
                line.bullet = 2 if inner else 1
                break


def bullet_of(line: Line, first_level_x: list[float]) -> None:
    """Take a bullet glyph off the front of ``line``: 1 for a bullet, 2 for a sub-bullet (an
    "o", "◦" or dash mark, or any glyph indented beyond the page's first bullets)."""
    if not line.runs:
        return
    first = line.runs[0].text.strip()
    m = _BULLET.match(line.text)
    glyph = None
    if m:
        glyph = line.text[: m.end()].strip()
        line.text = line.text[m.end():]
    elif len(first) == 1 and first in SUB_GLYPHS and line.text.startswith(first + " ") \
            and len(line.runs) > 1:
        glyph = first
        line.text = line.text[2:].lstrip()
    else:
        return
    x = line.runs[0].x0
    if glyph in SUB_GLYPHS or (first_level_x and x > min(first_level_x) + 6):
        line.bullet = 2
    else:
        line.bullet = 1
        first_level_x.append(x)
