"""``s55xl new``, ``s55xl demo`` and ``s55xl update``: making and writing the workbook."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from s55xl.cli.checks import print_deadlines, print_findings
from s55xl.cli.options import today_option
from s55xl.findings import count


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--demo", "with_demo", is_flag=True, help="Fill it with the NCPI 2019 example.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.option("--interpreter", help="The Python the buttons run (default: python from the PATH).")
@click.option("--server", metavar="URL", help="Buttons that call an s55xl server at URL "
              "(s55xl serve) instead of Python on the PC, e.g. https://s55xl.force.local.")
def new(path: Path, with_demo: bool, force: bool, interpreter: str | None,
        server: str | None) -> None:
    """Build a fresh governance workbook at PATH (.xlsm with buttons, or .xlsx).

    Example: s55xl new tracker.xlsm --demo
    """
    from s55xl.build.workbook import build

    if server is not None and interpreter is not None:
        raise click.UsageError("--interpreter is for buttons that run Python on the PC; a "
                               "--server workbook runs no Python there. Give one of them.")
    build(path, with_demo=with_demo, force=force, interpreter=interpreter, server=server)
    click.echo(f"Built {path}" + (" with the NCPI 2019 example" if with_demo else "")
               + (f"; its buttons call the s55xl server at {server.strip().rstrip('/')}."
                  if server else "."))


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("s55xl-demo"),
              show_default=True, help="Folder for the demo workbook and documents.")
@click.option("--today", help="Work out deadlines as if today were DATE (default 1 April 2020, "
              "a day inside the example report's 56 days).")
def demo(out_dir: Path, today: str | None) -> None:
    """Build the NCPI 2019 demo workbook, check it, work out its deadlines and show the results.

    Example: s55xl demo --out s55xl-demo
    """
    from s55xl import checks, xlsx
    from s55xl.build import build
    from s55xl.demo import DEMO_TODAY

    today = today_option(None, None, today) if today else DEMO_TODAY
    out_dir.mkdir(parents=True, exist_ok=True)
    book = build(out_dir / "s55xl-demo.xlsm", with_demo=True, force=True)
    click.echo(f"Built the demo workbook {book}")
    checked = checks.run(xlsx.load(book), today)
    findings = checked.findings
    print_findings(book, findings, count(findings, "error"), count(findings, "warning"))
    click.echo("")
    print_deadlines(checked.dates, [], today)
    from s55xl.cli.documents import demo_documents

    demo_documents(book, out_dir, today)


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--today", callback=today_option, help="Work out days remaining as if today were DATE.")
def update(workbook: Path, today: date) -> None:
    """Write the computed columns and the Validation column into WORKBOOK.

    Everything else in the workbook is kept exactly: a backup is made first, the new file is
    checked before it replaces the old one, and a workbook open in Excel is left alone.
    Exit code 0 when the rows have no errors, 1 when they have (the columns are still written),
    2 when the workbook could not be used or written.

    Example: s55xl update tracker.xlsm
    """
    from s55xl import history
    from s55xl.xlsx.update import update as run_update

    result = run_update(workbook, today)
    click.echo(f"Updated {workbook}: {result.cells_written} computed cells written "
               f"({result.errors} errors, {result.warnings} warnings in the rows).")
    if result.columns_added:
        click.echo("Added the columns " + ", ".join(result.columns_added) + ".")
    for finding in result.findings:
        if finding.code == "formula-kept":
            click.echo(finding.message)
    if result.history:
        click.echo(f"Recorded {result.history} change{'' if result.history == 1 else 's'} of "
                   "Status, Owner or Target date on the History sheet.")
    if result.no_history_sheet:
        click.echo("Status, Owner or Target date changed, but the workbook has no History sheet "
                   "to record it on. Add a sheet named History with the headers "
                   + ", ".join(history.HISTORY_HEADERS) + " to keep that record.")
    if result.backup is None:
        click.echo(f"Nothing needed writing, so {workbook} was not changed.")
        sys.exit(1 if result.errors else 0)
    click.echo(f"The previous version is saved as {result.backup}")
    sys.exit(1 if result.errors else 0)
