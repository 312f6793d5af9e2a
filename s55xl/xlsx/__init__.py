"""The headless door: the workbook file on disk.

- :mod:`.reader` reads the tables into a :class:`~s55xl.model.Tracker` (python-calamine);
- :mod:`.safewrite` changes only the cells s55xl owns, verified, backed up and replaced
  atomically, with :mod:`.edits` (one write-back session, and which rows are data rows),
  :mod:`.sheetxml` (the streaming worksheet patcher), :mod:`.package` (tables, date system,
  copying the package), :mod:`.styles` (date styles), :mod:`.verify` (the byte comparison) and
  :mod:`.locks` (Excel, LibreOffice and s55xl lock files);
- :mod:`.update` (``s55xl update``) and :mod:`.append` (the rows ``s55xl import`` adds, and
  :func:`~s55xl.xlsx.append.append_rows` for any sheet's table) are the writers built on it.

    from s55xl import xlsx
    tracker = xlsx.load("tracker.xlsm")
"""

from __future__ import annotations

from s55xl.xlsx.reader import error_cells, load, read_grids, sheet_parts, sniff

__all__ = ["error_cells", "load", "read_grids", "sheet_parts", "sniff"]
