"""Welsh-only and bilingual documents: each part in its own language, from one set of rows.

With the Settings ``Language`` at ``Cymraeg`` or ``Bilingual`` the PCC's response and the
publication page are made from the built-in Welsh templates (``pcc_response_welsh.docx``,
``publication_welsh.html``), which hold a *part* per language in reading order (Welsh first
unless ``Welsh first`` is ``No``). :func:`values` adds to a report's placeholders:

- ``parts``: one record per language — ``lang`` (``cy``/``en``), ``tag`` (``cy-GB``/``en-GB``),
  ``t`` (the fixed wording, from the catalogues of :mod:`.i18n`), the cell text in that language
  (the Welsh columns for Welsh), the statutory sentences and the dates in that language;
- ``rows``: the recommendations side by side (``rec.first`` and ``rec.second``, the parts'
  texts, in the parts' order);
- ``draft_mark``, ``table_caption``, ``ref_label`` and ``languages``.

:func:`finish` tags the rendered Word document: its default language and document properties
are the first part's, and each column of the side-by-side table carries its part's language; a
Welsh-only response has no second column. The document's default language (the plain styles')
is Welsh for a Welsh-only document and English for a bilingual one, whose Welsh parts are in
the Welsh styles; the properties' language is the first part's.
"""

from __future__ import annotations

import io

from s55xl import addressees, language
from s55xl.documents import i18n
from s55xl.documents.context import Record
from s55xl.model import Tracker

WELSH_AREAS = {"dyfed-powys": "Dyfed-Powys", "gwent": "Gwent", "north wales": "North Wales",
               "south wales": "South Wales"}
_STANDARD_BODY = "police and crime commissioner"


def languages(tracker: Tracker) -> tuple[str, ...]:
    settings = tracker.settings
    return language.languages(settings.language, settings.welsh_first)


def wanted(tracker: Tracker) -> bool:
    """True when the documents are Welsh or bilingual."""
    return language.needs_welsh(tracker.settings.language)


def policing_body(tracker: Tracker, w: i18n.Wording) -> str:
    """The body's title in ``w``'s language: "Comisiynydd Heddlu a Throseddu Gogledd Cymru"."""
    settings = tracker.settings
    english = settings.policing_body_title
    if w.lang == language.ENGLISH:
        return english
    body = " ".join(settings.policing_body.split()).casefold()
    area = " ".join(settings.police_area.split())
    if body != _STANDARD_BODY:
        return english  # a title s55xl has no Welsh for: as typed
    if not area:
        return w.t("Police and Crime Commissioner")
    area_text = area_name(area, w)
    return w.t("Police and Crime Commissioner for {area}", area=area_text)


def area_name(area: str, w: i18n.Wording) -> str:
    """A police area's name in ``w``'s language ("Gogledd Cymru"); others as typed."""
    key = " ".join(area.split()).casefold()
    return w.t(WELSH_AREAS[key]) if key in WELSH_AREAS else area


def _cell(row, field: str, lang: str) -> str:
    """The row's text in ``lang``: the Welsh column for Welsh (the English where it is blank,
    which ``validate`` reports), as typed otherwise."""
    english = getattr(row, field) or ""
    if lang == language.WELSH:
        return (getattr(row, f"{field}_cy") or "") or english
    return english


