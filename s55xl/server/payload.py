"""The request body: JSON shaped the way xlwings' VBA client builds it, checked before use.

``RunServerPython`` (``xlwings/addin/Remote.bas``) sends ``client``, ``version``, ``book``
(``name``, ``active_sheet_index``, ``selection``), ``names`` and ``sheets`` (each ``name``,
``pictures``, ``tables`` and ``values``, the used range from A1 as rows). The shape is checked
with pydantic so a malformed body gets one sentence naming the first wrong part, never a
traceback from deep inside xlwings. Cell values are only checked to be plain values (text,
number, true/false or null); the buttons read them through the same header contract as the
command line.

The VBA client's JSON writer (``ConvertToJson`` in ``WebHelpers.bas``) turns the seven classic
Excel errors into their text (``#N/A``…) but writes *nothing* for the newer ones (``#SPILL!``,
``#CALC!``, ``#BUSY!``, ``#FIELD!``…), so a row arrives as ``[1,,2]`` — not JSON. Such elided
elements are read here as blank cells whose value could not be sent, and recorded under
:data:`UNSENT_KEY` in the payload (sheet name → the cells, ``(row, column)`` 1-based) so the
button can say so in one warning per sheet (:func:`s55xl.excel.clients.unsent_findings`).

Messages are plain ASCII: the Mac client shows an error answer's bytes without decoding them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from s55xl.errors import S55Error
from s55xl.excel.clients import UNSENT_KEY

REBUILD = "Use a workbook built with: s55xl new --server"


class BadRequest(S55Error):
    """The body cannot be used; the message is the sentence for the user (HTTP 400)."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class _BookPart(_Open):
    name: str = Field(min_length=1)
    active_sheet_index: int = Field(ge=0)
    selection: str | None = None


Cell = StrictStr | StrictBool | StrictInt | StrictFloat | None


class _Sheet(_Open):
    name: str = Field(min_length=1)
    values: list[list[Cell]]
    tables: list[dict[str, Any]] = []
    pictures: list[dict[str, Any]] = []


class _Name(_Open):
    name: str
    sheet_index: int = Field(ge=0)
    address: str


class Payload(_Open):
    client: str
    version: str
    book: _BookPart
    names: list[_Name] = []
    sheets: list[_Sheet] = Field(min_length=1)


_STRING = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")')
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_EDGE = r"[\w.+\-]"
# a bare run of digits, dots, signs and e that is not a JSON number
_NOT_A_NUMBER = re.compile(rf"(?<!{_EDGE})(?!{_NUMBER}(?!{_EDGE}))[+\-0-9.eE]+(?!{_EDGE})")
# where an element was left out: after "[" before ",", or after "," before "," or "]"
_ELIDED = re.compile(r"(?<=\[)(?=\s*,)|(?<=,)(?=\s*[,\]])")
MARKER = "\u0000elided"  # the value an elided element is read as, before it is blanked
_MARKER_JSON = '"\\u0000elided"'
_HOLE = "\x01"  # stands for a string while the rest is repaired (never valid outside one)


def repair(text: str) -> tuple[str, int]:
    """``text`` as the JSON the VBA client meant: each elided array element (``[,`` ``,,``
    ``,]``) filled with :data:`MARKER`, and each bare token of digits, dots and ``e`` that is
    not a JSON number (the client writes text such as ``1.2.3.4.5.6.7.8.9`` unquoted when it
    is 16 to 100 such characters long) quoted as the text it was. Returns the text and how many
    elements were filled. Text inside strings is left alone: the strings are set aside first
    and the rest is repaired by two regular expressions.
    """
    parts = _STRING.split(text)  # outside, string, outside, string, ..., outside
    if any(_HOLE in p for p in parts[0::2]):
        return text, 0
    skeleton = _HOLE.join(parts[0::2])
    skeleton = _NOT_A_NUMBER.sub(lambda m: '"' + m.group(0) + '"', skeleton)
    skeleton, filled = _ELIDED.subn(lambda m: _MARKER_JSON, skeleton)
    parts[0::2] = skeleton.split(_HOLE)
    return "".join(parts), filled


