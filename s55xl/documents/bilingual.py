"""Bilingual documents: each part in its own language, from one set of rows.

With the Settings ``Language`` at ``Bilingual`` the PCC's response, the Board paper and the
publication page are made from the built-in bilingual templates (``pcc_response_welsh.docx``,
``board_paper_welsh.docx``, ``publication_welsh.html``), which hold a *part* per language in
reading order (Welsh first unless ``Welsh first`` is ``No``). (A Welsh-only document is made
from the English templates with Welsh values: :func:`.context.build` with ``lang="cy"``.)
:func:`values` adds to a report's placeholders:

- ``parts``: one record per language — ``lang`` (``cy``/``en``), ``tag`` (``cy-GB``/``en-GB``),
  ``t`` (s55xl's wording, :mod:`.phrases`), the cell text in that language (the Welsh columns
  for Welsh), the statutory sentences and the dates in that language;
- ``rows``: the recommendations side by side (``rec.first`` and ``rec.second``, the parts'
  texts, in the parts' order);
- ``paper_sections``: the Board paper's sections, each once per language;
- ``draft_mark``, ``table_caption``, ``ref_label`` and ``languages``.

:func:`each_language` builds every language's values once per report; the report's documents
share them.

:func:`finish` tags a rendered Welsh or bilingual document: its language property is the first
part's; the plain styles' language is Welsh for a Welsh-only document and English for a
bilingual one, whose Welsh parts are in the Welsh styles; each column of the side-by-side table
carries its part's language.
"""

from __future__ import annotations

import io

from s55xl import language
from s55xl.documents import context, i18n
from s55xl.documents.context import Record
from s55xl.model import Tracker


def languages(tracker: Tracker) -> tuple[str, ...]:
    settings = tracker.settings
    return language.languages(settings.language, settings.welsh_first)


def wanted(tracker: Tracker) -> bool:
    """True when the office writes Welsh: Settings Language Cymraeg or Bilingual."""
    return language.needs_welsh(tracker.settings.language)


def both(tracker: Tracker) -> bool:
    """True when the documents are in two languages (Settings Language Bilingual)."""
    return len(languages(tracker)) > 1


def each_language(tracker: Tracker, report, base: dict, *, today, dates,
                  texts: context.Texts) -> dict[str, dict]:
    """Every language's values for ``report``: ``base`` (:func:`.context.build`) for its own
    language, the others built the same way (their cells' findings go to ``texts``). Built once
    per report and shared by its documents."""
    return {lang: base if lang == base["lang"] else context.build(
        tracker, report, today=today, dates=dates, texts=texts, lang=lang)
        for lang in languages(tracker)}


def values(base: dict, each: dict[str, dict]) -> dict:
    """``base`` (the values of the document being made) plus the parts, rows and sections of
    every language in ``each`` (:func:`each_language`), in reading order."""
    langs = list(each)
    each = {lang: base if lang == base["lang"] else dict(
        v, response_url=base.get("response_url", ""), fragment=base.get("fragment", False))
        for lang, v in each.items()}
    parts = [_part(each[lang]) for lang in langs]
    labels = []
    for lang in langs:
        w = i18n.Wording(lang)
        labels.append((w, w.t("Force response"),
                       w.t("Action of the Police and Crime Commissioner")))
    rows = []
    columns = [each[lang]["recommendations"] for lang in langs]
    for index, item in enumerate(columns[0]):
        first, second = (
            Record(label_text=w.t(column[index].type or "Recommendation"),
                   text=column[index].text, label_response=response,
                   response=column[index].response, label_action=action,
                   pcc_action=column[index].pcc_action)
            for (w, response, action), column in zip(labels, columns, strict=True))
        rows.append(Record(ref=item.ref, first=first, second=second))
    paper_sections = []
    for index, section in enumerate(each[langs[0]]["sections"]):
        section_parts = []
        for lang in langs:
            own = each[lang]["sections"][index]
            section_parts.append(Record(lang=lang, heading=own.heading, items=[
                Record(ref_label=item.ref_label, text=item.text,
                       response_label=item.response_label, response=item.response)
                for item in own.items]))
        paper_sections.append(Record(kind=section.kind, number=section.number,
                                     parts=section_parts))
    marks = " / ".join(p.t.draft for p in parts)
    return dict(base, t=parts[0].t, parts=parts, rows=rows, languages=langs,
                paper_sections=paper_sections,
                draft_mark=marks if base["is_draft"] else "",
                ref_label=" / ".join(p.t.column_ref for p in parts),
                table_caption=labels[0][0].t("Recommendations and the action taken or "
                                             "proposed, in Welsh and English"),
                document_title=" / ".join(p.title for p in parts),
                page_title=" / ".join(p.t.page_title for p in parts),
                response_link_text=parts[0].t.read_response)


def _part(v: dict) -> Record:
    """One language's part of a bilingual document (the names the bilingual templates use)."""
    t = v["t"]
    return Record(
        lang=v["lang"], tag=v["tag"], policing_body=v["policing_body"],
        title=context.document_title("response", v), report_title=v["report_title"],
        inspectorate_named=v["inspectorate_named"], draft_note=t.draft_note,
        introduction=t.introduction_text, pcc_comments=v["pcc_comments"],
        cc_comments=v["cc_comments"], pcc_response=v["pcc_response"],
        recommendations_intro=t.recommendations_intro, publication=t.publication_text,
        dated=v["dated"], published=v["published"], published_by_page=t.published_by,
        draft_line=t.draft_line, t=t, summary_blocks=v["summary_blocks"],
        report_link_text=t.read_report, paper_title=t.paper_title,
        paper_subtitle=t.paper_subtitle, paper_draft_note=t.paper_draft_note,
        paper_purpose_heading=t.purpose, paper_purpose=t.purpose_text,
        paper_background_heading=t.background,
        paper_background=t.background_text, paper_deadline=t.deadline_text,
        paper_link=t.report_link,
        paper_background_points=[
            Record(text=t.must_be, items=[t.must_be_published, t.must_be_sent_state,
                                          t.must_be_sent_inspectors]),
            Record(text=t.must_include, items=[t.must_include_comments, t.must_include_cc,
                                               t.must_include_response]),
            Record(text=t.whole_report, items=[])],
    )


def finish(data: bytes, langs: tuple[str, ...] | list[str]) -> bytes:
    """Tag a rendered Welsh or bilingual .docx with its languages (see the module docstring):
    the language property, the plain styles' language, and the columns of a side-by-side
    table."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    doc = Document(io.BytesIO(data))
    first = i18n.LANG_TAGS[langs[0]]
    # The language of text in the plain styles: Welsh in a Welsh-only document; English in a
    # bilingual one, whose Welsh parts are in the Welsh styles ("Normal Cymraeg"…).
    default = i18n.LANG_TAGS[language.WELSH] if tuple(langs) == (language.WELSH,) \
        else i18n.LANG_TAGS[language.ENGLISH]
    doc.core_properties.language = first
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
