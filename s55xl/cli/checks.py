"""``s55xl validate`` and ``s55xl deadlines``: checking the rows and working out the dates."""

from __future__ import annotations

import json
import sys
import textwrap
from datetime import date
from pathlib import Path

import click

from s55xl import schema
from s55xl.cli.main import Reporter
from s55xl.cli.options import today_option
from s55xl.cli.wrap import fill
from s55xl.findings import Finding, count, report_json


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--today", callback=today_option, help="Check dates as if today were DATE.")
def validate(workbook: Path, as_json: bool, today: date) -> None:
    """Check every row of WORKBOOK and list the problems by sheet and cell.

    Exit code 0 when there are no errors (warnings only), 1 when errors were found,
    2 when the workbook could not be used.

    Example: s55xl validate tracker.xlsm
    """
    from s55xl import checks, xlsx

    findings = checks.run(xlsx.load(workbook), today).findings
    errors, warnings = count(findings, "error"), count(findings, "warning")
    if as_json:
        click.echo(report_json(str(workbook), findings))
    else:
        print_findings(workbook, findings, errors, warnings)
    sys.exit(1 if errors else 0)


# More findings than this of one code on one column are listed once, with their cells.
GROUP_ABOVE = 3
CELLS_SHOWN = 5


def alike_groups(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings as people read them: ``(where, alike)`` in the findings' order.

    A finding stands alone (``alike`` holds just it, ``where`` its sheet and cell) unless more
    than :data:`GROUP_ABOVE` findings share its severity, sheet, code and column — 10,000 rows
    with the same blank column — in which case they are one entry where the first of them
    falls, ``where`` naming the first few cells and how many more.
    """
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.sheet, f.code, f.column), []).append(f)
    out = []
    for f in findings:
        alike = groups[(f.severity, f.sheet, f.code, f.column)]
        if len(alike) <= GROUP_ABOVE:
            out.append((f.where, [f]))
        elif f is alike[0]:
            cells = [g.cell for g in alike if g.cell]
            more = len(alike) - min(len(cells), CELLS_SHOWN)
            where = f"{f.sheet}!{', '.join(cells[:CELLS_SHOWN])}" if cells else f.sheet
            out.append((where + (f" and {more:,} more" if more else ""), alike))
    return out


def print_findings(workbook: Path, findings: list[Finding], errors: int, warnings: int) -> None:
    """List the findings; built whole and written once, as a tracker can have thousands.

    Many findings of one code on one column are shown once (:func:`alike_groups`): their
    cells, how many, and the first one's message. ``--json`` still lists every one.
    """
    plural = lambda n, w: f"{n:,} {w}{'' if n == 1 else 's'}"  # noqa: E731
    if not findings:
        click.echo(f"{workbook}: no problems found.")
        return
    width = Reporter().width
    indent = " " * 8
    styles = {severity: click.style(f"{severity.upper():8}", bold=True,
                                    fg="red" if severity == "error" else "yellow")
              for severity in {f.severity for f in findings}}
    lines = [f"{workbook}: {plural(errors, 'error')}, {plural(warnings, 'warning')}"]
    for where, alike in alike_groups(findings):
        f = alike[0]
        column = f" ({f.column})" if f.column else ""
        if len(alike) == 1:
            lines += ["", f"{styles[f.severity]}{where}{column}", fill(f.message, width, indent)]
            continue
        lines += ["", f"{styles[f.severity]}{where}{column}: {len(alike):,} alike",
                  fill(f"The first: {f.message}", width, indent),
                  fill(f"The others say the same of their own rows ({f.code}); "
                       "`--json` lists every one.", width, indent)]
    click.echo("\n".join(lines))


def finding_lines(findings: list[Finding]) -> list[str]:
    """Findings as one line each (alike ones grouped), for commands that list them briefly."""
    lines = []
    for where, alike in alike_groups(findings):
        f = alike[0]
        where += f" ({f.column})" if f.column else ""
        if len(alike) == 1:
            lines.append(f"  {f.severity.upper()} {where}: {f.message}")
        else:
            lines.append(f"  {f.severity.upper()} {where}: {len(alike):,} alike; the first: "
                         f"{f.message}")
    return lines


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--today", callback=today_option,
              help="Work out days remaining and status as if today were DATE.")
def deadlines(workbook: Path, as_json: bool, today: date) -> None:
    """Work out every report's statutory deadline, submit-by date, board meeting and status.

    Example: s55xl deadlines tracker.xlsm --today 2020-04-01
    """
    from s55xl import deadlines as dl
    from s55xl import xlsx

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
        status = schema.DEADLINE_STATUSES[r.status]
        colour = {"overdue": "red", "due-soon": "yellow", "on-track": "green"}.get(r.status)
        click.echo(f"  {'Days remaining':<20}{r.days_remaining:<17}{r.basis['days_remaining']}")
        click.echo(f"  {'Status':<20}" + click.style(f"{status:<17}", fg=colour, bold=True)
                   + r.basis["status"])
    for f in findings:
        click.echo("")
        out.para(f"Note ({f.where}): {f.message}")
