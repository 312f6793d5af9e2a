"""Render every page of the demo's PDFs, draft and final, as PNGs to look at (test-only).

    python scripts/render_documents.py [--out DIR]     # default: ./s55xl-pages

Builds the demo workbook, generates its documents twice — as drafts (no Response date), and
final (a Response date inside the 56 days) — with PDFs, then renders each PDF page with
poppler's ``pdftoppm`` at 60 dpi and prints the PNG paths. Needs LibreOffice and poppler.
Not part of the product: it is how a person checks the layout (rows kept whole, lists,
DRAFT marks, the signature block) before a change is merged.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("s55xl-pages"))
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is not installed (apt-get install poppler-utils)", file=sys.stderr)
        return 1
    import openpyxl

    from s55xl import demo, schema, xlsx
    from s55xl.build.workbook import build
    from s55xl.documents import generate

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = build(Path(tmp) / "demo.xlsx", with_demo=True)
        final = Path(tmp) / "final.xlsx"
        wb = openpyxl.load_workbook(book)
        ws = wb[schema.REPORTS.name]
        headers = [c.value for c in ws[1]]
        ws.cell(2, headers.index("Response date") + 1, date(2020, 4, 20))
        wb.save(final)
        for state, path in (("draft", book), ("final", final)):
            result = generate(xlsx.load(path), out_dir=Path(tmp) / state, formats=("pdf",),
                              today=demo.DEMO_TODAY)
            for d in result.documents:
                prefix = args.out / f"{state}-{d.kind}"
                subprocess.run(["pdftoppm", "-r", "60", "-png", str(d.path), str(prefix)],
                               check=True)
            for skipped in result.skipped:
                print(skipped["reason"], file=sys.stderr)
    for png in sorted(args.out.glob("*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
