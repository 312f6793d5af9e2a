"""The workbook builder: a fresh governance workbook, with or without the demo data.

Built with XlsxWriter from the contract in :mod:`s55xl.schema`: every sheet as an Excel table with
its headers, dropdowns fed from the hidden Lists sheet, UK date formats, frozen header rows,
column widths, wrapped long text, computed columns shaded and noted so staff do not type in them,
a Settings sheet with its defaults and help, the Control sheet with its buttons, the Log and
Findings sheets and the hidden ``xlwings.conf`` sheet that tells the buttons which Python to run.

A ``.xlsm`` path gets the VBA project built from the text sources in ``vba/`` (see
:mod:`s55xl.build.vbaproject`) plus xlwings' own module from the installed xlwings package, so the VBA
and Python sides always match. The output is reproducible: the same inputs give the same sheets
and the same VBA bytes.

With ``server`` (``s55xl new --server URL``) the buttons post the workbook to an ``s55xl serve``
at that address with xlwings' ``RunServerPython`` instead of starting Python on the PC:
``vba/S55Server.bas`` (the address fixed in it) replaces ``vba/S55.bas``, and xlwings' ``Remote``
module and web classes are embedded from the installed xlwings, exactly as ``xlwings release``
embeds them. The xlwings.conf sheet then carries only the client's ``TIMEOUT``: the access token
is an ``AUTH`` row IT adds there or, better, a line in the user's own xlwings.conf file — never
in the VBA.
"""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from s55xl import demo, history, schema
from s55xl.cells import column_letter, split_a1
from s55xl.errors import UnusableInput
from s55xl.model import SETTING_SPECS

MIN_TABLE_ROWS = 200  # empty rows the tables (and their dropdowns) reach in a new workbook
MACROS = (
    ("S55_Validate", "Validate", "Check every row; problems are listed on the Findings sheet."),
    ("S55_UpdateDeadlines", "Update deadlines",
     "Fill in the statutory deadline, submit-by date, board meeting and status of every report."),
    ("S55_GenerateSelected", "Generate documents for the selected report",
     "Write the Board paper, the PCC's response and the web page for the report chosen below."),
    ("S55_GenerateAll", "Generate all", "Write the documents for every report."),
    ("S55_ProgressPaper", "Progress paper",
     "Write the progress paper for the Board; changes are recorded on the History sheet."),
)
SELECTED_REPORT_CELL = "C13"
STATUS_CELL = "C15"
BOOK_CODE_NAME = "ThisWorkbook"
LOCAL_MACROS = "S55.bas"          # RunPython on the PC
SERVER_MACROS = "S55Server.bas"   # RunServerPython to `s55xl serve`
# What `xlwings release` embeds for a workbook that runs without the add-in, in its order.
XLWINGS_LOCAL_MODULES = ("xlwings.bas", "addin/Dictionary.cls")
XLWINGS_SERVER_MODULES = ("addin/Remote.bas", "addin/IWebAuthenticator.cls", "addin/WebClient.cls",
                          "addin/WebRequest.cls", "addin/WebResponse.cls", "addin/WebHelpers.bas")
SERVER_TIMEOUT_MS = 300_000  # the VBA client's wait; the server's own limit is shorter


def code_names(sheet_names: list[str]) -> dict[str, str]:
    """The VBA code name of each sheet (``Sheet1``…), matching the document modules."""
    return {name: f"Sheet{i}" for i, name in enumerate(sheet_names, start=1)}


SHEET_ORDER = [schema.CONTROL_SHEET, schema.REPORTS.name, schema.RECOMMENDATIONS.name,
               schema.SIGNATORIES.name, schema.SETTINGS.name, schema.FINDINGS_SHEET,
               schema.LOG_SHEET, schema.LISTS_SHEET, schema.XLWINGS_CONF_SHEET,
               schema.DASHBOARD_SHEET, history.HISTORY_SHEET]


def build(path: str | Path, *, with_demo: bool = False, interpreter: str | None = None,
          force: bool = False, server: str | None = None) -> Path:
    """Write a new governance workbook to ``path`` (.xlsx, or .xlsm with macros and buttons).

    ``server`` None builds buttons that run Python on the PC; an ``https://`` address builds
    buttons that call that ``s55xl serve`` (see :func:`server_address`).
    """
    import xlsxwriter

    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UnusableInput(f"{path}: the workbook must end in .xlsm (with buttons) or .xlsx.")
    if server is not None:
        server = server_address(server)
        if path.suffix.lower() != ".xlsm":
            raise UnusableInput(f"{path}: a workbook whose buttons use a server needs macros; "
                                "name it .xlsm.")
    if path.exists() and not force:
        raise UnusableInput(f"{path}: already exists. Choose another name, or add --force to "
                              "replace it.")
    macro = path.suffix.lower() == ".xlsm"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.building{path.suffix}")
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    try:
        _Book(wb, with_demo=with_demo, macro=macro, interpreter=interpreter,
              server=server).write()
        wb.close()
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


