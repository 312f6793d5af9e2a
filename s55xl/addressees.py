"""Who a recommendation is addressed to, and whether the force must answer it itself.

National recommendations are addressed to bodies such as the Home Office, NPCC or the College of
Policing; the force only has to say what it is doing when one is addressed to chief constables,
PCCs or the force. Otherwise the documents use the standard wording ("This recommendation is
addressed to the Home Office. The Constabulary will await further information.").
"""

from __future__ import annotations

import itertools
import re

from s55xl.language import N_

# Bodies the force answers for itself.
LOCAL = re.compile(
    r"chief\s+constables?|chief\s+officers?|police\s+and\s+crime\s+commissioners?|\bPCCs?\b"
    r"|local\s+policing\s+bod(?:y|ies)|\bforces?\b|\bconstabular(?:y|ies)\b"
    r"|police\s+(?:and\s+fire\s+)?commissioners?|\bmayors?\b|\bMOPAC\b|\bdeputy\s+mayors?\b"
    r"|commissioner\b",
    re.IGNORECASE)

# Other bodies, in the form documents name them.
OTHER_BODIES: tuple[tuple[str, str], ...] = (
    ("Home Office", r"home\s+office"),
    ("Ministry of Justice", r"ministry\s+of\s+justice|\bMoJ\b"),
    ("Department for Education", r"department\s+for\s+education|\bDfE\b"),
    ("Department of Health and Social Care", r"department\s+of\s+health(?:\s+and\s+social\s+care)?|\bDHSC\b"),
    ("NPCC", r"\bNPCC\b|national\s+police\s+chiefs[’']?\s+council"),
    ("College of Policing", r"college\s+of\s+policing"),
    ("Crown Prosecution Service", r"crown\s+prosecution\s+service|\bCPS\b"),
    ("Probation Service", r"(?:national\s+)?probation\s+service|\bHMPPS\b"),
    ("National Crime Agency", r"national\s+crime\s+agency|\bNCA\b"),
    ("NHS England", r"\bNHS\s+England\b"),
    ("Ofsted", r"\bOfsted\b"),
    ("Local authorities", r"local\s+authorit(?:y|ies)"),
    ("Government", r"\b(?:the\s+)?government\b"),
)
LOCAL_NAMES: tuple[tuple[str, str], ...] = (
    ("Chief constables", r"chief\s+constables?"),
    ("Chief officers", r"chief\s+officers?"),
    ("Police and crime commissioners", r"police\s+and\s+crime\s+commissioners?|\bPCCs?\b"),
    ("Forces", r"\bforces\b|\bpolice\s+forces\b"),
    ("The force", r"\bthe\s+(?:force|constabulary)\b"),
)

# Where the naming part of a sentence ends: the verb, or a phrase that names partners rather
# than addressees ("chief constables, working with the NPCC, should").
_SUBJECT_END = re.compile(
    r"\b(?:should|must|shall|will|to|take|takes|undertake|undertakes|consider|considers|review|"
    r"reviews|work|works|working|develop|develops|ensure|ensures|jointly|together|establish|"
    r"establishes|introduce|introduces|commission|commissions|publish|publishes|make|makes|"
    r"improve|improves|set|sets|provide|provides|carry|carries|of\s+those|of\s+all|with|"
    r"supported|assisted|led|alongside|in\s+(?:partnership|consultation|collaboration|"
    r"conjunction)|needs?|has|have|is|are)\b|[.;:]",
    re.IGNORECASE)
_RECOMMEND = re.compile(
    r"^\s*(?:we|hmicfrs|hmic|the\s+inspectorate|inspectors)\s+recommends?\s+that\b\s*,?\s*"
    r"|^\s*it\s+is\s+recommended\s+that\b\s*,?\s*",
    re.IGNORECASE)
# A leading phrase closed by a comma ("By 31 March 2021, ", "Immediately, ").
_LEAD_PHRASE = re.compile(r"^\s*([^,]{2,60}),\s*")
_BODIES = re.compile("|".join(p for _, p in OTHER_BODIES + LOCAL_NAMES), re.IGNORECASE)


