"""What a template can say: the placeholders, and the values they take for one report.

:data:`FIELDS` is the catalogue of every placeholder (name, meaning, example, which documents
must use it); ``docs/templates.md`` lists the same names and a test keeps the two in step.
:func:`build` turns one report's rows into a plain dict of those names, so the same values fill
the Board paper, the PCC's response and the publication page.

How recommendations are grouped into the Board paper's sections (decided here, documented in
``docs/templates.md``):

- a *Cause of concern* row goes under "Force response to the causes of concern" and an *Area for
  improvement* row under "Force response to the areas for improvement";
- a *Recommendation* whose Ref continues a cause of concern's Ref ("Cause of concern 1.2" after
  "Cause of concern 1", "CoC 1.2" after "CoC 1" — as HMICFRS numbers them and ``s55xl import``
  writes them) is that cause's: it follows it, in the causes of concern's section;
- a *Recommendation* is **force-specific** when it is addressed to this force alone — its
  Addressed to names the force ("the Constabulary", the force's full name, "the force",
  "the chief constable" in the singular) or the report is a force inspection or PEEL report and
  it is addressed to the chief constable or PCC; every other recommendation (addressed to
  chief constables in general, the Home Office, NPCC…) is **national**;
- a force-specific recommendation addressed to the PCC (or the local policing body) alone is
  the PCC's, not the force's: it has a section of its own, "Response to the recommendations for
  the Police and Crime Commissioner", and its response is labelled as the PCC's.

Sections appear in the order causes of concern, national, force-specific, the PCC's, areas for
improvement, only when they have rows, numbered from 3 after Purpose and Background; the PCC's
response lists its rows in the same order, with the report's own references, so the two
documents can be read side by side.

A report with no Response date is a draft: every document says DRAFT (``draft_mark``), is dated
"Draft prepared <today>" (``dated``) and states nothing as done; with a Response date it is
final and dated that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from s55xl import addressees, datestyle, language, schema
from s55xl.documents import wording
from s55xl.documents.i18n import Wording
from s55xl.findings import Finding
from s55xl.language import N_
from s55xl.model import Recommendation, Report, Signatory, Tracker

KINDS = ("board_paper", "response", "publication")
KIND_LABELS = {"board_paper": "Board paper", "response": "PCC response",
               "publication": "publication"}
# The documents' subject property (Word's File > Info), in the document's language.
KIND_SUBJECTS = {"board_paper": N_("Section 55 Police Act 1996 – Board paper"),
                 "response": N_("Section 55 Police Act 1996 – PCC response"),
                 "publication": N_("Section 55 Police Act 1996 – publication")}
FIRST_SECTION = 3  # 1 Purpose, 2 Background

SECTION_HEADINGS = {
    "cause_of_concern": N_("Force response to the causes of concern"),
    "national": N_("Force response to the national recommendations"),
    "force": N_("Force response to the recommendations for {force}"),
    "pcc": N_("Response to the recommendations for the {policing_body}"),
    "area_for_improvement": N_("Force response to the areas for improvement"),
}
_TYPE_WORD = {"Recommendation": N_("Recommendation"),
              "Area for improvement": N_("Area for improvement"),
              "Cause of concern": N_("Cause of concern")}
# The police areas of Wales, whose names the catalogue has in Welsh.
WELSH_AREAS = {"dyfed-powys": N_("Dyfed-Powys"), "gwent": N_("Gwent"),
               "north wales": N_("North Wales"), "south wales": N_("South Wales")}
_STANDARD_BODY = "police and crime commissioner"
_THIS_FORCE = re.compile(
    r"\b(?:the|this|our)\s+(?:force|constabulary|chief\s+constable|chief\s+officer)\b(?!s)",
    re.IGNORECASE)
_FORCE_REPORTS = ("Force inspection", "PEEL")


@dataclass(frozen=True)
class Field:
    """One placeholder: its name, what it holds, an example, and the documents that need it.

    ``essential`` names the kinds of document whose template is incomplete without it
    (``s55xl check-template`` reports it as unused); ``children`` are the fields of each item
    when the placeholder is a list.
    """

    name: str
    description: str
    example: str = ""
    essential: frozenset[str] = frozenset()
    children: tuple[Field, ...] = ()


def _f(name: str, description: str, example: str = "", essential: str = "",
       children: tuple[Field, ...] = ()) -> Field:
    return Field(name, description, example, frozenset(essential.split()), children)


ITEM_FIELDS = (
    _f("ref", "The Ref cell, e.g. 3.1, R2, AFI 4.", "3.1"),
    _f("type", "Recommendation, Area for improvement or Cause of concern.", "Recommendation"),
    _f("addressed_to", "The Addressed to cell.", "Home Office"),
    _f("text", "The recommendation's text; each line of the cell is a paragraph.",
       "We recommend that…"),
    _f("response", "The force response, or the standard wording when the recommendation is "
       "addressed only to other bodies and the Force response cell is blank.",
       "This recommendation is addressed to the Home Office. The Constabulary will await "
       "further information."),
    _f("response_is_standard", "True when response is the standard wording.", "False"),
    _f("response_label", "How the Board paper introduces the response: \"Force response:\", "
       "or the local policing body's response for a recommendation addressed only to PCCs.",
       "Force response:"),
    _f("pcc_action", "Section 55(5B): the PCC action cell, or the Settings Standard PCC action "
       "when it is blank.", "I will monitor the Constabulary's progress on this recommendation "
       "through the Business Co-ordination Board."),
    _f("pcc_action_is_standard", "True when pcc_action is the standard wording.", "False"),
    _f("number", "The paragraph number the Board paper gives it (section.item).", "3.1"),
    _f("ref_label", "\"\" when the Ref is the paragraph number, else the Ref to print before "
       "the text, e.g. \"AFI 4: \" or \"Recommendation 2: \".", ""),
    _f("section", "national, force, pcc, cause_of_concern or area_for_improvement.", "national"),
    _f("owner", "The Owner cell.", "Head of Crime"),
    _f("status", "The Status cell.", "In progress"),
    _f("target_date", "The Target date in long form, or \"\".", "30th June 2020"),
    _f("evidence", "The Evidence cell.", ""),
)
SECTION_FIELDS = (
    _f("heading", "The section heading.", "Force response to the national recommendations"),
    _f("kind", "national, force, pcc, cause_of_concern or area_for_improvement.", "national"),
    _f("number", "The section number (3, 4…).", "3"),
    _f("items", "The section's recommendations (fields as for recommendations).", "",
       children=ITEM_FIELDS),
)
SIGNATORY_FIELDS = (
    _f("name", "The Name cell.", "Mark GREENHALGH"),
    _f("rank", "The Rank cell.", "Detective Chief Superintendent"),
    _f("role", "The Role cell.", "Head of Crime"),
    _f("signature", "Rank Name – Role, as the paper signs.",
       "Detective Chief Superintendent Mark GREENHALGH – Head of Crime"),
)
BLOCK_FIELDS = (
    _f("kind", "paragraph or list.", "paragraph"),
    _f("text", "The paragraph's text (paragraph blocks).", "In 2014, HMICFRS began…"),
    _f("items", "The list's items, marker removed (list blocks).", ""),
)

# Welsh and bilingual templates (Settings Language Cymraeg or Bilingual; see
# s55xl.documents.bilingual): one part per language, in reading order.
# The ``t`` placeholder's fields (s55xl.documents.phrases makes them): name -> what it is.
WORDING: dict[str, str] = {
    "lang": "the language: en or cy",
    "tag": "the language tag: en-GB or cy-GB (HTML lang, Word and PDF)",
    "language": "the language's name: English or Cymraeg",
    "draft": "DRAFT",
    "page": "the word Page (footers: Page 1 of 3)",
    "of": "the word of (footers: Page 1 of 3)",
    "dated": "the date line: the date signed or issued, or Draft prepared <today>",
    # the PCC's response
    "subtitle": "Comments under section 55 of the Police Act 1996",
    "draft_note": "the sentence saying the response is a draft",
    "introduction": "the Introduction heading",
    "introduction_text": "the statutory introduction (section 55), with the dates",
    "comments_heading": "the heading of the PCC's comments",
    "cc_heading": "the heading of the Chief Constable's comments",
    "response_heading": "the heading of the PCC's response to them",
    "no_cc": "the sentence for a report without the Chief Constable's comments",
    "recommendations_heading": "the recommendations' heading",
    "recommendations_intro": "what the recommendations table gives",
    "column_ref": "the table's Ref heading",
    "column_recommendation": "the table's Recommendation heading",
    "column_response": "the table's Force response heading",
    "column_action": "the table's heading of the PCC's action",
    "table_caption": "the recommendations table's caption (its accessible name)",
    "table_description": "the recommendations table's description (for screen readers)",
    "publication": "the Publication heading",
    "publication_text": "the section 55(6) sentence: where it is published and sent",
    # the Board paper
    "paper_title": "the Board paper's title",
    "paper_subtitle": "the Board paper's meeting and date line",
    "paper_draft_note": "the sentence saying the Board paper is a draft",
    "purpose": "the Purpose heading",
    "purpose_text": "the Board paper's purpose paragraph",
    "background": "the Background heading",
    "background_text": "the section 55 duty (first Background paragraph)",
    "must_be": "The response must be:",
    "must_be_published": "Published;",
    "must_be_sent_state": "Sent to the Secretary of State;",
    "must_be_sent_inspectors": "Sent to the inspectors of constabulary.",
    "must_include": "The response must include:",
    "must_include_comments": "The local policing body's comments;",
    "must_include_cc": "Any comments from the Chief Constable;",
    "must_include_response": "Any comments from the local policing body on the Chief "
                             "Constable's comments.",
    "whole_report": "what the comments cover (last Background paragraph)",
    "deadline_text": "the sentence giving the statutory deadline (\"\" when unknown)",
    "report_link": "Link to the report: <Report URL>",
    # the publication page
    "page_title": "the page's title",
    "page_heading": "the page's heading: <inspectorate> – <title>",
    "draft_line": "the page's draft line after DRAFT",
    "published_by": "Published by <inspectorate> on (before the date)",
    "read_report": "the link text to the report",
    "response_of": "the page's heading of the PCC's response",
    "under_s55": "the page's sentence on section 55",
    "read_response": "the link text to the response",
    "on_request": "the page's sentence for a response available on request",
    "footer": "the page's footer",
    "skip": "the link to the other language (bilingual page)",
}


def _wording_fields() -> tuple[Field, ...]:
    return tuple(_f(name, f"s55xl's wording in the document's language: {text}.")
                 for name, text in WORDING.items())


PART_FIELDS = (
    _f("lang", "The part's language: cy or en (the page's lang attributes).", "cy"),
    _f("tag", "The part's language tag: cy-GB or en-GB.", "cy-GB"),
    _f("policing_body", "The local policing body's title in the part's language.",
       "Comisiynydd Heddlu a Throseddu Gogledd Cymru"),
    _f("title", "The document's title in the part's language.", ""),
    _f("report_title", "The report's title: Title (Welsh) in the Welsh part.", ""),
    _f("inspectorate_named", "The inspectorate's full name and short name.", ""),
    _f("draft_note", "The sentence saying the response is a draft.", ""),
    _f("introduction", "The statutory introduction (section 55), with the dates.", ""),
    _f("pcc_comments", "PCC comments (Welsh) in the Welsh part.", ""),
    _f("cc_comments", "Chief Constable comments (Welsh) in the Welsh part.", ""),
    _f("pcc_response", "PCC response to Chief Constable comments (Welsh) in the Welsh part.", ""),
    _f("recommendations_intro", "How many recommendations, and what the table gives.", ""),
    _f("publication", "The section 55(6) publication sentence.", ""),
    _f("dated", "The date line: the Response date or Draft prepared <today>.", ""),
    _f("published", "The publication date in the part's language.", "27 Chwefror 2020"),
    _f("published_by_page", "The page's Published by … on (before the date).", ""),
    _f("draft_line", "The page's draft line after DRAFT.", ""),
    _f("t", "s55xl's wording in the part's language (p.t.introduction, p.t.page…).", "",
       children=_wording_fields()),
    _f("summary_blocks", "The Summary as paragraphs and lists (the English part only: the "
       "Summary has no Welsh column).", "", children=BLOCK_FIELDS),
    _f("report_link_text", "The link text to the report in the part's language.", ""),
    _f("paper_title", "The Board paper's title in the part's language.", ""),
    _f("paper_subtitle", "The Board paper's meeting and date line.", ""),
    _f("paper_draft_note", "The sentence saying the Board paper is a draft.", ""),
    _f("paper_purpose_heading", "Purpose, in the part's language (Word numbers it).", "Diben"),
    _f("paper_purpose", "The Board paper's purpose paragraph.", ""),
    _f("paper_background_heading", "Background, in the part's language (Word numbers it).",
       "Cefndir"),
    _f("paper_background", "The section 55 duty, in one paragraph.", ""),
    _f("paper_deadline", "The sentence giving the statutory deadline (\"\" when unknown).", ""),
    _f("paper_link", "Link to the report: <Report URL>.", ""),
    _f("paper_background_points", "What the response must be and include, and what it "
       "covers: each point's text and its items (bullets).", "", children=(
           _f("text", "The point's sentence."), _f("items", "Its bullets.")))
)
PAPER_SECTION_FIELDS = (
    _f("kind", "The section's kind (national, force, pcc…).", "national"),
    _f("number", "The section's number, from 3.", "3"),
    _f("parts", "The section in each language: p.heading, p.items (each with ref_label, "
       "text, response_label, response).", "", children=(
           _f("lang", "The part's language: cy or en."),
           _f("heading", "The section's heading in the part's language (Word numbers it)."),
           _f("items", "The section's findings in the part's language.", children=tuple(
               _f(name, name) for name in ("ref_label", "text", "response_label",
                                           "response"))))),
)
SIDE_FIELDS = (
    _f("label_text", "The finding's type in the column's language.", "Argymhelliad"),
    _f("text", "Recommendation, or Recommendation (Welsh).", ""),
    _f("label_response", "The label Force response in the column's language.", ""),
    _f("response", "Force response, or Force response (Welsh).", ""),
    _f("label_action", "The label of the PCC's action in the column's language.", ""),
    _f("pcc_action", "PCC action, or PCC action (Welsh).", ""),
)
ROW_FIELDS = (
    _f("ref", "The Ref cell.", "3.1"),
    _f("first", "The first part's texts (Welsh first by default).", "", children=SIDE_FIELDS),
    _f("second", "The second part's texts.", "",
       children=SIDE_FIELDS),
)

FIELDS: tuple[Field, ...] = (
    _f("report_id", "The Report ID.", "NCPI-2019"),
    _f("report_title", "The report's Title.",
       "National Child Protection Inspections 2019 Thematic Report",
       ""),
    _f("report_type", "The Report type.", "National thematic"),
    _f("report_url", "The Report URL.", "https://www.justiceinspectorates.gov.uk/…",
       "board_paper publication"),
    _f("published", "The publication date in long form.", "27th February 2020",
       "publication"),
    _f("published_iso", "The publication date as YYYY-MM-DD (for HTML <time>).", "2020-02-27"),
    _f("inspectorate", "The inspectorate's short name as on the publication date.", "HMICFRS",
       ""),
    _f("inspectorate_name", "The inspectorate's full name as on the publication date (Her "
       "Majesty's until 8 September 2022, His Majesty's from 9 September 2022).",
       "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"),
    _f("inspectorate_named", "The full name with the short one in brackets, or the name as "
       "typed when there is no longer form (a joint inspection).",
       "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)",
       ""),
    _f("inspectors_name", "Section 55(6): the inspectors of constabulary who receive a copy — "
       "HMICFRS by its full name on the publication date, whoever led the inspection.",
       "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services", ""),
    _f("summary", "The Summary cell as typed.", "In 2014, HMICFRS began…"),
    _f("summary_blocks", "The Summary as paragraphs and lists (lines starting • or - become "
       "list items).", "", "publication", BLOCK_FIELDS),
    _f("cc_comments", "The Chief Constable comments cell (\"\" when none were submitted).",
       "I welcome this report…", "response"),
    _f("pcc_comments", "The PCC comments cell.", "I welcome HMICFRS' report…", "response"),
    _f("pcc_response", "The PCC response to Chief Constable comments cell.",
       "I am satisfied that…", "response"),
    _f("lead_officer", "The Lead officer cell.", "Head of Crime"),
    _f("statutory_deadline", "Last day of the 56 days, long form.", "22nd April 2020"),
    _f("submit_by", "Last working day on or before the statutory deadline, long form.",
       "22nd April 2020"),
    _f("board_meeting", "The board meeting that takes the paper, long form, or \"\".",
       "14th April 2020", ""),
    _f("paper_due", "When the Board paper is due, long form, or \"\".", "3rd April 2020"),
    _f("today", "The day the documents were made, long form.", "1st April 2020"),
    _f("response_date", "The Response date (the day the PCC signs), long form; \"\" for a "
       "draft.", "1st April 2020"),
    _f("is_draft", "True when the Response date is blank: the documents are drafts (in the "
       "Board paper: when its Paper date is blank).", "True", "board_paper"),
    _f("draft_mark", "\"DRAFT\" for a draft, else \"\" (for headers and titles).", "DRAFT",
       "response publication"),
    _f("dated", "The date line: the Response date, or \"Draft prepared <today>\".",
       "Draft prepared 1st April 2020", "response"),
    _f("force_name", "Settings: force name as used in prose.", "the Constabulary"),
    _f("force_name_capitalised", "The force name for the start of a sentence.",
       "The Constabulary"),
    _f("force_possessive", "The force name with ’s.", "the Constabulary’s", ""),
    _f("force_full_name", "Settings: the force's full name (the force name when blank).",
       "Cumbria Constabulary", ""),
    _f("policing_body", "The local policing body's full title: Settings Local policing body "
       "for Police area.", "Police and Crime Commissioner for Cumbria", "response"),
    _f("policing_body_possessive", "The local policing body with ’s.",
       "Police and Crime Commissioner’s"),
    _f("pcc_name", "Settings: the Commissioner's name.", "Sam Taylor", "response"),
    _f("pcc_possessive", "Settings: his, her or their.", "his", ""),
    _f("board_name", "Settings: board name.", "Business Co-ordination Board", ""),
    _f("board_short_name", "Settings: how the paper refers to the board after first use.",
       "the Board"),
    _f("protective_marking", "Settings: protective marking (the page header and footer).",
       "OFFICIAL", "board_paper"),
    _f("police_area", "Settings: the police area the commissioner is for.", "Cumbria"),
    _f("policing_body_type", "Settings: the Local policing body as typed, without the area.",
       "Police and Crime Commissioner", ""),
    _f("office_address", "Settings: the office address on one line, parts separated by ·.",
       "Office of the PCC · Carleton Hall · Penrith · CA10 2AU", "response"),
    _f("office_address_lines", "Settings: the office address, one item per line.", ""),
    _f("logo", "Settings: the Logo picture (blank when none), for the letterhead.", "",
       "response"),
    _f("signature_image", "Settings: the Signature image, on a final response only (blank for "
       "a draft or when none).", "", "response"),
    _f("order_of_findings", "How the response table is ordered, naming only the kinds of "
       "finding the report has; \"\" when it has one kind.",
       "the causes of concern first, then the recommendations"),
    _f("paper_date", "The Paper date (the day the Board paper is issued), long form; \"\" for "
       "a draft paper.", "3rd April 2020"),
    _f("paper_is_draft", "True when the Paper date is blank: the Board paper is a draft. (In "
       "the Board paper, is_draft, draft_mark and dated follow the Paper date.)", "False"),
    _f("paper_draft_mark", "\"DRAFT\" while the Paper date is blank, else \"\".", ""),
    _f("paper_dated", "The Board paper's date line: \"Issued <Paper date>\" or \"Draft "
       "prepared <today>\".", "Issued 3rd April 2020"),
    _f("date_style", "Settings: the house date style, as an example date.",
       "27th February 2020"),
    _f("document_title", "The title of the document being made (also its Word title "
       "property).", "HMICFRS National Child Protection Inspections 2019 Thematic Report: "
       "force response"),
    _f("sections", "The Board paper's sections after Background, each with its items.", "",
       "board_paper", SECTION_FIELDS),
    _f("recommendations", "Every cause of concern, recommendation (national, then this "
       "force's) and area for improvement, in the Board paper's order.", "", "response",
       ITEM_FIELDS),
    _f("signatories", "Who signs the Board paper, in Order.", "", "board_paper",
       SIGNATORY_FIELDS),
    _f("response_url", "Link to the PCC's response (Settings response web address + file "
       "name, or the file name).", "NCPI-2019%20PCC%20response.pdf", "publication"),
    _f("response_link_text", "Descriptive text for that link, naming the report.",
       "Read the Police and Crime Commissioner’s response to the HMICFRS report “National "
       "Child Protection Inspections 2019 Thematic Report” (PDF)"),
    _f("fragment", "True when the page is written as a fragment for a content system "
       "(--format html-fragment): leave out <html>, <head> and the page frame.", "False"),
    _f("report_link_text", "Descriptive text for the link to the report.",
       "Read the HMICFRS report National Child Protection Inspections 2019 Thematic Report "
       "(PDF)"),
    _f("t", "s55xl's own wording in the document's language: headings, labels, the statutory "
       "sentences, page words (t.introduction, t.purpose_text, t.page…). Correct the wording "
       "in the message catalogue (docs/welsh.md), not in the template.", "",
       "board_paper response publication", _wording_fields()),
    _f("lang", "The document's language: en or cy.", "en"),
    _f("tag", "The document's language tag: en-GB or cy-GB (the page's lang attribute).",
       "en-GB"),
    _f("parts", "Bilingual templates: one part per language, in reading order "
       "(Welsh first unless the Welsh first setting is No).", "", children=PART_FIELDS),
    _f("rows", "Bilingual templates: the recommendations side by side.", "",
       children=ROW_FIELDS),
    _f("languages", "The documents' languages in reading order: [\"cy\", \"en\"].", ""),
    _f("ref_label", "The Ref column's heading in each language: Cyf. / Ref.", "Cyf. / Ref"),
    _f("paper_sections", "Welsh and bilingual Board paper: its sections after Background, "
       "each in every part's language.", "", children=PAPER_SECTION_FIELDS),
    _f("table_caption", "The recommendations table's caption in the first language.", ""),
    _f("page_title", "The page's <title> in each language.", ""),
)
FIELD_NAMES = frozenset(f.name for f in FIELDS)


def essential(kind: str) -> list[str]:
    """The placeholders a template of ``kind`` must use."""
    return [f.name for f in FIELDS if kind in f.essential]


# -- values for one report ------------------------------------------------------------------


class Record(SimpleNamespace):
    """One item of a list placeholder (a section, a recommendation, a signatory).

    Templates read ``item.text`` — as an attribute, so a field called ``items`` is not
    mistaken for ``dict.items`` — and Python may also use ``item["text"]``.
    """

    def __getitem__(self, key: str):
        return getattr(self, key)


@dataclass
class Texts:
    """Reads cell text for documents, noting cells that held characters Word cannot store."""

    tracker: Tracker
    findings: list[Finding] = field(default_factory=list)

    def cell(self, sheet_key: str, spec: schema.SheetSpec, obj, name: str) -> str:
        cleaned = wording.clean(getattr(obj, name))
        if cleaned.removed:
            layout = self.tracker.layouts.get(sheet_key)
            self.findings.append(Finding(
                "warning", "illegal-character", layout.sheet if layout else sheet_key,
                self.tracker.cell(sheet_key, name, obj.row), obj.row,
                spec.by_field[name].header,
                f"The cell holds a control character ({', '.join(cleaned.removed)}) that a "
                "Word document cannot store, so it was left out. Retype the text without it "
                "(it often comes from pasting out of another system)."))
        return cleaned.text

    def setting(self, name: str) -> str:
        value = getattr(self.tracker.settings, name)
        cleaned = wording.clean(str(value) if value is not None else "")
        cell = self.tracker.settings_cells.get(name, "")
        if cleaned.removed and not any(f.sheet == "Settings" and f.cell == cell and cell
                                       for f in self.findings):
            row = int(re.sub(r"\D", "", cell)) if cell else None
            self.findings.append(Finding(
                "warning", "illegal-character", "Settings", cell, row, "Value",
                f"This setting holds a control character ({', '.join(cleaned.removed)}) that a "
                "Word document cannot store, so it was left out. Retype it."))
        return cleaned.text


def section_of(rec: Recommendation, report_type: str | None, names: tuple[str, ...],
               pcc_only: bool = False) -> str:
    """Which Board paper section a row belongs in (see the module docstring); ``pcc_only``
    when it is addressed to the PCC (or the local policing body) and no one else here."""
    if rec.type == "Cause of concern":
        return "cause_of_concern"
    if rec.type == "Area for improvement":
        return "area_for_improvement"
    if not is_force_specific(rec.addressed_to, report_type, names):
        return "national"
    return "pcc" if pcc_only else "force"


def concern_of(ref: str, concerns: list[str]) -> str | None:
    """The cause of concern (one of ``concerns``, their Refs) whose Ref ``ref`` continues:
    "Cause of concern 1.2" continues "Cause of concern 1" (a ".", ":", "-", "/" or space
    follows); None when it continues none."""
    folded = ref.strip().casefold()
    for concern in sorted(concerns, key=len, reverse=True):
        key = concern.strip().casefold()
        if key and len(folded) > len(key) and folded.startswith(key) \
                and folded[len(key)] in ".:-/ " and folded[len(key) + 1:].strip(" .:-/"):
            return concern
    return None


def _group_under_concerns(items_by_section: dict[str, list]) -> None:
    """Move each recommendation a cause of concern owns to just after it (and after that
    cause's earlier recommendations), keeping the sheet order otherwise."""
    concerns = items_by_section["cause_of_concern"]
    if not concerns:
        return
    owned: dict[str, list] = {c.ref: [] for c in concerns if c.ref}
    for kind in ("national", "force"):
        kept = []
        for item in items_by_section[kind]:
            owner = concern_of(item.ref, list(owned)) if item.ref else None
            if owner is None:
                kept.append(item)
            else:
                item.section = "cause_of_concern"
                owned[owner].append(item)
        items_by_section[kind] = kept
    items_by_section["cause_of_concern"] = [
        x for c in concerns for x in (c, *owned.get(c.ref, []))]


def is_force_specific(addressed_to: str | None, report_type: str | None,
                      names: tuple[str, ...] = ()) -> bool:
    text = (addressed_to or "").strip()
    if not text:
        return report_type in _FORCE_REPORTS
    folded = text.casefold()
    if _THIS_FORCE.search(text) or any(n.strip().casefold() in folded for n in names):
        return True
    return report_type in _FORCE_REPORTS and addressees.is_local(text, names)


def _ref_label(ref: str, number: str, type_: str | None, w: Wording) -> str:
    if not ref or ref == number:
        return ""
    if re.fullmatch(r"[\d.]+", ref):
        return f"{w.t(_TYPE_WORD.get(type_ or '', 'Recommendation'))} {ref}: "
    return f"{ref}: "


def policing_body_title(tracker: Tracker, w: Wording) -> str:
    """The body's title in ``w``'s language: "Police and Crime Commissioner for Cumbria", or
    "Comisiynydd Heddlu a Throseddu Gogledd Cymru". A body s55xl has no Welsh for (a title
    typed other than Police and Crime Commissioner) is used as typed."""
    settings = tracker.settings
    english = wording.clean(settings.policing_body_title).text
    if w.lang == language.ENGLISH:
        return english
    body = " ".join(settings.policing_body.split()).casefold()
    area = " ".join(settings.police_area.split())
    if body != _STANDARD_BODY:
        return english
    if not area:
        return w.t("Police and Crime Commissioner")
    return w.t("Police and Crime Commissioner for {area}", area=area_name(area, w))


def area_name(area: str, w: Wording) -> str:
    """A police area's name in ``w``'s language ("Gogledd Cymru"); others as typed."""
    key = " ".join(area.split()).casefold()
    return w.t(WELSH_AREAS[key]) if key in WELSH_AREAS else area


class _Cells:
    """Cell text in one language: a Welsh column in Welsh (its English where it is blank,
    which ``validate`` reports), the English column otherwise."""

    def __init__(self, texts: Texts, lang: str) -> None:
        self.texts, self.welsh = texts, lang == language.WELSH

    def __call__(self, sheet_key: str, spec: schema.SheetSpec, obj, name: str) -> str:
        welsh = schema.WELSH_FIELDS.get(name) if self.welsh else None
        if welsh and (getattr(obj, welsh) or "").strip():
            return self.texts.cell(sheet_key, spec, obj, welsh)
        return self.texts.cell(sheet_key, spec, obj, name)


def build(tracker: Tracker, report: Report, *, today: date, dates=None, texts: Texts,
          lang: str = language.ENGLISH) -> dict:
    """The placeholders' values for ``report`` in ``lang`` (a plain dict; see :data:`FIELDS`).

    ``dates`` is the report's :class:`~s55xl.deadlines.ReportDates` (None when it has no
    publication date). Cell text goes through ``texts``, which collects findings for characters
    that had to be left out. In Welsh (``cy``) the text comes from the Welsh columns, the dates
    and s55xl's own wording from the Welsh catalogue; ``t`` holds the fixed wording
    (:mod:`.phrases`).
    """
    from s55xl.documents.phrases import phrases

    R, C, S = schema.REPORTS, schema.RECOMMENDATIONS, schema.SIGNATORIES
    settings = tracker.settings
    setting = texts.setting
    style = settings.date_style
    w = Wording(lang, style)
    welsh = lang == language.WELSH
    cell = _Cells(texts, lang)
    short, full = wording.inspectorate_names(report.inspectorate, report.published)
    full = w.t(full)
    typed_force = setting("force_name")
    force = w.t("the force") if welsh or not typed_force else typed_force
    policing_body = policing_body_title(tracker, w)
    names = settings.force_names
    title = cell("Reports", R, report, "title")

    def possessive(name: str) -> str:
        return name if welsh else wording.possessive(name)

    items_by_section: dict[str, list[dict]] = {k: [] for k in SECTION_HEADINGS}
    everything: list[dict] = []
    standard_template = setting("standard_response")
    standard_action = addressees.standard_pcc_action(
        setting("standard_pcc_action"), force, setting("board_name"))
    kinds_present: set[str] = set()
    for rec in tracker.recommendations_for(report.report_id):
        response = cell("Recommendations", C, rec, "force_response")
        is_standard = False
        if not response and rec.addressed_to and not addressees.is_local(rec.addressed_to, names):
            if welsh:
                response = w.t(STANDARD_RESPONSE, addressee=rec.addressed_to,
                               force=wording.capitalise(force))
            else:
                response = addressees.standard_response(rec.addressed_to, standard_template,
                                                        wording.capitalise(force))
            is_standard = True
        action = cell("Recommendations", C, rec, "pcc_action")
        pcc_only = (addressees.is_pcc(rec.addressed_to)
                    and not addressees.LOCAL.search(addressees.PCC.sub("", rec.addressed_to)))
        item = Record(
            ref=texts.cell("Recommendations", C, rec, "ref"),
            type=rec.type or "Recommendation",
            addressed_to=texts.cell("Recommendations", C, rec, "addressed_to"),
            text=cell("Recommendations", C, rec, "recommendation"),
            response=response,
            response_is_standard=is_standard,
            response_label=(w.t("{policing_body_possessive} response:",
                                policing_body_possessive=wording.capitalise(
                                    possessive(policing_body)), policing_body=policing_body)
                            if pcc_only and policing_body else w.t("Force response") + ":"),
            pcc_action=action or _standard_action(rec.addressed_to, standard_action, force,
                                                  setting("board_name"), names, w),
            pcc_action_is_standard=not action,
            section=section_of(rec, report.report_type, names, pcc_only),
            owner=texts.cell("Recommendations", C, rec, "owner"),
            status=rec.status or "",
            target_date=w.date(rec.target_date),
            evidence=texts.cell("Recommendations", C, rec, "evidence"),
            number="",
            ref_label="",
        )
        items_by_section[item.section].append(item)
        kinds_present.add(item.type)
    _group_under_concerns(items_by_section)

    sections = []
    for kind, heading in SECTION_HEADINGS.items():
        items = items_by_section[kind]
        if not items:
            continue
        number = FIRST_SECTION + len(sections)
        for j, item in enumerate(items, start=1):
            item.number = f"{number}.{j}"
            item.ref_label = _ref_label(item.ref, item.number, item.type, w)
        sections.append(Record(heading=w.t(heading, force=force, policing_body=policing_body),
                               kind=kind,
                               number=str(number), items=items))
        everything.extend(items)

    signatories = []
    for s in tracker.signatories_for(report.report_id):
        signatory = Signatory.model_construct(
            report_id=s.report_id, row=s.row,
            **{k: texts.cell("Signatories", S, s, k) or None for k in ("name", "rank", "role")})
        signatories.append(Record(name=signatory.name or "", rank=signatory.rank or "",
                                  role=signatory.role or "", signature=signatory.signature))

    # The Summary has no Welsh column: a Welsh document leaves it out.
    summary = "" if welsh else texts.cell("Reports", R, report, "summary")
    report_url = texts.cell("Reports", R, report, "report_url")
    long = w.date
    inspectors = w.t(wording.inspectorate_names("HMICFRS", report.published)[1])
    draft = report.response_date is None
    paper_draft = report.paper_date is None
    area = setting("police_area")
    address = [line.strip() for line in re.split(r"[\n,]+", setting("office_address"))
               if line.strip()]
    values = {
        "report_id": report.report_id or "",
        "report_title": title,
        "report_type": report.report_type or "",
        "report_url": report_url,
        "published": long(report.published),
        "published_iso": report.published.isoformat() if report.published else "",
        "inspectorate": short,
        "inspectorate_name": full,
        "inspectorate_named": f"{full} ({short})" if full != short else short,
        "inspectors_name": inspectors,
        "summary": summary,
        "summary_blocks": [Record(**b) for b in wording.blocks(summary)],
        "cc_comments": cell("Reports", R, report, "cc_comments"),
        "pcc_comments": cell("Reports", R, report, "pcc_comments"),
        "pcc_response": cell("Reports", R, report, "pcc_response"),
        "lead_officer": texts.cell("Reports", R, report, "lead_officer"),
        "statutory_deadline": long(dates.statutory_deadline) if dates else "",
        "submit_by": long(dates.submit_by) if dates else "",
        "board_meeting": long(dates.board_meeting) if dates else "",
        "paper_due": long(dates.paper_due) if dates else "",
        "today": long(today),
        "response_date": long(report.response_date),
        "is_draft": draft,
        "draft_mark": w.t("DRAFT") if draft else "",
        "dated": w.t("Draft prepared {date}", date=long(today)) if draft
        else long(report.response_date),
        "force_name": force,
        "force_name_capitalised": wording.capitalise(force),
        "force_possessive": possessive(force),
        "force_full_name": wording.capitalise(setting("force_full_name") or force),
        "policing_body": policing_body,
        "policing_body_possessive": possessive(policing_body),
        "pcc_name": setting("pcc_name"),
        "pcc_possessive": setting("pcc_possessive"),
        "board_name": setting("board_name"),
        "board_short_name": setting("board_short_name"),
        "protective_marking": setting("protective_marking"),
        "police_area": area_name(area, w) if area and welsh else area,
        "policing_body_type": (w.t(POLICING_BODY) if welsh and " ".join(
            settings.policing_body.split()).casefold() == _STANDARD_BODY
            else setting("policing_body")),
        "office_address": " · ".join(address),
        "office_address_lines": address,
        "logo": "",
        "signature_image": "",
        "order_of_findings": order_of_findings(kinds_present, w),
        "paper_date": long(report.paper_date),
        "paper_is_draft": paper_draft,
        "paper_draft_mark": w.t("DRAFT") if paper_draft else "",
        "paper_dated": (w.t("Draft prepared {date}", date=long(today)) if paper_draft
                        else w.t("Issued {date}", date=long(report.paper_date))),
        "date_style": datestyle.EXAMPLES[datestyle.style_of(style) or datestyle.DEFAULT],
        "document_title": "",
        "sections": sections,
        "recommendations": everything,
        "signatories": signatories,
        "response_url": "",
        "response_link_text": "",
        "fragment": False,
        "lang": lang,
        "tag": w.tag,
    }
    t = phrases(values, w)
    values["t"] = t
    values["report_link_text"] = t.read_report
    return values


# s55xl's standard sentences where a Welsh cell is blank (English documents use the Settings'
# Standard response and Standard PCC action, as typed).
STANDARD_RESPONSE = N_("This recommendation is addressed to {addressee}. {force} will await "
                       "further information.")
STANDARD_ACTION = N_("I will monitor the force’s progress on this recommendation through the "
                     "{board}.")
POLICING_BODY = N_("Police and Crime Commissioner")


def _standard_action(addressed_to, standard: str, force: str, board: str, names, w) -> str:
    """The wording a blank PCC action takes (:func:`s55xl.addressees.pcc_action_for`), in
    ``w``'s language: the national wording for a recommendation addressed only to other
    bodies, else the standard action."""
    if addressed_to and not addressees.is_local(addressed_to, names) \
            and not addressees.is_pcc(addressed_to):
        return w.t(addressees.NATIONAL_PCC_ACTION,
                   addressee=addressees.with_article(addressed_to), force=force, board=board)
    if w.lang == language.WELSH:
        return w.t(STANDARD_ACTION, board=board)
    return standard


def order_of_findings(types: set[str], w: Wording | None = None) -> str:
    """How the response table is ordered, naming only the kinds of finding the report has:
    "causes of concern first, then the recommendations" — or "" for one kind alone."""
    w = w or Wording(language.ENGLISH)
    names = [("Cause of concern", N_("the causes of concern")),
             ("Recommendation", N_("the recommendations")),
             ("Area for improvement", N_("the areas for improvement"))]
    present = [w.t(text) for kind, text in names if kind in types]
    if len(present) < 2:
        return ""
    if len(present) == 2:
        return w.t("{first} first, then {second}", first=present[0], second=present[1])
    return w.t("{first} first, then {second}, then {third}", first=present[0],
               second=present[1], third=present[2])


def with_response_link(values: dict, file_name: str | None, base_url: str = "") -> dict:
    """``values`` plus the link to the PCC's response, published as ``file_name``.

    The link is ``base_url`` (the Response web address setting) followed by the file name, or
    the bare file name (the page and the response sit in the same folder) when it is blank.
    Only a PDF is linked (what is published); ``file_name`` None or a Word file leaves
    ``response_url`` blank and the page says the response is available on request.
    """
    from urllib.parse import quote

    if not file_name or not file_name.lower().endswith(".pdf"):
        return dict(values, response_url="", response_link_text="")
    url = quote(file_name)
    if base_url.strip():
        url = base_url.strip().rstrip("/") + "/" + url
    return dict(values, response_url=url, response_link_text=values["t"].read_response)


def document_title(kind: str, values: dict) -> str:
    """The title a document of ``kind`` carries (Word title property, HTML <title>)."""
    t = values["t"]
    if kind == "board_paper":
        return t.paper_title
    if kind == "response":
        w = Wording(values["lang"])
        return (w.t("DRAFT – ") if values.get("is_draft") else "") + w.t(
            "Response of the {policing_body} to the {inspectorate} report “{title}”",
            policing_body=values["policing_body"], inspectorate=values["inspectorate"],
            title=values["report_title"])
    return (t.draft + " – " if values.get("is_draft") else "") + t.page_heading
