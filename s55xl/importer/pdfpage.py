"""What is drawn on a PDF page: runs of text with their place, size and font, and the filled
rectangles and rules around them — read with pypdfium2 (Google's PDFium, the engine inside
Chrome).

Each text object PDFium parses from the page's content stream becomes a :class:`Run`: its text,
its bounding box, its baseline (from the object's matrix, so a raised footnote mark is told from
the line it sits on), its size in points, whether its font is bold (from the font's base name or
weight), its marked-content ID (the link into a tagged PDF's structure tree) and whether it is
marked as an artifact (page furniture the producer has labelled as such). Paths become
:class:`Rect` s: filled areas (shaded boxes) and thin rules (table borders, the footnote
separator). Coordinates are points from the top-left corner of the page.

PDFium is used through its C API (``pypdfium2.raw``) one object at a time, not one character at
a time: a page of a report holds a few dozen text objects, so a 120-page report costs a few
thousand calls, and nothing is rendered.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_WHITE = 245


@dataclass(slots=True)
class Run:
    """One text object: ``top``/``bottom`` its box, ``base`` its baseline, ``mcid`` its
    marked-content ID (-1 when untagged)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    base: float
    size: float
    bold: bool
    mcid: int = -1
    artifact: bool = False
    page: int = 0


@dataclass(slots=True)
class Rect:
    """A filled area (``filled``, with its ``colour``) or a rule (a thin line or thin fill)."""

    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool
    colour: tuple[int, int, int] = (0, 0, 0)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def is_rule(self) -> bool:
        return min(self.width, self.height) <= 2.5

    @property
    def is_shading(self) -> bool:
        return (self.filled and not self.is_rule and self.width > 40 and self.height > 6
                and min(self.colour) < _WHITE)


@dataclass
class Page:
    number: int
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    pictures: float = 0.0  # the share of the page that pictures cover (the largest one)


MAX_OBJECTS = 200_000  # on one page; a dense report page holds a few hundred


class Overfull(Exception):
    """A page holds more objects than any report's page (``args[0]`` is its number, from 1)."""


