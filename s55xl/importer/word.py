"""Word documents (.docx) as blocks: paragraphs with their displayed numbers, and table rows.

The body is walked in reading order — paragraphs, tables, and the content of content controls —
so that Word's list counters (:mod:`.numbering`) advance as they do on screen. Shaded paragraphs
in a row, and a table of one column, are a box (``Block.box``), so a finding set in one ends
with it. Headers, footers,
footnotes, comments and text boxes are not part of the body and are not read. The first
paragraph in Word's Title style is the document's title. Tracked deletions
are left out and tracked insertions kept, as the document reads with changes accepted.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from s55xl.cells import CONTROL_CHARACTERS
from s55xl.errors import UnusableInput
from s55xl.importer.document import Block, Document
from s55xl.importer.numbering import Numbering, W, w

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIP = {w("del"), w("moveFrom"), w("drawing"), w("pict"), w("object"), w("instrText"),
         w("delText"), w("pPr"), w("rPr"), w("sdtPr"), w("sdtEndPr"), w("tcPr"), w("trPr"),
         w("tblPr"), w("tblGrid"), f"{{{MC}}}AlternateContent", w("commentReference"),
         w("footnoteReference"), w("endnoteReference")}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def read_docx(path: Path) -> Document:
    """Read a .docx file's body. Raises :class:`UnusableInput` if it is not a usable one."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        try:
            numbering_xml = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            numbering_xml = None
        styles_xml = document.styles.element
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise UnusableInput(
            f"{path}: cannot be read as a Word document ({_reason(exc)}). Open it in Word and "
            "save it again as a Word Document (.docx).") from None
    except Exception as exc:
        if type(exc).__module__.startswith(("lxml", "zipfile", "xml")):
            raise UnusableInput(
                f"{path}: is damaged and cannot be read as a Word document. Open it in Word "
                "and save it again as a Word Document (.docx).") from None
        raise
    reader = _Reader(Numbering(numbering_xml, styles_xml))
    reader.walk(document.element.body)
    return Document(source=str(path), kind="docx", blocks=reader.blocks, title=reader.title)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    if "content type" in text:
        return "it is not a Word document"
    return text.split("\n")[0][:120] or type(exc).__name__


class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0
        self.title: str | None = None  # the first paragraph in Word's Title style
        self.after_title = False  # the paragraph before was the title (a subtitle may follow)
        self.boxes = 0  # shaded boxes so far: shaded paragraphs in a row, one-cell tables
        self.shading: str | None = None  # the fill of the box being read

    def walk(self, container) -> None:
        for child in container:
            if child.tag == w("p"):
                block = self.paragraph(child)
                shaded = _shaded(child.find(w("pPr")))
                if not shaded:
                    self.shading = None
                elif shaded != self.shading:  # a new run of shaded paragraphs: a new box
                    self.shading = shaded
                    self.boxes += 1
                if block.text:
                    if shaded:
                        block = dataclasses.replace(block, box=self.boxes)
                    self.blocks.append(block)
            elif child.tag == w("tbl"):
                self.shading = None
                if _cells(child) <= 1:
                    self.box_table(child)  # a one-cell table set as a box
                else:
                    self.table(child)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent"))
                self.walk(content if content is not None else child)

    def paragraph(self, p) -> Block:
        ppr = p.find(w("pPr"))
        style = numpr = outline = None
        if ppr is not None:
            style_el = ppr.find(w("pStyle"))
            style = style_el.get(w("val")) if style_el is not None else None
            numpr = ppr.find(w("numPr"))
            outline_el = ppr.find(w("outlineLvl"))
            outline = outline_el.get(w("val")) if outline_el is not None else None
        num_id = ilvl = None
        if numpr is not None:
            num_el, lvl_el = numpr.find(w("numId")), numpr.find(w("ilvl"))
            num_id = num_el.get(w("val")) if num_el is not None else None
            ilvl = lvl_el.get(w("val")) if lvl_el is not None else None
        number, bullet = self.numbering.label(num_id, ilvl, style)
        text = paragraph_text(p)
        name = self.numbering.style_names.get(style, style).casefold() if style else ""
        if self.title is None and text and name == "title":
            self.title = " ".join(text.split())
            self.after_title = True
        elif self.after_title and text:
            self.after_title = False
            if name == "subtitle":  # "PEEL 2023–25" over "An inspection of Northshire Police"
                more = " ".join(text.split())
                sep = " " if self.title.endswith((":", "–", "—")) or more[:1].islower() else ": "
                self.title = f"{self.title}{sep}{more}"
        style_name = self.numbering.style_names.get(style, style or "").casefold()
        # A bullet at a deeper list level ("List Bullet 2") is a point under the one before.
        sub = bullet and ((ilvl or "0") not in ("0", "") or style_name.startswith(
            ("list bullet 2", "list bullet 3", "list bullet 4")))
        return Block(text=text, number=number, bullet=bullet, sub=sub,
                     heading=self.numbering.heading_level(style, outline))

    def table(self, tbl) -> None:
        self.tables += 1
        table_no = self.tables
        for tr in tbl.iter(w("tr")):
            if _nearest_table(tr) is not tbl:
                continue
            cells = []
            for tc in tr.iter(w("tc")):
                if _nearest_table(tc) is not tbl:
                    continue
                cells.append(self.cell(tc))
            if any(cells):
                self.blocks.append(Block(cells=tuple(cells), table=table_no))

    def box_table(self, tbl) -> None:
        self.boxes += 1
        box = self.boxes
        for p in tbl.iter(w("p")):
            block = self.paragraph(p)
            if block.text:
                self.blocks.append(dataclasses.replace(block, box=box))

    def cell(self, tc) -> str:
        lines = []
        for p in tc.iter(w("p")):
            block = self.paragraph(p)
            if block.number:
                lines.append(f"{block.number} {block.text}".strip())
            elif block.text:
                lines.append(f"• {block.text}" if block.bullet else block.text)
        return "\n".join(lines)


def _shaded(ppr) -> str | None:
    """The fill colour of a shaded paragraph (``w:shd``), or None when it has none."""
    shd = ppr.find(w("shd")) if ppr is not None else None
    fill = (shd.get(w("fill")) or "").upper() if shd is not None else ""
    return fill if fill and fill not in ("AUTO", "FFFFFF") else None


def _cells(tbl) -> int:
    """How many cells a table has of its own (not a nested table's)."""
    return sum(1 for tc in tbl.iter(w("tc")) if _nearest_table(tc) is tbl)


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


def paragraph_text(p) -> str:
    """A paragraph's text as shown, whitespace normalised; line breaks kept as newlines."""
    out: list[str] = []
    _collect(p, out)
    text = CONTROL_CHARACTERS.sub("", _INVISIBLE.sub("", "".join(out)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _collect(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == w("t"):
            out.append(child.text or "")
        elif tag in (w("tab"), w("ptab")):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            out.append(" " if child.get(w("type")) in ("page", "column") else "\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("p"):  # a paragraph nested in a cell's nested table
            _collect(child, out)
            out.append("\n")
        else:
            _collect(child, out)


__all__ = ["W", "paragraph_text", "read_docx"]
