"""The buttons: what the Control sheet's macros run through xlwings.

``vba/S55.bas`` calls ``RunPython "import s55xl.excel; s55xl.excel.validate()"`` (and likewise
``update_deadlines``, ``generate_selected``, ``generate_all``). Each function takes an optional
``book`` — an :class:`xlwings.Book`; None means ``xlwings.Book.caller()``, the workbook whose
button was pressed — and runs in two phases:

1. **Work everything out.** Read the tables once through xlwings (:mod:`s55xl.excel.book`,
   the same header contract as the command line), run the same core (validation, deadlines,
   documents) and plan every write (:mod:`s55xl.excel.writes`). Nothing in the workbook
   changes in this phase.
2. **Write.** Computed columns, fills and notes on the cells with findings, the Findings list,
   a Log row and the Control sheet's ``LastRunStatus`` — whole columns as single writes.

Every button refreshes the same things (computed columns, marks, Findings), so the marks on the
sheet always describe the book as it is now; the buttons differ in what they do besides
(documents) and in what their status line and Log row report.

Three choices worth knowing (details in the modules named):

- *Marks* (fill colour, and a note where the Excel connection can write notes) go on every cell
  with a finding. The previous run's marks are found again from the Findings sheet's Sheet and
  Cell columns — the Findings list is exactly the set of marked cells — and those not marked
  again are cleared (:mod:`s55xl.excel.writes`).
- *A computed column missing* from a hand-made sheet is added after its last used column, header
  included, as ``s55xl update`` does; the status line says so. Missing Findings and Log sheets
  are added; a book without the ``LastRunStatus`` name gets no status line (the Log row and any
  alert still tell the user).
- *Documents* go to Settings' Output folder, relative to the workbook's folder; a workbook on
  OneDrive/SharePoint is mapped to its synced folder as xlwings does it, and when no folder can
  be found they go under the user's Documents folder and an alert says where
  (:mod:`s55xl.excel.paths`). Run by ``s55xl serve`` (``server`` given) they stay on the server
  and the Log row and status carry their download addresses.

``user`` is the name for the Log row; None means the login of the process running Python (on
the user's own PC, the user). The server passes the name the workbook sent.

When the workbook cannot be used (a missing sheet or header, no report chosen) or anything
fails, nothing is written except the status line, an alert says what to do, and for an
unexpected failure the traceback goes to a log file whose path the message gives. No traceback
ever reaches the user. Heavy modules (pydantic models, documents, xlwings itself) are imported
inside the functions, so ``import s55xl.excel`` costs almost nothing.
"""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from s55xl.errors import S55Error

ACTIONS = {
    "validate": "Validate",
    "deadlines": "Update deadlines",
    "selected": "Generate selected",
    "all": "Generate all",
    "progress": "Progress paper",
}
LOG_FOLDER = "s55xl-logs"
MAX_REASONS = 5  # reasons for documents not made, quoted in the status before "and N more"


@dataclass
class Outcome:
    """What a button did: ``status`` is the line written to the Control sheet.

    ``ok`` is False when the run stopped (nothing but the status was written); ``log_file``
    then names the traceback file for an unexpected failure.
    """

    ok: bool
    status: str
    findings: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    out_dir: Path | None = None
    log_file: Path | None = None
    writes: int = 0


def validate(book=None, *, today: date | None = None, user: str | None = None,
             server=None) -> Outcome:
    """Check every row; mark the cells with problems and list them on the Findings sheet."""
    return _run("validate", book, today, user, server)


def update_deadlines(book=None, *, today: date | None = None, user: str | None = None,
                     server=None) -> Outcome:
    """Fill in every report's statutory deadline, submit-by date, board meeting and status."""
    return _run("deadlines", book, today, user, server)


def generate_selected(book=None, *, today: date | None = None, user: str | None = None,
                      server=None) -> Outcome:
    """Write the documents for the report chosen on the Control sheet (or the active row's).

    ``server``: a :class:`s55xl.excel.paths.ServerFolder` when run by ``s55xl serve``."""
    return _run("selected", book, today, user, server)


def generate_all(book=None, *, today: date | None = None, user: str | None = None,
                 server=None) -> Outcome:
    """Write the documents for every report (``server`` as for :func:`generate_selected`)."""
    return _run("all", book, today, user, server)


