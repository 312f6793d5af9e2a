"""Cell styles in ``xl/styles.xml``: does a style show dates, and one more style that does.

A date written into a cell whose style shows a plain number would show as 43888, so such a cell
gets a copy of its style with the UK date format. The copy is appended to ``<cellXfs>`` (and the
format to ``<numFmts>``); every existing style keeps its index and its bytes.
"""

from __future__ import annotations

import re

DATE_FORMAT = "dd/mm/yyyy"
# Built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30).
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_XFS = re.compile(rb"<cellXfs\b[^>]*?(?:/>|>(.*?)</cellXfs>)", re.S)
_XF = re.compile(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
_NUMFMTS = re.compile(rb"<numFmts\b[^>]*?(?:/>|>(.*?)</numFmts>)", re.S)
_NUMFMT = re.compile(rb'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _xfs(xml: bytes) -> list[bytes]:
    m = _XFS.search(xml)
    return _XF.findall(m.group(1) or b"") if m else []


def _formats(xml: bytes) -> dict[int, str]:
    from xml.sax.saxutils import unescape

    m = _NUMFMTS.search(xml)
    if not m:
        return {}
    return {int(i): unescape(code.decode("utf-8"), {"&quot;": '"'})
            for i, code in _NUMFMT.findall(m.group(1) or b"")}


def _num_fmt(xf: bytes) -> int:
    m = re.search(rb'\bnumFmtId="(\d+)"', xf)
    return int(m.group(1)) if m else 0


def format_shows_date(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return bool(re.search(r"[dmy]", bare)) and "general" not in bare


def shows_date(xml: bytes, style: int) -> bool:
    """True when cell style ``style`` displays a number as a date."""
    xfs = _xfs(xml)
    if style >= len(xfs):
        return False
    fmt = _num_fmt(xfs[style])
    if fmt in _BUILTIN_DATES:
        return True
    code = _formats(xml).get(fmt)
    return code is not None and format_shows_date(code)


class DateStyles:
    """Adds, at most once per base style, a copy showing dates; ``xml`` is the styles part."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self.changed = False
        self._made: dict[int, int] = {}

    def for_date(self, style: int) -> int:
        """``style`` itself when it shows dates, else the index of its copy that does."""
        if style in self._made:
            return self._made[style]
        if shows_date(self.xml, style):
            self._made[style] = style
            return style
        if style not in self._made:
            self._made[style] = self._add(style)
        return self._made[style]

    def _format_id(self) -> int:
        formats = _formats(self.xml)
        for fid, code in formats.items():
            if code == DATE_FORMAT:
                return fid
        fid = max([163, *formats]) + 1
        entry = b'<numFmt numFmtId="%d" formatCode="%s"/>' % (fid, DATE_FORMAT.encode())
        m = _NUMFMTS.search(self.xml)
        if m is None:
            at = self.xml.find(b">", self.xml.find(b"<styleSheet")) + 1
            self.xml = (self.xml[:at] + b'<numFmts count="1">' + entry + b"</numFmts>"
                        + self.xml[at:])
        elif m.group(1) is None:  # an empty <numFmts/>
            new = b'<numFmts count="1">' + entry + b"</numFmts>"
            self.xml = self.xml[:m.start()] + new + self.xml[m.end():]
        else:
            inner_end = m.end() - len(b"</numFmts>")
            self.xml = self.xml[:inner_end] + entry + self.xml[inner_end:]
            self.xml = _recount(self.xml, b"numFmts", len(formats) + 1)
        return fid

    def _add(self, style: int) -> int:
        fid = self._format_id()
        xfs = _xfs(self.xml)
        base = xfs[style] if style < len(xfs) else b'<xf numFmtId="0" fontId="0" fillId="0" ' \
                                                    b'borderId="0" xfId="0"/>'
        if re.search(rb'\bnumFmtId="\d+"', base):
            xf = re.sub(rb'\bnumFmtId="\d+"', b'numFmtId="%d"' % fid, base, count=1)
        else:
            xf = base.replace(b"<xf", b'<xf numFmtId="%d"' % fid, 1)
        if b"applyNumberFormat=" in xf:
            xf = re.sub(rb'applyNumberFormat="[^"]*"', b'applyNumberFormat="1"', xf)
        else:
            xf = xf.replace(b"<xf", b'<xf applyNumberFormat="1"', 1)
        m = _XFS.search(self.xml)
        end = m.end() - len(b"</cellXfs>")
        self.xml = self.xml[:end] + xf + self.xml[end:]
        self.xml = _recount(self.xml, b"cellXfs", len(xfs) + 1)
        self.changed = True
        return len(xfs)


def _recount(xml: bytes, tag: bytes, n: int) -> bytes:
    return re.sub(rb'(<%s\b[^>]*?\bcount=")\d+(")' % tag,
                  lambda m: m.group(1) + str(n).encode() + m.group(2), xml, count=1)