def is_local(addressed_to: str | None, force_names: tuple[str, ...] = ()) -> bool:
    """True when the force itself must answer: chief constables, PCCs, forces or the force."""
    if not addressed_to:
        return False
    if LOCAL.search(addressed_to):
        return True
    text = addressed_to.casefold()
    return any(name and name.casefold() in text for name in force_names)


def subject(text: str) -> str:
    """The part of a recommendation naming who should act ("the Home Office and DfE").

    Leading phrases such as "We recommend that", "By 31 March 2021," or "Immediately," are
    skipped; a list of bodies separated by commas is kept whole.
    """
    s = _whole_subject(text)
    parts = s.split(",")
    kept = [parts[0]] + list(itertools.takewhile(lambda p: _BODIES.search(p), parts[1:]))
    return ",".join(kept)


def infer(text: str | None) -> str | None:
    """Guess "Addressed to" from a recommendation's wording, or None when it names nobody known.

    >>> infer("We recommend that the Ministry of Justice and Department for Education undertake")
    'Ministry of Justice and Department for Education'
    """
    if not text:
        return None
    subj = subject(text)
    hits: list[tuple[int, str]] = []
    for name, pattern in OTHER_BODIES + LOCAL_NAMES:
        m = re.search(pattern, subj, re.IGNORECASE)
        if m:
            hits.append((m.start(), name))
    if not hits:
        return None
    names = [n for _, n in sorted(hits)]
    names = [n if i == 0 else (n[0].lower() + n[1:] if n in dict(LOCAL_NAMES) else n)
             for i, n in enumerate(names)]
    return join(names)


def join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def with_article(addressed_to: str) -> str:
    """"Home Office" → "the Home Office", as the standard wording reads."""
    text = addressed_to.strip()
    if re.match(r"(?:the|all|each|every|both)\b", text, re.IGNORECASE):
        return text
    return "the " + text


def standard_response(addressed_to: str, template: str, force_sentence_start: str) -> str:
    """The standard wording for a recommendation addressed only to other bodies."""
    return (template.replace("{addressee}", with_article(addressed_to))
            .replace("{Force}", force_sentence_start)
            .replace("{force}", force_sentence_start[:1].lower() + force_sentence_start[1:]))


# The local policing body itself: PCCs, police, fire and crime commissioners, the Mayors' offices.
PCC = re.compile(
    r"police\s+and\s+crime\s+commissioners?|police,?\s+fire\s+and\s+crime\s+commissioners?"
    r"|\bP(?:F)?CCs?\b|local\s+policing\s+bod(?:y|ies)|\bmayors?\b|\bMOPAC\b"
    r"|\bdeputy\s+mayors?\b|\bcommissioners?\b",
    re.IGNORECASE)


def is_pcc(addressed_to: str | None) -> bool:
    """True when a recommendation is addressed to PCCs or the local policing body, so the PCC
    must type its own action (section 55(5B)); False for a blank Addressed to."""
    return bool(addressed_to) and bool(PCC.search(addressed_to))


def standard_pcc_action(template: str, force: str, board: str) -> str:
    """The Settings "Standard PCC action" with ``{force}`` and ``{board}`` filled in."""
    return template.replace("{force}", force).replace("{Force}", force[:1].upper() + force[1:]) \
        .replace("{board}", board)


# Where a recommendation is addressed only to national bodies (the Home Office, NPCC…) and the
# PCC action cell is blank: the PCC cannot act on it, so the wording says what follows locally,
# rather than "monitor the force's progress". (The documents translate it: s55xl.documents.)
NATIONAL_PCC_ACTION = N_("This recommendation is addressed to {addressee}, not to me. I will "
                         "consider what it means for policing in the area once it has been "
                         "taken forward, and will ask {force} about any changes that follow, "
                         "through the {board}.")


def national_pcc_action(addressed_to: str, force: str, board: str) -> str:
    """:data:`NATIONAL_PCC_ACTION` in English, filled in."""
    return (NATIONAL_PCC_ACTION.replace("{addressee}", with_article(addressed_to))
            .replace("{force}", force).replace("{board}", board))


def pcc_action_for(addressed_to: str | None, standard: str, force: str, board: str,
                   force_names: tuple[str, ...] = ()) -> str:
    """The wording a blank PCC action takes: the national wording for a recommendation
    addressed only to other bodies, else the Settings Standard PCC action (``standard``,
    already filled in)."""
    if addressed_to and not is_local(addressed_to, force_names) and not is_pcc(addressed_to):
        return national_pcc_action(addressed_to, force, board)
    return standard


