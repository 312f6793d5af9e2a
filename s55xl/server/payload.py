"""The request body: JSON shaped the way xlwings' VBA client builds it, checked before use.

``RunServerPython`` (``xlwings/addin/Remote.bas``) sends ``client``, ``version``, ``book``
(``name``, ``active_sheet_index``, ``selection``), ``names`` and ``sheets`` (each ``name``,
``pictures``, ``tables`` and ``values``, the used range from A1 as rows). The shape is checked
with pydantic so a malformed body gets one sentence naming the first wrong part, never a
traceback from deep inside xlwings. Cell values are not inspected here: the buttons read them
through the same header contract as the command line.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from s55xl.errors import S55Error

REBUILD = "Use a workbook built with: s55xl new --server"


class BadRequest(S55Error):
    """The body cannot be used; the message is the sentence for the user (HTTP 400)."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class _BookPart(_Open):
    name: str = Field(min_length=1)
    active_sheet_index: int = Field(ge=0)
    selection: str | None = None


class _Sheet(_Open):
    name: str = Field(min_length=1)
    values: list[list[Any]]
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


def parse(body: bytes) -> dict:
    """The payload as a dict. Raises :class:`BadRequest` with the sentence to show."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"s55xl: the server did not receive a workbook it can read (not JSON: "
                         f"{exc.__class__.__name__}). {REBUILD}") from None
    if not isinstance(data, dict):
        raise BadRequest(f"s55xl: the server did not receive a workbook (the request is not a "
                         f"JSON object). {REBUILD}")
    try:
        Payload.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = " → ".join(str(p) for p in first["loc"]) or "the request"
        raise BadRequest(f"s55xl: the workbook sent to the server is not in the form xlwings "
                         f"sends ({where}: {first['msg']}). {REBUILD}") from None
    sheets = len(data["sheets"])
    if data["book"]["active_sheet_index"] >= sheets or any(
            n["sheet_index"] >= sheets for n in data.get("names", [])):
        raise BadRequest(f"s55xl: the workbook sent to the server names a sheet it does not "
                         f"contain. {REBUILD}")
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