class _Reader:
    """Reads one page's objects through PDFium's C API, reusing its buffers."""

    def __init__(self, raw) -> None:
        self.R = raw
        self.text = (ctypes.c_ushort * 4096)()
        self.name = ctypes.create_string_buffer(256)
        self.mark = (ctypes.c_ushort * 64)()
        self.l, self.b, self.r, self.t = (ctypes.c_float() for _ in range(4))
        self.size = ctypes.c_float()
        self.matrix = raw.FS_MATRIX()
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.fonts: dict[int, bool] = {}

    def page(self, doc, number: int) -> Page:
        R = self.R
        handle = R.FPDF_LoadPage(doc, number)
        if not handle:
            raise ValueError(f"page {number + 1} cannot be loaded")
        textpage = R.FPDFText_LoadPage(handle)
        try:
            out = Page(number, R.FPDF_GetPageWidthF(handle), R.FPDF_GetPageHeightF(handle))
            count = R.FPDFPage_CountObjects(handle)
            if count > MAX_OBJECTS:
                raise Overfull(number + 1)
            for i in range(count):
                self.object(R.FPDFPage_GetObject(handle, i), textpage, out, None)
        finally:
            R.FPDFText_ClosePage(textpage)
            R.FPDF_ClosePage(handle)
        return out

    def object(self, obj, textpage, page: Page, form) -> None:
        R = self.R
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_FORM:
            m = R.FS_MATRIX()
            R.FPDFPageObj_GetMatrix(obj, m)
            inner = (m.a, m.b, m.c, m.d, m.e, m.f)
            if form is not None:
                inner = _compose(inner, form)
            for i in range(R.FPDFFormObj_CountObjects(obj)):
                self.object(R.FPDFFormObj_GetObject(obj, i), textpage, page, inner)
            return
        if kind not in (R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE):
            return
        R.FPDFPageObj_GetBounds(obj, self.l, self.b, self.r, self.t)
        x0, y0, x1, y1 = self.l.value, self.b.value, self.r.value, self.t.value
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            share = (x1 - x0) * (y1 - y0) / max(page.width * page.height, 1)
            page.pictures = max(page.pictures, min(share, 1.0))
            return
        if form is not None:
            x0, y0, x1, y1 = _transform_box((x0, y0, x1, y1), form)
        h = page.height
        if kind == R.FPDF_PAGEOBJ_PATH:
            R.FPDFPath_GetDrawMode(obj, ctypes.byref(self.fill), ctypes.byref(self.stroke))
            filled = self.fill.value != 0
            if filled:
                R.FPDFPageObj_GetFillColor(obj, *self.rgba)
            elif self.stroke.value:
                R.FPDFPageObj_GetStrokeColor(obj, *self.rgba)
            else:
                return
            colour = (self.rgba[0].value, self.rgba[1].value, self.rgba[2].value)
            if (x1 - x0) > 1 or (y1 - y0) > 1:
                page.rects.append(Rect(x0, h - y1, x1, h - y0, filled, colour))
            return
        n = R.FPDFTextObj_GetText(obj, textpage, self.text, ctypes.sizeof(self.text))
        if n > ctypes.sizeof(self.text):
            buf = (ctypes.c_ushort * (n // 2 + 1))()
            R.FPDFTextObj_GetText(obj, textpage, buf, n)
            raw = bytes(buf)[: max(n - 2, 0)]
        else:
            raw = bytes(self.text)[: max(n - 2, 0)]
        # PDFium reports a hyphen the layout added at a line end as U+0002.
        text = raw.decode("utf-16-le", "replace").replace("\x02", "-")
        if not text.strip():
            return
        R.FPDFTextObj_GetFontSize(obj, ctypes.byref(self.size))
        R.FPDFPageObj_GetMatrix(obj, self.matrix)
        base = self.matrix.f
        if form is not None:
            base = _transform_point((self.matrix.e, self.matrix.f), form)[1]
        size = abs(self.size.value)
        if form is not None:
            size *= abs(form[3]) or 1
        mcid = R.FPDFPageObj_GetMarkedContentID(obj)
        artifact = mcid < 0 and self._is_artifact(obj)
        page.runs.append(Run(text, x0, h - y1, x1, h - y0, h - base, round(size * 2) / 2,
                             self._bold(R.FPDFTextObj_GetFont(obj)), mcid, artifact,
                             page.number))

    def _bold(self, font) -> bool:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            R = self.R
            n = R.FPDFFont_GetBaseFontName(font, self.name, ctypes.sizeof(self.name))
            name = self.name.value.decode("latin-1", "replace") if n else ""
            weight = R.FPDFFont_GetWeight(font)
            self.fonts[key] = bool(_BOLD.search(name)) or weight >= 600
        return self.fonts[key]

    def _is_artifact(self, obj) -> bool:
        R = self.R
        length = ctypes.c_ulong()
        for k in range(R.FPDFPageObj_CountMarks(obj)):
            mark = R.FPDFPageObj_GetMark(obj, k)
            if R.FPDFPageObjMark_GetName(mark, self.mark, ctypes.sizeof(self.mark),
                                         ctypes.byref(length)):
                name = bytes(self.mark)[: max(length.value - 2, 0)].decode("utf-16-le", "replace")
                if name == "Artifact":
                    return True
        return False


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _transform_point(p: tuple[float, float], m: tuple) -> tuple[float, float]:
    x, y = p
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _transform_box(box: tuple, m: tuple) -> tuple:
    x0, y0, x1, y1 = box
    pts = [_transform_point(p, m) for p in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def read_pages(path: str, count: int):
    """Yield each of the first ``count`` pages of the PDF at ``path`` as a :class:`Page`."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(path)
    try:
        reader = _Reader(raw)
        for number in range(min(count, len(doc))):
            yield reader.page(doc.raw, number)
    finally:
        doc.close()
