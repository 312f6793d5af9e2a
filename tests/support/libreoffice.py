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
