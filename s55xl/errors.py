"""The few things that can stop s55xl from using its input at all.

Each exception carries a message written for the person at the keyboard: it names the file (and
the sheet or header where that matters) and says what to do. The command line prints it as one
line and exits 2; the Excel buttons show it in the Control sheet.
"""

from __future__ import annotations


class S55Error(Exception):
    """Base class: something s55xl cannot work around; the message says how to fix it."""


class UnusableInput(S55Error):
    """The file cannot be used: missing, not a workbook, encrypted, locked, or missing a sheet
    or a header the contract requires."""


class WorkbookLocked(UnusableInput):
    """The workbook is open in Excel (its ``~$`` owner file exists), so it must not be written."""


class WriteRefused(S55Error):
    """A write-back was checked before replacing the workbook and failed the check; the original
    file was kept."""
