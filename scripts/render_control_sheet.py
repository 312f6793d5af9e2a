"""Render the built workbook's Control sheet to docs/control-sheet.png (for the README).

Run from the repository root after scripts/build_workbook.py:
    python scripts/render_control_sheet.py
Needs LibreOffice (soffice) and poppler (pdftoppm).
"""

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "workbook" / "s55xl-governance.xlsm"
TARGET = ROOT / "docs" / "control-sheet.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Excel does not print form buttons; a copy that does lets the picture show them.
        printable = tmp / WORKBOOK.name
        with zipfile.ZipFile(WORKBOOK) as src, zipfile.ZipFile(printable, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename.endswith(".vml"):
                    data = data.replace(b"<x:PrintObject>False</x:PrintObject>", b"")
                dst.writestr(item, data)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp / 'p').as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(tmp), str(printable)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp / (printable.stem + ".pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(tmp / "control")], check=True, timeout=60)
        TARGET.parent.mkdir(exist_ok=True)
        shutil.copy(tmp / "control.png", TARGET)
    print(f"Wrote {TARGET}")


if __name__ == "__main__":
    main()