# -- one run ----------------------------------------------------------------------------------

def _run(action: str, book, today: date | None, user: str | None = None,
         server=None) -> Outcome:
    label = ACTIONS[action]
    now = datetime.now().replace(microsecond=0)
    today = today or now.date()
    if book is None:
        book = _caller(label)
    try:
        prepared, plan = _prepare(action, label, book, today, now, user, server)
    except S55Error as exc:
        return _fail(book, label, now, _for_user(str(exc), server))
    except Exception:  # noqa: BLE001 - the last line of defence: no traceback for the user
        log = _crash_log(label, book)
        return _fail(book, label, now,
                     f"s55xl could not finish ({_short_error(server)}). Nothing in the workbook "
                     f"was changed. {_details(log, server, now)}", log)
    queued = _queued_actions(book)
    mark = len(queued) if queued is not None else 0
    try:
        plan.apply(book)
    except Exception:  # noqa: BLE001 - e.g. a protected sheet; report, never a traceback
        if queued is not None:
            del queued[mark:]  # an engine that queues writes: drop this run's, all or nothing
            changed = "Nothing in the workbook was changed."
        else:
            changed = ("Some cells may already have been updated; press the button again once "
                       "the problem is fixed.")
        if prepared.result.documents:
            changed += f" The documents were written to {prepared.result.out_dir}."
        error = _short_error(server)
        log = _crash_log(label, book)
        return _fail(book, label, now, _for_user(
                     f"s55xl could not write its results into the workbook ({error}; is a "
                     f"sheet protected?). {changed} {_details(log, server, now)}", server), log)
    if prepared.alert:
        _alert(book, prepared.alert, label, "info")
    return prepared.result


@dataclass
class _Prepared:
    result: Outcome
    alert: str | None = None


def _prepare(action: str, label: str, book, today: date, now: datetime, user: str | None = None,
             server=None):
    """Phase 1: read, compute, generate, and plan every write. Writes nothing to the book."""
    from s55xl import checks
    from s55xl.computed import kept_formulas
    from s55xl.excel import book as excel_book
    from s55xl.excel import clients
    from s55xl.excel import history as excel_history
    from s55xl.excel import writes as excel_writes
    from s55xl.findings import count, sort_key

    if server is None:
        from s55xl.excel import versions

        versions.check(book)
    live = excel_book.load(book)
    tracker = live.tracker
    checked = checks.run(tracker, today)
    dates = checked.dates
    findings = [*checked.findings, *clients.unsent_findings(book)]  # cells the client lost
    result = Outcome(ok=True, status="", findings=findings)
    shown = findings  # what is marked and listed: plus what generating the documents found
    report, output, alert = "", "", None
    if action in ("selected", "all"):
        report = excel_book.selected_report(live)[0] if action == "selected" else "All"
        made = _generate(live, [report] if action == "selected" else None, today, result, server)
        known = set(findings)
        shown = sorted(findings + [f for f in made.findings if f not in known], key=sort_key)
        result.findings = shown
    elif action == "progress":
        from s55xl.excel.progress import write_paper

        made = write_paper(live, today, now, result, server)
    plan = excel_writes.WritePlan()
    excel_writes.computed_columns(live, dates, findings, plan)  # as `s55xl update` writes them
    kept = kept_formulas(plan.kept_formulas)  # staff's formulas in computed cells: left alone
    if kept:
        shown = sorted([*shown, kept], key=sort_key)
        result.findings = shown
    problems = _problems(count(shown, "error"), count(shown, "warning"))
    if action == "validate":
        summary = (f"checked {_n(len(tracker.reports), 'report')} and "
                   f"{_n(len(tracker.recommendations), 'recommendation')}: {problems}.")
    elif action == "deadlines":
        summary = f"{_deadlines_summary(tracker, dates)}; {problems}."
    else:
        summary, output, alert = f"{made.summary} Rows: {problems}.", made.output, made.alert

    excel_writes.marks(live, shown, excel_book.previous_marks(live), plan)
    excel_writes.findings_sheet(live, shown, now, plan)
    if plan.added_columns:
        summary += (f" Added the column{'s' if len(plan.added_columns) > 1 else ''} "
                    f"{_join(plan.added_columns)} at the end of the header row.")
    summary = summary[:1].upper() + summary[1:]
    result.status = f"{now:%d/%m/%Y %H:%M} {label}: {summary}"
    if user is None:
        user = os.environ.get("USERNAME") or os.environ.get("USER") or _login()
    excel_history.plan_history(live, now, user, plan)  # Status, Owner, Target date changes
    excel_writes.log_row(live, {
        "Time": now, "User": excel_writes.cell_text(user), "Action": label,
        "Report": excel_writes.cell_text(report), "Outcome": excel_writes.cell_text(summary),
        "Output": excel_writes.cell_text(output)}, plan)
    plan.status = excel_writes.status(book, result.status)
    if plan.add_sheets:
        plan.reactivate = book.sheets.active.name
    result.writes = plan.count_writes()
    return _Prepared(result, alert), plan