class _Book:
    def __init__(self, wb, *, with_demo: bool, macro: bool, interpreter: str | None,
                 server: str | None = None) -> None:
        self.wb = wb
        self.with_demo = with_demo
        self.macro = macro
        self.interpreter = interpreter
        self.server = server
        f = wb.add_format
        self.fmt = {
            "title": f({"bold": True, "font_size": 16, "font_color": "#1F3864"}),
            "text": f({"valign": "top"}),
            "wrap": f({"text_wrap": True, "valign": "top"}),
            "date": f({"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"}),
            "int": f({"num_format": "0", "valign": "top"}),
            "computed": f({"bg_color": "#E7E6E6", "font_color": "#404040", "valign": "top"}),
            "computed_date": f({"bg_color": "#E7E6E6", "font_color": "#404040",
                                "num_format": "dd/mm/yyyy", "valign": "top", "align": "left"}),
            "computed_wrap": f({"bg_color": "#E7E6E6", "font_color": "#404040",
                                "text_wrap": True, "valign": "top"}),
            "label": f({"bold": True}),
            "input": f({"bg_color": "#FFF2CC", "border": 1}),
            "note": f({"italic": True, "font_color": "#595959", "text_wrap": True,
                       "valign": "top"}),
        }

    def write(self) -> None:
        wb = self.wb
        wb.set_properties({
            "title": "s55xl governance workbook",
            "subject": "Section 55 Police Act 1996 responses to HMICFRS reports",
            "author": "s55xl", "company": "", "comments": "Built by s55xl",
            "created": datetime(2020, 1, 1),
        })
        wb.set_calc_mode("auto")
        sheets = {name: wb.add_worksheet(name) for name in SHEET_ORDER}
        if self.macro:
            wb.set_vba_name(BOOK_CODE_NAME)
            for name, code in code_names(SHEET_ORDER).items():
                sheets[name].set_vba_name(code)
        self._lists(sheets[schema.LISTS_SHEET])
        data = self._demo_rows() if self.with_demo else {}
        for spec in (schema.REPORTS, schema.RECOMMENDATIONS, schema.SIGNATORIES):
            self._table(sheets[spec.name], spec, data.get(spec.name, []))
        self._settings(sheets[schema.SETTINGS.name])
        self._plain_table(sheets[schema.FINDINGS_SHEET], schema.FINDINGS_TABLE, schema.FINDINGS_HEADERS,
                          (10, 16, 8, 24, 90, 24))
        self._plain_table(sheets[schema.LOG_SHEET], schema.LOG_TABLE, schema.LOG_HEADERS,
                          (19, 16, 24, 14, 40, 60))
        self._xlwings_conf(sheets[schema.XLWINGS_CONF_SHEET])
        self._plain_table(sheets[history.HISTORY_SHEET], history.HISTORY_TABLE,
                          history.HISTORY_HEADERS, (17, 14, 8, 12, 24, 24, 16))
        self._dashboard(sheets[schema.DASHBOARD_SHEET])
        self._control(sheets[schema.CONTROL_SHEET], data)
        sheets[schema.CONTROL_SHEET].activate()
        if self.macro:
            from s55xl.build.vbaproject import build_vba_project

            wb.add_vba_project(io.BytesIO(build_vba_project(
                vba_modules(SHEET_ORDER, server=self.server))), is_stream=True)

    # -- sheets ---------------------------------------------------------------------------

    def _lists(self, ws) -> None:
        lists = {"Report types": schema.REPORT_TYPES, "Types": schema.FINDING_TYPES,
                 "Statuses": schema.STATUSES}
        for col, (title, values) in enumerate(lists.items()):
            ws.write(0, col, title, self.fmt["label"])
            for row, value in enumerate(values, start=1):
                ws.write_string(row, col, value)
            letter = column_letter(col + 1)
            self.wb.define_name(f"List{title.replace(' ', '')}",
                                f"={schema.LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}")
        ws.hide()

    def _table(self, ws, spec: schema.SheetSpec, rows: list[dict[str, Any]]) -> None:
        n = max(len(rows), 1)
        last_row = n  # zero-based index of the last data row
        columns = []
        for col, column in enumerate(spec.columns):
            fmt = self._format(column)
            columns.append({"header": column.header, "format": fmt})
            ws.set_column(col, col, column.width, fmt)
            if column.note:
                ws.write_comment(0, col, (f"Computed by s55xl — do not type here. {column.note}"
                                          if column.computed else column.note),
                                 {"x_scale": 2, "y_scale": 1.2})
        options = {"name": spec.table_name, "columns": columns, "style": "Table Style Medium 2"}
        if rows:
            options["data"] = [[row.get(c.field) for c in spec.columns] for row in rows]
        ws.add_table(0, 0, last_row, len(spec.columns) - 1, options)
        for col, column in enumerate(spec.columns):
            if column.computed:
                ws.write_string(0, col, column.header, self.wb.add_format({
                    "bold": True, "bg_color": "#7F7F7F", "font_color": "#FFFFFF",
                    "text_wrap": True, "valign": "top"}))
            if column.kind == "choice":
                source = {"report_type": "=ListReporttypes", "type": "=ListTypes",
                          "status": "=ListStatuses"}[column.field]
                ws.data_validation(1, col, max(last_row, MIN_TABLE_ROWS), col, {
                    "validate": "list", "source": source, "ignore_blank": True,
                    "error_title": column.header,
                    "error_message": "Pick one of: " + ", ".join(column.choices),
                    "error_type": "warning"})
            elif column.kind == "date" and not column.computed:
                ws.data_validation(1, col, max(last_row, MIN_TABLE_ROWS), col, {
                    "validate": "date", "criteria": "between",
                    "minimum": datetime(1990, 1, 1), "maximum": datetime(2100, 12, 31),
                    "ignore_blank": True, "error_title": column.header,
                    "error_message": "Type a date such as 27/02/2020.", "error_type": "warning"})
        ws.freeze_panes(1, 0)
        ws.set_row(0, 32)

    def _format(self, column: schema.Column):
        if column.computed:
            return self.fmt["computed_date" if column.kind == "date" else
                            "computed_wrap" if column.field == "validation" else "computed"]
        return self.fmt[{"date": "date", "longtext": "wrap", "int": "int"}.get(column.kind,
                                                                               "text")]

    def _settings(self, ws) -> None:
        values = dict(demo.SETTINGS) if self.with_demo else {}
        if self.server:
            values["server_address"] = self.server
        rows = [[s.label, values.get(s.field, s.default), s.help] for s in SETTING_SPECS]
        for r in rows:
            if r[1] == "":
                r[1] = None
        ws.add_table(0, 0, len(rows), 2, {
            "name": schema.SETTINGS.table_name, "style": "Table Style Light 9", "data": rows,
            "columns": [{"header": "Setting", "format": self.fmt["label"]},
                        {"header": "Value", "format": self.fmt["wrap"]},
                        {"header": "Help", "format": self.fmt["note"]}]})
        ws.set_column(0, 0, 44)
        ws.set_column(1, 1, 50, self.fmt["wrap"])
        ws.set_column(2, 2, 80, self.fmt["note"])
        ws.freeze_panes(1, 0)

    def _plain_table(self, ws, name: str, headers: tuple[str, ...], widths) -> None:
        ws.add_table(0, 0, 1, len(headers) - 1, {
            "name": name, "style": "Table Style Light 1",
            "columns": [{"header": h} for h in headers]})
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, self.fmt["wrap"])
        ws.freeze_panes(1, 0)

    def _xlwings_conf(self, ws) -> None:
        if self.server:
            # No Python on the PC: only the client's wait. No AUTH row: xlwings stops at the
            # first layer holding a key, so even a blank one here would hide the token in the
            # user's own xlwings.conf file.
            rows = [("TIMEOUT", str(SERVER_TIMEOUT_MS))]
        else:
            rows = self._local_conf()
        for r, (key, value) in enumerate(rows):
            ws.write_string(r, 0, key)
            if value:
                ws.write_string(r, 1, value)
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 60)
        ws.hide()

    def _local_conf(self) -> list[tuple[str, str]]:
        """Only the keys the builder means to set. xlwings takes a key from the sheet whenever
        the sheet has it, even blank, so a blank row would hide each user's own setting in
        ``%USERPROFILE%\\.xlwings\\xlwings.conf`` (or the Mac equivalent): the interpreters
        are written only when ``--interpreter`` names one, and the OneDrive/SharePoint folders
        never (they are per user)."""
        win, mac = interpreters(self.interpreter)
        release = xlwings_vba_version(xlwings_folder()) if self.macro else ""
        rows = [("INTERPRETER_WIN", win), ("INTERPRETER_MAC", mac)]
        return [r for r in rows if r[1]] + [
            ("ADD_WORKBOOK_TO_PYTHONPATH", "False"), ("SHOW CONSOLE", "False")] + (
                [("S55XL_XLWINGS_VBA", release)] if release else [])  # s55xl.excel.versions

    def _control(self, ws, data: dict) -> None:
        fmt = self.fmt
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 2, 60)
        ws.write(0, 1, "Section 55 responses — governance workbook", fmt["title"])
        ws.set_row(0, 28)
        ws.merge_range(1, 1, 1, 2,
                       "Keep reports and recommendations on their sheets, then press a button. "
                       "Problems are listed on the Findings sheet with links to each cell; grey "
                       "columns are filled in by s55xl.", fmt["note"])
        ws.set_row(1, 32)
        for i, (macro, caption, help_text) in enumerate(MACROS):
            row = 3 + i * 2
            if self.macro:
                ws.insert_button(row, 1, {"macro": macro, "caption": caption, "width": 270,
                                          "height": 30, "x_offset": 2, "y_offset": 2})
            else:  # an .xlsx cannot hold macros: say what each button would do, and how
                ws.write(row, 1, caption, fmt["label"])
            ws.write(row, 2, help_text, fmt["note"])
            ws.set_row(row, 36)
        if not self.macro:
            ws.write(2, 1, "This copy has no buttons (.xlsx). Build one with buttons with "
                            "`s55xl new tracker.xlsm`, or use the s55xl command line.",
                     fmt["note"])
        r, _ = _cell(SELECTED_REPORT_CELL)
        ws.write(r, 1, "Selected report", fmt["label"])
        selected = data.get("Reports", [{}])[0].get("report_id") if data else None
        if selected:
            ws.write_string(r, 2, selected, fmt["input"])
        else:
            ws.write_blank(r, 2, None, fmt["input"])
        ws.data_validation(r, 2, r, 2, {"validate": "list",
                                        "source": f"={schema.REPORTS.name}!$A$2:$A$1000",
                                        "ignore_blank": True, "error_type": "warning",
                                        "error_message": "Pick a Report ID from the Reports sheet."})
        s, _ = _cell(STATUS_CELL)
        ws.write(s, 1, "Last run", fmt["label"])
        ws.write(s, 2, "Not run yet.", fmt["note"])
        self.wb.define_name(schema.SELECTED_REPORT_NAME,
                            f"={schema.CONTROL_SHEET}!${SELECTED_REPORT_CELL[0]}$"
                            f"{SELECTED_REPORT_CELL[1:]}")
        self.wb.define_name(schema.STATUS_NAME,
                            f"={schema.CONTROL_SHEET}!${STATUS_CELL[0]}${STATUS_CELL[1:]}")
        help_line = (
            f"The buttons run on the s55xl server at {self.server}. If a button says the "
            "access token is missing or wrong, ask IT: the token is AUTH in your own "
            "xlwings.conf file or a row on the hidden xlwings.conf sheet (see docs/server.md)."
            if self.server else
            "If a button says Python cannot be started, see 'First use' in the s55xl "
            "README: the Python to run is set on the hidden xlwings.conf sheet "
            "(INTERPRETER_WIN on Windows, INTERPRETER_MAC on a Mac).")
        ws.merge_range(s + 2, 1, s + 2, 2, help_line, fmt["note"])
        ws.set_row(s + 2, 32)
        ws.hide_gridlines(2)
        ws.set_landscape()
        ws.fit_to_pages(1, 1)
        ws.print_area(0, 0, s + 3, 2)

    def _dashboard(self, ws) -> None:
        """Counts by status per report as live COUNTIFS formulas, and a native chart."""
        from s55xl.build.dashboard import write_dashboard

        write_dashboard(self.wb, ws, self.fmt)

    def _demo_rows(self) -> dict[str, list[dict]]:
        return {"Reports": [demo.REPORT], "Recommendations": demo.RECOMMENDATIONS,
                "Signatories": demo.SIGNATORIES}