def values(tracker: Tracker, report, base: dict, *, today, dates) -> dict:
    """``base`` (the placeholders of :func:`.context.build`) plus the parts and rows."""
    langs = languages(tracker)
    settings = tracker.settings
    draft = report.response_date is None
    parts = []
    for lang in langs:
        w = i18n.Wording(lang, settings.date_style)
        body = policing_body(tracker, w)
        short = base["inspectorate"]
        full = w.t(base["inspectorate_name"])
        named = f"{full} ({short})" if full != short else short
        title = _cell(report, "title", lang)
        deadline = w.date(dates.statutory_deadline) if dates else ""
        intro = " ".join(filter(None, [
            w.t("{inspectorate} published “{title}” on {published}.", inspectorate=named,
                title=title, published=w.date(report.published)),
            w.t("Section 55 of the Police Act 1996 requires the {policing_body} to publish "
                "comments on the report, together with any comments submitted by the Chief "
                "Constable and any response to those comments, before the end of the period of "
                "56 days beginning with the day on which the report was published.",
                policing_body=body),
            w.t("The last day of that period is {deadline}.", deadline=deadline)
            if deadline else "",
            w.t("Where the report makes recommendations, the comments must explain, for each, "
                "the action the {policing_body} has taken or proposes to take, or why none is "
                "proposed (section 55(5B)).", policing_body=body)]))
        count = len(base["recommendations"])
        inspectors = w.t(_inspectors(report))
        publication = w.t(
            "Once signed, this response will be published on the website of the "
            "{policing_body}, and a copy will be sent to the Secretary of State (the Home "
            "Secretary) and to the inspectors of constabulary, {inspectors}, as section 55(6) "
            "of the Police Act 1996 requires." if draft else
            "This response is published on the website of the {policing_body}, and a copy has "
            "been sent to the Secretary of State (the Home Secretary) and to the inspectors of "
            "constabulary, {inspectors}, as section 55(6) of the Police Act 1996 requires.",
            policing_body=body, inspectors=inspectors)
        document_title = (w.t("DRAFT – ") if draft else "") + w.t(
            "Response of the {policing_body} to the {inspectorate} report “{title}”",
            policing_body=body, inspectorate=short, title=title)
        parts.append(Record(
            lang=lang, tag=i18n.LANG_TAGS[lang], policing_body=body, title=document_title,
            report_title=title, inspectorate_named=named,
            draft_note=w.t("DRAFT prepared on {date}. It has not been signed, published or "
                           "sent to anyone; it becomes final when the Response date is filled "
                           "in.", date=w.date(today)),
            introduction=intro,
            pcc_comments=_cell(report, "pcc_comments", lang),
            cc_comments=_cell(report, "cc_comments", lang),
            pcc_response=_cell(report, "pcc_response", lang),
            recommendations_intro=(
                w.n("The report makes {count} recommendation.",
                    "The report makes {count} recommendations.", count) + " "
                + w.t("For each, the table gives the force’s response and the action the "
                      "{policing_body} has taken or proposes to take, or why none is proposed.",
                      policing_body=body)),
            publication=publication,
            dated=(w.t("Draft prepared {date}", date=w.date(today)) if draft
                   else w.date(report.response_date)),
            published=w.date(report.published),
            published_by_page=w.t("Published by {inspectorate} on", inspectorate=full),
            draft_line=w.t("prepared {date}: not yet signed or published.", date=w.date(today)),
            t=_wording(w, body, short, title),
            **_paper(tracker, report, base, w, body, short, named, title, dates, today),
        ))
    rows = []
    recs = {r.ref: r for r in tracker.recommendations_for(report.report_id)}
    for item in base["recommendations"]:
        rec = recs.get(item.ref)
        texts = []
        for part in parts:
            w = i18n.Wording(part.lang, settings.date_style)
            texts.append(Record(
                label_text=w.t(item.type or "Recommendation"),
                text=_cell(rec, "recommendation", part.lang) if rec else item.text,
                label_response=w.t("Force response"),
                response=_response(rec, item, part.lang, w),
                label_action=w.t("Action of the Police and Crime Commissioner"),
                pcc_action=_action(rec, item, part.lang, w, settings)))
        empty = Record(label_text="", text="", label_response="", response="",
                       label_action="", pcc_action="")
        rows.append(Record(ref=item.ref, first=texts[0],
                           second=texts[1] if len(texts) > 1 else empty))
    paper_sections = []
    for section in base["sections"]:
        section_parts = []
        for part in parts:
            w = i18n.Wording(part.lang, settings.date_style)
            heading = SECTION_WORDING[section.kind]
            items = []
            for item in section.items:
                rec = recs.get(item.ref)
                pcc_only = not item.response_label.startswith("Force")
                label = (w.t("Response of the {policing_body}", policing_body=part.policing_body)
                         if pcc_only else w.t("Force response")) + ":"
                items.append(Record(
                    ref_label=f"{item.number}  {item.ref_label}",
                    text=_cell(rec, "recommendation", part.lang) if rec else item.text,
                    response_label=label, response=_response(rec, item, part.lang, w)))
            section_parts.append(Record(
                lang=part.lang, items=items,
                heading=f"{section.number}. "
                        + w.t(heading, policing_body=part.policing_body)))
        paper_sections.append(Record(kind=section.kind, number=section.number,
                                     parts=section_parts))
    first = i18n.Wording(langs[0])
    marks = " / ".join(i18n.Wording(lang).t("DRAFT") for lang in langs)
    return dict(base, parts=parts, rows=rows, languages=list(langs),
                paper_sections=paper_sections,
                draft_mark=marks if draft else "",
                ref_label=" / ".join(i18n.Wording(lang).t("Ref") for lang in langs),
                table_caption=first.t("Recommendations and the action taken or proposed, in "
                                      "Welsh and English") if len(langs) > 1
                else first.t("Recommendations and the action taken or proposed"),
                document_title=" / ".join(p.title for p in parts),
                page_title=" / ".join(f"{base['inspectorate']} – {p.report_title} – "
                                      f"{p.policing_body}" for p in parts))


