"""Build the JSON payload xlwings' VBA client sends for a workbook, from an .xlsx/.xlsm file.

The shape follows ``RunServerPython`` in the installed xlwings (``xlwings/addin/Remote.bas``):

- ``client`` ("VBA"), ``version`` (the xlwings version — the remote engine refuses a mismatch);
- ``book``: ``name`` (the file name), ``active_sheet_index`` (0-based), ``selection`` (the
  selected range's address without ``$``, or None);
- ``names``: the defined names that refer to a range — ``name``, ``sheet_index``, ``address``
  (without ``$``), ``book_scope`` and, for sheet-scoped names, ``scope_sheet_name`` and
  ``scope_sheet_index``;
- ``sheets``: for every worksheet, ``name``, ``pictures`` (none here), ``tables`` (name and the
  absolute addresses of the whole range, header row and data body, the style and flags) and
  ``values``: the cells from A1 to the bottom-right of the used range, dates as ISO strings
  (``2020-02-27T00:00:00.000Z``, as the Office clients send them), empty cells as ``null``
  (VBA's Empty) and formula errors as their text (``#N/A``).

The file is read with openpyxl (cached values, as Excel would show them). :func:`vba_json`
then writes the body exactly as the client's JSON writer (``ConvertToJson`` in
``WebHelpers.bas``) does: the seven classic errors as text, the newer ones (``#SPILL!``,
``#CALC!``…) as *nothing* — an elided element, ``[1,,2]`` — and text of 16 to 100 digits, dots
and ``e`` without quotes.
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import openpyxl
import xlwings
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

ISO = "%Y-%m-%dT%H:%M:%S.000Z"


def _cell_value(value: Any, empty: Any) -> Any:
    if value is None:
        return empty
    if isinstance(value, datetime):
        return value.strftime(ISO)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).strftime(ISO)
    if isinstance(value, time):
        return value.isoformat()
    return value


def _abs(ref: str) -> str:
    """``A1:S2`` → ``$A$1:$S$2`` (VBA's ``Range.Address``)."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def payload_from_workbook(path: str | Path, *, selection: str | None = "A1",
                          active_sheet: str | None = None, empty: Any = None,
                          name: str | None = None) -> dict:
    """The payload for the workbook at ``path``, as the VBA client would send it."""
    path = Path(path)
    wb = openpyxl.load_workbook(path, data_only=True, keep_vba=False)
    titles = [ws.title for ws in wb.worksheets]
    active = titles.index(active_sheet) if active_sheet else wb.index(wb.active)
    names = []
    for defined in wb.defined_names.values():
        for sheet_title, ref in defined.destinations:
            if sheet_title in titles:
                names.append({"name": defined.name, "sheet_index": titles.index(sheet_title),
                              "address": ref.replace("$", ""), "book_scope": True,
                              "scope_sheet_name": None, "scope_sheet_index": None})
    sheets = []
    for ws in wb.worksheets:
        for local_name, defined in ws.defined_names.items():
            for sheet_title, ref in defined.destinations:
                names.append({"name": f"{ws.title}!{local_name}",
                              "sheet_index": titles.index(sheet_title),
                              "address": ref.replace("$", ""), "book_scope": False,
                              "scope_sheet_name": ws.title,
                              "scope_sheet_index": titles.index(ws.title)})
        if ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None:
            values: list[list] = [[]]
        else:
            values = [[_cell_value(v, empty) for v in row]
                      for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row,
                                              max_col=ws.max_column, values_only=True)]
        tables = []
        for table in ws.tables.values():
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            header_rows = table.headerRowCount if table.headerRowCount is not None else 1
            totals = bool(table.totalsRowCount)
            first_col, last_col = get_column_letter(min_col), get_column_letter(max_col)
            body_first = min_row + header_rows
            body_last = max_row - (1 if totals else 0)
            tables.append({
                "name": table.displayName,
                "range_address": _abs(table.ref),
                "header_row_range_address": (_abs(f"{first_col}{min_row}:{last_col}{min_row}")
                                             if header_rows else None),
                "data_body_range_address": (_abs(f"{first_col}{body_first}:{last_col}{body_last}")
                                            if body_last >= body_first else None),
                "total_row_range_address": (_abs(f"{first_col}{max_row}:{last_col}{max_row}")
                                            if totals else None),
                "show_headers": bool(header_rows),
                "show_totals": totals,
                "table_style": table.tableStyleInfo.name if table.tableStyleInfo else "",
                "show_autofilter": table.autoFilter is not None,
            })
        sheets.append({"name": ws.title, "pictures": [], "tables": tables, "values": values})
    return {
        "client": "VBA",
        "version": xlwings.__version__,
        "book": {"name": name or path.name, "active_sheet_index": active,
                 "selection": selection},
        "names": names,
        "sheets": sheets,
    }


