"""The publication page: a Jinja HTML template rendered with autoescaping always on."""

from __future__ import annotations

from urllib.parse import urlsplit

from jinja2 import TemplateError

from s55xl.documents import sources
from s55xl.documents.word import describe_template_error
from s55xl.errors import UnusableInput


def safe_href(url: str) -> str:
    """``url`` if it is a web address or a relative file name, else ``""`` (no javascript:)."""
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("", "http", "https") else ""


class PageTemplate:
    """An HTML template, compiled once and rendered for each report."""

    def __init__(self, source: sources.TemplateSource) -> None:
        self.source = source
        try:
            text = source.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnusableInput(f"{source.origin}: is not UTF-8 text. Save it as UTF-8 (in "
                                "Notepad: Save As, Encoding UTF-8).") from None
        try:
            self.template = sources.environment().from_string(text)
        except TemplateError as exc:
            raise UnusableInput(describe_template_error(source.origin, exc)) from None

    def render(self, values: dict) -> bytes:
        values = dict(values, report_url=safe_href(values.get("report_url", "")),
                      response_url=safe_href(values.get("response_url", "")))
        try:
            return self.template.render(values).encode("utf-8")
        except TemplateError as exc:
            raise UnusableInput(describe_template_error(self.source.origin, exc)) from None
