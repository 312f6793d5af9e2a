"""The report's details in a paper: its title, publication date, web address and signatories.

- Title: a quoted title near "HMICFRS", "report" or "inspection" (“National Child Protection
  Inspections 2019 Thematic Report”), or a "Title:" / "Report title:" line.
- Published: "published … on 27th February 2020", "Published: 27 February 2020",
  "Date of publication: 27/02/2020".
- Web address: the report's link — an HMICFRS (justiceinspectorates.gov.uk) address first, else
  the first link to a PDF, else the first address. PDF extraction drops the hyphen where it broke
  an address over two lines ("wpcontent", "thematicreport"); the WordPress folder ``wp-content``
  is put back, and a file name that is the title run together is re-spelt from the title.
- Signatories: "Rank Name – Role" lines ("Detective Chief Superintendent Mark GREENHALGH – Head
  of Crime"); a name is recognised by its upper-case surname or by a police rank before it.
"""

from __future__ import annotations

import re
from datetime import date

from s55xl import coerce
from s55xl.importer import patterns as P
from s55xl.importer.document import Document, Paper, Signature

_QUOTED = re.compile(r"[“\"]([^“”\"]{6,200})[”\"]")
_TITLE_LINE = re.compile(r"^(?:report\s+)?title\s*[:\-–]\s*(.+)$", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"\b(?:report|inspections?|review|peel|thematic|joint|state\s+of)\b",
                          re.IGNORECASE)
_NEAR_REPORT = re.compile(r"(?:hmicfrs|hmic|inspectorate|report|inspection)\W*$", re.IGNORECASE)
_PUBLISHED = (
    re.compile(rf"\bpublished\b[^.]{{0,200}}?\bon\s+(?:the\s+)?({P.DAY_MONTH_YEAR}|"
               rf"{P.NUMERIC_DATE})", re.IGNORECASE),
    re.compile(rf"\b(?:published|publication\s+date|date\s+of\s+publication|date\s+published)"
               rf"\s*[:\-–]?\s*(?:on\s+)?(?:the\s+)?({P.DAY_MONTH_YEAR}|{P.NUMERIC_DATE})",
               re.IGNORECASE),
)
RANKS = (
    "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
    "Temporary Chief Constable", "Temporary Deputy Chief Constable",
    "Temporary Assistant Chief Constable", "Chief Superintendent", "Superintendent",
    "Chief Inspector", "Inspector", "Sergeant", "Police Constable", "Constable",
    "Commissioner", "Deputy Commissioner", "Assistant Commissioner",
    "Deputy Assistant Commissioner", "Commander", "Detective Chief Superintendent",
    "Detective Superintendent", "Detective Chief Inspector", "Detective Inspector",
    "Detective Sergeant", "Detective Constable", "Temporary Detective Chief Superintendent",
    "Temporary Detective Superintendent", "Temporary Superintendent",
    "Temporary Chief Inspector", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Professor",
)
_RANKS_LONGEST = sorted(RANKS, key=len, reverse=True)
_SIGNATURE = re.compile(r"^(?P<who>[^–—]{3,90}?)\s+[–—-]\s+(?P<role>[A-Z][^.]{1,90})$")
_SURNAME = re.compile(r"^[A-Z][A-Z'’\-]+$")
_CAPITALISED = re.compile(r"^[A-Z][\w'’\-.]*$")


def fill(paper: Paper, doc: Document) -> None:
    """Set the paper's title, publication date, web address, type, inspectorate and
    signatories. A title the text states ("Title: …", a quoted report title) comes first, then
    the file's own (a PDF's largest heading, a web page's first heading, Word's Title style);
    a web page's canonical link and published date come before what the text mentions."""
    lines = [b.text for b in doc.blocks if not b.is_row and b.text]
    lines += [c for b in doc.blocks if b.is_row for c in b.cells if c]
    flat = " ".join(lines)
    paper.title = title(lines, flat) or doc.title
    paper.published = doc.published or published(flat)
    paper.report_url = doc.url or report_url(lines, flat, paper.title)
    opening = " ".join(lines[:OPENING_LINES])
    paper.report_type = report_type(paper.title) or report_type_in(opening)
    paper.inspectorate = inspectorate(opening)
    if paper.inspectorate is None and paper.report_type in ("PEEL", "Force inspection"):
        paper.inspectorate = "HMICFRS"  # police forces are inspected by HMICFRS alone
    paper.signatories = [s for s in (signature(line) for line in lines) if s]


def title(lines: list[str], flat: str) -> str | None:
    for line in lines:
        m = _TITLE_LINE.match(line)
        if m:
            return _clean_title(m.group(1))
    best, best_score = None, 0
    for m in _QUOTED.finditer(flat):
        text = _clean_title(m.group(1))
        words = text.split()
        if len(words) < 3:
            continue
        capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        score = (2 if _TITLE_WORDS.search(text) else 0) + (
            2 if _NEAR_REPORT.search(flat[max(0, m.start() - 40): m.start()]) else 0) + (
            1 if capitals * 2 >= len(words) else 0) + (1 if re.search(r"\b\d{4}\b", text) else 0)
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= 3 else None


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip("“”\"'‘’").strip()


def published(flat: str) -> date | None:
    for rx in _PUBLISHED:
        m = rx.search(flat)
        if m:
            try:
                d = coerce.to_date(m.group(1))
            except ValueError:
                continue
            if d is not None:
                return date(d.year, d.month, d.day)
    return None


