"""Turning what Excel hands over into clean Python values.

Excel gives dates as real dates, as serial numbers (days since 30 December 1899) or, when staff
type them as text or paste them from elsewhere, as strings such as ``27/02/2020``,
``27 Feb 2020`` or ``27th February 2020``. Text dates are read day first, the UK way
(``02/03/2020`` is 2 March), through python-dateutil, and accepted with a warning so staff can
make them real dates. Part of a date (``Feb 2020``, ``3 March``) is refused, never completed. Nothing here
changes a cell: these functions only decide what a cell means.

Each converter raises ``ValueError`` with a message written for staff (what is wrong and what to
type instead); the model turns that into a finding that names the cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from s55xl.schema import ERROR_VALUES

EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 31/12/9999
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_HAS_YEAR = re.compile(r"\b\d{4}\b|^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}\s*$")
_LONGEST = 64  # "Wednesday 27th February 2020" is 27 characters; longer text is no date
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)

EXAMPLE_DATE = "27/02/2020"


class TextDate(date):
    """A date that was typed as text: valid, but worth a warning so staff can fix the cell."""

    source: str

    def __new__(cls, d: date, source: str) -> TextDate:
        obj = super().__new__(cls, d.year, d.month, d.day)
        obj.source = source
        return obj

    def as_date(self) -> date:
        return date(self.year, self.month, self.day)


def is_blank(value: object) -> bool:
    return value is None or value == "" or (type(value) is str and not value.strip())


def error_value(value: object) -> str | None:
    """The Excel error code (``#N/A``, ``#REF!``…) a cell shows, or None."""
    if type(value) is str and value[:1] == "#":
        s = value.strip().upper()
        if s in ERROR_VALUES:
            return s
    return None


def from_serial(serial: float) -> date:
    if not 1 <= serial <= _MAX_SERIAL:
        raise ValueError(
            f"{serial:g} is not a date. Type a date such as {EXAMPLE_DATE}."
        )
    return EXCEL_EPOCH + timedelta(days=int(serial))


def to_date(value: object) -> date | None:
    """A cell as a date, or None when blank. Text dates come back as :class:`TextDate`."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a date. Type a date such as {EXAMPLE_DATE}.")
    if isinstance(value, (int, float)):
        return from_serial(float(value))
    text = str(value).strip()
    if _ISO.match(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(_not_a_date(text)) from None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return TextDate(from_serial(float(text)), text)
    if len(text) > _LONGEST:
        raise ValueError(_not_a_date(text))
    from dateutil import parser as dateparser  # only text dates need it

    try:
        a = dateparser.parse(text, dayfirst=True, default=_DEFAULT_A)
        b = dateparser.parse(text, dayfirst=True, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        raise ValueError(_not_a_date(text)) from None
    missing = [part for part, x, y in (("day", a.day, b.day), ("month", a.month, b.month),
                                       ("year", a.year, b.year)) if x != y]
    if missing:  # dateutil filled a part in from its default: never guess it
        raise ValueError(_partial(text, f"it has no {' or '.join(missing)}"))
    if not _HAS_YEAR.search(text):  # "3 Feb 20": 20 could be the day or the year
        raise ValueError(_partial(text, "the year needs four digits"))
    return TextDate(a.date(), text)


def _partial(text: str, why: str) -> str:
    return (f"'{_shown(text)}' is not a whole date: {why}. Type the whole date, day, month "
            f"and year, such as {EXAMPLE_DATE}.")


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _not_a_date(text: str) -> str:
    return f"'{_shown(text)}' is not a date that exists. Type a date such as {EXAMPLE_DATE}."


def to_text(value: object) -> str | None:
    """A cell as trimmed text, or None when blank. Numbers keep the digits Excel shows."""
    if type(value) is str:
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def to_int(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a whole number. Type a number such as 5.")
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(f"'{text}' is not a whole number. Type a number such as 5.")


def to_choice(value: object, choices: tuple[str, ...], aliases: dict[str, str]) -> str | None:
    """Match a dropdown value ignoring case and spacing; known abbreviations are accepted."""
    text = to_text(value)
    if text is None or text in choices:
        return text
    key = re.sub(r"[\s\-_.]+", " ", text).strip().casefold()
    for choice in choices:
        if choice.casefold() == key:
            return choice
    if key in aliases:
        return aliases[key]
    listed = ", ".join(choices)
    raise ValueError(f"'{text}' is not one of the choices. Pick one of: {listed}.")
