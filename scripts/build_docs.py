"""Write the README's lists of sheets, headers and settings from the workbook contract.

    python scripts/build_docs.py            # rewrite the generated parts of README.md
    python scripts/build_docs.py --check    # exit 1, naming the part, if README.md is stale

The headers come from ``s55xl/schema.py`` and the settings (label, default, help text) from the
``Settings`` model in ``s55xl/model.py`` — the same places the builder, the readers and the
Settings sheet's Help column take them from — so the README cannot fall behind the workbook.
Each generated part sits between two HTML comments in README.md::

    <!-- generated: headers (scripts/build_docs.py) -->
    …
    <!-- end generated: headers -->

Change the schema or the Settings model, run this script, and commit README.md with them
(``tests/core/test_docs_lists.py`` fails until you do).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

from s55xl import schema
from s55xl.model import SETTING_SPECS

README = Path(__file__).resolve().parent.parent / "README.md"
WIDTH = 98


def _bullet(text: str) -> list[str]:
    """A list item wrapped to the README's width, never inside a `header`."""
    keep = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    return [line.replace("\0", " ") for line in textwrap.wrap(
        keep, WIDTH, initial_indent="- ", subsequent_indent="  ", break_long_words=False,
        break_on_hyphens=False)]


def _names(columns) -> str:
    return ", ".join(f"`{c.header}`" + ("\\*" if c.required_header else "") for c in columns)


def headers() -> str:
    """One bullet per sheet s55xl reads: its headers in the built workbook's order."""
    lines: list[str] = []
    for spec in schema.INPUT_SHEETS:
        text = f"**{spec.name}** — {spec.description} Headers: {_names(spec.input_columns)}"
        if spec.computed_columns:
            text += f"; computed (grey, written by s55xl): {_names(spec.computed_columns)}"
        lines += _bullet(text + ".")
    lines += ["", "\\* a header the sheet must have; any other column may be left out, and then "
              "reads as blank."]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def settings() -> str:
    """The Settings sheet's rows: label, default and help, in the built workbook's order."""
    lines = ["| Setting | Default | Meaning |", "|---|---|---|"]
    lines += [f"| {_cell(s.label)} | {_cell(s.default)} | {_cell(s.help)} |"
              for s in SETTING_SPECS]
    return "\n".join(lines)


PARTS = {"headers": headers, "settings": settings}


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- generated: {name} \(scripts/build_docs\.py\) -->\n)(.*?)"
                      rf"(<!-- end generated: {name} -->)", re.S)


def rebuild(text: str) -> tuple[str, list[str]]:
    """``text`` with every generated part rewritten, and the names of the parts that changed.

    Raises ``SystemExit`` naming a part whose markers are missing.
    """
    changed = []
    for name, make in PARTS.items():
        pattern = _block(name)
        found = pattern.search(text)
        if not found:
            raise SystemExit(f"README.md has no '<!-- generated: {name} (scripts/build_docs.py) "
                             f"-->' … '<!-- end generated: {name} -->' block; put one back "
                             "where that list belongs.")
        body = make() + "\n"
        if found.group(2) != body:
            changed.append(name)
            text = text[:found.start(2)] + body + text[found.end(2):]
    return text, changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="change nothing; exit 1 if README.md is out of date")
    ap.add_argument("--readme", type=Path, default=README, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new, changed = rebuild(text)
    if args.check:
        if changed:
            print(f"{args.readme}: the {' and '.join(changed)} list is out of date with "
                  "s55xl/schema.py and s55xl/model.py; run: python scripts/build_docs.py",
                  file=sys.stderr)
            return 1
        return 0
    if changed:
        args.readme.write_text(new, encoding="utf-8")
        print(f"Rewrote the {' and '.join(changed)} list in {args.readme}.")
    else:
        print(f"{args.readme} is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
