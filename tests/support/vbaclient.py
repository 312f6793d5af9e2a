"""xlwings' VBA client, read from the installed package at test time: what it can apply.

``RunServerPython`` (``xlwings/addin/Remote.bas``) applies each action the server returns with
``Application.Run action("func"), wb, action``: an action is any ``Sub NAME(wb As Workbook,
action As Dictionary)`` of that module. :func:`client` reads every such handler and, for each
``action("args")(N)`` it uses, what the VBA does with it:

- assigned to a local declared ``As String``/``As Long``/… → that type;
- passed to a function of the module (``HexToRgb(action("args")(1))``) → that parameter's type;
- guarded by ``IsNull(action("args")(N))`` → null allowed;
- ``runMacro`` counts its arguments: only the first (the macro's name) is required;
- anything else (compared, added to, handed to Excel) → any value but null, since VBA's Null
  makes each of those fail with error 94.

The keys a handler reads besides ``args`` (``sheet_position``, ``start_row``…) are used in
arithmetic, so they must be numbers; ``GetRange`` reads all five. :func:`problems` checks one
returned action against all that, and a ``runMacro`` also against the routine it names in the
workbook's own VBA (its parameter count after the workbook).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import xlwings

REMOTE = Path(xlwings.__file__).parent / "addin" / "Remote.bas"
DISPATCH = 'Application.Run action("func"), wb, action'
GETRANGE_KEYS = ("sheet_position", "start_row", "start_column", "row_count", "column_count")
NUMERIC = {"Integer", "Long", "Double", "Single", "Byte", "Currency"}
RANGES = {"Integer": (-32768, 32767), "Byte": (0, 255), "Long": (-2**31, 2**31 - 1)}


@dataclass
class Handler:
    """One action the client applies: the type it needs of each ``args`` element (1-based;
    ``"Variant"`` when nothing narrower is known), which may be null, and its other keys."""

    name: str
    args: dict[int, str] = field(default_factory=dict)
    nullable: set[int] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    nullable_keys: set[str] = field(default_factory=set)
    uses_values: bool = False
    counts_args: bool = False


def _declarations(body: str) -> dict[str, str]:
    """Local variable → declared type (VBA: ``Dim a, b As Long`` makes only b a Long)."""
    types = {}
    for line in re.findall(r"^\s*Dim\s+(.+)$", body, re.M):
        for part in line.split(","):
            m = re.match(r"\s*(\w+)(?:\(\))?(?:\s+As\s+(?:New\s+)?(\w+))?", part)
            if m:
                types[m.group(1)] = m.group(2) or "Variant"
    return types


def _functions(text: str) -> dict[str, list[str]]:
    """Function or Sub of the module → its parameters' types, in order."""
    found = {}
    for name, params in re.findall(r"^(?:Public\s+|Private\s+)?(?:Function|Sub)\s+(\w+)\(([^)]*)\)",
                                   text, re.M):
        types = []
        for p in params.split(","):
            m = re.search(r"As\s+(\w+)", p)
            if p.strip():
                types.append(m.group(1) if m else "Variant")
        found[name] = types
    return found


