"""``s55xl import DOCUMENT --into WORKBOOK``: the command line's door to the importer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("import")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--into", "workbook", required=True, type=click.Path(path_type=Path),
              help="The governance workbook to add the rows to.")
@click.option("--report", "report_id", metavar="ID",
              help="The Report ID the rows belong to (default: the report with the paper's "
                   "title, else a new ID made from the title).")
@click.option("--replace", is_flag=True,
              help="Overwrite rows whose Ref is already there for the report (their Owner, "
                   "Status and other columns are kept).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
def import_paper(document: Path, workbook: Path, report_id: str | None, replace: bool,
                 dry_run: bool, as_json: bool) -> None:
    """Read recommendations and force responses from DOCUMENT into rows.

    DOCUMENT is an inspection report as the inspectorate publishes it — its PDF, or its web
    page saved from the browser (.html) — or a paper (.docx, or .txt copied out of a PDF).
    Finds each cause of concern with its recommendations, each "Recommendation 3: By 31 March
    2021, chief constables should…", each numbered area for improvement, numbered paragraphs
    ("3.1 We recommend that…") with their "Force response:", and tables with Ref,
    Recommendation and Response columns. "The force" in Addressed to becomes the force's name
    from the workbook's Settings; "By 31 March 2024" sets the Target date, and "Within three
    months" sets it three months after publication. Page headers, footers, page numbers and
    the website's menus and footer are left out. New rows go under the last row of the
    Recommendations sheet, and a new report onto the Reports sheet. A Ref already there for
    the report is skipped unless --replace. The workbook is backed up first and left alone if
    it is open in Excel.

    Exit code 0 when findings were imported (or skipped as already there), 1 when the document
    contains nothing recognisable (or is a scanned PDF with no text), 2 when a file could not
    be used (missing, damaged, protected with a password).

    Example: s55xl import peel-2023.pdf --into tracker.xlsm --dry-run
    """
    from s55xl import xlsx
    from s55xl.importer import read_paper
    from s55xl.importer.patterns import LOOKED_FOR
    from s55xl.importer.pdf import NoTextLayer
    from s55xl.xlsx.append import import_into

    try:
        paper = read_paper(document, force_name=_force_name(xlsx.load(workbook)))
    except NoTextLayer as exc:
        click.echo(f"s55xl: {exc}", err=True)
        sys.exit(1)
    result, backup = import_into(workbook, paper, report_id=report_id, replace=replace,
                                 dry_run=dry_run or not paper.items)
    if not paper.items:
        if as_json:
            click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        click.echo(f"s55xl: {document}: no recommendations found, so nothing was imported. "
                   f"s55xl looked for {LOOKED_FOR}.", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        _print(result, paper, document, workbook, dry_run, backup)
    sys.exit(0)


def _force_name(tracker) -> str | None:
    """The name "the force" stands for: the Settings sheet's force full name, else its force
    name; None when the sheet names neither (Addressed to then keeps "The force")."""
    typed = tracker.settings_cells
    settings = tracker.settings
    if "force_full_name" in typed and settings.force_full_name.strip():
        return settings.force_full_name.strip()
    if "force_name" in typed and settings.force_name.strip():
        return settings.force_sentence_start.strip()
    return None


def _print(result, paper, document: Path, workbook: Path, dry_run: bool, backup) -> None:
    verb = "Would import" if dry_run else "Imported"
    n = len(result.rows)
    click.echo(f"{verb} {n} finding{'' if n == 1 else 's'} from {document} into {workbook} "
               f"(report {result.report_id}).")
    if result.new_report:
        r = result.new_report
        details = [r.get("title") or "no title found"]
        if r.get("published"):
            details.append(f"published {r['published']:%d %B %Y}".replace(" 0", " "))
        click.echo(f"{'Would add' if dry_run else 'Added'} {result.report_id} to the Reports "
                   f"sheet: {', '.join(details)}.")
    for note in result.notes:
        click.echo(note)
    width = max([10] + [len(p.item.ref) + 2 for p in result.rows])
    for planned in result.rows:
        item = planned.item
        how = "replaces its row" if planned.row is not None else "new"
        due = getattr(item, "target_date", None)
        by = f"  target {due:%d/%m/%Y}" if due else ""
        click.echo(f"  {item.ref:<{width}}{item.type:<22}"
                   f"{item.addressed_to or '(addressee not found)'}{by}  [{how}]")
        if getattr(item, "note", None):
            click.echo(f"  {'':<{width}}{item.note}")
    for ref, reason in result.skipped:
        click.echo(f"  Skipped {ref}: {reason}")
    if result.signatories:
        names = "; ".join(" ".join(p for p in (s["rank"], s["name"]) if p) + f" – {s['role']}"
                          for s in result.signatories)
        click.echo(f"{'Would add' if dry_run else 'Added'} to the Signatories sheet: {names}.")
    elif paper.signatories and not any("no Signatories sheet" in n for n in result.notes):
        click.echo("The paper's signatories are already on the Signatories sheet.")
    if dry_run:
        click.echo("Dry run: nothing was written.")
    elif not backup:
        click.echo(f"Nothing new to write, so {workbook} was not changed.")
    else:
        click.echo(f"The previous version is saved as {backup}")
