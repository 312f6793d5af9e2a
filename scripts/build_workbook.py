"""Build the shipped governance workbook: workbook/s55xl-governance.xlsm with the demo data.

Run from the repository root:  python scripts/build_workbook.py

The interpreter settings are left blank so the shipped file is the same whichever machine
builds it; xlwings then runs `python` from the PATH (see "First use" in the README).
"""

from pathlib import Path

from s55xl.build.workbook import build

TARGET = Path(__file__).resolve().parent.parent / "workbook" / "s55xl-governance.xlsm"

if __name__ == "__main__":
    build(TARGET, with_demo=True, interpreter="", force=True)
    print(f"Built {TARGET}")
