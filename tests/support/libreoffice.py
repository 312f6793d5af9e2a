"""LibreOffice as an independent reader of what s55xl writes."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path


def basic_modules(workbook: Path, folder: Path) -> dict[str, str]:
    """The VBA modules LibreOffice imports from ``workbook``: module name → its Basic XML,
    read from the .ods LibreOffice converts the workbook to (a profile of its own in
    ``folder``)."""
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                    "ods", "--outdir", str(folder), str(workbook)], check=True,
                   capture_output=True, timeout=300)
    with zipfile.ZipFile(folder / (workbook.stem + ".ods")) as zf:
        return {n.split("/")[-1][:-4]: zf.read(n).decode() for n in zf.namelist()
                if n.startswith("Basic/") and n.endswith(".xml") and "script-" not in n}


def run_basic(code: str, folder: Path) -> None:
    """Run ``Sub Main`` of the Basic ``code`` in LibreOffice (headless, a profile of its own in
    ``folder``): the code becomes the profile's Standard.Module1, run by a macro URL."""
    import html

    profile = folder / "basic-profile"
    env = f"-env:UserInstallation={profile.as_uri()}"
    subprocess.run(["soffice", "--headless", env, "--terminate_after_init"], check=True,
                   capture_output=True, timeout=300)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC '
        '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module '
        'xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
        f'script:language="StarBasic">{html.escape(code, quote=False)}</script:module>',
        encoding="utf-8")
    subprocess.run(["soffice", "--headless", env, "macro:///Standard.Module1.Main"], check=True,
                   capture_output=True, timeout=300)
