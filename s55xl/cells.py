"""Cells as Excel knows them: A1 addresses, column letters, and what one cell can hold.

One home for the rules every door shares, so the reader, the writers and the buttons agree on
what ``F7`` means and on how much text Excel keeps in a cell.
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# Characters XML 1.0 cannot carry (Excel stores them as _xHHHH_ escapes), and the two
# non-characters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def column_letter(col: int) -> str:
    """1 → ``"A"``, 27 → ``"AA"``."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """``"A"`` → 1, ``"AA"`` → 27 (upper-case letters, as text or bytes)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def a1(row: int, col: int) -> str:
    """(7, 6) → ``"F7"``."""
    return f"{column_letter(col)}{row}"


def split_a1(address: str) -> tuple[int, int] | None:
    """``"F7"`` or ``"$F$7"`` → ``(7, 6)`` (row, column); None when it is not one cell."""
    m = _A1.match(address.strip())
    if not m:
        return None
    return int(m.group(2)), column_index(m.group(1).upper())
