"""``s55xl check-template``: does a template only use placeholders s55xl provides?

A template is checked three ways:

1. its ``{{ }}`` and ``{% %}`` tags must parse;
2. every name it uses must be one s55xl provides — at the top level (``{{ report_titel }}`` is
   caught by jinja2's ``meta.find_undeclared_variables``) and inside loops
   (``{% for rec in recommendations %}{{ rec.colour }}`` is caught by following the loop
   variables through the template's syntax tree);
3. it must use the placeholders its kind of document cannot do without (a PCC response that
   never mentions ``pcc_comments`` would publish without the PCC's comments);

and then it is filled in with the NCPI 2019 demo data, so that anything only rendering reveals
(a filter that does not exist, a loop over text) is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from s55xl.documents import context, sources
from s55xl.documents.word import describe_template_error, jinja_sources
from s55xl.errors import UnusableInput
from s55xl.sniff import read_head

KINDS = (*context.KINDS, "progress")
# The statutory wording of ``t`` each kind of document cannot do without (section 55: the
# duty and its 56 days, what is published and sent to whom).
WORDING_ESSENTIAL = {"board_paper": ("purpose_text", "background_text", "deadline_text"),
                     "response": ("introduction_text", "publication_text", "no_cc"),
                     "publication": ("under_s55",)}
# What a bilingual template (one using ``parts``) cannot do without.
WELSH_ESSENTIAL = {"response": ("parts", "rows", "logo", "office_address", "signature_image",
                                "is_draft"),
                   "publication": ("parts", "report_url", "response_url")}


def catalogue(kind: str) -> tuple[context.Field, ...]:
    """The placeholders a template of ``kind`` can use."""
    if kind == "progress":
        from s55xl.documents import progress

        return progress.FIELDS
    return context.FIELDS


def essential(kind: str) -> list[str]:
    return [f.name for f in catalogue(kind) if kind in f.essential]


@dataclass
class TemplateCheck:
    """The outcome of checking one template."""

    path: Path
    kind: str
    unknown: list[str] = field(default_factory=list)  # used, but s55xl does not provide them
    unused: list[str] = field(default_factory=list)  # needed by this kind, never used
    problems: list[str] = field(default_factory=list)  # syntax errors, failures when filled in
    used: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)  # provided, not needed, not used
    # Wording the template's documents use that the Welsh catalogue has no Welsh for.
    missing_wording: list[str] = field(default_factory=list)
    catalogue: str = ""  # the catalogue those are missing from

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.unused or self.problems or self.missing_wording)

    def as_json(self) -> dict:
        return {"template": str(self.path), "kind": self.kind, "ok": self.ok,
                "unknown": self.unknown, "unused": self.unused, "problems": self.problems,
                "used": self.used, "optional_unused": self.optional,
                "missing_wording": self.missing_wording}


def guess_kind(path: Path) -> str | None:
    """The kind of document a template file is for, from its name; None when unclear."""
    name = path.name.lower()
    if path.suffix.lower() in sources.SUFFIXES["publication"]:
        return "publication"
    if "progress" in name:
        return "progress"
    if "response" in name:
        return "response"
    if "board" in name or "paper" in name:
        return "board_paper"
    return None


def check_template(path: Path, kind: str | None = None) -> TemplateCheck:
    """Check the template at ``path`` (``kind`` None: guessed from the file name).

    Raises :class:`~s55xl.errors.UnusableInput` when the file cannot be opened as a template.
    """
    path = Path(path)
    read_head(path, "template")  # missing, a folder, unreadable or empty: one line
    if kind is None:
        kind = guess_kind(path)
        if kind is None:
            raise UnusableInput(f"{path}: cannot tell from its name whether it is a Board paper, "
                                "a PCC response or a progress paper template. Add --kind "
                                "board_paper, --kind response or --kind progress.")
    if kind not in KINDS:
        raise UnusableInput(f"unknown kind '{kind}': choose from {', '.join(KINDS)}.")
    fields = catalogue(kind)
    names_known = frozenset(f.name for f in fields)
    source = sources.TemplateSource(kind, path.read_bytes(), str(path), True)
    result = TemplateCheck(path, kind)
    texts = _texts(source)
    env = sources.environment()
    used: set[str] = set()
    unknown: list[str] = []
    for text in texts:
        try:
            tree = env.parse(text)
            names = meta.find_undeclared_variables(tree)  # compiles: unknown filters fail here
        except TemplateSyntaxError as exc:
            exc.source = text
            result.problems.append(describe_template_error(str(path), exc, advice=False))
            continue
        used |= names & names_known
        unknown += sorted(names - names_known - set(env.globals))
        unknown += _unknown_attributes(tree, {f.name: f for f in fields})
    if result.problems:
        return result
    result.unknown = sorted(set(unknown))
    result.used = sorted(used)
    result.unused = [n for n in essential(kind) if n not in used]
    wording_used = set().union(*(_attributes_of(env.parse(text), "t") for text in texts))
    result.unused += [f"t.{n}" for n in WORDING_ESSENTIAL.get(kind, ())
                      if "t" in used and n not in wording_used]
    if "parts" in used:  # a Welsh or bilingual template: the parts carry each language's text
        result.unused = [n for n in WELSH_ESSENTIAL.get(kind, ()) if n not in used]
    result.optional = [f.name for f in fields
                       if f.name not in used and f.name not in result.unused]
    if not result.unknown:
        _trial_render(source, result)
    return result


def _texts(source: sources.TemplateSource) -> list[str]:
    if source.kind == "publication":
        try:
            return [source.data.decode("utf-8-sig")]
        except UnicodeDecodeError:
            raise UnusableInput(f"{source.origin}: is not UTF-8 text. Save it as UTF-8.") \
                from None
    try:
        return jinja_sources(source.data)
    except Exception:  # noqa: BLE001 - any failure to open means the file is not usable
        raise UnusableInput(f"{source.origin}: is not a Word document that can be opened. Save "
                            "it from Word as a .docx file.") from None


def _unknown_attributes(tree: nodes.Template, top_fields: dict) -> list[str]:
    """``var.attr`` uses inside loops over s55xl's lists where ``attr`` is not provided."""
    scope: dict[str, tuple[context.Field, ...]] = {}

    def item_fields(expr) -> tuple[context.Field, ...] | None:
        if isinstance(expr, nodes.Filter):
            return item_fields(expr.node)
        if isinstance(expr, nodes.Name):
            if expr.name in scope:
                return None
            top = top_fields.get(expr.name)
            return top.children if top and top.children else None
        if isinstance(expr, (nodes.Getattr, nodes.Getitem)) and isinstance(expr.node,
                                                                          nodes.Name):
            parent = scope.get(expr.node.name)
            name = _attribute(expr)
            if parent and name:
                child = next((f for f in parent if f.name == name), None)
                return child.children if child and child.children else None
        return None

    for loop in tree.find_all(nodes.For):
        fields = item_fields(loop.iter)
        if fields and isinstance(loop.target, nodes.Name):
            scope[loop.target.name] = fields
    unknown = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not isinstance(node.node, nodes.Name):
            parent = node.node
            # p.t.purpos: an attribute of a part's field that has fields of its own
            if isinstance(parent, nodes.Getattr) and isinstance(parent.node, nodes.Name) \
                    and parent.node.name in scope:
                field = next((f for f in scope[parent.node.name] if f.name == parent.attr),
                             None)
                name = _attribute(node)
                if field and field.children and name \
                        and name not in {f.name for f in field.children}:
                    unknown.append(f"{parent.node.name}.{parent.attr}.{name}")
            continue
        fields = scope.get(node.node.name)
        if fields is None:  # t.purpos: a top-level placeholder's own fields
            top = top_fields.get(node.node.name)
            fields = top.children if top and top.children and top.name == "t" else None
        name = _attribute(node)
        if fields is not None and name and name not in {f.name for f in fields}:
            unknown.append(f"{node.node.name}.{name}")
    return unknown


