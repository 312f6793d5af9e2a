"""The language of the documents: the Settings ``Language`` and ``Welsh first``.

PCCs in Wales publish under the Welsh Language Standards (Welsh Language (Wales) Measure 2011):
what they publish must be available in Welsh, and Welsh must not be treated less favourably
than English. Three choices:

- ``English`` (the default): every document in English;
- ``Cymraeg``: every document in Welsh, from the Welsh columns;
- ``Bilingual``: Welsh and English side by side in tables and in parallel sections, Welsh first
  unless ``Welsh first`` is ``No``.

:func:`language_of` reads the setting (``None`` when it names none of them, reported by
``s55xl validate``); :func:`languages` gives the languages a document is written in, in order.
"""

from __future__ import annotations

import re

ENGLISH = "en"
WELSH = "cy"
BILINGUAL = "bilingual"
DEFAULT = ENGLISH
NAMES = {ENGLISH: "English", WELSH: "Cymraeg", BILINGUAL: "Bilingual"}
_ALIASES = {
    "english": ENGLISH, "saesneg": ENGLISH, "en": ENGLISH, "en-gb": ENGLISH,
    "cymraeg": WELSH, "welsh": WELSH, "cy": WELSH, "cy-gb": WELSH,
    "bilingual": BILINGUAL, "dwyieithog": BILINGUAL, "both": BILINGUAL,
    "welsh and english": BILINGUAL, "english and welsh": BILINGUAL,
    "cymraeg a saesneg": BILINGUAL,
}
_YES = {"yes", "y", "true", "1", "ie", "do", "welsh first", "cymraeg yn gyntaf"}
_NO = {"no", "n", "false", "0", "na", "naddo", "english first", "saesneg yn gyntaf"}


def language_of(text: str | None) -> str | None:
    """``en``, ``cy`` or ``bilingual`` for a Language setting; blank means English; None when
    the text names none of them."""
    key = re.sub(r"\s+", " ", (text or "").strip()).casefold()
    if not key:
        return DEFAULT
    return _ALIASES.get(key)


def welsh_first_of(text: str | None) -> bool | None:
    """True (Welsh first, the default for blank), False (English first), None when unclear."""
    key = re.sub(r"\s+", " ", (text or "").strip()).casefold()
    if not key:
        return True
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def languages(language: str | None, welsh_first: str | None = None) -> tuple[str, ...]:
    """The languages a document is written in, in reading order: ``("en",)``, ``("cy",)``,
    ``("cy", "en")`` or ``("en", "cy")``. Settings that name nothing known read as their
    defaults (English; Welsh first)."""
    lang = language_of(language) or DEFAULT
    if lang != BILINGUAL:
        return (lang,)
    first = welsh_first_of(welsh_first)
    return (WELSH, ENGLISH) if first is not False else (ENGLISH, WELSH)


def needs_welsh(language: str | None) -> bool:
    """True when the documents are Welsh or bilingual, so the Welsh columns must be filled."""
    return WELSH in languages(language)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a deferred message
    """Mark ``message`` as fixed wording for the catalogues without translating it here.

    Code that has no language to hand (the deadlines' explanations, for example) keeps the
    English message; the documents translate it where they write it
    (``Wording.t(message, **values)``). ``scripts/build_catalogues.py`` collects every marked
    message, so the catalogues always hold it.
    """
    return message