# -- every body a recommendation names ------------------------------------------------------------

# Bodies whose names hold "and", or contain another body's name, found before the shorter ones.
NAMED_FIRST: tuple[tuple[str, str], ...] = (
    ("HM Prison and Probation Service",
     r"(?:HM|His\s+Majesty['’]s|Her\s+Majesty['’]s)\s+Prison\s+and\s+Probation\s+Service"
     r"|\bHMPPS\b"),
    ("Police and crime commissioners",
     r"police(?:,\s*fire)?\s+and\s+crime\s+commissioners?|\bP(?:F)?CCs?\b"),
    ("Department of Health and Social Care",
     r"department\s+of\s+health\s+and\s+social\s+care|\bDHSC\b"),
    ("Independent Office for Police Conduct",
     r"independent\s+office\s+for\s+police\s+conduct|\bIOPC\b"),
    ("Youth Justice Board", r"youth\s+justice\s+board|\bYJB\b"),
    ("HMICFRS", r"\bHMICFRS\b|(?:HM|His\s+Majesty['’]s)\s+inspectorate\s+of\s+constabulary"
                r"(?:\s+and\s+fire\s*(?:&|and)\s*rescue\s+services)?"),
)
_MODAL = re.compile(r"^\s*(?:,\s*)?(?:should|must|shall|will|needs?\s+to|ought\s+to|are\s+to|"
                    r"is\s+to|to\s+)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*;\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|all|each|every)\s+", re.IGNORECASE)


# Words opening a phrase between commas that says how or when, not who ("as a priority").
_ASIDE = re.compile(r"^(?:as|in|where|when|if|through|by|for|at|within|from|under|including|"
                    r"particularly|especially|together|jointly|either|both|each|also|then|"
                    r"immediately|urgently|now)\b", re.IGNORECASE)


def _whole_subject(text: str) -> str:
    """Like :func:`subject`, but keeping every part of a list of bodies, known or not."""
    s = text.strip()
    while True:
        before = s
        s = _RECOMMEND.sub("", s)
        lead = _LEAD_PHRASE.match(s)
        if lead and not _BODIES.search(lead.group(1)):
            s = s[lead.end():]
        if s == before:
            break
    m = _SUBJECT_END.search(s)
    return s[: m.start()] if m else s[:120]


def named(text: str | None) -> str | None:
    """Every body a recommendation is addressed to, as the report names them: known bodies in
    their usual form ("NPCC", "HM Prison and Probation Service"), any other kept as printed
    ("chief constables and regional probation directors" → "Chief constables and regional
    probation directors"). Falls back to :func:`infer` when the sentence does not open with
    who should act; None when it names nobody.
    """
    if not text:
        return None
    subj = _whole_subject(text)
    rest = text.strip()
    at = rest.find(subj) if subj else -1
    if not subj.strip() or at < 0 or not _MODAL.match(rest[at + len(subj):]):
        return infer(text)
    names: list[str] = []
    work = subj
    spans: dict[str, str] = {}
    for i, (name, pattern) in enumerate(NAMED_FIRST + OTHER_BODIES + LOCAL_NAMES):
        def keep(m: re.Match, name: str = name, i: int = i) -> str:
            token = f"\x00{i}\x00"
            spans[token] = name
            return token
        work = re.sub(pattern, keep, work, flags=re.IGNORECASE)
    for part in _SEPARATOR.split(work):
        part = _ARTICLE.sub("", part.strip().strip(",")).strip()
        if not part or _ASIDE.match(part):
            continue
        tokens = re.findall(r"\x00\d+\x00", part)
        if tokens:
            names.extend(spans[t] for t in tokens if spans[t] not in names)
        elif len(part.split()) <= 8 and part not in names:
            names.append(part)
    if not names:
        return infer(text)
    local = dict(LOCAL_NAMES) | {"Police and crime commissioners": ""}
    shown = []
    for i, n in enumerate(names):
        if i == 0:
            shown.append(n[0].upper() + n[1:])
        elif n in local:
            shown.append(n[0].lower() + n[1:])
        else:
            shown.append(n)
    return join(shown)