@dataclass
class _Made:
    summary: str
    output: str
    alert: str | None
    findings: list


def _generate(live, ids: list[str] | None, today: date, result: Outcome, server=None) -> _Made:
    """Write the documents of ``ids`` (None: every report) into the output folder."""
    from s55xl.excel import paths as excel_paths

    try:
        from s55xl.documents import generate
    except ImportError as exc:
        raise S55Error(f"This installation of s55xl cannot write documents ({exc}). Reinstall "
                       "it: pip install --upgrade --force-reinstall s55xl") from None
    folder = excel_paths.resolve(live.book, live.tracker.settings.output_folder, server)
    generated = generate(live.tracker, report_ids=ids, out_dir=folder.path, today=today,
                         base_dir=folder.template_base, confine=folder.confine)
    documents = list(_get(generated, "documents") or [])
    skipped = list(_get(generated, "skipped") or [])
    result.documents, result.skipped, result.out_dir = documents, skipped, folder.path
    which = ids[0] if ids else _n(len({_get(d, "report_id") for d in documents}), "report")
    where = (f"; download {'it' if len(documents) == 1 else 'them'} from "
             f"{folder.link(folder.path)}" if folder.link else f" to {folder.path}")
    if documents:
        parts = [f"wrote {_n(len(documents), 'document')} for {which}{where}"]
    else:
        parts = [f"no documents were written for {ids[0] if ids else 'any report'}"]
    reasons = [str(_get(s, "reason")).rstrip(".") for s in skipped]  # each names its report
    if len(reasons) > MAX_REASONS:
        more = len(reasons) - MAX_REASONS + 1
        reasons = reasons[:MAX_REASONS - 1] + [f"and {more} more (see the Findings sheet)"]
    parts += reasons
    summary = "; ".join(parts).rstrip(".") + "."
    alert = None
    if folder.fallback_reason and documents and folder.link:
        summary += f" They are kept on the server because {folder.fallback_reason}."
        alert = (f"The documents are kept on the s55xl server ({folder.link(folder.path)}) "
                 f"because {folder.fallback_reason}. To have them written to a shared folder, "
                 "set 'Output folder' on the Settings sheet to a folder the server can write "
                 "to (ask IT which).")
    elif folder.fallback_reason and documents:
        summary += f" They went there because {folder.fallback_reason}."
        alert = (f"The documents were written to {folder.path} because "
                 f"{folder.fallback_reason}. To choose the folder, set 'Output folder' on the "
                 "Settings sheet to a full path.")
    elif not documents:
        alert = summary[:1].upper() + summary[1:]
    paths = [str(_get(d, "path")) for d in documents]
    if folder.link:
        paths = [folder.link(Path(p)) for p in paths]
    output = "\n".join(paths)
    if len(output) > 2000:
        place = folder.link(folder.path) if folder.link else folder.path
        output = f"{place} ({_n(len(paths), 'file')})"
    return _Made(summary, output, alert, list(_get(generated, "findings") or []))


def _deadlines_summary(tracker, dates) -> str:
    from s55xl import schema

    counts: dict[str, int] = {}
    for d in dates:
        counts[d.status] = counts.get(d.status, 0) + 1
    order = ("overdue", "due-soon", "on-track", "responded")
    detail = ", ".join(f"{counts[s]} {schema.DEADLINE_STATUSES[s].lower()}" for s in order
                       if counts.get(s))
    text = f"deadlines worked out for {_n(len(dates), 'report')}"
    if detail:
        text += f" ({detail})"
    missing = len(tracker.reports) - len(dates)
    if missing:
        text += (f"; {_n(missing, 'report')} without a Report ID or publication date "
                 f"{'was' if missing == 1 else 'were'} left blank")
    return text