def _cell(address: str) -> tuple[int, int]:
    """An A1 address as XlsxWriter's zero-based (row, column)."""
    row, col = split_a1(address)
    return row - 1, col - 1


def interpreters(given: str | None) -> tuple[str, str]:
    """(INTERPRETER_WIN, INTERPRETER_MAC) for xlwings.conf.

    ``given`` (``--interpreter``) is written for the platform it names (a Windows path ending
    in ``.exe`` or holding a backslash, a Mac path starting with ``/``; anything else for the
    platform building the workbook); None (or "") gives neither, so each user's own
    xlwings.conf file, or ``python`` from the PATH, decides. The builder's own Python is never
    written: it is usually a per-user path that colleagues' PCs do not have.
    """
    if not given:
        return ("", "")
    if given.lower().endswith(".exe") or "\\" in given:
        return (given, "")
    if given.startswith("/"):
        return ("", given)
    return (given, "") if sys.platform == "win32" else ("", given)


def server_address(text: str) -> str:
    """The ``--server`` address as the VBA uses it (no trailing slash). Raises UnusableInput.

    It must be an ``https://`` address (``http://`` only for this machine, for trying it out),
    with a host and nothing a VBA string or a URL path could be confused by.
    """
    given = (text or "").strip()
    parts = urlsplit(given)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    bad = [c for c in given if c in '"\\<>' or c.isspace() or ord(c) < 32 or not c.isascii()]
    if (parts.scheme not in ("https", "http") or not parts.hostname or bad or parts.query
            or parts.fragment or "@" in parts.netloc or (parts.scheme == "http" and not local)):
        raise UnusableInput(
            f"--server {given!r}: give the server's https address, such as "
            "https://s55xl.force.local (http:// is only for localhost).")
    return given.rstrip("/")


