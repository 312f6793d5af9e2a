"""From a grid of cell values to the tracker: the header contract, shared by both adapters.

The headless reader (:mod:`s55xl.xlsx.reader`) and the Excel adapter (:mod:`s55xl.excel.book`) each turn a
sheet into a :class:`Grid` — rows of values and the address of the top-left cell — and hand it
here. This module finds the header row, maps headers to fields (ignoring case, spaces and a
trailing ``*``, in any order, extra columns kept), skips blank rows and builds the models with the
address of every value, so the two front doors read workbooks identically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from s55xl import coerce, schema
from s55xl.errors import UnusableInput
from s55xl.findings import Finding
from s55xl.model import (
    SETTINGS_BY_LABEL,
    Recommendation,
    Report,
    Settings,
    SheetLayout,
    Signatory,
    Tracker,
    build_row,
    column_letter,
)

HEADER_SEARCH_ROWS = 20


@dataclass
class Grid:
    """A sheet's values as rows, with the (1-based) row and column of ``rows[0][0]``."""

    rows: Sequence[Sequence[Any]]
    first_row: int = 1
    first_col: int = 1


def find_sheet(names: Sequence[str], wanted: str) -> str | None:
    """The workbook's name for sheet ``wanted``: exact first, then ignoring case and spaces."""
    if wanted in names:
        return wanted
    key = schema.normalise_header(wanted)
    for name in names:
        if schema.normalise_header(name) == key:
            return name
    return None


def locate(grid: Grid, spec: schema.SheetSpec, sheet: str, source: str) -> SheetLayout:
    """Find the header row of ``spec``'s table in ``grid`` and the column of every field."""
    wanted = {schema.normalise_header(c.header): c for c in spec.columns}
    best_row, best_hits = None, 0
    for i, values in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in values if isinstance(v, str) and schema.normalise_header(v) in wanted)
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_row is None:
        required = ", ".join(f"'{c.header}'" for c in spec.columns if c.required_header)
        raise UnusableInput(
            f"{source}: the {sheet} sheet has no header row. Put the headers {required} "
            f"in its first row.")
    header_row = grid.first_row + best_row
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    extra: dict[int, str] = {}
    for j, value in enumerate(grid.rows[best_row]):
        col = grid.first_col + j
        column = wanted.get(schema.normalise_header(value)) if isinstance(value, str) else None
        if column is None:
            if not coerce.is_blank(value):
                extra[col] = str(value)
            continue
        if column.field in columns:
            first = f"{column_letter(columns[column.field])}{header_row}"
            raise UnusableInput(
                f"{source}: the {sheet} sheet has two '{column.header}' columns ({first} and "
                f"{column_letter(col)}{header_row}). Rename or delete one of them.")
        columns[column.field] = col
        headers[column.field] = str(value).strip()
    missing = [c.header for c in spec.columns if c.required_header and c.field not in columns]
    if missing:
        names = " and ".join(f"'{h}'" for h in missing)
        raise UnusableInput(
            f"{source}: the {sheet} sheet has no {names} column (headers are in row "
            f"{header_row}). Add {'it' if len(missing) == 1 else 'them'} to that row.")
    width = max(len(r) for r in grid.rows) if grid.rows else 0
    return SheetLayout(sheet=sheet, header_row=header_row, columns=columns, headers=headers,
                       extra=extra, last_row=grid.first_row + len(grid.rows) - 1,
                       width=grid.first_col + width - 1)


def iter_records(grid: Grid, layout: SheetLayout, fields: Sequence[str] | None = None):
    """Yield ``(excel_row, {field: value})`` for every non-blank row under the header.

    ``fields`` limits the record to those fields (default: every located column).
    """
    names = layout.columns if fields is None else [f for f in fields if f in layout.columns]
    offsets = [(f, layout.columns[f] - grid.first_col) for f in names]
    start = layout.header_row - grid.first_row + 1
    blank = coerce.is_blank
    for i in range(start, len(grid.rows)):
        values = grid.rows[i]
        n = len(values)
        record = {f: values[o] if o < n else None for f, o in offsets}
        for v in record.values():
            if not blank(v):
                yield grid.first_row + i, record
                break


def _take_errors(record: dict[str, Any], spec: schema.SheetSpec, layout: SheetLayout,
                 row: int, findings: list[Finding]) -> dict[str, Any]:
    """Report cells showing a formula error and treat them as blank."""
    for name, value in record.items():
        code = coerce.error_value(value)
        if code:
            findings.append(Finding(
                "error", "formula-error", layout.sheet, layout.cell(name, row), row,
                spec.by_field[name].header,
                f"The cell shows {code}, a formula error. Fix the formula or type the value "
                "in its place."))
            record[name] = None
    return record


