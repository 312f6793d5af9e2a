"""Finding the recommendations, areas for improvement and causes of concern in a paper.

The paragraphs (or lines) are read once, in order, as a small state machine. A finding starts at

- a numbered paragraph, "3.1 We recommend that…" — numbered by Word or typed;
- an HMICFRS label: "Recommendation 3", "Area for improvement 2", "Cause of concern" (the text
  follows on the same line after a colon or dash, or on the next lines);
- a dated instruction standing on its own: "By 31 March 2021, chief constables should…";
- a bullet in an "Areas for improvement" section, or after a cause of concern's
  "Recommendations" lead-in ("To address this cause of concern, the force should: • …");

and runs until the next start, a heading, a "Rank Name – Role" signature, a web address on a
line of its own, a paragraph looking back at earlier recommendations ("In 2021 we
recommended…", which is never a finding itself), or the end. "Force response: …" inside it
switches from the finding's text to the force's response. Tables with Ref | Recommendation |
Response columns are read row by row.

A numbered paragraph is kept only if it reads as a finding — it says "We recommend", has a force
response, or sits in a section whose heading speaks of recommendations (or areas for
improvement, causes of concern) and says who should act — so a Board paper's own "1.1 The
purpose of this paper…" is passed over. Text stays as written; lines of one paragraph are joined
with single spaces, Word paragraphs and bullets with new lines.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from s55xl import addressees
from s55xl.importer import metadata, targets
from s55xl.importer import patterns as P
from s55xl.importer.document import Block, Document, Item, Paper


@dataclass
class _Part:
    """The lines of a finding's text or of its response, joined when the finding closes."""

    lines: list[tuple[str, bool | str]] = field(default_factory=list)  # (text, bullet or "sub")

    def add(self, text: str, bullet: bool | str = False) -> None:
        if text or bullet:
            self.lines.append((text, bullet))

    def __bool__(self) -> bool:
        return any(t for t, _ in self.lines)


@dataclass
class _Candidate:
    kind: str  # numbered | labelled | dated | bullet | row
    ref: str | None
    type: str | None
    text: _Part = field(default_factory=_Part)
    response: _Part = field(default_factory=_Part)
    in_response: bool = False
    section_type: str | None = None
    section_number: str | None = None
    coc: int | None = None  # the cause of concern a recommendation belongs to
    addressed_to: str | None = None
    box: int = 0  # the box its last block was set in

    def add(self, text: str, bullet: bool | str = False) -> None:
        (self.response if self.in_response else self.text).add(text, bullet)


def recognise(doc: Document, force_name: str | None = None) -> Paper:
    """Everything the paper says that the workbook needs: findings, title, date, link, signers.

    ``force_name`` (the force's name from Settings) replaces "The force" in Addressed to; None
    keeps "The force". Each finding's target date is read from its opening words, counted
    from the publication date where the report gives a period.
    """
    paper = Paper(source=doc.source)
    state = _Reader(doc.kind)
    for block in doc.blocks:
        state.feed(block)
    state.close()
    items = _finish(state, doc.kind)
    metadata.fill(paper, doc)
    paper.notes = list(doc.notes)
    paper.items = [_complete(item, paper, force_name) for item in items]
    return paper


def _complete(item: Item, paper: Paper, force_name: str | None) -> Item:
    """The item with its target date, and the force's own name for "the force"."""
    text = P.LABELLED.sub(lambda m: m.group("rest") or "", item.recommendation, count=1)
    due, note = targets.target(text, paper.published)
    addressed = item.addressed_to
    if force_name and force_name.strip() and addressed:
        name = force_name.strip()
        addressed = re.sub(r"\bthe\s+(?:force|constabulary)\b", name, addressed,
                           flags=re.IGNORECASE)
        addressed = addressed[:1].upper() + addressed[1:]
    return dataclasses.replace(item, addressed_to=addressed, target_date=due, note=note)


