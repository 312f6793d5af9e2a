"""A workbook file as tests/addin/mockexcel.mjs holds it: what Excel would report to the add-in
(values with dates as Excel serial numbers and their number-format categories, tables, names)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import to_excel


def export_for_mock(path: Path) -> dict:
    """The workbook at ``path`` as tests/addin/mockexcel.mjs holds it: what Excel would report."""
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        values, categories = [], []
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            values.append([]), categories.append([])
            for cell in row:
                v = cell.value
                if isinstance(v, datetime | date):
                    values[-1].append(to_excel(v))
                    categories[-1].append("Date")
                else:
                    values[-1].append("" if v is None else v)
                    categories[-1].append("General")
        tables = [{"name": t.displayName,
                   "range_address": re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", t.ref),
                   "show_headers": True, "show_totals": bool(t.totalsRowCount),
                   "table_style": t.tableStyleInfo.name if t.tableStyleInfo else ""}
                  for t in ws.tables.values()]
        sheets.append({"name": ws.title, "values": values, "categories": categories,
                       "tables": tables})
    names = []
    for defined in wb.defined_names.values():
        for sheet_title, ref in defined.destinations:
            quoted = sheet_title if sheet_title.isidentifier() else f"'{sheet_title}'"
            names.append({"name": defined.name, "ref": f"{quoted}!{ref}"})
    active = wb.worksheets.index(wb["Control"]) if "Control" in wb.sheetnames else 0
    return {"name": path.name, "active": active, "selection": "C13",
            "sheets": sheets, "names": names}