def vba_source_dir() -> Path:
    """Where the VBA sources are: ``s55xl/_vba`` in an installed wheel, ``vba/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_vba"
    return packaged if (packaged / "S55.bas").exists() else package.parent / "vba"


def xlwings_folder() -> Path:
    """The installed xlwings package's folder, found without importing xlwings (the builder only
    reads its VBA sources)."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise UnusableInput("xlwings is not installed, and the workbook's buttons need its VBA "
                            "module. Install it with: pip install xlwings")
    return Path(next(iter(spec.submodule_search_locations)))


def xlwings_vba_version(folder: Path) -> str | None:
    """The ``XLWINGS_VERSION`` written in the installed xlwings' VBA module, or None."""
    import re

    text = (folder / "xlwings.bas").read_text(encoding="utf-8", errors="replace")
    found = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', text)
    return found.group(1) if found else None


def required_xlwings() -> str | None:
    """The xlwings version s55xl is pinned to (``xlwings==X`` in its metadata), or None when
    s55xl runs from a checkout without metadata."""
    from importlib import metadata

    try:
        wanted = metadata.requires("s55xl") or []
    except metadata.PackageNotFoundError:
        return None
    for line in wanted:
        name, _, version = line.partition("==")
        if name.strip().lower() == "xlwings" and version:
            return version.split(";")[0].strip()
    return None