def client(text: str | None = None) -> dict[str, Handler]:
    """The handlers of the VBA client in ``text`` (default: the installed Remote.bas)."""
    text = text if text is not None else REMOTE.read_text(encoding="cp1252")
    text = text.replace("\r\n", "\n")
    text = re.sub(r" _\n\s*", " ", text)  # join continued lines
    assert DISPATCH in text, "xlwings' VBA client no longer dispatches as this reader expects"
    functions = _functions(text)
    handlers = {}
    for name, body in re.findall(
            r"^Sub (\w+)\(wb As Workbook, action As Dictionary\)\n(.*?)^End Sub", text,
            re.M | re.S):
        h = Handler(name)
        local = _declarations(body)
        for m in re.finditer(r'action\("args"\)\((\d+)\)', body):
            n = int(m.group(1))
            before = body[body.rfind("\n", 0, m.start()) + 1:m.start()]
            kind = "Variant"
            if re.search(r"IsNull\($", before):
                h.nullable.add(n)
                continue
            assigned = re.match(r"\s*(\w+)\s*=\s*$", before)
            call = re.search(r"(\w+)\(\s*$", before)
            if assigned and assigned.group(1) in local:
                kind = local[assigned.group(1)]
            elif call and call.group(1) in functions and functions[call.group(1)]:
                kind = functions[call.group(1)][0]
            if h.args.get(n, "Variant") == "Variant":
                h.args[n] = kind
        h.keys = set(re.findall(r'action\("(\w+)"\)', body)) - {"args", "values"}
        h.nullable_keys = set(re.findall(r'IsNull\(action\("(\w+)"\)\)', body))
        if "GetRange(wb, action)" in body:
            h.keys |= set(GETRANGE_KEYS)
        h.uses_values = 'action("values")' in body
        h.counts_args = 'action("args").Count' in body
        if h.counts_args:  # runMacro: the macro's name, then as many arguments as are sent
            h.args = {1: "String"}
        handlers[name] = h
    return handlers


def routines(vba: str) -> dict[str, int]:
    """Public Subs of a VBA module that take the workbook first → how many arguments after it."""
    vba = re.sub(r" _\n\s*", " ", vba.replace("\r\n", "\n"))
    found = {}
    for name, params in re.findall(r"^Public Sub (\w+)\(([^)]*)\)", vba, re.M):
        parts = [p for p in params.split(",") if p.strip()]
        if parts and re.search(r"As Workbook", parts[0]):
            found[name] = len(parts) - 1
    return found


def _fits(value, kind: str) -> bool:
    if isinstance(value, (dict, list)):
        return kind == "Variant"
    if kind in NUMERIC:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return False
        low, high = RANGES.get(kind, (float("-inf"), float("inf")))
        return isinstance(value, (int, float)) and low <= value <= high
    return True  # String, Boolean, Variant: VBA converts any JSON scalar


def problems(action: dict, handlers: dict[str, Handler], workbook_routines: dict[str, int]):
    """Why xlwings' VBA client could not apply ``action`` (an empty list when it can)."""
    func = action.get("func")
    h = handlers.get(func)
    if h is None:
        return [f"{func!r}: the VBA client has no such action"]
    found = []
    args = action.get("args") or []
    for n, kind in sorted(h.args.items()):
        if n > len(args):
            found.append(f"{func}: args({n}) is missing")
            continue
        value = args[n - 1]
        if value is None and n not in h.nullable:
            found.append(f"{func}: args({n}) is null where the client needs a {kind}")
        elif value is not None and not _fits(value, kind):
            found.append(f"{func}: args({n}) = {value!r} is not a {kind}")
    for key in sorted(h.keys):
        if action.get(key) is None and key in h.nullable_keys:
            continue
        if not isinstance(action.get(key), int) or isinstance(action.get(key), bool):
            found.append(f"{func}: {key} = {action.get(key)!r} is not a number")
    if h.uses_values:
        values = action.get("values")
        if not values or not all(isinstance(r, list) and r for r in values):
            found.append(f"{func}: values must be rows of cells")
        elif any(isinstance(v, (dict, list)) for r in values for v in r):
            found.append(f"{func}: a value is not a plain cell value")
    if func == "runMacro":
        if not args or not isinstance(args[0], str):
            found.append("runMacro: no macro named")
        elif len(args) > 11:
            found.append("runMacro: the client passes at most 10 arguments")
        elif workbook_routines.get(args[0]) != len(args) - 1:
            found.append(f"runMacro: the workbook has no {args[0]} taking {len(args) - 1} "
                         f"arguments after the workbook")
    return found


def check(actions: list[dict], workbook_vba: str) -> None:
    """Fail with every problem when any of ``actions`` is beyond the VBA client."""
    handlers = client()
    own = routines(workbook_vba)
    found = [p for a in actions for p in problems(a, handlers, own)]
    assert not found, "\n".join(found)