class _Reader:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.candidates: list[_Candidate] = []
        self.current: _Candidate | None = None
        self.section_type: str | None = None
        self.section_number: str | None = None
        self.last_number: tuple[int, ...] | None = None
        self.previous_text = ""
        self.coc_count = 0
        self.coc_mode = False  # reading a cause of concern's recommendations
        self.coc_lead: str | None = None  # "To address this…, the force should:" before bullets
        self.table_rows: dict[int, list[tuple[str, ...]]] = {}

    # -- the state machine ---------------------------------------------------------------

    def feed(self, block: Block) -> None:
        if block.is_row:
            self.close()
            self.table_rows.setdefault(block.table, []).append(block.cells)
            return
        if self.current is not None and self.current.box and block.box != self.current.box:
            # A finding set in a box ends with the box: what follows is the report's narrative.
            self.close()
            self.coc_mode = False
        if block.sub and self.current is not None:
            self.current.add(block.text, "sub")  # a point under the finding's own bullet
            self.current.box = block.box
            self.previous_text = block.text
            return
        self._feed(block)
        if self.current is not None:
            self.current.box = block.box

    def _feed(self, block: Block) -> None:
        text = block.text
        if P.CONTENTS_ENTRY.search(text):
            return  # "Area for improvement 1 ........ 4" in a list of contents
        inline = P.INLINE_RESPONSE.search(text)
        if inline and not (self.current is not None and self.current.in_response):
            # "…cumulative trauma. Force response: …" run together on one line.
            self.feed(Block(text=text[: inline.start()].rstrip(), number=block.number,
                            bullet=block.bullet, heading=block.heading, box=block.box))
            self.feed(Block(text=inline.group(1), box=block.box))
            return
        if block.number and not block.bullet:
            self._numbered(block)
        elif block.heading and not P.LABELLED.match(text):
            self._heading(text, None)
        elif P.URL_LINE.match(text) or metadata.signature(text) is not None:
            self.close()
            self.coc_mode = False
        elif self._labelled(text):
            pass
        elif m := P.RESPONSE.match(text):
            self._response(text, m)
        elif self._typed_number(text):
            pass
        elif m := P.NUMBERED_HEADING.match(text):
            if P.ACTION_WORDING.search(text) or P.RECOMMEND_WORDING.match(m.group(2)):
                self._start(_Candidate("numbered", m.group(1), None), m.group(2))
            else:
                self._heading(m.group(2), m.group(1))
        elif P.SECTION_HEADING.match(text):
            self._heading(text.rstrip(":"), None)
        elif self._narrative(text, block):
            self.close()  # the report's narrative after a finding is not part of it
            self.coc_mode = False
        elif self.coc_mode or self._opens_coc_recommendations(text):
            self._coc_line(text, block.bullet)
        elif block.bullet and self._afi_list():
            self._start(_Candidate("bullet", None, "Area for improvement"), text)
        elif P.DATED_ACTION.match(text) and self._may_start_dated():
            self._start(_Candidate("dated", None, None), text)
        elif (self.current is None and (m := P.SINGLE_NUMBERED.match(text))
              and (P.ACTION_WORDING.search(text) or P.RECOMMEND_WORDING.match(m.group(2)))):
            self._start(_Candidate("numbered", m.group(1), None), m.group(2))
        elif self._looks_back(text, block.bullet):
            self.close()  # commentary on earlier recommendations ends the finding before it
        elif self.current is not None:
            self.current.add(text, block.bullet)
        self.previous_text = text

    def close(self) -> None:
        if self.current is not None:
            self.candidates.append(self.current)
            self.current = None

    def _start(self, candidate: _Candidate, text: str) -> _Candidate:
        self.close()
        candidate.section_type = self.section_type
        candidate.section_number = self.section_number
        if self.coc_mode:
            candidate.coc = self.coc_count
        candidate.add(text)
        self.current = candidate
        return candidate

    def _heading(self, text: str, number: str | None) -> None:
        after_coc = (self.current is not None and self.current.type == "Cause of concern"
                     and self.current.kind == "labelled")
        self.close()
        self.coc_lead = None
        if after_coc and number is None and re.fullmatch(r"recommendations?", text.strip(),
                                                         re.IGNORECASE):
            self.coc_mode = True  # the cause of concern's own recommendations follow
            return
        self.coc_mode = False
        self.section_type = next((t for rx, t in P.SECTION_TYPES if rx.search(text)), None)
        self.section_number = number

    def _labelled(self, text: str) -> bool:
        m = P.LABELLED.match(text)
        if not m:
            return False
        kind = P.LABEL_TYPES[re.sub(r"\s+", "", m.group("label")).casefold()]
        number = m.group("number")
        if number is None and kind != "Cause of concern":
            self._heading(text, None)  # "Recommendation" on its own line is a heading
            return True
        current = self.current
        if (kind == "Cause of concern" and current is not None and current.kind == "labelled"
                and current.type == kind and not current.text and not current.response):
            # "Cause of concern" standing as a heading over "Cause of concern 1: …".
            self.current = None
            self.coc_count -= 1
        self.close()
        self.coc_mode = False
        self.coc_lead = None
        if kind == "Cause of concern":
            self.coc_count += 1
            ref = P.REF_PREFIX[kind] + (number or str(self.coc_count))
        else:
            ref = P.REF_PREFIX[kind] + number
        candidate = self._start(_Candidate("labelled", ref, kind), (m.group("rest") or "").strip())
        if kind == "Cause of concern":
            candidate.coc = self.coc_count
        return True

    def _response(self, text: str, m: re.Match) -> None:
        current = self.current
        if current is None:
            return
        if current.in_response:
            current.add(text)  # a second "Response:" paragraph is part of the response
        else:
            current.in_response = True
            current.add((m.group("rest") or "").strip())

    def _typed_number(self, text: str) -> bool:
        """A line starting "3.1 …" in text: a new paragraph if its number is plausible."""
        m = P.NUMBERED.match(text)
        if not m:
            return False
        number = tuple(int(n) for n in m.group(1).split("."))
        rest = (m.group(2) or "").strip()
        if not self._plausible(number, rest):
            return False
        self._numbered(Block(text=rest, number=m.group(1)))
        return True

    def _plausible(self, number: tuple[int, ...], rest: str) -> bool:
        """Whether "1.5 million…" at a line start is a paragraph number or a wrapped sentence."""
        capital = not rest or rest[0].isupper() or rest[0] in "“\"‘'"
        last = self.last_number
        follows = number[-1] == 1 or (last is not None and len(last) == len(number)
                                      and last[:-1] == number[:-1] and number[-1] == last[-1] + 1)
        after_sentence = not self.previous_text or bool(P.SENTENCE_END.search(self.previous_text))
        return capital and (follows or after_sentence)

    def _numbered(self, block: Block) -> None:
        number = block.number.rstrip(".)")
        text = block.text
        if not re.fullmatch(r"\d+(?:\.\d+)*", number):
            # "(a)", "ii." — a sub-list inside the current paragraph, shown as numbered.
            if self.current is not None:
                self.current.add(f"{block.number} {text}")
            return
        if "." not in number:
            # A single-level number: a heading unless it reads as a finding.
            reads_as_finding = P.ACTION_WORDING.search(text) or P.RECOMMEND_WORDING.match(text)
            heading_like = block.heading or P.NUMBERED_HEADING.match(f"{number}. {text}")
            if reads_as_finding or (self.section_type and not heading_like):
                self._start(_Candidate("numbered", number, None), text)
            else:
                self._heading(text, number)
            return
        self.coc_mode = False
        self.last_number = tuple(int(n) for n in number.split("."))
        self._start(_Candidate("numbered", number, None), text)

    # -- causes of concern and lists of areas for improvement -------------------------------

    def _opens_coc_recommendations(self, text: str) -> bool:
        """ "To address this cause of concern, we recommend…" inside a cause of concern."""
        current = self.current
        if (current is None or current.type != "Cause of concern" or current.in_response
                or not current.text):
            return False
        if re.search(r"\brecommend|^to\s+address\s+th(?:is|ese)\s+causes?\s+of\s+concern",
                     text, re.IGNORECASE):
            self.close()
            self.coc_mode = True
            self.coc_lead = None
            return True
        return False

    def _coc_line(self, text: str, bullet: bool) -> None:
        current = self.current
        if current is not None and current.in_response:
            current.add(text, bullet)
        elif bullet:
            if current is not None and current.kind == "lead":
                # The lead-in belongs to every bullet after it; it is not a finding itself.
                self.coc_lead = _join(current.text.lines, self.kind)
                self.current = None
            candidate = self._start(_Candidate("bullet", None, "Recommendation"), "")
            if self.coc_lead:
                candidate.text.add(self.coc_lead)
                candidate.addressed_to = addressees.named(self.coc_lead)
            candidate.text.add(text, bullet=True)
        elif current is not None and current.kind in ("lead", "bullet"):
            current.add(text)  # a wrapped line
        else:
            self.coc_lead = None
            lead = P.RECOMMENDATIONS_LEAD.match(text)
            self._start(_Candidate("lead", None, "Recommendation"),
                        text[lead.end():] if lead else text)

    def _afi_list(self) -> bool:
        """A bullet in an unnumbered "Areas for improvement" section is an AFI of its own."""
        current = self.current
        return (self.section_type == "Area for improvement" and self.section_number is None
                and (current is None or (current.kind == "bullet" and not current.in_response)))

    def _narrative(self, text: str, block: Block) -> bool:
        """ "We found…" after an inspection report's finding, outside any response."""
        current = self.current
        return (current is not None and not current.in_response and not block.bullet
                and bool(current.text) and current.kind != "lead"
                and (self.kind in ("pdf", "html") or current.kind in ("labelled", "bullet", "dated"))
                and bool(P.NARRATIVE.match(text)))

    def _looks_back(self, text: str, bullet: bool) -> bool:
        """ "In 2021 we recommended that…" as a paragraph of its own, outside a response."""
        current = self.current
        if bullet or not P.PAST_RECOMMENDATION.search(text):
            return False
        if current is not None and current.in_response:
            return False
        return self.kind != "text" or bool(P.SENTENCE_END.search(self.previous_text))

    def _may_start_dated(self) -> bool:
        """Whether "By 31 March 2021, chief constables should…" starts a finding here."""
        current = self.current
        if current is None:
            return True
        if current.in_response or current.kind == "dated":
            return bool(P.SENTENCE_END.search(self.previous_text))
        return False


