"""Small shared pieces for taking input from the person at the keyboard.

- :func:`read_head` opens an input file just far enough to see what it is, turning every way
  that can fail into one line naming the file (used for workbooks and for papers to import).
- :func:`today_option` is the click callback behind every ``--today DATE`` option.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import UnusableInput


def read_head(path: Path, noun: str, n: int = 8) -> bytes:
    """The first ``n`` bytes of ``path``; :class:`UnusableInput` if it is missing, a folder,
    unreadable or empty. ``noun`` names what was expected ("workbook", "document")."""
    if not path.exists():
        raise UnusableInput(f"{path}: no such file. Check the name and folder.")
    if path.is_dir():
        raise UnusableInput(f"{path}: is a folder, not a {noun}. Give the {noun}'s file name.")
    try:
        with path.open("rb") as fh:
            head = fh.read(n)
    except PermissionError:
        raise UnusableInput(
            f"{path}: cannot be read — it is open in another program or you lack permission. "
            "Close it and try again.") from None
    except OSError as exc:
        raise UnusableInput(f"{path}: cannot be read ({exc.strerror}).") from None
    if not head:
        raise UnusableInput(f"{path}: is empty (0 bytes). Restore it from a backup or give "
                            f"the right {noun}.")
    return head


def today_option(ctx, param, value: str | None) -> date:
    """``--today``: a date such as 2020-04-01 or 01/04/2020; today when not given."""
    import click

    from .coerce import TextDate, to_date

    if value is None:
        return date.today()
    try:
        d = to_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if d is None:
        raise click.BadParameter("give a date such as 2020-04-01 or 01/04/2020.")
    return d.as_date() if isinstance(d, TextDate) else d
