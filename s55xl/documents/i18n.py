"""s55xl's fixed wording in English and Welsh: gettext catalogues, Babel dates and plurals.

Everything the documents say in s55xl's own words — headings, labels, standard sentences, the
statutory wording, page words, document properties, the calendar and the messages — is a
message in the catalogues shipped in ``s55xl/documents/locale/<language>/LC_MESSAGES/s55xl.po``
(compiled to ``s55xl.mo``). ``python scripts/build_catalogues.py`` gathers the messages from the
code (``w.t``, ``w.n``, ``N_``), updates both catalogues and compiles them. Staff and translators
correct a catalogue without touching code: the Welsh ``msgstr`` lines hold the Welsh; the
English ones are blank (the message is its own English) unless an office words one
differently. ``docs/welsh.md`` lists each Welsh term for review.

Dates come from Babel's CLDR data for the language (``27 Chwefror 2020``, ``Dydd Iau 27
Chwefror 2020``); English dates keep the house Date style (:mod:`s55xl.datestyle`). Plurals
follow each catalogue's ``Plural-Forms`` (Welsh has six).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.support import NullTranslations, Translations

from s55xl import datestyle
from s55xl.language import ENGLISH, WELSH

DOMAIN = "s55xl"
LANGUAGES = (ENGLISH, WELSH)
LANG_TAGS = {ENGLISH: "en-GB", WELSH: "cy-GB"}  # BCP 47 tags: HTML lang, Word and PDF
LOCALES = {ENGLISH: "en_GB", WELSH: "cy_GB"}


def locale_dir():
    """The folder holding the catalogues (package data)."""
    return resources.files("s55xl.documents") / "locale"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue for ``lang`` (``en`` or ``cy``)."""
    path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fh:
        return Translations(fh, domain=DOMAIN)


ASKED: set[str] = set()  # every message asked for in Welsh in this process
PLACE = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict) -> str:
    """``text`` with each ``{name}`` of ``values`` filled in. Only plain names are filled (a
    catalogue cannot reach into a value's attributes, as ``str.format`` would let it), and a
    place the values lack is left as written for ``scripts/build_catalogues.py --check`` to
    report, rather than stopping the document."""
    if not values:
        return text
    return PLACE.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values
                     else m.group(0), text)


class Wording:
    """The fixed wording of one language: ``t`` (a message), ``n`` (a plural), ``date``.

    Every message asked for is remembered in :data:`ASKED`, so ``s55xl check-template`` can
    list the ones a catalogue lacks (gettext would otherwise print the English silently).
    """

    def __init__(self, lang: str, date_style: str | None = None) -> None:
        self.lang = lang
        self.tag = LANG_TAGS[lang]
        self.date_style = date_style
        self._catalogue = translations(lang)

    def t(self, message: str, **values: object) -> str:
        """``message`` in this language, with ``{name}`` places filled from ``values``."""
        if self.lang != ENGLISH:
            ASKED.add(message)
        return fill(self._catalogue.gettext(message), values)

    def n(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The plural form for ``count`` (``{count}`` is filled in too)."""
        if self.lang != ENGLISH:
            ASKED.add(singular)
        return fill(self._catalogue.ngettext(singular, plural, count), dict(values, count=count))

    def date(self, d: date | None) -> str:
        """``27th February 2020`` (the English house style) or ``27 Chwefror 2020``."""
        if d is None:
            return ""
        if self.lang == ENGLISH:
            return datestyle.long(d, self.date_style)
        return format_date(d, "d MMMM y", locale=LOCALES[self.lang])

    def date_with_weekday(self, d: date | None) -> str:
        """``Wednesday 22nd April 2020`` or ``Dydd Mercher 22 Ebrill 2020``."""
        if d is None:
            return ""
        if self.lang == ENGLISH:
            return datestyle.with_weekday(d, self.date_style)
        return format_date(d, "EEEE d MMMM y", locale=LOCALES[self.lang])


def messages(lang: str) -> dict[str, str]:
    """Every message id of ``lang``'s catalogue and its text ("" when untranslated)."""
    from babel.messages.pofile import read_po

    path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        catalogue = read_po(fh)
    out: dict[str, str] = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        text = message.string
        out[key] = "".join(text) if isinstance(text, tuple) and all(text) else (
            "" if isinstance(text, tuple) else text)
    return out


def missing(used: set[str], lang: str = WELSH) -> list[str]:
    """The messages in ``used`` that ``lang``'s catalogue does not translate (not in it, or
    its text blank)."""
    known = messages(lang)
    return sorted(m for m in used if not known.get(m))