def _loads(body: bytes) -> Any:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        repaired, _count = repair(text)
        if repaired == text:
            raise
        return json.loads(repaired)


def _mark_unsent(data: dict) -> None:
    """Blank the cells the client elided and list them under :data:`UNSENT_KEY`."""
    unsent: dict[str, list[list[int]]] = {}
    for sheet in data.get("sheets") or []:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("values"), list):
            continue
        rows = sheet["values"]
        width = max((len(r) for r in rows if isinstance(r, list)), default=0)
        for i, row in enumerate(rows):
            if not isinstance(row, list):
                continue
            for j, value in enumerate(row):
                if value == MARKER:
                    row[j] = None
                    unsent.setdefault(str(sheet.get("name")), []).append([i + 1, j + 1])
            if width == 1 and row == [] and len(rows) > 1:
                # one column: the client writes an elided only element as "[]"
                row.append(None)
                unsent.setdefault(str(sheet.get("name")), []).append([i + 1, 1])
    if unsent:
        data[UNSENT_KEY] = unsent


def parse(body: bytes) -> dict:
    """The payload as a dict. Raises :class:`BadRequest` with the sentence to show."""
    try:
        data = _loads(body)
    except RecursionError:
        raise BadRequest(f"s55xl: the server did not receive a workbook it can read (the "
                         f"request is nested too deeply to be a workbook). {REBUILD}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"s55xl: the server did not receive a workbook it can read (not JSON: "
                         f"{exc.__class__.__name__}). {REBUILD}") from None
    except ValueError:  # e.g. a number longer than Python reads (4,300 digits)
        raise BadRequest(f"s55xl: the server did not receive a workbook it can read (it "
                         f"holds a number too long to be a cell's). {REBUILD}") from None
    if not isinstance(data, dict):
        raise BadRequest(f"s55xl: the server did not receive a workbook (the request is not a "
                         f"JSON object). {REBUILD}")
    _mark_unsent(data)
    try:
        Payload.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        if len(loc) >= 5 and loc[0] == "sheets" and loc[2] == "values":
            loc = loc[:5]  # a cell: name the cell, not pydantic's guesses at its type
            msg = "a cell value must be text, a number, true/false or null"
        else:
            msg = first["msg"]
        where = " > ".join(str(p) for p in loc) or "the request"
        raise BadRequest(f"s55xl: the workbook sent to the server is not in the form xlwings "
                         f"sends ({where}: {msg}). {REBUILD}") from None
    except RecursionError:
        raise BadRequest(f"s55xl: the server did not receive a workbook it can read (the "
                         f"request is nested too deeply to be a workbook). {REBUILD}") from None
    sheets = len(data["sheets"])
    if data["book"]["active_sheet_index"] >= sheets or any(
            n["sheet_index"] >= sheets for n in data.get("names", [])):
        raise BadRequest(f"s55xl: the workbook sent to the server names a sheet it does not "
                         f"contain. {REBUILD}")
    return data


def read_checked(body: bytes) -> dict:
    """A body :func:`parse` has already accepted, read again as :func:`parse` reads it (elided
    cells blanked and listed) without checking it twice: for the worker process that runs it."""
    data = _loads(body)
    _mark_unsent(data)
    return data


def check_version(data: dict, server_version: str) -> None:
    """Refuse a workbook whose embedded xlwings VBA is not the server's xlwings release."""
    sent = data.get("version")
    if data.get("client") != "Office.js" and sent != server_version:
        raise BadRequest(
            f"s55xl: this workbook's macros come from xlwings {sent}, but the server runs "
            f"xlwings {server_version}, and the two must be the same release. Ask IT for a "
            f"workbook built by this server's s55xl (s55xl new --server) and copy your rows "
            f"into it, or to run the matching s55xl on the server.")