def _join(lines: list[tuple[str, bool | str]], kind: str) -> str:
    """Lines of text joined by spaces, Word paragraphs by new lines; bullets on lines of their
    own, marked "• ", and the points under a bullet indented, marked "◦ "."""
    out: list[str] = []
    for text, bullet in lines:
        if bullet == "sub":
            out += ["\n" if out else "", "  ◦ ", text]
        elif bullet:
            out += ["\n" if out else "", "• ", text]
        elif out:
            out += [" " if kind == "text" else "\n", text]
        else:
            out.append(text)
    return "".join(out).strip()


def _is_finding(c: _Candidate, text: str) -> bool:
    if c.kind != "numbered":
        return bool(text)
    if not text:
        return False
    if c.response or P.RECOMMEND_WORDING.match(text) or P.DATED_ACTION.match(text):
        return True
    if c.section_type is None:
        return False
    if c.section_number is not None and c.ref.split(".")[0] != c.section_number:
        return False
    return bool(P.ACTION_WORDING.search(text) or addressees.infer(text))


def _type(c: _Candidate, text: str) -> str:
    if c.type:
        return c.type
    if re.match(r"area\s+for\s+improvement\b", text, re.IGNORECASE):
        return "Area for improvement"
    if re.match(r"cause\s+of\s+concern\b", text, re.IGNORECASE):
        return "Cause of concern"
    if c.section_type and not P.RECOMMEND_WORDING.match(text):
        return c.section_type
    return "Recommendation"