def check_xlwings(folder: Path) -> str:
    """The installed xlwings' VBA version, refused unless it is the one s55xl is pinned to.

    The embedded VBA and the xlwings Python package must be the same release (the Mac's
    ``xlwings-<version>.applescript``, the server's payload check), so a mismatch is said
    plainly rather than shipped.
    """
    found = xlwings_vba_version(folder)
    wanted = required_xlwings()
    if wanted and found != wanted:
        raise UnusableInput(
            f"xlwings {found or '(unknown version)'} is installed, but s55xl's buttons are made "
            f"for xlwings {wanted}. Install the matching one: pip install xlwings=={wanted}")
    return found or ""


def vba_modules(sheet_order: list[str], *, server: str | None = None):
    """The VBA project's modules: s55xl's, xlwings' and the documents.

    s55xl's are ``vba/S55.bas`` (or, with ``server``, ``vba/S55Server.bas`` with the address
    filled in) and any other ``vba/*.bas``/``*.cls``; xlwings' come from the installed xlwings
    (:data:`XLWINGS_LOCAL_MODULES`, plus :data:`XLWINGS_SERVER_MODULES` with ``server``).
    """
    from dataclasses import replace

    from s55xl.build.vbaproject import VbaModule, module_from_file

    src = vba_source_dir()
    xw = xlwings_folder()
    check_xlwings(xw)
    own = [p for p in sorted(src.glob("*.bas")) + sorted(src.glob("*.cls"))
           if p.name not in (LOCAL_MACROS, SERVER_MACROS)]
    if server is None:
        modules = [module_from_file(src / LOCAL_MACROS)]
    else:
        macros = module_from_file(src / SERVER_MACROS)
        modules = [replace(macros, code=macros.code.replace("{server}", server_address(server)))]
    modules += [module_from_file(p) for p in own]
    shipped = XLWINGS_LOCAL_MODULES + (XLWINGS_SERVER_MODULES if server is not None else ())
    modules += [module_from_file(xw / name) for name in shipped]
    documents = [VbaModule(BOOK_CODE_NAME, "document", "", base="workbook")]
    documents += [VbaModule(code, "document", "", base="worksheet")
                  for code in code_names(sheet_order).values()]
    return documents + modules
