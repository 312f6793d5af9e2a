"""The numbers Word displays in front of list paragraphs ("3.1"), which are not in the text.

A numbered paragraph carries only a reference — ``w:numPr`` with a list (``w:numId``) and a level
(``w:ilvl``), on the paragraph or inherited from its style. The list points at an abstract
definition in numbering.xml whose levels say where counting starts (``w:start``), how a number is
written (``w:numFmt``: decimal, lowerLetter, upperRoman…) and the pattern shown (``w:lvlText``,
e.g. ``%1.%2`` — the counters of levels 1 and 2). :class:`Numbering` replays the counters through
the document in reading order, as Word does:

- lists that share an abstract definition share their counters (Word continues the numbering),
  unless the list restarts a level with ``w:lvlOverride/w:startOverride``;
- numbering a level restarts the levels below it (unless ``w:lvlRestart`` is 0);
- ``w:isLgl`` shows every level as a plain decimal (legal numbering, "3.1" under "III").
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(w(tag)) if el is not None else None
    if child is None:
        return default
    return child.get(w("val"), default)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # None: restart after any higher level; 0: never
    legal: bool = False

    @classmethod
    def from_xml(cls, el) -> Level:
        restart = _val(el, "lvlRestart")
        legal = el.find(w("isLgl"))
        return cls(start=_int(_val(el, "start"), 0 if _val(el, "numFmt") == "none" else 1),
                   fmt=_val(el, "numFmt", "decimal") or "decimal",
                   text=_val(el, "lvlText", "") or "",
                   restart=_int(restart, 1) if restart is not None else None,
                   legal=legal is not None and legal.get(w("val"), "1") not in ("0", "false"))


@dataclass
class _List:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl -> overriding definition
    used: bool = False


class Numbering:
    """Counts Word's lists through a document. Call :meth:`label` for each paragraph in order."""

    def __init__(self, numbering_xml=None, styles_xml=None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstract id -> numbering style id it follows
        self.lists: dict[str, _List] = {}
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # id -> (numId, ilvl)
        self.style_names: dict[str, str] = {}
        self.style_based_on: dict[str, str] = {}
        self.style_outline: dict[str, int] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if styles_xml is not None:
            self._read_styles(styles_xml)
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)

    # -- reading the definitions --------------------------------------------------------

    def _read_styles(self, root) -> None:
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            if not sid:
                continue
            self.style_names[sid] = _val(style, "name", sid) or sid
            based = _val(style, "basedOn")
            if based:
                self.style_based_on[sid] = based
            ppr = style.find(w("pPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            if numpr is not None:
                self.styles[sid] = (_val(numpr, "numId"), _val(numpr, "ilvl"))
            outline = _val(ppr, "outlineLvl") if ppr is not None else None
            if outline is not None:
                self.style_outline[sid] = _int(outline, 9)

    def _read_numbering(self, root) -> None:
        for ab in root.iter(w("abstractNum")):
            aid = ab.get(w("abstractNumId"))
            self.abstracts[aid] = {_int(lvl.get(w("ilvl")), 0): Level.from_xml(lvl)
                                   for lvl in ab.iter(w("lvl"))}
            link = _val(ab, "numStyleLink")
            if link:
                self.style_links[aid] = link
        for num in root.iter(w("num")):
            nid = num.get(w("numId"))
            entry = _List(abstract=_val(num, "abstractNumId", "") or "")
            for override in num.iter(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    entry.overrides[ilvl] = _int(start, 1)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = Level.from_xml(lvl)
            self.lists[nid] = entry

    # -- styles ------------------------------------------------------------------------

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            yield style_id
            style_id = self.style_based_on.get(style_id)

    def heading_level(self, style_id: str | None, outline: str | None = None) -> int:
        """1 for a Heading 1 paragraph (or outline level 0), …; 0 for body text."""
        if outline is not None:
            level = _int(outline, 9)
            return level + 1 if level < 9 else 0
        for sid in self._style_chain(style_id):
            name = self.style_names.get(sid, sid).casefold()
            if name == "title":
                return 1
            if name.startswith("heading ") and name[8:].isdigit():
                return int(name[8:])
            if sid in self.style_outline and self.style_outline[sid] < 9:
                return self.style_outline[sid] + 1
        return 0

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, str | None]:
        num_id = ilvl = None
        for sid in self._style_chain(style_id):
            if sid in self.styles:
                s_num, s_lvl = self.styles[sid]
                num_id = num_id or s_num
                ilvl = ilvl if ilvl is not None else s_lvl
                if num_id:
                    break
        return num_id, ilvl

    # -- counting ----------------------------------------------------------------------

    def _levels(self, entry: _List) -> tuple[str, dict[int, Level]]:
        """The abstract definition a list uses, following a numbering-style link once."""
        aid = entry.abstract
        link = self.style_links.get(aid)
        if link:
            linked, _ = self._style_numpr(link)
            if linked and linked in self.lists:
                aid = self.lists[linked].abstract
        levels = dict(self.abstracts.get(aid, {}))
        levels.update(entry.levels)
        return aid, levels

    def label(self, num_id: str | None, ilvl: str | None, style_id: str | None = None,
              ) -> tuple[str | None, bool]:
        """(number shown, is a bullet) for one paragraph; advances the counters.

        ``num_id``/``ilvl`` are the paragraph's own ``w:numPr`` values (None when absent); the
        paragraph style's numbering applies when the paragraph has none. Returns
        ``(None, False)`` for a paragraph that is not in a list.
        """
        s_num, s_lvl = self._style_numpr(style_id)
        num_id = num_id if num_id is not None else s_num
        ilvl = ilvl if ilvl is not None else s_lvl
        if not num_id or num_id == "0" or num_id not in self.lists:
            return None, False
        level = _int(ilvl, 0)
        entry = self.lists[num_id]
        aid, levels = self._levels(entry)
        if level not in levels:
            return None, False
        counters = self.counters.setdefault(aid, {})
        if not entry.used:
            entry.used = True
            for lvl, start in entry.overrides.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        definition = levels[level]
        counters[level] = counters.get(level, definition.start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            if levels.get(deeper, Level()).restart != 0:
                del counters[deeper]
        if definition.fmt == "bullet":
            return None, True
        if definition.fmt == "none":
            return None, False
        shown = definition.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token not in shown:
                continue
            lvl_def = levels.get(k - 1, Level())
            value = counters.get(k - 1, lvl_def.start)
            fmt = "decimal" if definition.legal and k - 1 < level else lvl_def.fmt
            shown = shown.replace(token, format_number(value, fmt))
        return shown.strip() or None, False


def format_number(value: int, fmt: str) -> str:
    """A counter as Word writes it in format ``fmt`` (decimal, lowerLetter, upperRoman…)."""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        n = max(value, 1)
        # Word repeats the letter after z: a…z, aa…zz, aaa…
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            value % 10, "th")
        return f"{value}{suffix}"
    return str(value)


def _roman(value: int) -> str:
    if value <= 0:
        return str(value)
    out = ""
    for n, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out += s
            value -= n
    return out