def _finish(state: _Reader, kind: str) -> list[Item]:
    items: list[Item] = []
    kept = [(c, _join(c.text.lines, kind)) for c in state.candidates]
    kept = [(c, text) for c, text in kept if _is_finding(c, text)]
    taken = {c.ref.casefold() for c, _ in kept if c.ref}
    coc_children: dict[int, int] = {}
    for c, text in kept:
        type_ = _type(c, text)
        ref = c.ref
        if ref is None and c.coc is not None:
            coc_children[c.coc] = coc_children.get(c.coc, 0) + 1
            ref = f"{P.REF_PREFIX['Cause of concern']}{c.coc}.{coc_children[c.coc]}"
        elif ref is None:
            ref = _next_ref(P.REF_PREFIX[type_], taken)
        taken.add(ref.casefold())
        addressed = c.addressed_to or addressees.named(text)
        if addressed is None and type_ == "Area for improvement":
            addressed = "The force"  # areas for improvement are always the inspected force's
        items.append(Item(ref=ref, type=type_, recommendation=text, addressed_to=addressed,
                          force_response=_join(c.response.lines, kind) or None))
    items.extend(_table_items(state.table_rows))
    return _once(_coc_addressees(items))


def _coc_addressees(items: list[Item]) -> list[Item]:
    """A cause of concern that names nobody is addressed to whoever its recommendations are."""
    out = list(items)
    for i, item in enumerate(out):
        if item.type != "Cause of concern" or item.addressed_to:
            continue
        prefix = item.ref + "."
        names: list[str] = []
        for child in out:
            if child.ref.startswith(prefix) and child.addressed_to:
                for name in re.split(r",\s*|\s+and\s+", child.addressed_to):
                    if name and name.casefold() not in (n.casefold() for n in names):
                        names.append(name)
        if names:
            out[i] = dataclasses.replace(item, addressed_to=addressees.join(
                [names[0][:1].upper() + names[0][1:]] + names[1:]))
    return out