# -- helpers ----------------------------------------------------------------------------------

def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _problems(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "no problems found"
    found = " and ".join(_n(n, w) for n, w in ((errors, "error"), (warnings, "warning")) if n)
    return f"{found} (cells shaded, listed on the Findings sheet)"


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name available
        return ""


def _short_error(server=None) -> str:
    """The current exception in a few words; on the server only its kind, since its text may
    hold the server's paths or a whole cell's text."""
    exc = sys.exc_info()[1]
    if server is not None:
        return type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _queued_actions(book) -> list | None:
    """The write queue of an engine that sends writes back as a batch (xlwings' remote
    engine), so a failed run can withdraw its own; None for engines that write at once."""
    try:
        actions = book.json()["actions"]
    except Exception:  # noqa: BLE001 - desktop engines have no queue
        return None
    return actions if isinstance(actions, list) else None


def _fail(book, label: str, now: datetime, message: str, log: Path | None = None) -> Outcome:
    """Show why the run stopped: the status line and an alert, and nothing else."""
    from s55xl.excel import writes as excel_writes

    text = f"{now:%d/%m/%Y %H:%M} {label} did not run: {message}"
    try:
        block = excel_writes.status(book, text)
        if block is not None:
            block.write(book)
    except Exception:  # noqa: BLE001 - the alert below still tells the user
        pass
    _alert(book, message, label, "critical")
    return Outcome(ok=False, status=text, log_file=log)


def _alert(book, message: str, label: str, mode: str) -> None:
    """A message box; through xlwings' VBA client, s55xl's own routine shows it, so the
    text arrives intact on a Mac too (see :mod:`s55xl.excel.clients`)."""
    from s55xl.excel import clients

    title = f"s55xl – {label}"
    try:
        if clients.needs_routines(book):
            clients.run_routine(book, "S55_Message", clients.encode(message),
                                clients.encode(title), mode)
        else:
            book.app.alert(message, title=title, buttons="ok", mode=mode)
    except Exception:  # noqa: BLE001 - not every engine can show a message box
        pass


def _crash_log(label: str, book) -> Path | None:
    """Write the current exception's traceback to a log file; its path, or None if it can't."""
    from s55xl import __version__

    try:
        workbook = book.name if book is not None else "(unknown)"
    except Exception:  # noqa: BLE001
        workbook = "(unknown)"
    text = (f"s55xl {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
            f"Button: {label}; workbook: {workbook}; at {datetime.now():%Y-%m-%d %H:%M:%S}\n\n"
            + traceback.format_exc())
    for folder in (Path(tempfile.gettempdir()) / LOG_FOLDER, Path.home()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"s55xl-{datetime.now():%Y%m%d-%H%M%S}-",
                                        suffix=".log", dir=folder)
            with open(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return Path(name)
        except OSError:
            continue
    return None


def _details(log: Path | None, server=None, now: datetime | None = None) -> str:
    if server is not None:  # the log is on the server: IT finds it by its reference
        ref = f" and the reference {log.stem}" if log else ""
        return f"Please tell IT the time ({now or datetime.now():%H:%M}){ref}."
    return (f"Details are in {log} — please send that file to whoever supports s55xl."
            if log else "Please tell whoever supports s55xl what you were doing.")


def _for_user(message: str, server=None) -> str:
    """``message`` as a server run may show it: the server's own folders left out (a file in
    the team's folder is named from there), so no alert reveals where the server keeps files."""
    if server is None:
        return message
    for folder in sorted({str(server.root), str(Path(server.root).resolve()),
                          tempfile.gettempdir()}, key=len, reverse=True):
        message = message.replace(folder.rstrip(os.sep) + os.sep, "").replace(folder, "the "
                                                                              "server's folder")
    return message


def _caller(label: str):
    import xlwings

    try:
        return xlwings.Book.caller()
    except Exception:  # noqa: BLE001 - not started from a workbook button
        log = _crash_log(label, None)
        print(f"s55xl: {label} could not reach the workbook that called it. Press the button "
              f"in the workbook again. {_details(log)}", file=sys.stderr)
        raise SystemExit(1) from None