MODELS = {"Reports": Report, "Recommendations": Recommendation, "Signatories": Signatory}


def read_table(grid: Grid, spec: schema.SheetSpec, sheet: str, source: str, tracker: Tracker,
               ) -> list:
    layout = locate(grid, spec, sheet, source)
    tracker.layouts[spec.name] = layout
    model = MODELS[spec.name]
    rows = []
    offsets = [(c.field, layout.columns[c.field] - grid.first_col) for c in spec.input_columns
               if c.field in layout.columns]
    # One pass over each row's cells (this runs for every row of a 10,000-row tracker): the
    # record keeps only cells with something in them — every field reads a blank as None, its
    # default — and a row with nothing but blanks and spaces is skipped, as iter_records does.
    for i in range(layout.header_row - grid.first_row + 1, len(grid.rows)):
        values = grid.rows[i]
        n = len(values)
        record = {}
        filled = shows_error = False
        for name, o in offsets:
            if o < n and (v := values[o]) is not None and v != "":
                record[name] = v
                if type(v) is str:
                    filled = filled or not v.isspace()
                    shows_error = shows_error or v[0] == "#"
                else:
                    filled = True
        if not filled:
            continue
        row = grid.first_row + i
        if shows_error:
            record = _take_errors(record, spec, layout, row, tracker.findings)
        obj, found = build_row(model, record, row=row, spec=spec, layout=layout)
        if found:
            tracker.findings.extend(found)
        rows.append(obj)
    return rows


def read_settings(grid: Grid, sheet: str, source: str, tracker: Tracker) -> Settings:
    spec = schema.SETTINGS
    layout = locate(grid, spec, sheet, source)
    tracker.layouts[spec.name] = layout
    values: dict[str, Any] = {}
    for row, record in iter_records(grid, layout):
        label = coerce.to_text(record.get("setting"))
        value_cell = layout.cell("value", row)
        if label is None:
            continue
        setting = SETTINGS_BY_LABEL.get(schema.normalise_header(label))
        if setting is None:
            tracker.findings.append(Finding(
                "warning", "unknown-setting", sheet, layout.cell("setting", row), row, "Setting",
                f"'{label}' is not a setting s55xl knows, so it is ignored. Check the spelling "
                "against the list in the README."))
            continue
        value = record.get("value")
        code = coerce.error_value(value)
        if code:
            tracker.findings.append(Finding(
                "error", "formula-error", sheet, value_cell, row, "Value",
                f"'{setting.label}' shows {code}, a formula error; the default is used. Fix the "
                "formula or type the value."))
            continue
        if coerce.is_blank(value):
            tracker.settings_cells[setting.field] = value_cell  # where to type it
            continue
        if isinstance(setting.default, int):
            try:
                Settings.model_validate({setting.field: value})
            except Exception:  # noqa: BLE001 - reported as a finding below
                tracker.findings.append(Finding(
                    "error", "invalid-setting", sheet, value_cell, row, "Value",
                    f"'{setting.label}' must be a whole number of days (e.g. "
                    f"{setting.default}); '{coerce.to_text(value)}' cannot be used, so "
                    f"{setting.default} is used."))
                continue
            values[setting.field] = value
        else:
            values[setting.field] = coerce.to_text(value)
        tracker.settings_cells[setting.field] = value_cell
    return Settings.model_validate(values)


def read_tracker(grids: Mapping[str, Grid], source: str) -> Tracker:
    """Build the tracker from the grids of a workbook's sheets (keyed by the workbook's names)."""
    tracker = Tracker(source=source)
    names = list(grids)
    found = {spec.name: find_sheet(names, spec.name) for spec in schema.INPUT_SHEETS}
    for required in ("Reports", "Recommendations"):
        if found[required] is None:
            raise UnusableInput(
                f"{source}: there is no '{required}' sheet. Add a sheet named {required} with "
                f"the headers listed in the README (or build a new workbook with `s55xl new`).")
    tracker.reports = read_table(grids[found["Reports"]], schema.REPORTS, found["Reports"],
                                 source, tracker)
    tracker.recommendations = read_table(grids[found["Recommendations"]],
                                         schema.RECOMMENDATIONS, found["Recommendations"],
                                         source, tracker)
    if found["Signatories"]:
        tracker.signatories = read_table(grids[found["Signatories"]], schema.SIGNATORIES,
                                         found["Signatories"], source, tracker)
    if found["Settings"]:
        tracker.settings = read_settings(grids[found["Settings"]], found["Settings"], source,
                                         tracker)
    else:
        tracker.findings.append(Finding(
            "warning", "no-settings", "Settings", "", None, "",
            "There is no Settings sheet, so the default wording and board schedule are used. "
            "Add a Settings sheet (columns Setting and Value) to choose your own."))
    return tracker
