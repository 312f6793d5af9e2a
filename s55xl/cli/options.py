"""Options shared by several commands."""

from __future__ import annotations

from datetime import date

import click

from s55xl.coerce import TextDate, to_date


def today_option(ctx, param, value: str | None) -> date:
    """``--today``: a date such as 2020-04-01 or 01/04/2020; today when not given."""
    if value is None:
        return date.today()
    try:
        d = to_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if d is None:
        raise click.BadParameter("give a date such as 2020-04-01 or 01/04/2020.")
    return d.as_date() if isinstance(d, TextDate) else d
