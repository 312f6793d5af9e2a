"""The command line: ``s55xl demo | new | validate | deadlines | …``.

Each command opens its input, calls one library function and turns the library's own exceptions
into one line on stderr and an exit code (0 fine, 1 problems found in the rows, 2 the input could
not be used). Nothing below this module prints or exits.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import traceback
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import S55Error
from .findings import Finding, count
from .inputs import today_option

STATUS_LABELS = {"responded": "Responded", "overdue": "Overdue", "due-soon": "Due soon",
                 "on-track": "On track"}


class Reporter:
    """Prints to the terminal with a width that suits it."""

    def __init__(self) -> None:
        self.width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))

    def para(self, text: str, indent: int = 0) -> None:
        pad = " " * indent
        click.echo(textwrap.fill(text, self.width, initial_indent=pad, subsequent_indent=pad,
                                 break_long_words=False, break_on_hyphens=False))


class S55Group(click.Group):
    """Turns s55xl's own exceptions into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except S55Error as exc:
            click.echo(f"s55xl: {exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
            log = _write_crash_log()
            click.echo(f"s55xl: could not finish ({type(exc).__name__}: {exc}). Details are "
                       f"in {log}; please send that file to whoever supports s55xl.", err=True)
            ctx.exit(2)


@click.group(cls=S55Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="s55xl")
def cli() -> None:
    """Section 55 inspection responses from one governance workbook.

    Keep HMICFRS reports, recommendations, force responses and signatories in the workbook;
    s55xl checks the rows, works out the deadlines and writes the documents.
    """


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--today", callback=today_option, help="Check dates as if today were DATE.")
def validate(workbook: Path, as_json: bool, today: date) -> None:
    """Check every row of WORKBOOK and list the problems by sheet and cell.

    Exit code 0 when there are no errors (warnings only), 1 when errors were found,
    2 when the workbook could not be used.

    Example: s55xl validate tracker.xlsm
    """
    from . import deadlines, xlsx
    from .validate import validate as check

    tracker = xlsx.load(workbook)
    findings = check(tracker, today)
    _, dated = deadlines.for_tracker(tracker, today)
    findings = findings + dated
    errors, warnings = count(findings, "error"), count(findings, "warning")
    if as_json:
        click.echo(json.dumps({"workbook": str(workbook), "errors": errors,
                               "warnings": warnings,
                               "findings": [f.as_json() for f in findings]}, indent=2,
                              ensure_ascii=False))
    else:
        _print_findings(workbook, findings, errors, warnings)
    sys.exit(1 if errors else 0)


def _print_findings(workbook: Path, findings: list[Finding], errors: int, warnings: int) -> None:
    out = Reporter()
    plural = lambda n, w: f"{n} {w}{'' if n == 1 else 's'}"  # noqa: E731
    if not findings:
        click.echo(f"{workbook}: no problems found.")
        return
    click.echo(f"{workbook}: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    for f in findings:
        click.echo("")
        label = click.style(f"{f.severity.upper():8}", fg="red" if f.severity == "error"
                            else "yellow", bold=True)
        where = f.where + (f" ({f.column})" if f.column else "")
        click.echo(f"{label}{where}")
        out.para(f.message, indent=8)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--today", callback=today_option,
              help="Work out days remaining and status as if today were DATE.")
def deadlines(workbook: Path, as_json: bool, today: date) -> None:
    """Work out every report's statutory deadline, submit-by date, board meeting and status.

    Example: s55xl deadlines tracker.xlsm --today 2020-04-01
    """
    from . import deadlines as dl
    from . import xlsx

    tracker = xlsx.load(workbook)
    results, findings = dl.for_tracker(tracker, today)
    if as_json:
        click.echo(json.dumps({"today": today.isoformat(),
                               "reports": [r.as_json() for r in results]}, indent=2,
                              ensure_ascii=False))
    else:
        print_deadlines(results, findings, today)
    sys.exit(0)


def print_deadlines(results, findings: list[Finding], today: date) -> None:
    out = Reporter()
    fmt = lambda d: f"{d:%a} {d.day:>2} {d:%b %Y}" if d else "—"  # noqa: E731
    click.echo(f"Deadlines as at {fmt(today)}")
    if not results:
        click.echo("No reports with a Report ID and a publication date.")
    for r in results:
        click.echo("")
        click.echo(click.style(f"{r.report_id}", bold=True) + f"  {r.title}")
        rows = [("Published", r.published, None),
                ("Statutory deadline", r.statutory_deadline, "statutory_deadline"),
                ("Submit by", r.submit_by, "submit_by"),
                ("Board meeting", r.board_meeting, "board_meeting"),
                ("Paper due", r.paper_due, "paper_due"),
                ("CC comments by", r.comments_requested_by, "comments_requested_by")]
        for label, value, key in rows:
            click.echo(f"  {label:<20}{fmt(value):<17}", nl=False)
            basis = r.basis.get(key, "") if key else ""
            lines = textwrap.wrap(basis, max(30, out.width - 39)) or [""]
            click.echo(lines[0])
            for line in lines[1:]:
                click.echo(" " * 39 + line)
        status = STATUS_LABELS[r.status]
        colour = {"overdue": "red", "due-soon": "yellow", "on-track": "green"}.get(r.status)
        click.echo(f"  {'Days remaining':<20}{r.days_remaining:<17}{r.basis['days_remaining']}")
        click.echo(f"  {'Status':<20}" + click.style(f"{status:<17}", fg=colour, bold=True)
                   + r.basis["status"])
    for f in findings:
        click.echo("")
        out.para(f"Note ({f.where}): {f.message}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--demo", "with_demo", is_flag=True, help="Fill it with the NCPI 2019 example.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.option("--interpreter", help="The Python the buttons run (default: this Python).")
def new(path: Path, with_demo: bool, force: bool, interpreter: str | None) -> None:
    """Build a fresh governance workbook at PATH (.xlsm with buttons, or .xlsx).

    Example: s55xl new tracker.xlsm --demo
    """
    from .builder import build

    try:
        build(path, with_demo=with_demo, force=force, interpreter=interpreter)
    except (FileExistsError, ValueError) as exc:
        raise S55Error(str(exc)) from None
    click.echo(f"Built {path}" + (" with the NCPI 2019 example." if with_demo else "."))


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("s55xl-demo"),
              show_default=True, help="Folder for the demo workbook and documents.")
@click.option("--today", help="Work out deadlines as if today were DATE (default 1 April 2020, "
              "a day inside the example report's 56 days).")
def demo(out_dir: Path, today: str | None) -> None:
    """Build the NCPI 2019 demo workbook, check it, work out its deadlines and show the results.

    Example: s55xl demo --out s55xl-demo
    """
    from . import deadlines as dl
    from . import xlsx
    from .builder import build
    from .validate import validate as check

    from .demo import DEMO_TODAY

    today = today_option(None, None, today) if today else DEMO_TODAY
    out_dir.mkdir(parents=True, exist_ok=True)
    book = build(out_dir / "s55xl-demo.xlsm", with_demo=True, force=True)
    click.echo(f"Built the demo workbook {book}")
    tracker = xlsx.load(book)
    findings = check(tracker, today)
    results, dated = dl.for_tracker(tracker, today)
    findings += dated
    _print_findings(book, findings, count(findings, "error"), count(findings, "warning"))
    click.echo("")
    print_deadlines(results, [], today)
    from .documents.command import demo_documents

    demo_documents(book, out_dir, today)


@cli.command()
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
    from .update import update as run_update

    result = run_update(workbook, today)
    click.echo(f"Updated {workbook}: {result.cells_written} computed cells written "
               f"({result.errors} errors, {result.warnings} warnings in the rows).")
    if result.columns_added:
        click.echo("Added the columns " + ", ".join(result.columns_added) + ".")
    click.echo(f"The previous version is saved as {result.backup}")
    sys.exit(1 if result.errors else 0)


# Commands that live beside the code they drive; each module keeps heavy imports inside its
# command so `s55xl validate` starts quickly.
# (command registrations: one line per module below)
from .importer.command import import_paper; cli.add_command(import_paper, name="import")  # noqa: E402, E702, I001
from .documents.command import check_template, generate; cli.add_command(generate); cli.add_command(check_template)  # noqa: E402, E501, E702, I001


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="s55xl")


def _write_crash_log() -> str:
    import tempfile

    fd, name = tempfile.mkstemp(prefix="s55xl-error-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as fh:
        traceback.print_exc(file=fh)
    return name


if __name__ == "__main__":  # pragma: no cover
    main()
