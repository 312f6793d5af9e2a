"""The command line for documents: ``s55xl generate`` and ``s55xl check-template``.

Each command opens its input, calls one library function and prints the outcome; the library's
:class:`~s55xl.errors.UnusableInput` becomes one line on stderr and exit code 2 in the CLI's
group. docxtpl and friends are imported inside the commands so ``s55xl validate`` starts fast.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from s55xl.cli.checks import finding_lines
from s55xl.cli.options import today_option

FORMAT_CHOICES = ("docx", "html", "pdf", "html-fragment")


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    wrong = [f for f in chosen if f not in FORMAT_CHOICES]
    if wrong or not chosen:
        raise click.BadParameter(f"'{value}': give one or more of {', '.join(FORMAT_CHOICES)} "
                                 "separated by commas, e.g. --format docx,html.")
    return chosen


@click.command("generate")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--report", "report_ids", multiple=True, metavar="ID",
              help="Only this report (repeat for more). Default: every report.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the documents. Default: the Output folder setting, relative to "
                   "the workbook's folder.")
@click.option("--format", "formats", default="docx,html,pdf", show_default=True,
              callback=_formats, help="Which formats to write, separated by commas.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON document listing every file and its SHA-256.")
@click.option("--today", callback=today_option, help="Date the documents as if today were DATE.")
def generate(workbook: Path, report_ids: tuple[str, ...], out_dir: Path | None,
             formats: tuple[str, ...], as_json: bool, today: date) -> None:
    """Write the Board paper, PCC response and publication page for each report of WORKBOOK.

    Each document needs only its own inputs: a report whose rows have errors gets none, and
    one without PCC comments (or a PCC action for a recommendation addressed to PCCs) gets its
    Board paper but not its PCC response (exit code 1; s55xl validate lists the same cells).
    Without a Response date the documents are drafts, marked DRAFT. Regenerating replaces a
    document and keeps the previous one in the "versions" folder beside it. html-fragment
    writes the page without its <html> frame, for a content system. Exit code 2 when the
    workbook or a template cannot be used.

    Example: s55xl generate tracker.xlsm --report NCPI-2019 --format docx,pdf
    """
    from s55xl import xlsx
    from s55xl.documents.pipeline import generate as make

    tracker = xlsx.load(workbook)
    result = make(tracker, report_ids=list(report_ids) or None, out_dir=out_dir,
                  formats=formats, today=today, base_dir=workbook.parent)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        print_result(result)
    sys.exit(1 if result.refused else 0)


def print_result(result) -> None:
    """The human summary of a :class:`~s55xl.documents.GenerateResult`."""
    if result.documents:
        click.echo(f"Wrote {len(result.documents)} document"
                   f"{'' if len(result.documents) == 1 else 's'}:")
        for doc in result.documents:
            click.echo(f"  {doc.path}")
    else:
        click.echo("No documents written.")
    for skipped in result.skipped:
        click.echo(skipped["reason"])
    if result.findings:
        click.echo("\n".join(finding_lines(result.findings)))


def demo_documents(book: Path, out_dir: Path, today: date) -> None:
    """Called by ``s55xl demo``: every document for the demo report, listed as made."""
    from s55xl import demo, xlsx
    from s55xl.documents.pipeline import generate as make

    tracker = xlsx.load(book)
    result = make(tracker, report_ids=[demo.REPORT_ID], out_dir=out_dir, today=today,
                  base_dir=book.parent)
    click.echo("")
    print_result(result)


@click.command("check-template")
@click.argument("template", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(("board_paper", "response", "publication")),
              help="What the template is for. Default: guessed from the file name.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
def check_template(template: Path, kind: str | None, as_json: bool) -> None:
    """Check a Word or HTML template against the placeholders s55xl provides.

    Lists placeholders the template uses that s55xl does not provide (typing mistakes),
    placeholders a document of its kind needs that it never uses, and (for information) the
    other placeholders it could use. Exit code 0 when clean,
    1 when there are problems, 2 when the file cannot be used as a template. The placeholders
    are listed in docs/templates.md.

    Example: s55xl check-template "My board paper.docx"
    """
    from s55xl.documents.check import check_template as check

    result = check(template, kind)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        sys.exit(0 if result.ok else 1)
    label = {"board_paper": "Board paper", "response": "PCC response",
             "publication": "publication page"}[result.kind]
    if result.ok:
        click.echo(f"{template}: a good {label} template ({len(result.used)} placeholders "
                   "used, all provided).")
        if result.optional:
            click.echo("  Also available, not used: " + ", ".join(result.optional))
        sys.exit(0)
    click.echo(f"{template}: {label} template")
    for problem in result.problems:
        click.echo(f"  Problem: {problem}")
    for name in result.unknown:
        click.echo(f"  Not provided by s55xl: {{{{ {name} }}}} – check the spelling against "
                   "docs/templates.md.")
    for name in result.unused:
        click.echo(f"  Never used: {{{{ {name} }}}} – a {label} needs it.")
    if result.optional:
        click.echo("  Also available, not used: " + ", ".join(result.optional))
    sys.exit(1)