SECTION_WORDING = {
    "cause_of_concern": "Force response to the causes of concern",
    "national": "Force response to the national recommendations",
    "force": "Force response to the recommendations for the force",
    "pcc": "Response to the recommendations for the {policing_body}",
    "area_for_improvement": "Force response to the areas for improvement",
}


def _paper(tracker: Tracker, report, base: dict, w: i18n.Wording, body: str, short: str,
           named: str, title: str, dates, today) -> dict:
    """The Board paper's wording in ``w``'s language (the ``paper_…`` fields of a part)."""
    settings = tracker.settings
    board = settings.board_name
    meeting = w.date(dates.board_meeting) if dates and dates.board_meeting else ""
    draft = report.paper_date is None
    return {
        "paper_title": (w.t("DRAFT – ") if draft else "") + w.t(
            "{inspectorate} {title}: force response", inspectorate=short, title=title),
        "paper_subtitle": (w.t("Paper for the {board} meeting of {date}", board=board,
                               date=meeting) if meeting else
                           w.t("Paper for the {board} meeting (date to be confirmed)",
                               board=board)) + " – " + (
            w.t("Draft prepared {date}", date=w.date(today))
            if draft else w.t("Issued {date}", date=w.date(report.paper_date))),
        "paper_draft_note": w.t("DRAFT: this paper becomes final for its meeting when its "
                                "Paper date is filled in on the Reports sheet."),
        "paper_purpose_heading": "1. " + w.t("Purpose"),
        "paper_purpose": w.t(
            "The purpose of this paper is to provide an update to the {board} on the force’s "
            "response to the {inspectorate} report “{title}” published by {inspectorate_named} "
            "on {date}, to enable the {policing_body} to discharge their duties under section "
            "55 of the Police Act 1996.", board=board, inspectorate=short, title=title,
            inspectorate_named=named, date=w.date(report.published), policing_body=body),
        "paper_background_heading": "2. " + w.t("Background"),
        "paper_background": w.t(
            "Within 56 days of publication of a report by {inspectorate}, the local policing "
            "body must publish a response: its own comments, any comments from the Chief "
            "Constable, and its response to those comments. It must be sent to the Secretary "
            "of State and to the inspectors of constabulary. Where a report makes "
            "recommendations, the comments must explain the action taken or proposed, or why "
            "none is proposed.", inspectorate=short),
        "paper_deadline": w.t(
            "The report was published on {published}, so the response must be published no "
            "later than {deadline}.", published=w.date(report.published),
            deadline=w.date(dates.statutory_deadline)) if dates else "",
        "paper_link": w.t("Link to the report: {url}", url=base["report_url"]),
    }


def _inspectors(report) -> str:
    from s55xl.documents import wording

    return wording.inspectorate_names("HMICFRS", report.published)[1]


def _response(rec, item, lang: str, w: i18n.Wording) -> str:
    if lang == language.ENGLISH or rec is None:
        return item.response
    typed = _cell(rec, "force_response", lang)
    if typed:
        return typed
    if item.response_is_standard:
        return w.t("This recommendation is addressed to {addressee}. {force} will await "
                   "further information.", addressee=rec.addressed_to or "",
                   force=w.t("the force")[:1].upper() + w.t("the force")[1:])
    return item.response


def _action(rec, item, lang: str, w: i18n.Wording, settings) -> str:
    if lang == language.ENGLISH or rec is None:
        return item.pcc_action
    typed = _cell(rec, "pcc_action", lang)
    if typed:
        return typed
    if addressees.is_pcc(rec.addressed_to or ""):
        return item.pcc_action
    return w.t("I will monitor the force’s progress on this recommendation through the {board}.",
               board=settings.board_name)