def split_a1(a1: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", a1)
    return int(m.group(2)), column_index_from_string(m.group(1))


def set_cell(payload: dict, sheet: str, a1: str, value: Any, empty: Any = None) -> dict:
    """Change one cell of the payload (growing the grid like a bigger used range would)."""
    row, col = split_a1(a1)
    grid = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    if grid == [[]]:
        grid.clear()
    width = max([col] + [len(r) for r in grid])
    while len(grid) < row:
        grid.append([empty] * width)
    for r in grid:
        r.extend([empty] * (width - len(r)))
    grid[row - 1][col - 1] = _cell_value(value, empty)
    return payload


def remove_sheet(payload: dict, sheet: str) -> dict:
    """Drop a sheet (and the names on it), as if it had been deleted in Excel."""
    index = next(i for i, s in enumerate(payload["sheets"]) if s["name"] == sheet)
    payload["sheets"].pop(index)
    kept = []
    for n in payload["names"]:
        if n["sheet_index"] == index:
            continue
        if n["sheet_index"] > index:
            n["sheet_index"] -= 1
        kept.append(n)
    payload["names"] = kept
    if payload["book"]["active_sheet_index"] >= len(payload["sheets"]):
        payload["book"]["active_sheet_index"] = 0
    return payload


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine if xlwings was imported before the licence key was set.

    xlwings registers its remote engine when it is first imported, and only if
    ``XLWINGS_LICENSE_KEY`` is set then; another test module may have imported xlwings first.
    The tests set the key (noncommercial: free for public bodies under PolyForm Noncommercial)
    and this registers the engine the way xlwings' own ``__init__`` does.
    """
    if "remote" in [e.name for e in xlwings.engines]:
        return
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise RuntimeError("Set XLWINGS_LICENSE_KEY (the tests use 'noncommercial') first.")
    from xlwings.pro import _xlremote

    xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))


def remote_book(payload: dict) -> xlwings.Book:
    """A book on xlwings' remote engine (a deep copy, so the payload can be reused)."""
    ensure_remote_engine()
    return xlwings.Book(json=copy.deepcopy(payload))


def sheet_index(payload: dict, sheet: str) -> int:
    return next(i for i, s in enumerate(payload["sheets"]) if s["name"] == sheet)


def written_cells(actions: list[dict], payload: dict) -> dict[tuple[str, str], Any]:
    """Every cell a ``setValues`` action writes: ``(sheet, "F7") → value``."""
    names = [s["name"] for s in payload["sheets"]]
    cells = {}
    for a in actions:
        if a["func"] == "addSheet":
            names.insert(a["args"][0], a["args"][1])
        if a["func"] != "setValues":
            continue
        sheet = names[a["sheet_position"]]
        for i, row in enumerate(a["values"]):
            for j, value in enumerate(row):
                cells[(sheet, f"{get_column_letter(a['start_column'] + j + 1)}"
                              f"{a['start_row'] + i + 1}")] = value
    return cells


def coloured_cells(actions: list[dict], payload: dict) -> dict[tuple[str, str], str | None]:
    """Every cell a ``setRangeColor`` action colours, or the workbook's ``S55_ClearFill``
    routine (through ``runMacro``) clears: ``(sheet, "F7") → "#RRGGBB" or None``."""
    names = [s["name"] for s in payload["sheets"]]
    cells = {}
    for a in actions:
        if a["func"] == "addSheet":
            names.insert(a["args"][0], a["args"][1])
        if a["func"] == "runMacro" and a["args"][0] == "S55_ClearFill":
            first, _, last = a["args"][2].partition(":")
            (r1, c1), (r2, _c2) = split_a1(first), split_a1(last or first)
            for r in range(r1, r2 + 1):
                cells[(unquote(a["args"][1]), f"{get_column_letter(c1)}{r}")] = None
            continue
        if a["func"] != "setRangeColor":
            continue
        for i in range(a["row_count"]):
            for j in range(a["column_count"]):
                cells[(names[a["sheet_position"]],
                       f"{get_column_letter(a['start_column'] + j + 1)}"
                       f"{a['start_row'] + i + 1}")] = a["args"][0]
    return cells


def routine_calls(actions: list[dict], routine: str) -> list[tuple]:
    """The arguments of every ``runMacro`` call of the workbook's ``routine``, text decoded."""
    return [tuple(unquote(x) if isinstance(x, str) else x for x in a["args"][1:])
            for a in actions if a["func"] == "runMacro" and a["args"][0] == routine]


def _is_message(action: dict) -> bool:
    return action["func"] == "alert" or (
        action["func"] == "runMacro" and action["args"][0] == "S55_Message")


def kinds(actions: list[dict]) -> list[str]:
    """The actions' names, a message box (xlwings' ``alert`` or the workbook's
    ``S55_Message`` routine) as ``"message"``."""
    return ["message" if _is_message(a) else a["func"] for a in actions]


def messages(actions: list[dict]) -> list[tuple[str, str, str]]:
    """Every message box the actions show: ``(text, title, mode)``, text decoded."""
    found = []
    for a in actions:
        if a["func"] == "alert":
            found.append((a["args"][0], a["args"][1], a["args"][3]))
        elif _is_message(a):
            found.append(tuple(unquote(x) for x in a["args"][1:4]))
    return found


CLASSIC_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
NEWER_ERRORS = {"#SPILL!", "#CALC!", "#BUSY!", "#FIELD!", "#GETTING_DATA", "#BLOCKED!",
                "#CONNECT!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!"}
_LARGE_NUMBER_CHARS = set("0123456789.eE")


def _vba_value(value: Any) -> str:
    if isinstance(value, str):
        if value in NEWER_ERRORS:
            return ""  # ConvertToJson has no case for them: the element is left out
        if 16 <= len(value) <= 100 and set(value) <= _LARGE_NUMBER_CHARS:
            return value  # json_StringIsLargeNumber: written without quotes
    return json.dumps(value)


def vba_json(payload: dict) -> bytes:
    """``payload`` as the VBA client's JSON writer puts it on the wire (see the module doc)."""
    def encode(obj: Any, key: str | None = None) -> str:
        if key == "values" and isinstance(obj, list):
            return "[" + ",".join("[" + ",".join(_vba_value(v) for v in row) + "]"
                                  for row in obj) + "]"
        if isinstance(obj, dict):
            return "{" + ",".join(f"{json.dumps(k)}:{encode(v, k)}" for k, v in obj.items()) + "}"
        if isinstance(obj, list):
            return "[" + ",".join(encode(v) for v in obj) + "]"
        return json.dumps(obj)

    return encode(payload).encode("utf-8")


_HYPERLINK = re.compile(r'^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$')


def apply_actions(payload: dict, actions: list[dict]) -> dict:
    """Play ``addSheet`` and ``setValues`` actions into the payload as Excel would show them.

    So a second run sees what the first wrote: a ``=HYPERLINK(…, "shown")`` formula shows its
    text, a leading apostrophe (Excel's text prefix) is not part of the value, ISO dates stay
    ISO strings (the client sends dates that way) and None/"" is an empty cell.
    """
    for a in actions:
        if a["func"] == "addSheet":
            index, name = a["args"]
            payload["sheets"].insert(index, {"name": name, "pictures": [], "tables": [],
                                             "values": [[]]})
        elif a["func"] == "setValues":
            sheet = payload["sheets"][a["sheet_position"]]["name"]
            for i, row in enumerate(a["values"]):
                for j, value in enumerate(row):
                    if isinstance(value, str):
                        m = _HYPERLINK.match(value)
                        if m:
                            value = m.group(1).replace('""', '"')
                        elif value.startswith("'"):
                            value = value[1:]
                    a1 = f"{get_column_letter(a['start_column'] + j + 1)}{a['start_row'] + i + 1}"
                    set_cell(payload, sheet, a1, None if value == "" else value)
    return payload