def _once(items: list[Item]) -> list[Item]:
    """Every finding once: a report that repeats a finding (its summary lists the
    recommendations the body sets out again) gives it once, in full, where it first appears."""
    out: list[Item] = []
    for item in items:
        key = item.recommendation.casefold()
        twin = next((i for i, kept in enumerate(out) if kept.ref == item.ref and kept.type
                     == item.type and (key.startswith(kept.recommendation.casefold())
                                       or kept.recommendation.casefold().startswith(key))), None)
        if twin is None:
            out.append(item)
        elif len(item.recommendation) > len(out[twin].recommendation) or (
                out[twin].force_response is None and item.force_response):
            out[twin] = item
    return out


def _next_ref(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}".casefold() in taken:
        n += 1
    return f"{prefix}{n}"


# -- tables ---------------------------------------------------------------------------------

_HEADERS = {
    "ref": re.compile(r"^(?:ref(?:erence)?|no|number|#|item|id|recno|refno"
                      r"|(?:recommendation|finding|afi)(?:no|number|ref))$"),
    "type": re.compile(r"^(?:type|findingtype|category|kind)$"),
    "addressed_to": re.compile(r"^(?:addressedto|addressee|recipient|whofor|for)$"),
    "recommendation": re.compile(
        r"recommendation|areaforimprovement|causeofconcern|finding|afi"),
    "response": re.compile(r"response|action|update|progress|comment"),
}
_TYPE_WORDS = (("area", "Area for improvement"), ("afi", "Area for improvement"),
               ("cause", "Cause of concern"), ("coc", "Cause of concern"),
               ("rec", "Recommendation"))