def report_url(lines: list[str], flat: str, report_title: str | None) -> str | None:
    urls = [u.rstrip(".,;:)]") for u in P.URL.findall(flat)]
    if not urls:
        return None
    ranked = sorted(urls, key=lambda u: (0 if "justiceinspectorates" in u.casefold() else
                                         1 if u.casefold().endswith(".pdf") else 2))
    return repair_url(ranked[0], report_title)


def repair_url(url: str, report_title: str | None) -> str:
    """Put back hyphens that PDF extraction dropped from a web address (see module docstring)."""
    url = re.sub(r"/wp(content|includes)/", r"/wp-\1/", url)
    if not report_title:
        return url
    slug = re.sub(r"[^a-z0-9]+", "-", report_title.casefold()).strip("-")
    head, sep, name = url.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem and slug and stem.replace("-", "") == slug.replace("-", "") and stem != slug:
        return f"{head}{sep}{slug}{dot}{ext}"
    return url


def report_type(report_title: str | None) -> str | None:
    """The Reports sheet's "Report type" when the title makes it plain, else None."""
    if not report_title:
        return None
    t = report_title.casefold()
    if re.search(r"\bpeel\b", t):
        return "PEEL"
    if re.search(r"\bjoint\b|\bjtai\b", t):
        return "Joint inspection"
    if _FORCE_INSPECTION.search(report_title):
        return "Force inspection"
    if re.search(r"\bthematic\b|\bnational\b", t):
        return "National thematic"
    return None


# "An inspection of Northshire Police's …", "Northshire Constabulary: an inspection of …"
_FORCE_INSPECTION = re.compile(
    r"\binspection\s+of\s+(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){1,4}(?:Police|Constabulary)\b"
    r"|^(?:[A-Z][\w&'’-]*\s+){1,4}(?:Police|Constabulary)(?:\s+Service)?\s*[:–—-]\s*"
    r"|[:–—-]\s*(?:[A-Z][\w&'’-]*\s+){1,4}(?:Police|Constabulary)(?:\s+Service)?$")


OPENING_LINES = 12
INSPECTORATES = (
    ("HMICFRS", r"\bHMICFRS\b|inspectorate\s+of\s+constabulary(?:\s+and\s+fire)?"),
    ("HMCPSI", r"\bHMCPSI\b|crown\s+prosecution\s+service\s+inspectorate"),
    ("HMI Probation", r"inspectorate\s+of\s+probation|\bHMI\s+Probation\b"),
    ("HMI Prisons", r"inspectorate\s+of\s+prisons|\bHMI\s+Prisons\b"),
    ("Ofsted", r"\bOfsted\b"),
    ("CQC", r"care\s+quality\s+commission|\bCQC\b"),
)


def report_type_in(opening: str) -> str | None:
    """The report type a report's opening lines state ("a joint inspection", "thematic")."""
    if re.search(r"\bjoint\s+(?:targeted\s+area\s+)?inspection|\bJTAI\b", opening,
                 re.IGNORECASE):
        return "Joint inspection"
    if re.search(r"\bthematic\b", opening, re.IGNORECASE):
        return "National thematic"
    if re.search(r"\bPEEL\b", opening):
        return "PEEL"
    if _FORCE_INSPECTION.search(opening):
        return "Force inspection"
    return None


def inspectorate(opening: str) -> str | None:
    """The inspectorates a report's opening lines name, joined ("HMICFRS", "HMICFRS, HMCPSI
    and HMI Probation", or "Ofsted"); None when they name none."""
    found = [(m.start(), name) for name, rx in INSPECTORATES
             if (m := re.search(rx, opening, re.IGNORECASE))]
    names = [name for _, name in sorted(found)]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def signature(line: str) -> Signature | None:
    """A "Rank Name – Role" line as a :class:`Signature`, or None if the line is not one."""
    m = _SIGNATURE.match(line.strip())
    if not m:
        return None
    who, role = m.group("who").strip(), m.group("role").strip()
    if len(role.split()) > 10 or len(who.split()) > 8:
        return None
    rank = next((r for r in _RANKS_LONGEST if who == r or who.startswith(r + " ")), None)
    name = who[len(rank):].strip() if rank else who
    words = name.split()
    if not words or not all(_CAPITALISED.match(w) for w in who.split()):
        return None
    if rank is None and (not 2 <= len(words) <= 4 or not _SURNAME.match(words[-1])):
        return None  # without a rank, a name is known by its upper-case surname
    if not 1 <= len(words) <= 4:
        return None
    return Signature(name=name, role=role, rank=rank)


def derive_report_id(report_title: str | None, published_on: date | None) -> str | None:
    """A short Report ID from a title: the initials of the words before its year, and the year.

    "National Child Protection Inspections 2019 Thematic Report" → ``NCPI-2019``; a title
    without a year takes the year of publication. None when there is no title.
    """
    if not report_title:
        return None
    m = re.search(r"\b(19|20)\d{2}\b", report_title)
    year = m.group(0) if m else (str(published_on.year) if published_on else "")
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", report_title[: m.start()] if m else report_title)
    small = {"of", "and", "the", "for", "in", "on", "a", "an", "to", "into", "at", "by", "with",
             "report", "hmicfrs", "hmic"}
    initials = ""
    for word in words:
        if word.casefold() not in small:
            # An acronym stays whole (PEEL); other words give their initial.
            initials += word if word.isupper() and 2 <= len(word) <= 6 else word[0].upper()
    initials = re.sub(r"[^A-Z0-9]", "", initials.upper())[:10]
    if not initials:
        return None
    return f"{initials}-{year}" if year else initials
