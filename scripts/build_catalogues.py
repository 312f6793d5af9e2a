"""Gather s55xl's fixed wording into its message catalogues, and compile them.

    python scripts/build_catalogues.py            # update the .pot and .po files, compile .mo
    python scripts/build_catalogues.py --check    # exit 1, naming the file, if one is stale

Every message s55xl writes is in the code, marked as gettext marks it: ``w.t("…")``,
``w.n("…", "…", count)`` and ``N_("…")`` (wording kept for translating later). Babel extracts
them into ``s55xl/documents/locale/s55xl.pot``; each language's catalogue
(``locale/<lang>/LC_MESSAGES/s55xl.po``) is updated from it, keeping every translation and
comment already made, and compiled to the ``.mo`` file s55xl reads.

- ``cy``: the Welsh of every message; a test fails while one has none.
- ``en``: the same messages, with ``msgstr`` blank, so the English is the message itself. An
  office that wants other English wording fills in a ``msgstr`` and runs this script.

``docs/welsh.md`` gets the table of every term, English beside Welsh, for a Welsh-speaking
officer to review in one sitting.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

FIXED_TIME = datetime(2020, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "s55xl"
LOCALE = PACKAGE / "documents" / "locale"
GUIDE = ROOT / "docs" / "welsh.md"
BEGIN = "<!-- generated: terms (scripts/build_catalogues.py) -->"
END = "<!-- end generated: terms -->"
KEYWORDS = {"t": None, "n": (1, 2), "N_": None}
LANGUAGES = {"cy": "cy", "en": "en_GB"}
# Where a message is used, by the file that says it (the guide's "Used for" column).
USED_FOR = {
    "documents/phrases.py": "Response, Board paper and page",
    "documents/context.py": "Response, Board paper and page",
    "documents/bilingual.py": "Bilingual documents",
    "documents/pipeline.py": "Document properties",
    "documents/calendar.py": "Calendar",
    "deadlines.py": "Calendar: how each date was worked out",
    "documents/submission.py": "Messages (s55(4), s55(6))",
    "addressees.py": "Standard wording",
}
HEADER = ("# s55xl's fixed wording{what}. Made by python scripts/build_catalogues.py from the\n"
          "# messages in the code; {how}")


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "s55xl.po"


def extract() -> Catalog:
    """Every message the code marks, in the order the code says them."""
    pot = Catalog(domain="s55xl", project="s55xl", version="", fuzzy=False,
                  header_comment="# s55xl's fixed wording: every message the code marks.")
    for filename, lineno, message, comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        pot.add(message, None, [(filename.replace("\\", "/"), lineno)], auto_comments=comments)
    return pot


def _fixed(catalogue: Catalog) -> Catalog:
    catalogue.creation_date = catalogue.revision_date = FIXED_TIME
    return catalogue


def _write_po(catalogue: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalogue, width=98, omit_header=False, include_lineno=False,
             ignore_obsolete=True, sort_output=False)
    return b"\n".join(line for line in buf.getvalue().split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date',
                                              b'"Generated-By')))


def build() -> dict[Path, bytes]:
    """Every generated file and its bytes."""
    pot = _fixed(extract())
    out: dict[Path, bytes] = {LOCALE / "s55xl.pot": _write_po(pot)}
    catalogues = {}
    for lang, locale in LANGUAGES.items():
        path = _po(lang)
        if path.exists():
            with path.open("rb") as fh:
                catalogue = read_po(fh, locale=locale, domain="s55xl")
        else:
            catalogue = Catalog(locale=locale, domain="s55xl")
        catalogue.update(pot, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.project, catalogue.version, catalogue.fuzzy = "s55xl", "", False
        catalogue.header_comment = HEADER.format(
            what=" in Welsh" if lang == "cy" else " in English",
            how=("edit a msgstr to correct the Welsh, then run it again." if lang == "cy" else
                 "a blank msgstr prints the message as it is; fill one in to word it\n"
                 "# differently, then run it again."))
        catalogues[lang] = _fixed(catalogue)
        out[path] = _write_po(catalogue)
        mo = io.BytesIO()
        write_mo(mo, catalogue, use_fuzzy=False)
        out[path.with_suffix(".mo")] = mo.getvalue()
    out[GUIDE] = _guide(catalogues["cy"]).encode("utf-8")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _guide(welsh: Catalog) -> str:
    """docs/welsh.md with its table of every term: English, Welsh, where it is used."""
    rows = ["| English | Cymraeg | Used for |", "|---|---|---|"]
    for message in welsh:
        if not message.id:
            continue
        where = "; ".join(dict.fromkeys(USED_FOR.get(f, f) for f, _ in message.locations))
        if message.pluralizable:
            english = f"{message.id[0]} / {message.id[1]}"
            cymraeg = " / ".join(dict.fromkeys(s for s in message.string if s))
        else:
            english, cymraeg = message.id, message.string or ""
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
        print(f"Updated and compiled the catalogues in {LOCALE}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
