"""The workbook's xlwings VBA against the xlwings running the button.

A workbook embeds the VBA of the xlwings release that built it, and the builder notes that
release on the hidden xlwings.conf sheet (``S55XL_XLWINGS_VBA``; xlwings ignores keys it does
not know). On the desktop, the Python that runs the button may have another xlwings (an older
or newer s55xl, or xlwings upgraded on its own); the two halves then disagree in ways that
fail obscurely, so the button stops and says plainly which release to install. A workbook
without the row (hand-made, or built before it existed) is not checked. The server's workbooks
are checked by xlwings itself, from the version their payload carries.
"""

from __future__ import annotations

from s55xl import schema
from s55xl.errors import S55Error

KEY = "S55XL_XLWINGS_VBA"


def workbook_release(book) -> str | None:
    """The xlwings release noted on the workbook's xlwings.conf sheet, or None."""
    try:
        rows = book.sheets[schema.XLWINGS_CONF_SHEET].used_range.options(ndim=2).value
    except Exception:  # noqa: BLE001 - no such sheet, or an engine that cannot read it
        return None
    for row in rows or []:
        if row and isinstance(row[0], str) and row[0].strip().upper() == KEY and len(row) > 1:
            value = row[1]
            return str(value).strip() if value not in (None, "") else None
    return None


def check(book) -> None:
    """Raise :class:`S55Error` when the workbook's xlwings VBA is not this xlwings' release."""
    import xlwings

    noted = workbook_release(book)
    if noted and noted != xlwings.__version__:
        raise S55Error(
            f"This workbook's macros come from xlwings {noted}, but the Python that ran the "
            f"button has xlwings {xlwings.__version__}; the two must be the same release. "
            f"Install the matching one in that Python: pip install xlwings=={noted}")
