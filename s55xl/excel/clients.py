"""Which Excel connection a button writes through, and what that connection can apply.

A button's writes reach Excel in one of three ways: xlwings on the desktop (``RunPython``: every
call goes straight to Excel), or as actions that ``s55xl serve`` returns to a client that
applies them — xlwings' VBA client (``RunServerPython``, ``xlwings/addin/Remote.bas``) or the
Office.js add-in. The remote book's payload says which (``book.api["client"]``).

The VBA client of the pinned xlwings applies each action with ``Application.Run action("func")``,
and some of the remote engine's actions are beyond it:

- ``setRangeColor`` passes its colour to ``HexToRgb(ByVal hexColor As String)``, so "no fill"
  (null) stops the client with error 94 and every later action is skipped;
- notes are refused by the remote engine for this client;
- ``alert`` shows its text as the Mac client received it — UTF-8 bytes, not decoded — so "–",
  "→" or a Welsh letter arrive garbled;
- ``setValues`` on a Mac decodes UTF-8 with its own decoder, which turns characters from U+D800
  up (emoji among them) into "?" and drops the character after a four-byte one: such a cell is
  written again by s55xl's routine.

For those the server-mode workbook carries s55xl's own routines (``vba/S55Server.bas``), called
through the client's ``runMacro`` action: :data:`ROUTINES` names each and the arguments it takes
after the workbook. Text goes to them percent-encoded UTF-8 (:func:`encode`): plain ASCII
whatever the JSON writer does, decoded by the routine itself on Windows and Mac alike.
"""

from __future__ import annotations

from urllib.parse import quote

from s55xl.findings import Finding

VBA = "VBA"
OFFICE_JS = "Office.js"

# routine in vba/S55Server.bas -> the arguments it takes after the workbook
ROUTINES = {
    "S55_ClearFill": ("sheet", "address"),
    "S55_SetNote": ("sheet", "address", "text"),
    "S55_DeleteNote": ("sheet", "address"),
    "S55_Message": ("prompt", "title", "mode"),
    "S55_SetText": ("sheet", "address", "text"),
}
UNSENT_KEY = "s55xl_unsent"  # set by s55xl.server.payload: sheet -> [[row, col], ...]
UNSENT_SHOWN = 5  # cells named in the warning before "and N more"


def client_of(book) -> str | None:
    """``"VBA"`` or ``"Office.js"`` for a book sent to the server; None on the desktop."""
    try:
        api = book.api
    except Exception:  # noqa: BLE001 - an engine without an api: the desktop
        return None
    return api.get("client") if isinstance(api, dict) else None


def needs_routines(book) -> bool:
    """True when fills cleared, notes and messages must go through s55xl's own VBA routines."""
    return client_of(book) == VBA


def encode(text: str) -> str:
    """``text`` as ASCII for a routine's argument: UTF-8, percent-encoded (``%E2%80%93``)."""
    return quote(text, safe=" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~", encoding="utf-8")


def run_routine(book, name: str, *args) -> None:
    """Queue a ``runMacro`` action calling ``name`` (a key of :data:`ROUTINES`) with ``args``."""
    if len(args) != len(ROUTINES[name]):
        raise ValueError(f"{name} takes {len(ROUTINES[name])} arguments, not {len(args)}")
    book.app.macro(name).run(*args)


def unsent_findings(book) -> list[Finding]:
    """One warning per sheet holding cells the VBA client could not send (see
    :mod:`s55xl.server.payload`): the newer Excel error values it writes as nothing."""
    from s55xl.cells import column_letter

    try:
        api = book.api
    except Exception:  # noqa: BLE001
        return []
    unsent = api.get(UNSENT_KEY) if isinstance(api, dict) else None
    if not isinstance(unsent, dict):
        return []
    found = []
    for sheet, cells in unsent.items():
        names = [f"{column_letter(c)}{r}" for r, c in cells]
        shown = ", ".join(names[:UNSENT_SHOWN])
        if len(names) > UNSENT_SHOWN:
            shown += f" and {len(names) - UNSENT_SHOWN} more"
        which = "cell" if len(names) == 1 else "cells"
        found.append(Finding(
            "warning", "unsent-cells", sheet, "", None, "",
            f"The {which} {shown} on the {sheet} sheet show an Excel error that Excel's macros "
            f"cannot send to the server (such as #SPILL!, #CALC! or #BUSY!), so s55xl read "
            f"{'it' if len(names) == 1 else 'them'} as blank. Fix the formula, or replace it "
            f"with the value it should show, and press the button again."))
    return found
