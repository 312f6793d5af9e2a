"""The button door: the live workbook through xlwings.

``vba/S55.bas`` calls ``RunPython "import s55xl.excel; s55xl.excel.validate()"`` (and likewise
``update_deadlines``, ``generate_selected``, ``generate_all``, ``progress_paper``);
``s55xl serve`` calls the same functions on ``xlwings.Book(json=payload)``. The functions live
in :mod:`.buttons` (the Progress paper's own part in :mod:`.progress`, the History sheet in
:mod:`.history`); reading the live tables in :mod:`.book`, planning the writes in
:mod:`.writes`, where documents go in :mod:`.paths`. Importing this package costs almost
nothing: xlwings is loaded on the first call.
"""

from __future__ import annotations

from s55xl.excel.buttons import (
    Outcome,
    generate_all,
    generate_selected,
    update_deadlines,
    validate,
)
from s55xl.excel.progress import progress_paper

__all__ = ["Outcome", "generate_all", "generate_selected", "progress_paper", "update_deadlines",
           "validate"]
