"""The target date a report sets for a finding, read from the words it opens with.

- "By 31 March 2024, …" (also "before", "no later than") → 31/03/2024;
- "By March 2024" or "by the end of March 2024" → the month's last day;
- "Within three months, …" (days, weeks, months or years, in words or figures) → that long after
  the report's publication, with a note saying so; without a publication date, no date.

Only the opening of the finding's text is read, after any "To address this cause of concern,"
and "We recommend that": a date further in
("…as it did in March 2021") sets no target. Calendar arithmetic is python-dateutil's
``relativedelta`` (31 January + one month is 28 or 29 February, as staff would count).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from dateutil.relativedelta import relativedelta

from s55xl import coerce
from s55xl.importer import patterns as P

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "eighteen": 18, "twenty-four": 24}
_LEAD = re.compile(r"^(?:[•◦]\s*)?(?:to\s+address\s+th(?:is|ese)\s+causes?\s+of\s+concern,?\s+)?"
                   r"(?:(?:we|hmicfrs|hmic)\s+recommends?\s+that\s+)?", re.IGNORECASE)
_BY_DAY = re.compile(rf"^(?:by|before|no\s+later\s+than)\s+(?:the\s+)?({P.DAY_MONTH_YEAR})\b",
                     re.IGNORECASE)
_BY_MONTH = re.compile(rf"^(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?"
                       rf"({P.MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
_WITHIN = re.compile(r"^within\s+(?:the\s+next\s+)?(\d{1,3}|[a-z-]+)\s+(day|week|month|year)s?\b",
                     re.IGNORECASE)


def target(text: str, published: date | None) -> tuple[date | None, str | None]:
    """The target date ``text`` sets and the note explaining a worked-out one; (None, None)
    when it sets none."""
    opening = text[_LEAD.match(text).end():].lstrip() if text else ""
    if m := _BY_DAY.match(opening):
        d = coerce.to_date(m.group(1))
        return (date(d.year, d.month, d.day) if d else None), None
    if m := _BY_MONTH.match(opening):
        d = coerce.to_date(f"1 {m.group(1)} {m.group(2)}")
        if d is None:
            return None, None
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]), None
    if m := _WITHIN.match(opening):
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1).casefold())
        if not count or published is None:
            return None, None
        unit = m.group(2).casefold()
        due = published + relativedelta(**{f"{unit}s": count})
        words = f"{m.group(1)} {unit}{'' if count == 1 else 's'}"
        return due, (f"Target date worked out as {words} from publication "
                     f"({published.day} {published:%B %Y}).")
    return None, None
