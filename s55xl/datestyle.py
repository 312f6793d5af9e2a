"""The house style for every date s55xl writes: documents, messages, pages and calendars.

Two styles, chosen with the Settings ``Date style``, which staff fill in with an example of the
style they want:

- ``27th February 2020`` — the reference Board paper's style, with an ordinal (the default);
- ``27 February 2020`` — as GOV.UK writes dates.

:func:`long` formats a date in the chosen style and :func:`with_weekday` adds the day of the
week ("Wednesday 22nd April 2020"), for deadlines where the weekday matters. A Date style that
is neither is reported by ``s55xl validate`` and the default is used.
"""

from __future__ import annotations

import re
from datetime import date

ORDINAL = "ordinal"
PLAIN = "plain"
DEFAULT = ORDINAL
EXAMPLES = {ORDINAL: "27th February 2020", PLAIN: "27 February 2020"}
_ALIASES = {
    "ordinal": ORDINAL, "27th february 2020": ORDINAL, "27th": ORDINAL, "reference": ORDINAL,
    "plain": PLAIN, "27 february 2020": PLAIN, "gov.uk": PLAIN, "govuk": PLAIN, "27": PLAIN,
}


def style_of(text: str | None) -> str | None:
    """The style a Date style setting names (``ordinal`` or ``plain``); blank means the
    default; None when the text names neither."""
    key = re.sub(r"\s+", " ", (text or "").strip()).casefold()
    if not key:
        return DEFAULT
    if key in _ALIASES:
        return _ALIASES[key]
    # Any example date typed in one of the two shapes ("1st March 2021", "1 March 2021").
    if re.fullmatch(r"\d{1,2}(st|nd|rd|th) [a-z]+ \d{4}", key):
        return ORDINAL
    if re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", key):
        return PLAIN
    # Excel turns "27 February 2020" typed in a cell into a date, which reads back as
    # 27/02/2020: a date typed there means the style without the ordinal.
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", key):
        return PLAIN
    return None


def ordinal(n: int) -> str:
    """``1`` → ``1st``, ``22`` → ``22nd``, ``13`` → ``13th``."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long(d: date | None, style: str | None = DEFAULT) -> str:
    """``d`` in the house style (``style``: a Date style setting, or ``ordinal``/``plain``);
    ``""`` for None."""
    if d is None:
        return ""
    day = ordinal(d.day) if (style_of(style) or DEFAULT) == ORDINAL else str(d.day)
    return f"{day} {d:%B %Y}"


def with_weekday(d: date | None, style: str | None = DEFAULT) -> str:
    """``Wednesday 22nd April 2020`` (or ``Wednesday 22 April 2020``); ``""`` for None."""
    if d is None:
        return ""
    return f"{d:%A} {long(d, style)}"
