"""Word documents from docxtpl templates, with cell text kept exactly as typed.

docxtpl does the template work (tags split across runs, ``{%p %}`` paragraph and ``{%tr %}``
table-row loops). Around it this module:

- renders in the sandboxed, autoescaping environment of :mod:`.sources` — docxtpl's own
  post-processing would turn a typed ``{_{`` into ``{{`` and a typed tab or line break into
  markup before escaping is settled, so the rendering step is done here instead;
- turns each line break in a value into a new paragraph with the same formatting (a line break
  inside a numbered paragraph starts an unnumbered, aligned continuation paragraph), with the
  paragraph's own spacing kept for the last one only, each tab into a Word tab, and keeps
  leading and trailing spaces;
- makes lines typed with a bullet (``•``, ``-``, ``–``, ``*`` and a space) a real Word bullet
  list — one numbering instance per list, restarting, on the template's bullet definition (or
  one added when the template has none);
- keeps every table body row on one page (``cantSplit``) and repeats each table's first row
  at the top of every page (``tblHeader``);
- drops the ``stylesWithEffects`` part old Word templates carry: Word checks it against
  ``styles.xml`` and offers to repair a document whose styles differ from it;
- makes web addresses in the body clickable;
- sets the document's title, author, subject and language properties.

Compiled templates are cached per template, so rendering a hundred reports parses each
template once.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, datetime

from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from s55xl import __version__
from s55xl.documents import sources, wording
from s55xl.errors import UnusableInput

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_URL_TRAILING = ".,;:!?)]’”'\""
_P_TAG = re.compile(r"<w:p([ >])")
_P_MARK = re.compile(r"\n<w:p([ >])")
# docxtpl's documented escapes for literal braces in a template's own text.
_LITERAL = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_LITERAL_RE = re.compile("|".join(re.escape(k) for k in _LITERAL))

# The order WordprocessingML requires for the children of <w:pPr> (ECMA-376 CT_PPr).
_PPR_ORDER = [f"{{{W}}}{t}" for t in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange")]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def prepare(xml: str) -> str:
    """A docxtpl-patched part as the Jinja source s55xl compiles.

    Paragraphs start on new lines (so Jinja's line numbers point somewhere useful) and
    docxtpl's literal-brace escapes (``{_{`` …) become Jinja string literals — docxtpl itself
    swaps them after rendering, which would also change a ``{_{`` typed in a cell.
    """
    return _LITERAL_RE.sub(lambda m: _LITERAL[m.group(0)], _P_TAG.sub(r"\n<w:p\1", xml))


def jinja_sources(data: bytes) -> list[str]:
    """The Jinja source of a Word template's body, headers and footers, as rendered."""
    tpl = _Template(data, {})
    tpl.get_docx()
    parts = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            parts.append(tpl.patch_xml(tpl.get_part_xml(part)))
    return [prepare(p) for p in parts]


class _Template(DocxTemplate):
    """docxtpl with rendering done the safe way (see the module docstring)."""

    def __init__(self, data: bytes, compiled: dict) -> None:
        super().__init__(io.BytesIO(data))
        self._compiled = compiled

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        src_xml = prepare(src_xml)
        template = self._compiled.get(src_xml)
        if template is None:
            template = jinja_env.from_string(src_xml)
            self._compiled[src_xml] = template
        return _P_MARK.sub(r"<w:p\1", template.render(context))

    def resolve_listing(self, xml):  # tabs and line breaks are handled after rendering
        return xml

    def render_properties(self, context, jinja_env=None):  # set explicitly after rendering
        return None


class WordTemplate:
    """A Word template, loaded once and rendered for as many reports as needed."""

    def __init__(self, source: sources.TemplateSource) -> None:
        self.source = source
        self.env = sources.environment()
        self._compiled: dict[str, object] = {}
        try:
            _Template(source.data, {}).get_docx()
        except Exception:  # noqa: BLE001 - any failure to open means the file is not usable
            raise UnusableInput(
                f"{source.origin}: is not a Word document that can be opened. Save it from "
                "Word as a .docx file.") from None

    def render(self, values: dict, *, title: str, author: str, subject: str,
               keywords: str = "") -> bytes:
        """The finished .docx for ``values`` (the placeholders of :mod:`.context`)."""
        tpl = _Template(self.source.data, self._compiled)
        try:
            tpl.render(values, jinja_env=self.env, autoescape=True)
        except TemplateError as exc:
            raise UnusableInput(describe_template_error(self.source.origin, exc)) from None
        doc = tpl.docx
        numbering = _Numbering(doc)
        roots = list(_content_roots(doc))
        for root in roots:
            split_lines(root, numbering)
        linkify(doc)
        for root in roots:
            finish_text(root)
        keep_rows(doc.element.body)
        drop_styles_with_effects(doc)
        props = doc.core_properties
        props.title = property_text(title)
        props.author = property_text(author)
        props.subject = property_text(subject)
        props.keywords = property_text(keywords)
        props.language = "en-GB"
        props.comments = f"Made by s55xl {__version__}"
        props.last_modified_by = "s55xl"
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        props.revision = 1
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()


PROPERTY_LIMIT = 255  # characters Word (and python-docx) allow in a core property


def property_text(text: str | None) -> str:
    """``text`` as a document property: one line, at most :data:`PROPERTY_LIMIT` characters
    (shortened with an ellipsis). The document's own text keeps every character."""
    line = " ".join((text or "").split())
    return line if len(line) <= PROPERTY_LIMIT else line[:PROPERTY_LIMIT - 1].rstrip() + "…"


def describe_template_error(origin: str, exc: TemplateError, advice: bool = True) -> str:
    """A one-paragraph message for a template that could not be rendered."""
    if isinstance(exc, TemplateSyntaxError):
        near = ""
        if exc.source and exc.lineno:
            line = exc.source.splitlines()[exc.lineno - 1] if exc.lineno <= len(
                exc.source.splitlines()) else ""
            near = re.sub(r"<[^>]+>", "", line).strip()[:80]
        return (f"{origin}: the template has a mistake in a {{{{ }}}} or {{% %}} tag "
                f"({exc.message})" + (f" near “{near}”" if near else "") + "."
                + (" Run `s55xl check-template` on it for details." if advice else ""))
    return (f"{origin}: the template could not be filled in ({exc})."
            + (" Run `s55xl check-template` on it to see which placeholders s55xl does not "
               "provide." if advice else ""))


def _content_roots(doc):
    yield doc.element.body
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            yield rel.target_part.element


# -- line breaks, tabs and spaces ------------------------------------------------------------


class _Numbering:
    """Just enough of numbering.xml and styles.xml to indent a continuation paragraph and to
    start a new bullet list."""

    def __init__(self, doc) -> None:
        self._doc = doc
        self._styles = None
        self._nums = None
        self._bullet: tuple[str, str | None, str | None] | None = None

    def _load(self) -> None:
        if self._nums is not None:
            return
        self._styles = {s.get(w("styleId")): s for s in self._doc.styles.element.iter(w("style"))}
        self._nums, self._abstracts = {}, {}
        part = self._doc.part
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for a in numbering.iter(w("abstractNum")):
            self._abstracts[a.get(w("abstractNumId"))] = a
        for n in numbering.iter(w("num")):
            ref = n.find(w("abstractNumId"))
            if ref is not None:
                self._nums[n.get(w("numId"))] = ref.get(w("val"))

    def numbering_of(self, ppr) -> tuple[str, str, bool] | None:
        """``(numId, ilvl, from_style)`` of a paragraph, or None when it is not numbered."""
        self._load()
        num = ppr.find(w("numPr")) if ppr is not None else None
        if num is not None:
            num_id, ilvl = num.find(w("numId")), num.find(w("ilvl"))
            if num_id is not None and num_id.get(w("val")) not in (None, "0"):
                return num_id.get(w("val")), ilvl.get(w("val")) if ilvl is not None else "0", False
            if num_id is not None:
                return None
        style = ppr.find(w("pStyle")) if ppr is not None else None
        seen = set()
        style_id = style.get(w("val")) if style is not None else None
        while style_id and style_id not in seen:
            seen.add(style_id)
            element = self._styles.get(style_id)
            if element is None:
                return None
            num = element.find(f"{w('pPr')}/{w('numPr')}")
            if num is not None:
                num_id, ilvl = num.find(w("numId")), num.find(w("ilvl"))
                if num_id is None or num_id.get(w("val")) == "0":
                    return None
                return num_id.get(w("val")), ilvl.get(w("val")) if ilvl is not None else "0", True
            based = element.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return None

    def new_bullet_list(self) -> tuple[str, str | None, str | None]:
        """A fresh numbering instance of the bullet list: ``(numId, left, hanging)``."""
        self._load()
        numbering = self._doc.part.numbering_part.element
        if self._bullet is None:
            self._bullet = self._bullet_abstract(numbering)
        abstract_id, left, hanging = self._bullet
        used = [int(n.get(w("numId"))) for n in numbering.iter(w("num"))
                if (n.get(w("numId")) or "").isdigit()]
        num_id = str(max(used, default=0) + 1)
        num = etree.SubElement(numbering, w("num"))
        num.set(w("numId"), num_id)
        etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_id)
        override = etree.SubElement(num, w("lvlOverride"))
        override.set(w("ilvl"), "0")
        etree.SubElement(override, w("startOverride")).set(w("val"), "1")
        cleanup = numbering.find(w("numIdMacAtCleanup"))
        if cleanup is not None:
            numbering.append(cleanup)  # it must stay last
        self._nums[num_id] = abstract_id
        return num_id, left, hanging

    def _bullet_abstract(self, numbering) -> tuple[str, str | None, str | None]:
        for a in numbering.iter(w("abstractNum")):
            lvl = next((v for v in a.iter(w("lvl")) if v.get(w("ilvl")) == "0"), None)
            fmt = lvl.find(w("numFmt")) if lvl is not None else None
            if fmt is not None and fmt.get(w("val")) == "bullet":
                ind = lvl.find(f"{w('pPr')}/{w('ind')}")
                left = (ind.get(w("left")) or ind.get(w("start"))) if ind is not None else None
                return (a.get(w("abstractNumId")), left,
                        ind.get(w("hanging")) if ind is not None else None)
        ids = [int(a.get(w("abstractNumId"))) for a in numbering.iter(w("abstractNum"))
               if (a.get(w("abstractNumId")) or "").isdigit()]
        abstract_id = str(max(ids, default=0) + 1)
        a = etree.Element(w("abstractNum"))
        a.set(w("abstractNumId"), abstract_id)
        etree.SubElement(a, w("multiLevelType")).set(w("val"), "hybridMultilevel")
        lvl = etree.SubElement(a, w("lvl"))
        lvl.set(w("ilvl"), "0")
        etree.SubElement(lvl, w("start")).set(w("val"), "1")
        etree.SubElement(lvl, w("numFmt")).set(w("val"), "bullet")
        etree.SubElement(lvl, w("lvlText")).set(w("val"), "\u2022")
        etree.SubElement(lvl, w("lvlJc")).set(w("val"), "left")
        ind = etree.SubElement(etree.SubElement(lvl, w("pPr")), w("ind"))
        ind.set(w("left"), "720")
        ind.set(w("hanging"), "360")
        first_num = numbering.find(w("num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)
        self._abstracts[abstract_id] = a
        return abstract_id, "720", "360"

    def indent(self, num_id: str, ilvl: str) -> str | None:
        """The left indent (twips) of the text of level ``ilvl`` of list ``num_id``."""
        abstract = self._abstracts.get(self._nums.get(num_id, ""))
        if abstract is None:
            return None
        for lvl in abstract.iter(w("lvl")):
            if lvl.get(w("ilvl")) == ilvl:
                ind = lvl.find(f"{w('pPr')}/{w('ind')}")
                if ind is not None:
                    return ind.get(w("left")) or ind.get(w("start"))
        return None


def _set_in_order(ppr, element) -> None:
    """Put ``element`` into ``ppr`` where the schema wants it, replacing one of its kind."""
    old = ppr.find(element.tag)
    if old is not None:
        ppr.replace(old, element)
        return
    rank = _PPR_ORDER.index(element.tag)
    for i, child in enumerate(ppr):
        if child.tag in _PPR_ORDER and _PPR_ORDER.index(child.tag) > rank:
            ppr.insert(i, element)
            return
    ppr.append(element)


def continuation_ppr(ppr, numbering: _Numbering):
    """Paragraph properties for a paragraph that continues ``ppr``'s paragraph.

    Same style, spacing and run formatting; no number (a numbered paragraph's continuation is
    unnumbered and aligned with the numbered text); no section break.
    """
    new = copy.deepcopy(ppr) if ppr is not None else etree.Element(w("pPr"))
    for tag in ("sectPr", "pPrChange"):
        for child in new.findall(w(tag)):
            new.remove(child)
    found = numbering.numbering_of(ppr)
    if found is None:
        return new
    num_id, ilvl, from_style = found
    left = numbering.indent(num_id, ilvl)
    direct = new.find(w("numPr"))
    if direct is not None:
        new.remove(direct)
    if from_style or direct is not None:
        # numId 0 switches the style's (or the list's) numbering off for this paragraph.
        num = etree.Element(w("numPr"))
        etree.SubElement(num, w("ilvl")).set(w("val"), "0")
        etree.SubElement(num, w("numId")).set(w("val"), "0")
        _set_in_order(new, num)
    if left is not None:
        ind = etree.Element(w("ind"))
        ind.set(w("left"), left)
        ind.set(w("firstLine"), "0")
        _set_in_order(new, ind)
    return new


def split_lines(root, numbering: _Numbering) -> None:
    """Each line break in one part's text starts a new paragraph (see :func:`continuation_ppr`)."""
    for t in [t for t in root.iter(w("t")) if t.text and "\n" in t.text]:
        _split_paragraphs(t, numbering)


def finish_text(root) -> None:
    """Tabs become Word tabs and leading or trailing spaces are kept, in one part."""
    for t in [t for t in root.iter(w("t")) if t.text and "\t" in t.text]:
        _tabs(t)
    for t in root.iter(w("t")):
        text = t.text or ""
        if text[:1].isspace() or text[-1:].isspace():
            t.set(XML_SPACE, "preserve")


def _split_paragraphs(t, numbering: _Numbering) -> None:
    run = t.getparent()
    paragraph = run.getparent() if run is not None else None
    pieces = [piece for piece in t.text.split("\n") if piece.strip()]
    if run is None or run.tag != w("r") or paragraph is None or paragraph.tag != w("p"):
        # A text box, hyperlink or field: keep one paragraph, break the line instead.
        _replace_with_runs(t, "\n".join(pieces), line_breaks=True)
        return
    first_bullet = bool(pieces) and _bullet(pieces[0]) is not None and not _text_before(t)
    if not first_bullet and len(pieces) <= 1:
        t.text = pieces[0] if pieces else ""
        return
    run_rest = list(t.itersiblings())
    paragraph_rest = list(run.itersiblings())
    ppr = continuation_ppr(paragraph.find(w("pPr")), numbering)
    rpr = run.find(w("rPr"))
    made = [paragraph]
    lists = _ListRun(numbering, ppr)
    if first_bullet:
        t.text = _bullet(pieces[0])
        own = paragraph.find(w("pPr"))
        item = lists.item_ppr()
        if own is not None:
            for kept in own.findall(w("sectPr")):
                _set_in_order(item, kept)
            paragraph.remove(own)
        paragraph.insert(0, item)
    else:
        t.text = pieces[0]
        lists.end()
    previous = paragraph
    for piece in pieces[1:]:
        p = etree.Element(w("p"))
        text = _bullet(piece)
        if text is None:
            lists.end()
            p.append(copy.deepcopy(ppr))
            text = piece
        else:
            p.append(lists.item_ppr())
        r = etree.SubElement(p, w("r"))
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        etree.SubElement(r, w("t")).text = text
        previous.addnext(p)
        previous = p
        made.append(p)
    if len(made) > 1:
        for child in run_rest:
            r.append(child)
        for child in paragraph_rest:
            made[-1].append(child)
    for p in made[:-1]:
        # Inside one typed value, paragraphs are close; the value's own spacing comes last.
        spacing = etree.Element(w("spacing"))
        spacing.set(w("after"), "60" if _is_list_item(p) else "120")
        _set_in_order(p.find(w("pPr")) if p.find(w("pPr")) is not None
                      else _add_ppr(p), spacing)


class _ListRun:
    """Consecutive bullet lines of one value: one new bullet list per run of them."""

    def __init__(self, numbering: _Numbering, base_ppr) -> None:
        self.numbering, self.base = numbering, base_ppr
        self.current: tuple[str, str | None, str | None] | None = None

    def end(self) -> None:
        self.current = None

    def item_ppr(self):
        if self.current is None:
            self.current = self.numbering.new_bullet_list()
        num_id, left, hanging = self.current
        ppr = copy.deepcopy(self.base)
        for tag in ("numPr", "ind"):
            for child in ppr.findall(w(tag)):
                ppr.remove(child)
        num = etree.Element(w("numPr"))
        etree.SubElement(num, w("ilvl")).set(w("val"), "0")
        etree.SubElement(num, w("numId")).set(w("val"), num_id)
        _set_in_order(ppr, num)
        if left is not None:
            ind = etree.Element(w("ind"))
            ind.set(w("left"), left)
            ind.set(w("hanging"), hanging or "360")
            _set_in_order(ppr, ind)
        return ppr


def _bullet(line: str) -> str | None:
    """The text of a line typed as a bullet point, or None when it is not one."""
    m = wording.BULLET.match(line)
    return line[m.end():] if m else None


def _text_before(t) -> bool:
    """True when the paragraph holding ``t`` has text before it (a label such as "Force
    response:"), so a bullet glyph at the start of ``t`` is not the start of a list."""
    paragraph = t.getparent().getparent()
    for other in paragraph.iter(w("t")):
        if other is t:
            return False
        if (other.text or "").strip():
            return True
    return False


def _is_list_item(p) -> bool:
    ppr = p.find(w("pPr"))
    num = ppr.find(w("numPr")) if ppr is not None else None
    num_id = num.find(w("numId")) if num is not None else None
    return num_id is not None and num_id.get(w("val")) != "0"


def _add_ppr(p):
    ppr = etree.Element(w("pPr"))
    p.insert(0, ppr)
    return ppr


# -- tables and parts ------------------------------------------------------------------------

_TRPR_ORDER = [w(t) for t in ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore",
                              "wAfter", "cantSplit", "trHeight", "tblHeader", "tblCellSpacing",
                              "jc", "hidden", "ins", "del", "trPrChange")]


def keep_rows(body) -> None:
    """Every body row of a table stays on one page; the first row repeats on every page.

    The repeated header row is kept with the first body row by ``keepNext`` on its paragraphs
    rather than by ``cantSplit``: LibreOffice (7.4) silently drops every following row from
    the PDF when a ``cantSplit`` first row lands at the foot of a page.
    """
    for tbl in body.iter(w("tbl")):
        rows = [tr for tr in tbl if tr.tag == w("tr")]
        for n, tr in enumerate(rows):
            trpr = tr.find(w("trPr"))
            if trpr is None:
                trpr = etree.Element(w("trPr"))
                tblpr_ex = tr.find(w("tblPrEx"))
                tr.insert(1 if tblpr_ex is not None and tr[0] is tblpr_ex else 0, trpr)
            if n == 0 and len(rows) > 1:
                for old in trpr.findall(w("cantSplit")):
                    trpr.remove(old)
                for p in tr.iter(w("p")):
                    ppr = p.find(w("pPr"))
                    if ppr is None:
                        ppr = _add_ppr(p)
                    if ppr.find(w("keepNext")) is None:
                        _set_in_order(ppr, etree.Element(w("keepNext")))
                wanted = "tblHeader"
            else:
                wanted = "cantSplit"
            if trpr.find(w(wanted)) is None:
                _insert_ordered(trpr, etree.Element(w(wanted)), _TRPR_ORDER)


def _insert_ordered(parent, element, order) -> None:
    rank = order.index(element.tag)
    for i, child in enumerate(parent):
        if child.tag in order and order.index(child.tag) > rank:
            parent.insert(i, element)
            return
    parent.append(element)


def drop_styles_with_effects(doc) -> None:
    """Leave out the stylesWithEffects part (see the module docstring)."""
    rels = doc.part.rels
    for rid in [rid for rid, rel in rels.items()
                if rel.reltype.endswith("/stylesWithEffects")]:
        del rels[rid]


def _tabs(t) -> None:
    _replace_with_runs(t, t.text, line_breaks=False)


def _replace_with_runs(t, text: str, *, line_breaks: bool) -> None:
    """Replace ``t`` by text, ``<w:tab/>`` and (if asked) ``<w:br/>`` siblings in its run."""
    parts = re.split(r"(\t|\n)", text)
    anchor = t
    first = True
    for part in parts:
        if part == "\t":
            element = etree.Element(w("tab"))
        elif part == "\n":
            element = etree.Element(w("br"))
        elif part:
            element = etree.Element(w("t"))
            element.text = part
        else:
            continue
        if first:
            t.getparent().replace(t, element)
            first = False
        else:
            anchor.addnext(element)
        anchor = element
    if first:
        t.text = ""


# -- links -----------------------------------------------------------------------------------


def linkify(doc) -> None:
    """Make every web address typed in the body a clickable link (text unchanged)."""
    body = doc.element.body
    styled = False
    for t in [t for t in body.iter(w("t")) if t.text and "://" in t.text]:
        run = t.getparent()
        if run.tag != w("r") or run.getparent().tag != w("p") or len(run.findall(w("t"))) != 1:
            continue
        matches = []
        for m in _URL.finditer(t.text):
            url = m.group(0).rstrip(_URL_TRAILING)
            matches.append((m.start(), m.start() + len(url), url))
        if not matches:
            continue
        if not styled:
            _ensure_hyperlink_style(doc)
            styled = True
        _link_run(doc, run, t, matches)


def _ensure_hyperlink_style(doc) -> None:
    """Templates made outside s55xl may lack Word's Hyperlink style; add it if so."""
    if any(s.get(w("styleId")) == "Hyperlink" for s in doc.styles.element.iter(w("style"))):
        return
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True


def _link_run(doc, run, t, matches) -> None:
    text = t.text
    pieces, pos = [], 0
    for start, end, url in matches:
        if start > pos:
            pieces.append((text[pos:start], None))
        pieces.append((text[start:end], url))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], None))
    anchor = run
    for piece, url in pieces:
        r = copy.deepcopy(run)
        for child in list(r):
            if child.tag != w("rPr"):
                r.remove(child)
        new_t = etree.SubElement(r, w("t"))
        new_t.text = piece
        if piece[:1].isspace() or piece[-1:].isspace():
            new_t.set(XML_SPACE, "preserve")
        element = r
        if url:
            props = r.find(w("rPr"))
            if props is None:
                props = etree.Element(w("rPr"))
                r.insert(0, props)
            for old in props.findall(w("rStyle")):
                props.remove(old)
            style = etree.Element(w("rStyle"))
            style.set(w("val"), "Hyperlink")
            props.insert(0, style)
            element = etree.Element(w("hyperlink"))
            element.set(f"{{{R}}}id", doc.part.relate_to(url, HYPERLINK_RT, is_external=True))
            element.set(w("history"), "1")
            element.append(r)
        anchor.addnext(element)
        anchor = element
    run.getparent().remove(run)
