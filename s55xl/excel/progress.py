"""The Progress paper button: ``RunPython "import s55xl.excel; s55xl.excel.progress_paper()"``.

Like the other buttons (:mod:`s55xl.excel.buttons`) it refreshes the computed columns, the
marks and the Findings sheet, appends this run's History rows and a Log row; besides, it writes
the progress-update Board paper (:mod:`s55xl.documents.progress`) into the Settings Output
folder. The paper already shows this run's changes (a target date moved since the last run).
"""

from __future__ import annotations

from datetime import date, datetime

from s55xl.errors import S55Error


def progress_paper(book=None, *, today: date | None = None, user: str | None = None,
                   server=None):
    """Write the progress paper as at ``today`` (None: today); ``book`` None means the
    workbook whose button was pressed; ``user`` and ``server`` as for the other buttons (set
    by ``s55xl serve``). Returns the button's :class:`Outcome`."""
    from s55xl.excel import buttons

    return buttons._run("progress", book, today, user, server)


def write_paper(live, today: date, now: datetime, result, server=None):
    """Phase 1 of the button: write the paper to disk; what the status line says about it."""
    from s55xl import history
    from s55xl.excel import paths as excel_paths
    from s55xl.excel.buttons import _Made
    from s55xl.excel.history import recorded

    try:
        from s55xl.documents import progress
    except ImportError as exc:
        raise S55Error(f"This installation of s55xl cannot write documents ({exc}). Reinstall "
                       "it: pip install --upgrade --force-reinstall s55xl") from None
    past, _ = recorded(live)
    past = past + history.changes(live.tracker, past, when=now)
    folder = excel_paths.resolve(live.book, live.tracker.settings.output_folder, server)
    made = progress.write(live.tracker, out_dir=folder.path, as_at=today,
                          base_dir=folder.template_base, past=past, confine=folder.confine)
    result.out_dir = folder.path
    result.documents = list(made.paths.values())
    result.skipped = list(made.skipped)
    if made.refused:
        first = made.findings[0]
        summary = (f"no progress paper written: {len(made.findings)} cell"
                   f"{'' if len(made.findings) == 1 else 's'} it counts cannot be read (first: "
                   f"{first.where} – {first.message})")
        return _Made(summary + ".", "", summary[:1].upper() + summary[1:] + ".", made.findings)
    names = ", ".join(p.name for p in made.paths.values())
    summary = (f"wrote {names}; download from {folder.link(folder.path)}" if folder.link
               else f"wrote {names} to {folder.path}")
    if made.skipped:
        summary += "; " + "; ".join(s.rstrip(".") for s in made.skipped)
    alert = None
    if folder.fallback_reason:
        summary += f". It went there because {folder.fallback_reason}"
        alert = (f"The progress paper was written to {folder.path} because "
                 f"{folder.fallback_reason}. To choose the folder, set 'Output folder' on the "
                 "Settings sheet to a full path.")
    output = "\n".join(folder.link(p) if folder.link else str(p) for p in made.paths.values())
    return _Made(summary + ".", output, alert, made.findings)
