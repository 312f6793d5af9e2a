"""Render every page of the demo's documents, draft and final, as PNGs to look at (test-only).

    python scripts/render_documents.py [--out DIR]     # default: ./s55xl-pages

Builds the demo workbook, generates its documents twice — as drafts (no Paper date, no
Response date), and final (the Board paper issued on 3 April 2020 for its meeting, the
response signed on 20 April) — with PDFs and the publication page, and the progress paper as
at 1 September 2020. Each PDF page is rendered with poppler's ``pdftoppm`` at 60 dpi and each
page (web) with headless Chromium; the PNG paths are printed. Needs LibreOffice, poppler and
Chromium (the page is skipped without it). Not part of the product: it is how a person checks
the layout (letterhead, signature, table rows, DRAFT marks, RAG colours) before a change is
merged.
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
    import warnings

    import openpyxl

    from s55xl import demo, schema, xlsx

    # openpyxl cannot read a print area of whole columns (Excel and LibreOffice can); it says so.
    warnings.filterwarnings("ignore", "Print area cannot be set", UserWarning)
    from s55xl.build.workbook import build
    from s55xl.documents import generate, progress

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = build(Path(tmp) / "demo.xlsx", with_demo=True)
        final = Path(tmp) / "final.xlsx"
        wb = openpyxl.load_workbook(book)
        ws = wb[schema.REPORTS.name]
        headers = [c.value for c in ws[1]]
        ws.cell(2, headers.index("Response date") + 1, date(2020, 4, 20))
        ws.cell(2, headers.index("Paper date") + 1, date(2020, 4, 3))
        wb.save(final)
        for state, path in (("draft", book), ("final", final)):
            result = generate(xlsx.load(path), out_dir=Path(tmp) / state,
                              formats=("pdf", "html"), today=demo.DEMO_TODAY)
            for d in result.documents:
                prefix = args.out / f"{state}-{d.kind}"
                if d.format == "pdf":
                    _pdf_pages(d.path, prefix)
                elif d.format == "html":
                    _screenshot(d.path, prefix.with_name(prefix.name + ".png"))
            for skipped in result.skipped:
                print(skipped["reason"], file=sys.stderr)
        paper = progress.write(xlsx.load(final), out_dir=Path(tmp) / "progress",
                               as_at=date(2020, 9, 1), base_dir=Path(tmp))
        if "pdf" in paper.paths:
            _pdf_pages(paper.paths["pdf"], args.out / "progress")
        for reason in paper.skipped:
            print(reason, file=sys.stderr)
    for png in sorted(args.out.glob("*.png")):
        print(png)
    return 0


def _pdf_pages(pdf: Path, prefix: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)


def _screenshot(page: Path, png: Path) -> None:
    """The page as headless Chromium shows it, 1000 px wide and as tall as it needs."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
        "google-chrome")
    if browser is None:
        print(f"{page.name}: Chromium is not installed, so the page is not rendered",
              file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={profile}", "--hide-scrollbars",
                        "--window-size=1000,1400", f"--screenshot={png}", page.as_uri()],
                       check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
