"""A tagged PDF's structure tree, read with pikepdf: the report's own paragraphs in reading order.

Accessible PDFs (public bodies publish them; LibreOffice and Word write them when asked) carry a
tree of structure elements — headings, paragraphs, lists, tables, notes — whose leaves point at the
page content they hold by marked-content ID. Walking the tree in order gives the paragraphs as the
author wrote them, whatever the page layout: columns, boxes and page breaks do not split or
interleave them. Each paragraph-level element becomes a :class:`Unit` listing its (page,
marked-content ID) pairs in order, with what the tree says about it: a heading's level, the list
depth of a list item, the table row and cell it sits in, or that it is a note (a footnote or
endnote, which is not part of the text around it).

Roles are read through the tree's role map, so "Standard" (LibreOffice's name for body text) is a
``P``, and a custom "Footnote" role is known by its own name before it is mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "Caption",
          "BlockQuote", "TOCI", "Title", "Index", "BibEntry", "Code"}
NOTES = {"Note", "Footnote", "Endnote", "FENote"}
SKIPPED = {"Artifact", "Figure", "Formula", "TOC"}
MAX_DEPTH = 200


@dataclass
class Unit:
    """One paragraph-level element: its content, in order, as (page index, MCID) pairs."""

    role: str
    content: list[tuple[int, int]] = field(default_factory=list)
    heading: int = 0
    list_depth: int = 0
    first_in_item: bool = False
    table: int = 0
    row: int = 0
    cell: int = 0
    columns: int = 0  # cells in the widest row of its table


def units(pdf) -> list[Unit] | None:
    """The tagged PDF's paragraph-level elements in reading order (notes among them, with the
    role "Note"), or None when the PDF is not tagged (no structure tree, or one that points at
    no content)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None or not pdf.Root.get("/MarkInfo", {}).get("/Marked", True):
        return None
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    role_map = {str(k)[1:]: str(v)[1:] for k, v in root.get("/RoleMap", {}).items()}
    walker = _Walker(pikepdf, pages, role_map)
    walker.children(root.get("/K"), None, _Context())
    if not any(u.content for u in walker.out):
        return None
    return [u for u in walker.out if u.content]


@dataclass
class _Context:
    list_depth: int = 0
    item_started: bool = False
    table: int = 0
    row: int = 0
    cell: int = 0
    note: bool = False


