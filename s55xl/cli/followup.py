"""After the response: ``s55xl calendar``, ``s55xl pack`` and ``s55xl progress``.

Each command opens the workbook, calls one library function in :mod:`s55xl.documents` and
prints what it wrote; refusals (a draft response, a missing address, a cell the progress paper
cannot count) are printed naming the cell and give exit code 1.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from s55xl.cli.checks import finding_lines
from s55xl.cli.options import today_option


def _output_folder(tracker, workbook: Path, given: Path | None) -> Path:
    """``--out``, else the Output folder setting relative to the workbook's folder."""
    if given is not None:
        return given
    folder = Path(tracker.settings.output_folder or "s55xl-output").expanduser()
    return folder if folder.is_absolute() else workbook.parent / folder


@click.command("calendar")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="The .ics file to write. Default: 's55xl dates.ics' in the Output folder.")
@click.option("--report", "report_ids", multiple=True, metavar="ID",
              help="Only this report (repeat for more). Default: every report.")
@click.option("--today", callback=today_option, help="Work out the dates as if today were DATE.")
def calendar(workbook: Path, out_file: Path | None, report_ids: tuple[str, ...],
             today: date) -> None:
    """Write every report's dates and the open recommendations' target dates as an iCalendar
    file to import into Outlook.

    Each report gets all-day events for Chief Constable comments due, Board paper due, Board
    meeting, submit-by and the statutory deadline, each describing the rule behind it. Events
    keep the same UID from run to run, so importing a new file updates the old entries.
    Reminders go off the Settings 'Calendar reminder (working days)' before. An existing file
    is never replaced: a new version is written beside it.

    Example: s55xl calendar tracker.xlsm --out deadlines.ics
    """
    from s55xl import xlsx
    from s55xl.documents import calendar as ical
    from s55xl.documents import files

    tracker = xlsx.load(workbook)
    data, n = ical.build(tracker, today=today, report_ids=list(report_ids) or None)
    if out_file is None:
        out_file = _output_folder(tracker, workbook, None) / "s55xl dates.ics"
    path = files.write_new(out_file.parent, out_file.name, data)
    click.echo(f"Wrote {n} event{'' if n == 1 else 's'} to {path}")
    sys.exit(0)


@click.command("pack")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--report", "report_id", required=True, metavar="ID", help="The report to send.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the messages. Default: the Output folder setting.")
@click.option("--today", callback=today_option, help="Work out the dates as if today were DATE.")
def pack(workbook: Path, report_id: str, out_dir: Path | None, today: date) -> None:
    """Write the section 55 submission messages for one report as .eml files for Outlook.

    The s55(6) message goes to the Settings 'Home Office email' with 'HMICFRS email' copied,
    with the final response attached (PDF, or Word where no PDF converter is installed). The
    s55(4) message asks the Chief Constable for comments by the comments-by date. Exit code 1
    when the s55(6) message cannot be made: the response is still a draft (fill in Response
    date first) or an address is missing.

    Example: s55xl pack tracker.xlsm --report NCPI-2019
    """
    from s55xl import xlsx
    from s55xl.documents import submission

    tracker = xlsx.load(workbook)
    result = submission.pack(tracker, report_id, out_dir=_output_folder(tracker, workbook, out_dir),
                             today=today, base_dir=workbook.parent)
    for path in result.written:
        click.echo(f"Wrote {path}")
    for note in result.notes:
        click.echo(f"Note: {note}")
    for reason in result.refused:
        click.echo(f"Not made: {reason}", err=True)
    sys.exit(1 if result.refused else 0)


@click.command("progress")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the paper. Default: the Output folder setting.")
@click.option("--as-at", "as_at", callback=today_option,
              help="Rate the recommendations as at DATE (default today).")
def progress(workbook: Path, out_dir: Path | None, as_at: date) -> None:
    """Write a progress-update Board paper: each open report's recommendations by status, a
    RAG rating for each, the overdue actions by owner and a chart (Word, and PDF where a
    converter is installed).

    Red: past its target date and not complete; Amber: due within the Settings 'Due soon
    window (days)'; Green otherwise. A target date moved since the History sheet's last
    record is shown with the date it replaced (the History sheet is not changed). Exit code 1
    when a Status, Target date, Ref or Report ID cannot be read (run s55xl validate to see
    them).

    Example: s55xl progress tracker.xlsm --as-at 2020-09-01
    """
    from s55xl import history, xlsx
    from s55xl.documents import progress as paper
    from s55xl.xlsx.reader import read_grids

    tracker = xlsx.load(workbook)
    grid = next(iter(read_grids(workbook, (history.HISTORY_SHEET,)).values()), None)
    past = history.read(grid)
    # Changes not yet recorded (no update since) still show, as the button shows them.
    past += history.changes(tracker, past, when=datetime.now())
    result = paper.write(tracker, out_dir=_output_folder(tracker, workbook, out_dir),
                         as_at=as_at, base_dir=workbook.parent, past=past)
    if result.refused:
        click.echo("No progress paper written: these cells cannot be counted.", err=True)
    for path in result.paths.values():
        click.echo(f"Wrote {path}")
    for reason in result.skipped:
        click.echo(reason)
    if result.findings:
        click.echo("\n".join(finding_lines(result.findings)), err=result.refused)
    sys.exit(1 if result.refused else 0)