def _header_key(cell: str) -> str:
    return re.sub(r"[\s.:*]+", "", cell).casefold()


def _columns(header: tuple[str, ...]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if not key:
            continue
        for field_name in ("ref", "type", "addressed_to", "response", "recommendation"):
            if field_name not in columns and _HEADERS[field_name].search(key):
                if field_name == "response" and "recommendation" not in columns \
                        and _HEADERS["recommendation"].search(key) and "response" not in key:
                    continue
                columns[field_name] = i
                break
    return columns if "recommendation" in columns else None


def _table_items(tables: dict[int, list[tuple[str, ...]]]) -> list[Item]:
    items: list[Item] = []
    for rows in tables.values():
        columns = _columns(rows[0])
        if columns is None:
            continue
        header_type = next((t for rx, t in P.SECTION_TYPES
                            if rx.search(rows[0][columns["recommendation"]])), "Recommendation")
        # A "No." column counts the findings; a "Ref" column gives their references.
        numbered = "ref" in columns and bool(re.fullmatch(
            r"no|number|#", _header_key(rows[0][columns["ref"]])))
        counters: dict[str, int] = {}
        for row in rows[1:]:
            cell = _RowCells(row, columns)
            text = cell("recommendation")
            ref = cell("ref")
            if not text:
                continue
            lead = P.NUMBERED.match(text) or P.LABELLED.match(text)
            label_type = None
            if lead and lead.re is P.LABELLED and lead.group("number"):
                label_type = P.LABEL_TYPES[re.sub(r"\s+", "", lead.group("label")).casefold()]
                ref = ref or P.REF_PREFIX[label_type] + lead.group("number")
                text = (lead.group("rest") or "").strip()
            elif lead and lead.re is P.NUMBERED and lead.group(2):
                ref = ref or lead.group(1)
                text = lead.group(2).strip()
            ref_label = P.LABELLED.match(ref) if ref else None
            if ref_label and ref_label.group("number"):
                label_type = P.LABEL_TYPES[re.sub(r"\s+", "", ref_label.group("label"))
                                           .casefold()]
                ref = P.REF_PREFIX[label_type] + ref_label.group("number")
            type_ = _table_type(cell("type")) or label_type or _ref_type(ref) or header_type
            if ref and numbered and re.fullmatch(r"\d{1,3}\.?", ref):
                ref = P.REF_PREFIX[type_] + ref.rstrip(".")  # "No. 2" of areas: "AFI 2"
            if not ref:
                counters[type_] = counters.get(type_, 0) + 1
                ref = P.REF_PREFIX[type_] + str(counters[type_])
            addressed = cell("addressed_to") or addressees.named(text)
            if not addressed and type_ == "Area for improvement":
                addressed = "The force"
            items.append(Item(ref=ref.rstrip("."), type=type_, recommendation=text,
                              addressed_to=addressed or None,
                              force_response=cell("response") or None))
    return items


class _RowCells:
    """A table row's cells by field name; "" for a column the table does not have."""

    def __init__(self, row: tuple[str, ...], columns: dict[str, int]) -> None:
        self.row, self.columns = row, columns

    def __call__(self, name: str) -> str:
        col = self.columns.get(name)
        return self.row[col].strip() if col is not None and col < len(self.row) else ""


def _table_type(value: str) -> str | None:
    key = _header_key(value)
    if not key:
        return None
    for word, type_ in _TYPE_WORDS:
        if key.startswith(word):
            return type_
    return None


def _ref_type(ref: str) -> str | None:
    key = _header_key(ref)
    if key.startswith("afi"):
        return "Area for improvement"
    if key.startswith("coc"):
        return "Cause of concern"
    return None
