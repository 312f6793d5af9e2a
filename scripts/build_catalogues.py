"""Compile s55xl's message catalogues (the fixed wording in English and Welsh).

    python scripts/build_catalogues.py            # write the English .po and both .mo files
    python scripts/build_catalogues.py --check    # exit 1, naming the file, if one is stale

The Welsh catalogue ``s55xl/documents/locale/cy/LC_MESSAGES/s55xl.po`` is the one people edit:
it holds every message s55xl writes in Welsh and bilingual documents. The English catalogue is
made from it (the same messages, each its own English text) so both languages go through the
one gettext mechanism. The ``.mo`` files are what s55xl reads; they ship in the wheel with the
``.po`` files. Babel reads and writes both.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

FIXED_TIME = datetime(2020, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "s55xl" / "documents" / "locale"
GUIDE = ROOT / "docs" / "welsh.md"
BEGIN = "<!-- generated: terms (scripts/build_catalogues.py) -->"
END = "<!-- end generated: terms -->"


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "s55xl.po"


def build() -> dict[Path, bytes]:
    """Every generated file and its bytes."""
    with _po("cy").open("rb") as fh:
        welsh = read_po(fh, locale="cy")
    english = Catalog(locale="en_GB", domain="s55xl", project="s55xl", version="",
                      fuzzy=False, header_comment=(
                          "# s55xl's fixed wording in English. Made from the Welsh catalogue by\n"
                          "# python scripts/build_catalogues.py: edit the wording in the code\n"
                          "# and the Welsh catalogue, not here."))
    for message in welsh:
        if not message.id:
            continue
        string = (tuple(message.id) if message.pluralizable else message.id)
        english.add(message.id, string, auto_comments=message.auto_comments)
    for catalogue in (english, welsh):  # fixed, so a rebuild that changes nothing is no diff
        catalogue.creation_date = catalogue.revision_date = FIXED_TIME
    out: dict[Path, bytes] = {}
    buf = io.BytesIO()
    write_po(buf, english, omit_header=False, width=98, no_location=True, sort_output=False)
    text = b"\n".join(line for line in buf.getvalue().split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date',
                                              b'"Generated-By')))
    out[_po("en")] = text
    out[GUIDE] = _guide(welsh).encode("utf-8")
    for lang, catalogue in (("en", english), ("cy", welsh)):
        mo = io.BytesIO()
        write_mo(mo, catalogue, use_fuzzy=False)
        out[LOCALE / lang / "LC_MESSAGES" / "s55xl.mo"] = mo.getvalue()
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _guide(welsh: Catalog) -> str:
    """docs/welsh.md with its table of every term: English, Welsh, where it is used."""
    rows = ["| English | Cymraeg | Used for |", "|---|---|---|"]
    where = ""
    for message in welsh:
        if not message.id:
            continue
        # A comment line in the .po starts a group of terms; it holds until the next one.
        where = "; ".join(c.lstrip("# ").strip() for c in message.user_comments) or where
        if message.pluralizable:
            english = f"{message.id[0]} / {message.id[1]}"
            forms = [s for s in message.string if s]
            cymraeg = " / ".join(dict.fromkeys(forms))
        else:
            english, cymraeg = message.id, message.string
        rows.append(f"| {_cell(english)} | {_cell(cymraeg)} | {_cell(where)} |")
    text = GUIDE.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + BEGIN + "\n" + "\n".join(rows) + "\n" + END + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for path, data in build().items():
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if stale:
        for path in stale:
            print(f"{path} is out of date: run python scripts/build_catalogues.py",
                  file=sys.stderr)
        return 1
    if not args.check:
        print(f"Compiled the catalogues in {LOCALE}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