class _Walker:
    def __init__(self, pikepdf, pages, role_map) -> None:
        self.pk = pikepdf
        self.pages = pages
        self.role_map = role_map
        self.out: list[Unit] = []
        self.tables = 0
        self.current: Unit | None = None
        self.seen: set = set()
        self.depth = 0

    def role(self, el) -> tuple[str, str]:
        raw = str(el.get("/S", "/Span"))[1:]
        mapped = raw
        for _ in range(5):
            if mapped not in self.role_map or self.role_map[mapped] == mapped:
                break
            mapped = self.role_map[mapped]
        return raw, mapped

    def children(self, kids, page, ctx: _Context) -> None:
        if kids is None:
            return
        items = kids if isinstance(kids, self.pk.Array) else [kids]
        for kid in items:
            self.kid(kid, page, ctx)

    def kid(self, kid, page, ctx: _Context) -> None:
        pk = self.pk
        if isinstance(kid, int) or (not isinstance(kid, pk.Object) and hasattr(kid, "__int__")):
            self.content(page, int(kid))
            return
        if not isinstance(kid, pk.Dictionary):
            return
        kind = kid.get("/Type")
        if kind == "/MCR":
            pg = kid.get("/Pg")
            self.content(self.page_of(pg) if pg is not None else page, int(kid.get("/MCID", -1)))
            return
        if kind == "/OBJR":
            return
        self.element(kid, page, ctx)

    def page_of(self, pg) -> int | None:
        try:
            return self.pages.get(pg.objgen)
        except AttributeError:
            return None

    def content(self, page, mcid: int) -> None:
        if self.current is not None and page is not None and mcid >= 0:
            self.current.content.append((page, mcid))

    def element(self, el, page, ctx: _Context) -> None:
        key = el.objgen if el.is_indirect else None
        if key is not None:
            if key in self.seen:
                return
            self.seen.add(key)
        if self.depth > MAX_DEPTH:
            return
        raw, role = self.role(el)
        pg = el.get("/Pg")
        if pg is not None:
            page = self.page_of(pg)
        if raw in SKIPPED or role in SKIPPED:
            return
        self.depth += 1
        try:
            self._element(el, raw, role, page, ctx)
        finally:
            self.depth -= 1

    def _element(self, el, raw: str, role: str, page, ctx: _Context) -> None:
        kids = el.get("/K")
        if raw in NOTES or role in NOTES:
            # A note is not part of the text around it: kept as a unit of its own ("Note"),
            # which readers leave out.
            saved = self.current
            self.current = Unit(role="Note")
            self.out.append(self.current)
            self.children(kids, page, _Context(note=True))
            self.current = saved
            return
        if ctx.note:
            self.children(kids, page, ctx)  # everything inside a note is the note's
            return
        if role == "L":
            inner = _Context(ctx.list_depth + 1, False, ctx.table, ctx.row, ctx.cell)
            # A list inside a list item's body: its items are units of their own.
            saved, self.current = self.current, None
            self.children(kids, page, inner)
            self.current = saved
            return
        if role == "LI":
            self.item(kids, page, _Context(ctx.list_depth, True, ctx.table, ctx.row, ctx.cell))
            return
        if role == "Table":
            self.tables += 1
            first = len(self.out)
            self.children(kids, page, _Context(ctx.list_depth, False, self.tables, 0, 0))
            table = [u for u in self.out[first:] if u.table == self.tables]
            widest = max((u.cell for u in table), default=0)
            for u in table:
                u.columns = widest
            return
        if role == "TR" and ctx.table:
            inner = _Context(ctx.list_depth, False, ctx.table, ctx.row + 1, 0)
            ctx.row += 1
            self.children(kids, page, inner)
            return
        if role == "LBody" and self.current is None:
            # The item's text, however deep in spans, is one unit; a paragraph inside starts
            # its own only when the body holds several.
            paragraphs = self._blocks_below(kids)
            if paragraphs > 1:
                self.children(kids, page, ctx)
            else:
                self.block(el, role, page, ctx)
            return
        if role in ("TD", "TH") and ctx.table:
            ctx.cell += 1
            inner = _Context(ctx.list_depth, False, ctx.table, ctx.row, ctx.cell)
            if self._blocks_below(kids) > 1:
                self.children(kids, page, inner)
            else:
                self.block(el, role, page, inner)
            return
        if role in BLOCKS and self.current is None:
            self.block(el, role, page, ctx)
            return
        # Containers (Document, Sect, Div, Part, Art) and inline elements (Span, Link, …).
        self.children(kids, page, ctx)

    def item(self, kids, page, ctx: _Context) -> None:
        """A list item: its label, then its body — an ``LBody``, or (as Chromium writes them)
        the item's own spans and content, gathered into one unit — then any list inside it."""
        items = kids if isinstance(kids, self.pk.Array) else [kids] if kids is not None else []
        body: Unit | None = None
        for kid in items:
            if isinstance(kid, self.pk.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                _, role = self.role(kid)
                if role in ("Lbl", "LBody", "L") or role in BLOCKS:
                    body = None
                    self.kid(kid, page, ctx)
                    continue
            if body is None:
                body = Unit(role="LBody", list_depth=ctx.list_depth,
                            first_in_item=ctx.item_started, table=ctx.table, row=ctx.row,
                            cell=ctx.cell)
                ctx.item_started = False
                self.out.append(body)
            saved, self.current = self.current, body
            self.kid(kid, page, ctx)
            self.current = saved

    def _blocks_below(self, kids, depth: int = 0) -> int:
        """How many paragraph-level elements (or lists) sit directly under a cell or item body,
        looking through containers and inline elements."""
        items = kids if isinstance(kids, self.pk.Array) else [kids] if kids is not None else []
        count = 0
        for k in items:
            if not isinstance(k, self.pk.Dictionary) or k.get("/Type") in ("/MCR", "/OBJR"):
                continue
            _, role = self.role(k)
            if role in BLOCKS or role == "L":
                count += 1
            elif depth < 8:
                count += self._blocks_below(k.get("/K"), depth + 1)
        return count

    def block(self, el, role: str, page, ctx: _Context) -> None:
        unit = Unit(role=role, list_depth=ctx.list_depth, first_in_item=ctx.item_started,
                    table=ctx.table, row=ctx.row, cell=ctx.cell)
        if role in ("H1", "H2", "H3", "H4", "H5", "H6"):
            unit.heading = int(role[1])
        elif role in ("H", "Title"):
            unit.heading = 1
        if role == "Lbl":
            # The list label ("•", "1.") comes before the body: keep it apart, as a marker.
            unit.role = "Lbl"
        ctx.item_started = False if role != "Lbl" else ctx.item_started
        self.out.append(unit)
        self.current = unit
        try:
            self.children(el.get("/K"), page, ctx)
        finally:
            self.current = None
