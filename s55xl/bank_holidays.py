"""England-and-Wales bank holidays for the years a workbook needs, remembered between runs.

The days come from the ``holidays`` package (``country_holidays("GB", subdiv="ENG")``), one year
at a time and only for the years asked about. Importing that package loads every country it
knows, a tenth of a second that every ``s55xl validate`` and every button press would pay; so
each year's days, once worked out, are kept in a small JSON file and read from there next time.

The file is named after the installed ``holidays`` package (the size and modification time of
its files), so upgrading the package — which is how newly announced one-off days arrive — starts
a fresh file. It lives in ``S55XL_CACHE_DIR`` when that is set, else the user's cache folder
(``%LOCALAPPDATA%\\s55xl`` on Windows, ``$XDG_CACHE_HOME/s55xl`` or ``~/.cache/s55xl``
elsewhere). A file that cannot be read is ignored and one that cannot be written is skipped:
the days are then simply worked out again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from datetime import date
from functools import lru_cache
from pathlib import Path

_FILES = ("version.py", "countries/united_kingdom.py", "holiday_base.py")


def cache_dir() -> Path:
    """The folder the remembered days are kept in (it need not exist yet)."""
    if os.environ.get("S55XL_CACHE_DIR"):
        return Path(os.environ["S55XL_CACHE_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "s55xl"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "s55xl"


@lru_cache(maxsize=1)
def cache_file() -> Path | None:
    """The file for the installed ``holidays`` package; None when it cannot be found."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    stamp = []
    for name in _FILES:
        try:
            st = (root / name).stat()
        except OSError:
            return None
        stamp.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    digest = hashlib.sha256("|".join([str(root), *stamp]).encode()).hexdigest()[:16]
    try:
        folder = cache_dir()
    except RuntimeError:  # no home folder to be found: nothing is remembered
        return None
    return folder / f"bank-holidays-{digest}.json"


@lru_cache(maxsize=1)
def _remembered() -> dict[str, dict[str, str]]:
    path = cache_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=256)
def for_year(year: int) -> dict[date, str]:
    """Every England-and-Wales bank holiday in ``year``: the day and its name."""
    stored = _remembered().get(str(year))
    if isinstance(stored, dict):
        try:
            return {date.fromisoformat(day): str(name) for day, name in stored.items()}
        except (TypeError, ValueError):
            pass
    import holidays

    days = dict(holidays.country_holidays("GB", subdiv="ENG", years=year))
    _remember(year, days)
    return days


def _remember(year: int, days: dict[date, str]) -> None:
    path = cache_file()
    if path is None:
        return
    data = _remembered()
    data[str(year)] = {day.isoformat(): name for day, name in sorted(days.items())}
    import tempfile  # only when something new is remembered

    scratch = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".bank-holidays-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=0, sort_keys=True)
        os.replace(scratch, path)
    except OSError:
        if scratch:
            Path(scratch).unlink(missing_ok=True)
