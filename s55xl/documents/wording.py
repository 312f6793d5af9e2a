"""The words documents are made of: UK dates, the inspectorate's name, possessives and cell text.

Everything here is pure and small. Cell text is cleaned once, on the way into a document:
characters that a Word document (XML 1.0) cannot store are left out and reported, Windows and
old-Mac line endings become ``\\n``, and each line of a cell becomes a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from s55xl.datestyle import ordinal
from s55xl.language import N_

# HMIC became HMICFRS when it took on fire and rescue inspection (19 July 2017); "Her Majesty's"
# became "His Majesty's" on the accession of King Charles III. The Queen died in the afternoon
# of 8 September 2022, so a report published that day (HMICFRS publishes in the morning) was
# still published by "Her Majesty's" inspectorate; "His" applies from 9 September 2022.
HMICFRS_FROM = date(2017, 7, 19)
HIS_MAJESTY_FROM = date(2022, 9, 9)
_HMICFRS_ALIASES = {"", "hmicfrs", "hmic", "hmicfrs.", "hmic."}

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BULLET = re.compile(r"^\s*[•\-–*▪●·]\s+")  # a line typed as a bullet point


def uk_long_date(d: date | None) -> str:
    """``27th February 2020`` (the form the reference Board paper uses); ``""`` for None."""
    if d is None:
        return ""
    return f"{ordinal(d.day)} {d:%B %Y}"


def inspectorate_names(inspectorate: str | None, published: date | None) -> tuple[str, str]:
    """The inspectorate's short and full name as they were on the publication date.

    A blank Inspectorate cell means HMICFRS. Any other inspectorate (e.g. a joint inspection
    led by Ofsted) is named as typed, for both forms.
    """
    short = (inspectorate or "").strip()
    if short.casefold() not in _HMICFRS_ALIASES:
        return short, short
    when = published or date.today()
    his = when >= HIS_MAJESTY_FROM
    if when < HMICFRS_FROM:
        return "HMIC", INSPECTORATE_NAMES["HMIC", his]
    return "HMICFRS", INSPECTORATE_NAMES["HMICFRS", his]


# The inspectorate's full names (the documents translate them: "Arolygiaeth … EF").
INSPECTORATE_NAMES = {
    ("HMIC", False): N_("Her Majesty’s Inspectorate of Constabulary"),
    ("HMIC", True): N_("His Majesty’s Inspectorate of Constabulary"),
    ("HMICFRS", False): N_("Her Majesty’s Inspectorate of Constabulary and Fire & Rescue "
                           "Services"),
    ("HMICFRS", True): N_("His Majesty’s Inspectorate of Constabulary and Fire & Rescue "
                          "Services"),
}


def possessive(name: str) -> str:
    """``the Constabulary`` → ``the Constabulary’s``; a plural in s takes only the apostrophe
    (``Police and Crime Commissioners`` → ``Police and Crime Commissioners’``)."""
    name = name.strip()
    if not name:
        return name
    return name + ("’" if name.endswith("s") else "’s")


def capitalise(text: str) -> str:
    """First letter upper case, the rest as typed (``the Board`` → ``The Board``)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Cleaned:
    """Cell text made safe for a document, and what had to be left out (for a finding)."""

    text: str
    removed: tuple[str, ...] = ()


def clean(text: str | None) -> Cleaned:
    """Normalise line endings and leave out characters XML 1.0 cannot hold.

    Tabs and line breaks are kept (a tab becomes a Word tab, a line break a new paragraph);
    the removed characters are returned as ``U+0007``-style codes so the caller can name the
    cell they came from.
    """
    if not text:
        return Cleaned("")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed = tuple(sorted({f"U+{ord(c):04X}" for c in _ILLEGAL_XML.findall(text)}))
    if removed:
        text = _ILLEGAL_XML.sub("", text)
    return Cleaned(text, removed)


def lines(text: str | None) -> list[str]:
    """The paragraphs of a cell: one per line, blank lines dropped, each line as typed."""
    if not text:
        return []
    return [line for line in text.split("\n") if line.strip()]


def blocks(text: str | None) -> list[dict]:
    """A cell as paragraphs and bullet lists, for the web page.

    Lines starting with ``•``, ``-``, ``–`` or ``*`` followed by a space become items of a
    list (the marker is dropped); consecutive items form one list; every other line is a
    paragraph. Each block is ``{"kind": "paragraph", "text": …}`` or
    ``{"kind": "list", "items": [...]}``.
    """
    out: list[dict] = []
    for line in lines(text):
        m = BULLET.match(line)
        if m:
            item = line[m.end():]
            if out and out[-1]["kind"] == "list":
                out[-1]["items"].append(item)
            else:
                out.append({"kind": "list", "items": [item], "text": ""})
        else:
            out.append({"kind": "paragraph", "text": line.strip(), "items": []})
    return out
