"""Workbooks the way staff keep them, written by XlsxWriter (and converted by LibreOffice), and
the independent readings the write-back tests compare before and after.

:func:`staff_book` lays out:

- Reports: an Excel table ``tblReports`` (A1:N4) with every computed column, a Total row
  (``=SUBTOTAL(101,[Days remaining])``), Published typed as ``=DATE(2020,2,27)`` in R1, a
  Deadline status formula of staff's own in R2, a note on B2; a second table ``tblOther``
  at A7:B9 below it.
- Recommendations: no table; a units row under the headers, two data rows, then a summary line
  with ``=COUNTIF`` in the Validation column; data bars and an icon set on the Target date
  column.
- Dashboard: sparklines, a chart with a text box, an image, a checkbox, a dynamic array and
  rich text; and a chart sheet, Trend.
- custom document properties, "read-only recommended", and optionally 1904 dates.

``OWNED`` lists, independently of s55xl, the cells ``s55xl update`` may write there.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

REPORT_INPUTS = ["Report ID", "Title", "Published", "Report URL", "Summary",
                 "Chief Constable comments", "PCC comments",
                 "PCC response to Chief Constable comments"]
REPORT_COMPUTED = ["Statutory deadline", "Submit by", "Board meeting", "Paper due",
                   "Days remaining", "Deadline status"]
REC_HEADERS = ["Report ID", "Ref", "Type", "Addressed to", "Recommendation", "Force response",
               "Owner", "Status", "Target date", "Evidence", "Validation"]
# (sheet, row, col), 1-based: Reports rows 2-3 × columns I-N except R2's own formula in N3;
# Recommendations rows 4-5 × K.
OWNED = ({("Reports", r, c) for r in (2, 3) for c in range(9, 15)} - {("Reports", 3, 14)}
         | {("Recommendations", r, 11) for r in (4, 5)})


def png() -> bytes:
    """A 2×2 red PNG, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def staff_book(path: Path, *, date1904: bool = False) -> Path:
    import xlsxwriter

    image = path.with_name("logo.png")
    image.write_bytes(png())
    wb = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    wb.set_custom_property("Department", "Force governance")
    wb.read_only_recommended()
    fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reports")
    rows = [["R1", "Child protection", None, "https://www.justiceinspectorates.gov.uk/hmicfrs/a.pdf",
             "Summary.", "CC comments.", "PCC comments.", "PCC response."] + [None] * 6,
            ["R2", "Custody", date(2020, 3, 2), "https://www.justiceinspectorates.gov.uk/hmicfrs/b.pdf",
             "Summary.", "CC comments.", "PCC comments.", "PCC response."] + [None] * 6]
    columns = [{"header": h} for h in REPORT_INPUTS + REPORT_COMPUTED]
    columns[0]["total_string"] = "Total"
    columns[12]["total_function"] = "average"
    ws.add_table("A1:N4", {"name": "tblReports", "data": rows, "columns": columns,
                           "total_row": True})
    base = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    ws.write_formula("C2", "=DATE(2020,2,27)", fmt, (date(2020, 2, 27) - base).days)
    ws.write_datetime("C3", datetime(2020, 3, 2), fmt)
    ws.write_formula("N3", '="Chased "&A3', None, "Chased R2")
    ws.write_comment("B2", "Check the title with the Board office.")
    ws.add_table("A7:B9", {"name": "tblOther", "columns": [{"header": "Other"},
                                                            {"header": "Value"}],
                           "data": [["Budget", 100], ["Staff", 7]]})
    ws = wb.add_worksheet("Recommendations")
    ws.write_row(0, 0, REC_HEADERS)
    ws.write_row(1, 0, ["", "(number)", "(type)", "(who)", "(text)", "(text)", "(name)",
                        "(status)", "(date)", "(text)", "(s55xl)"])
    for r, ref in ((3, "1"), (4, "2")):
        ws.write_row(r, 0, ["R1", ref, "Recommendation", "Chief constables",
                            "We recommend that chief constables act.",
                            "The Constabulary is acting.", "Head of Crime", "In progress"])
        ws.write_datetime(r, 8, datetime(2020, 6, r), fmt)
    ws.write_formula("K6", '=COUNTIF(K4:K5,"OK")', None, 2)
    ws.write_rich_string("E8", "Note: ", wb.add_format({"bold": True}), "reviewed", " monthly")
    ws.conditional_format("I4:I5", {"type": "data_bar", "data_bar_2010": True})
    ws.conditional_format("I4:I5", {"type": "icon_set", "icon_style": "3_arrows"})
    ws = wb.add_worksheet("Dashboard")
    ws.write_row(0, 0, [1, 4, 2, 5])
    ws.add_sparkline("E1", {"range": "Dashboard!A1:D1"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Dashboard!$A$1:$D$1"})
    ws.insert_chart("A3", chart)
    ws.insert_textbox("J3", "Figures for the Board")
    ws.insert_image("J10", str(image))
    ws.insert_checkbox("A20", True)
    ws.write_dynamic_array_formula("B20", "=SORT(A1:D1,,,TRUE)")
    sheet_chart = wb.add_chart({"type": "line"})
    sheet_chart.add_series({"values": "=Dashboard!$A$1:$D$1"})
    wb.add_chartsheet("Trend").set_chart(sheet_chart)
    wb.close()
    image.unlink()
    return path


THREADED = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
            b'threadedcomments"><threadedComment ref="B2" dT="2026-11-30T09:00:00.00" '
            b'personId="{5B1F6A2C-0000-4000-8000-000000000001}" '
            b'id="{5B1F6A2C-0000-4000-8000-000000000002}"><text>Board office agrees.</text>'
            b'</threadedComment></ThreadedComments>')
PERSONS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
           b'threadedcomments"><person displayName="Jo Bloggs" '
           b'id="{5B1F6A2C-0000-4000-8000-000000000001}" userId="jo" providerId="None"/>'
           b'</personList>')


def with_threaded_comment(path: Path) -> Path:
    """``path`` with a threaded comment on Reports!B2 (and its person list), added to the
    package the way Excel 365 stores them (XlsxWriter writes notes only)."""
    ns = b"http://schemas.microsoft.com/office/2017/10/relationships/"
    out = path.with_name("threaded-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
                    b'ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
                    b'<Override PartName="/xl/persons/person.xml" '
                    b'ContentType="application/vnd.ms-excel.person+xml"/></Types>'))
            elif item.filename == "xl/worksheets/_rels/sheet1.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId90" Type="'
                                    + ns + b'threadedComment" Target="../threadedComments/'
                                    b'threadedComment1.xml"/></Relationships>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId90" Type="'
                                    + ns + b'person" Target="persons/person.xml"/>'
                                    b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr("xl/threadedComments/threadedComment1.xml", THREADED)
        dst.writestr("xl/persons/person.xml", PERSONS)
    return out


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def cells(path: Path) -> dict[tuple[str, int, int], tuple]:
    """Every non-empty cell: (value or formula, cached value, number format), read by openpyxl
    twice (formulas, then the cached results)."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(path, rich_text=True)
        cached = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                cached_value = cached[ws.title].cell(c.row, c.column).value
                if c.value is None and cached_value is None:
                    continue
                value = getattr(c.value, "text", c.value)  # array formulas
                out[(ws.title, c.row, c.column)] = (value if isinstance(value, (int, float))
                                                    else str(value), cached_value)
    return out
