"""The command line (click): ``s55xl demo | new | validate | deadlines | generate | …``.

One module per command family — :mod:`.checks` (validate, deadlines), :mod:`.workbook` (new,
demo, update), :mod:`.documents` (generate, check-template), :mod:`.importing` (import) — and
:mod:`.main`, the group that turns the library's exceptions into one line and an exit code.
This package is the only one that prints or exits.
"""

from __future__ import annotations

from s55xl.cli.main import cli, main

__all__ = ["cli", "main"]
