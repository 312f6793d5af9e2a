"""The Dashboard sheet: recommendations by status, as live Excel formulas and a native chart.

Nothing on it is written by s55xl after the build: every count is a ``COUNTIFS`` over the
Recommendations sheet, so it is right between runs as staff type. Row 5 totals every report;
rows 6 onwards take the Report IDs of the Reports sheet in order (``INDEX``) and count that
report's recommendations by status, in total, and overdue (target date before today, not
Complete or No action proposed — the progress paper's Red). The chart (XlsxWriter's native
column chart) shows the totals row by status.

The formulas point at whole columns of the Reports and Recommendations sheets where the
builder puts them (the contract's column order), so they keep working however many rows are
added; Excel moves the references with a column that is moved.
"""

from __future__ import annotations

from s55xl import schema
from s55xl.cells import column_letter

DASHBOARD_REPORT_ROWS = 100  # reports the Dashboard lists (rows 6…105)
HEADER_ROW = 3  # zero-based: Excel row 4
TOTAL_ROW = 4  # Excel row 5
CLOSED = ("Complete", "No action proposed")


def _column(spec: schema.SheetSpec, field: str) -> str:
    """``Recommendations!$I:$I``: the whole column the builder gives ``field``."""
    index = [c.field for c in spec.columns].index(field) + 1
    letter = column_letter(index)
    return f"{spec.name}!${letter}:${letter}"


def headers() -> list[str]:
    return ["Report ID", *schema.STATUSES, "Total", "Overdue"]


def write_dashboard(wb, ws, fmt: dict) -> None:
    rec_id = _column(schema.RECOMMENDATIONS, "report_id")
    status = _column(schema.RECOMMENDATIONS, "status")
    target = _column(schema.RECOMMENDATIONS, "target_date")
    report_ids = _column(schema.REPORTS, "report_id")
    bold = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                          "text_wrap": True, "valign": "top"})
    total_fmt = wb.add_format({"bold": True, "top": 1})
    ws.write(0, 0, "Dashboard: recommendations by status", fmt["title"])
    ws.write(1, 0, "Live counts from the Recommendations sheet: they change as you type. "
                   "Overdue: the target date has passed and the status is not Complete or "
                   "No action proposed.", fmt["note"])
    cols = headers()
    for c, text in enumerate(cols):
        ws.write_string(HEADER_ROW, c, text, bold)
    ws.set_row(HEADER_ROW, 32)
    ws.set_column(0, 0, 18)
    ws.set_column(1, len(cols) - 1, 13)
    first, last = TOTAL_ROW + 2, TOTAL_ROW + 1 + DASHBOARD_REPORT_ROWS  # Excel rows 6…105
    ws.write_string(TOTAL_ROW, 0, "All reports", total_fmt)
    for c in range(1, len(cols)):
        letter = column_letter(c + 1)
        ws.write_formula(TOTAL_ROW, c, f"=SUM({letter}{first}:{letter}{last})", total_fmt, 0)
    not_closed = "".join(f',{status},"<>{s}"' for s in CLOSED)
    for i in range(DASHBOARD_REPORT_ROWS):
        row = TOTAL_ROW + 1 + i  # zero-based
        excel_row = row + 1
        ws.write_formula(row, 0, f'=INDEX({report_ids},{i + 2})&""', None, "")
        key = f"$A{excel_row}"
        for c in range(1, len(schema.STATUSES) + 1):
            head = f"{column_letter(c + 1)}${HEADER_ROW + 1}"
            ws.write_formula(row, c, f'=IF({key}="","",COUNTIFS({rec_id},{key},{status},{head}))',
                             None, "")
        ws.write_formula(row, len(cols) - 2, f'=IF({key}="","",COUNTIFS({rec_id},{key}))', None, "")
        ws.write_formula(row, len(cols) - 1,
                         f'=IF({key}="","",COUNTIFS({rec_id},{key},{target},"<"&TODAY()'
                         f'{not_closed}))', None, "")
    ws.freeze_panes(HEADER_ROW + 2, 1)
    chart = wb.add_chart({"type": "column"})
    last_status = column_letter(len(schema.STATUSES) + 1)
    sheet = schema.DASHBOARD_SHEET
    chart.add_series({
        "name": "All reports",
        "categories": f"={sheet}!$B${HEADER_ROW + 1}:${last_status}${HEADER_ROW + 1}",
        "values": f"={sheet}!$B${TOTAL_ROW + 1}:${last_status}${TOTAL_ROW + 1}",
        "data_labels": {"value": True},
        "fill": {"color": "#2E75B6"},
    })
    chart.set_title({"name": "Recommendations by status (all reports)"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"name": "Recommendations", "major_gridlines": {"visible": True},
                      "min": 0})
    chart.set_size({"width": 620, "height": 300})
    ws.insert_chart(1, len(cols) + 1, chart, {"x_offset": 10, "y_offset": 0})