def _wording(w: i18n.Wording, body: str, short: str, title: str) -> Record:
    return Record(
        subtitle=w.t("Comments under section 55 of the Police Act 1996"),
        introduction=w.t("Introduction"),
        comments_heading=w.t("Comments of the {policing_body} on the report", policing_body=body),
        cc_heading=w.t("Chief Constable’s comments"),
        response_heading=w.t("Response of the {policing_body} to the Chief Constable’s comments",
                             policing_body=body),
        no_cc=w.t("The Chief Constable submitted no comments on the report."),
        recommendations_heading=w.t("Recommendations and the action taken or proposed"),
        publication=w.t("Publication"),
        language=w.t("Cymraeg") if w.lang == language.WELSH else w.t("English"),
        page=w.t("Page"), of=w.t("of"),
        response_of=w.t("Response of the {policing_body}", policing_body=body),
        under_s55=w.t("Under section 55 of the Police Act 1996 the {policing_body} publishes "
                      "comments on {inspectorate} reports, with any comments from the Chief "
                      "Constable and the action taken or proposed on each recommendation.",
                      policing_body=body, inspectorate=short),
        on_request=w.t("The response of the {policing_body} is available on request.",
                       policing_body=body),
        read_report=w.t("Read the {inspectorate} report “{title}”", inspectorate=short,
                        title=title),
        read_response=w.t("Read the response of the {policing_body} to the {inspectorate} "
                          "report “{title}” (PDF)", policing_body=body, inspectorate=short,
                          title=title),
        draft=w.t("DRAFT"),
        skip=w.t("Skip to the English") if w.lang == language.WELSH else w.t("Skip to the Welsh"),
        footer=w.t("{policing_body}: comments published under section 55 of the Police Act "
                   "1996.", policing_body=body),
    )


def finish(data: bytes, langs: tuple[str, ...] | list[str]) -> bytes:
    """Tag a rendered Welsh or bilingual .docx with its languages (see the module docstring)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    doc = Document(io.BytesIO(data))
    first = i18n.LANG_TAGS[langs[0]]
    # The language of text in the plain styles: Welsh in a Welsh-only document; English in a
    # bilingual one, whose Welsh parts are in the Welsh styles ("Normal Cymraeg"…).
    default = i18n.LANG_TAGS[language.WELSH] if tuple(langs) == (language.WELSH,) \
        else i18n.LANG_TAGS[language.ENGLISH]
    props = doc.core_properties
    props.language = first
    props.subject = " / ".join(i18n.Wording(lang).t(
        "Comments under section 55 of the Police Act 1996") for lang in langs)
    props.keywords = " / ".join(i18n.Wording(lang).t(
        "section 55; Police Act 1996; inspection response") for lang in langs)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
            rpr_default.append(rpr)
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{default}" '
                             f'w:eastAsia="{default}" w:bidi="ar-SA"/>'))
    for table in doc.tables:
        description = table._tbl.tblPr.find(qn("w:tblDescription"))
        if description is None or description.get(qn("w:val")) != "s55xl-languages":
            continue
        description.set(qn("w:val"), "Ref | " + " | ".join(
            "Welsh" if lang == language.WELSH else "English" for lang in langs))
        if len(langs) == 1:
            _drop_last_column(table)
        for row in table.rows:
            for index, cell in enumerate(row.cells[1:]):
                tag = i18n.LANG_TAGS[langs[min(index, len(langs) - 1)]]
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        rpr = run._r.get_or_add_rPr()
                        for old in rpr.findall(qn("w:lang")):
                            rpr.remove(old)
                        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{tag}"/>'))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _drop_last_column(table) -> None:
    """A Welsh-only table: the second language's column goes, the Welsh one takes its width."""
    from docx.oxml.ns import qn

    grid = table._tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    if len(cols) < 3:
        return
    cols[1].set(qn("w:w"), str(int(cols[1].get(qn("w:w"))) + int(cols[2].get(qn("w:w")))))
    grid.remove(cols[2])
    for tr in table._tbl.tr_lst:
        tcs = tr.findall(qn("w:tc"))
        if len(tcs) >= 3:
            width = tcs[2].find(qn("w:tcPr") + "/" + qn("w:tcW"))
            keep = tcs[1].find(qn("w:tcPr") + "/" + qn("w:tcW"))
            if width is not None and keep is not None:
                keep.set(qn("w:w"), str(int(keep.get(qn("w:w"))) + int(width.get(qn("w:w")))))
            tr.remove(tcs[2])
