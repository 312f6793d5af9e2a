"""Where templates come from, and the Jinja environment every template is rendered in.

Each kind of document has a built-in template shipped as package data
(``s55xl/documents/templates/``); the Settings sheet can name a replacement
(``Board paper template``, ``Response template``, ``Publication template``), a path relative to
the workbook's folder unless it is a full path. When the buttons run on ``s55xl serve`` the
path is confined (:mod:`s55xl.confine`): it resolves in the team's folder on the server or a
folder IT allowed, never through a link, and a refusal says nothing about what exists outside.

Every template — built-in or staff's — is rendered in a sandboxed Jinja environment with
autoescaping always on and strict undefined names, so a cell's ``<``, ``&``, ``{{`` or ``{%``
comes out as typed and a misspelt placeholder is an error rather than a silent blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from s55xl import language
from s55xl.confine import Confinement, Outside
from s55xl.documents import wording
from s55xl.documents.context import Record
from s55xl.errors import UnusableInput
from s55xl.model import SETTING_SPECS, Tracker

DEFAULT_FILES = {"board_paper": "board_paper.docx", "response": "pcc_response.docx",
                 "publication": "publication.html", "progress": "progress_paper.docx"}
SETTING_FIELDS = {"board_paper": "board_paper_template", "response": "response_template",
                  "publication": "publication_template", "progress": "progress_template"}
SUFFIXES = {"board_paper": (".docx", ".dotx"), "response": (".docx", ".dotx"),
            "publication": (".html", ".htm", ".j2", ".jinja", ".jinja2"),
            "progress": (".docx", ".dotx")}
# The built-in templates of bilingual documents (Settings Language Bilingual): a part per
# language. English and Welsh-only documents share the templates above, whose wording is ``t``.
WELSH_FILES = {"response": "pcc_response_welsh.docx", "publication": "publication_welsh.html",
               "board_paper": "board_paper_welsh.docx"}
_LABELS = {s.field: s.label for s in SETTING_SPECS}


@dataclass(frozen=True)
class TemplateSource:
    """A template's bytes and where they came from (``origin`` is shown in messages)."""

    kind: str
    data: bytes
    origin: str
    custom: bool


def environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment for every template: sandboxed, autoescaping, strict."""
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                                        keep_trailing_newline=True)
    env.filters["lines"] = wording.lines
    env.filters["blocks"] = lambda text: [Record(**b) for b in wording.blocks(text)]
    env.filters["possessive"] = wording.possessive
    env.filters["capitalise"] = wording.capitalise
    return env


def default_template(kind: str) -> bytes:
    return (resources.files("s55xl.documents") / "templates" / DEFAULT_FILES[kind]).read_bytes()


def load(kind: str, tracker: Tracker, base_dir: Path,
         confine: Confinement | None = None) -> TemplateSource:
    """The template for ``kind``: the Settings replacement if one is named, else the default.

    ``confine`` None: the user's own machine (``~`` expanded, any readable file); otherwise the
    server's rules for this team (see the module docstring)."""
    field = SETTING_FIELDS[kind]
    configured = (getattr(tracker.settings, field) or "").strip().strip('"')
    if not configured:
        if kind in WELSH_FILES and len(language.languages(
                tracker.settings.language, tracker.settings.welsh_first)) > 1:
            data = (resources.files("s55xl.documents") / "templates"
                    / WELSH_FILES[kind]).read_bytes()
            return TemplateSource(kind, data, f"built-in {WELSH_FILES[kind]}", False)
        return TemplateSource(kind, default_template(kind), f"built-in {DEFAULT_FILES[kind]}",
                              False)
    where = tracker.settings_cells.get(field, "")
    setting = f"The '{_LABELS[field]}' setting" + (f" (Settings!{where})" if where else "")
    if confine is not None:
        return _load_confined(kind, configured, setting, confine)
    path = Path(configured).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    if path.suffix.lower() not in SUFFIXES[kind]:
        raise UnusableInput(
            f"{setting} names {path}, which is not a "
            f"{' or '.join(SUFFIXES[kind][:2])} file. Point it at a template made from the "
            "built-in one, or clear it to use the built-in template.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnusableInput(
            f"{setting} names {path}, which does not exist. Correct the path (relative to the "
            "workbook's folder, or a full path) or clear the setting to use the built-in "
            "template.") from None
    except OSError as exc:
        raise UnusableInput(f"{setting} names {path}, which cannot be read "
                            f"({exc.strerror}). Close it in Word and try again.") from None
    return TemplateSource(kind, data, str(path), True)


def _load_confined(kind: str, configured: str, setting: str,
                   confine: Confinement) -> TemplateSource:
    """A staff template on the server: only inside the team's folders, named as typed."""
    shown = PurePath(configured).name or configured
    if PurePath(configured).suffix.lower() not in SUFFIXES[kind]:
        raise UnusableInput(
            f"{setting} names {shown}, which is not a {' or '.join(SUFFIXES[kind][:2])} file. "
            "Point it at a template made from the built-in one, or clear it to use the "
            "built-in template.")
    try:
        data = confine.read_bytes(configured)
    except (Outside, OSError):  # one answer for outside, missing and unreadable alike
        raise UnusableInput(
            f"{setting} names a template the s55xl server cannot use: on the server, templates "
            "must be in your team's template folder. Ask IT to put the template there and give "
            "its name (e.g. templates/response.docx), or clear the setting to use the built-in "
            "template.") from None
    return TemplateSource(kind, data, shown, True)