def _attributes_of(tree: nodes.Template, name: str) -> set[str]:
    """The attributes used of the top-level name ``name`` (``t.purpose`` → ``purpose``)."""
    return {node.attr for node in tree.find_all(nodes.Getattr)
            if isinstance(node.node, nodes.Name) and node.node.name == name}


def _attribute(node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def sample_values(kind: str, welsh: bool = False) -> dict:
    """The placeholders filled in from the NCPI 2019 demo, as they would be for ``kind``
    (``welsh``: with the parts of a bilingual document, Welsh first)."""
    from s55xl import deadlines, demo

    tracker = _demo_tracker()
    if welsh:
        tracker.settings = tracker.settings.model_copy(update={"language": "Bilingual"})
    dated, _ = deadlines.for_tracker(tracker, demo.DEMO_TODAY)
    report, texts = tracker.reports[0], context.Texts(tracker)
    values = context.build(tracker, report, today=demo.DEMO_TODAY,
                           dates=dated[0] if dated else None, texts=texts)
    values = context.with_response_link(values, f"{demo.REPORT_ID} PCC response.pdf")
    values = dict(values, document_title=context.document_title(kind, values))
    if welsh:
        from s55xl.documents import bilingual

        values = bilingual.values(values, bilingual.each_language(
            tracker, report, values, today=demo.DEMO_TODAY, dates=dated[0] if dated else None,
            texts=texts))
    return values


def _demo_tracker():
    from s55xl import demo
    from s55xl.model import Recommendation, Report, Settings, Signatory, Tracker

    tracker = Tracker(source="demo")
    tracker.reports = [Report.model_validate(dict(demo.REPORT, row=2))]
    tracker.recommendations = [Recommendation.model_validate(dict(r, row=i))
                               for i, r in enumerate(demo.RECOMMENDATIONS, start=2)]
    tracker.signatories = [Signatory.model_validate(dict(s, row=i))
                           for i, s in enumerate(demo.SIGNATORIES, start=2)]
    tracker.settings = Settings.model_validate(demo.SETTINGS)
    return tracker


def _trial_render(source: sources.TemplateSource, result: TemplateCheck) -> None:
    from s55xl.documents.web import PageTemplate
    from s55xl.documents.word import WordTemplate

    if source.kind == "progress":
        from s55xl import demo
        from s55xl.documents import progress

        tracker = _demo_tracker()
        try:
            progress.render(source, progress.build(tracker, as_at=demo.DEMO_TODAY),
                            author="check")
        except UnusableInput as exc:
            result.problems.append(str(exc).split(" Run `s55xl check-template`")[0])
        return
    from s55xl.documents import i18n

    # Every template serves Welsh offices too (in Welsh, or a part of a bilingual one): the
    # wording its documents use must be in the Welsh catalogue. The bilingual values hold
    # every placeholder, so one set fills in any template.
    i18n.ASKED.clear()
    values = sample_values(source.kind, welsh=True)
    result.missing_wording = i18n.missing(set(i18n.ASKED))
    result.catalogue = str(i18n.locale_dir() / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po")
    try:
        if source.kind == "publication":
            PageTemplate(source).render(values)
        else:
            WordTemplate(source).render(values, title="check", author="check", subject="check")
    except UnusableInput as exc:
        result.problems.append(str(exc).split(" Run `s55xl check-template`")[0])
