"""The wording the recognisers look for, in one place so that it can be read and tested.

Each pattern matches one whole line (a text line, or a Word paragraph) after whitespace has been
normalised. :data:`LOOKED_FOR` says the same in staff's words, for the message shown when a paper
yields nothing.
"""

from __future__ import annotations

import re

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DAY_MONTH_YEAR = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+\d{{4}}"
NUMERIC_DATE = r"\d{1,2}/\d{1,2}/\d{4}"

# "3.1 We recommend…", "3.1. We…", "3.1) We…"; the number alone on its line also counts.
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,3})+)[.)]?(?:\s+(.*))?$", re.DOTALL)
# "3. Force response to the national recommendations:", "1. Purpose" — short, no sentence.
NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]?\s+([A-Z“\"‘'][^.!?]{0,90}?):?$")
# "1. Chief constables should…" — a single-level number in front of a sentence.
SINGLE_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$", re.DOTALL)

# "Recommendation 3", "Recommendation 3: By…", "Area for improvement 2 – The force…",
# "AFI 4.", "Cause of concern", "Cause of concern 1:" (numbers are optional only for causes of
# concern, which HMICFRS often leaves unnumbered).
LABELLED = re.compile(
    r"^(?P<label>recommendation|area\s+for\s+improvement|afi|cause\s+of\s+concern)"
    r"(?:\s+(?P<number>\d{1,3}(?:\.\d{1,3})?))?"
    r"(?:\s*[:.\-–—]\s*(?P<rest>.*)|\s*)$", re.IGNORECASE | re.DOTALL)
LABEL_TYPES = {"recommendation": "Recommendation", "areaforimprovement": "Area for improvement",
               "afi": "Area for improvement", "causeofconcern": "Cause of concern"}
# Refs as the report numbers its findings: "Recommendation 3", "AFI 2", "Cause of concern 1".
REF_PREFIX = {"Recommendation": "Recommendation ", "Area for improvement": "AFI ",
              "Cause of concern": "Cause of concern "}
# "Recommendations — Within three months, the force should:" opening a cause of concern's list.
RECOMMENDATIONS_LEAD = re.compile(r"^recommendations?\s*[:\-–—]\s*(?=\S)", re.IGNORECASE)

# Unnumbered lines that open a section.
SECTION_HEADING = re.compile(
    r"^(?:(?:national\s+|local\s+|our\s+|the\s+)?recommendations?|areas?\s+for\s+improvement"
    r"|causes\s+of\s+concern|summary(?:\s+of\s+\w+)?|introduction|background|purpose"
    r"|conclusions?|next\s+steps|appendi(?:x|ces)(?:\s+\w+)?|background\s+papers"
    r"|financial\s+implications|risks?|equality\s+implications|legal\s+implications"
    r"|implications|contents)\s*:?$", re.IGNORECASE)
SECTION_TYPES = (
    (re.compile(r"areas?\s+for\s+improvement", re.IGNORECASE), "Area for improvement"),
    (re.compile(r"causes?\s+of\s+concern", re.IGNORECASE), "Cause of concern"),
    (re.compile(r"recommendations?", re.IGNORECASE), "Recommendation"),
)

# "Force response: …", "Constabulary response – …", "Response:",
# "Chief Constable's response:".
RESPONSE = re.compile(
    r"^(?:(?:the\s+)?(?:force|constabulary|police|chief\s+constable|pcc|commissioner|our"
    r"|organisational|management)(?:['’]s)?\s+)?response"
    r"(?:\s+to\s+(?:the\s+)?recommendation(?:\s+[\w.]+)?)?\s*(?:[:\-–—]\s*(?P<rest>.*)|$)",
    re.IGNORECASE | re.DOTALL)

# "…cumulative trauma. Force response: This…" — a response run on after the finding's text.
INLINE_RESPONSE = re.compile(
    r"(?<=[.!?”\"’)])\s+((?:force|constabulary)\s+response\s*[:\-–—]\s*\S.*)$",
    re.IGNORECASE | re.DOTALL)

# "By 31 March 2021, chief constables should…": a dated lead-in, then who should act.
_DEADLINE = (
    rf"(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{MONTHS}\s+|spring\s+|summer\s+|autumn\s+|winter\s+)?(?:\d{{4}}(?:/\d{{2,4}})?)"
    r"|within\s+(?:\w+\s+){1,2}(?:days?|weeks?|months?|years?)|immediately")
DATED_ACTION = re.compile(
    rf"^(?:{_DEADLINE}),\s*(?:we\s+recommend\s+that\s+)?.{{2,150}}?\b(?:should|must)\b",
    re.IGNORECASE | re.DOTALL)
RECOMMEND_WORDING = re.compile(
    r"^(?:(?:we|hmicfrs|hmic|the\s+inspectorate|inspectors)\s+recommends?\b"
    r"|it\s+is\s+recommended\s+that\s+(?!the\s+(?:board|committee|panel|meeting)\b))",
    re.IGNORECASE)
ACTION_WORDING = re.compile(r"\b(?:should|must|needs?\s+to|ought\s+to)\b", re.IGNORECASE)

# "In 2021 we recommended that…": a summary looking back at recommendations, not one itself.
PAST_RECOMMENDATION = re.compile(
    r"\b(?:we|hmicfrs|hmic|the\s+inspectorate|inspectors)\s+(?:had\s+|have\s+)?recommended\b"
    r"|\brecommendations?\s+(?:that\s+)?we\s+(?:had\s+|have\s+)?made\b", re.IGNORECASE)

# The inspectorate speaking of what it found ("We found…", "In 12 of the 40 cases…"): the
# report's narrative, which never continues a finding addressed to someone else.
NARRATIVE = re.compile(
    r"^(?:we\s+(?!recommend)\w+|our\s+\w+|in\s+\d+\s+(?:of|out\s+of)\b|during\s+(?:our|the|this)"
    r"\s+inspection|this\s+(?:report|inspection)\b|inspectors\s+(?:found|saw|looked))",
    re.IGNORECASE)

# A contents entry: a heading, dot leaders (or an ellipsis) and a page number.
CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$|…{2,}\s*\d{1,4}$")

URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.:;!?\"”’)]$")

LOOKED_FOR = (
    "numbered paragraphs such as '3.1 We recommend that…' (with or without 'Force response: "
    "…' after them), HMICFRS headings 'Recommendation 1', 'Area for improvement 2' and 'Cause "
    "of concern' (with its 'Recommendations — Within three months, the force should:' "
    "bullets), paragraphs such as 'By 31 March 2021, chief constables should…', and tables "
    "with Ref, Recommendation and Response columns")
