"""Everything the documents say in s55xl's own words, in one language: the ``t`` placeholder.

Templates write no fixed wording of their own: a heading is ``{{ t.introduction }}``, a
statutory sentence ``{{ t.introduction_text }}``. :func:`phrases` makes those texts for one
report in one language from the message catalogues (:mod:`.i18n`), filled in with that
language's values (:func:`.context.build`), so English and Welsh go through the one gettext
mechanism and an office corrects either language in its ``.po`` file, not in code or in the
Word templates. The English of every message is the message itself.

Each field of :data:`.context.WORDING` is a ``t.<name>`` placeholder; ``docs/templates.md``
lists them.
"""

from __future__ import annotations

from s55xl import language
from s55xl.documents.context import Record
from s55xl.documents.i18n import LANG_TAGS, Wording


def phrases(v: dict, w: Wording) -> Record:
    """The ``t`` placeholder for one report: every field of :data:`FIELDS` in ``w``'s
    language, from that language's values ``v`` (:func:`.context.build`)."""
    body, body_s = v["policing_body"], v["policing_body_possessive"]
    short, title = v["inspectorate"], v["report_title"]
    named = dict(policing_body=body, policing_body_possessive=body_s, inspectorate=short,
                 title=title)
    draft = v["is_draft"]
    deadline = v["statutory_deadline"]
    order = v["order_of_findings"]
    sent = dict(named, inspectors=v["inspectors_name"])
    paper_draft = v["paper_is_draft"]
    meeting = v["board_meeting"]
    pdf = v["report_url"].lower().endswith(".pdf")
    count = sum(1 for item in v["recommendations"] if item.type == "Recommendation")
    return Record(
        lang=w.lang, tag=LANG_TAGS[w.lang],
        language=w.t("Cymraeg") if w.lang == language.WELSH else w.t("English"),
        draft=w.t("DRAFT"), page=w.t("Page"), of=w.t("of"), dated=v["dated"],
        subtitle=w.t("Comments under section 55 of the Police Act 1996"),
        draft_note=w.t("DRAFT prepared on {date}. It has not been signed, published or sent to "
                       "anyone; it becomes final when the Response date is filled in.",
                       date=v["today"]),
        introduction=w.t("Introduction"),
        introduction_text=" ".join([
            w.t("{inspectorate} published “{title}” on {published}.",
                inspectorate=v["inspectorate_named"], title=title, published=v["published"]),
            w.t("Section 55 of the Police Act 1996 requires the {policing_body} to publish "
                "comments on the report, together with any comments submitted by the Chief "
                "Constable of {force} and any response to those comments, before the end of "
                "the period of 56 days beginning with the day on which the report was "
                "published, that is by {deadline}.", policing_body=body,
                force=v["force_full_name"], deadline=deadline) if deadline else
            w.t("Section 55 of the Police Act 1996 requires the {policing_body} to publish "
                "comments on the report, together with any comments submitted by the Chief "
                "Constable of {force} and any response to those comments, before the end of "
                "the period of 56 days beginning with the day on which the report was "
                "published.", policing_body=body, force=v["force_full_name"]),
            w.t("Where the report makes recommendations, the comments must explain, for each, "
                "the action the {policing_body} has taken or proposes to take, or why none is "
                "proposed (section 55(5B)).", policing_body=body)]),
        comments_heading=w.t("{policing_body_possessive} comments on the report", **named),
        cc_heading=w.t("Chief Constable’s comments"),
        response_heading=w.t("{policing_body_possessive} response to the Chief Constable’s "
                             "comments", **named),
        no_cc=w.t("The Chief Constable submitted no comments on the report."),
        recommendations_heading=w.t("Recommendations and the action taken or proposed"),
        recommendations_intro=(w.n("The report makes {count} recommendation.",
                                   "The report makes {count} recommendations.", count) + " "
                               if count else "") + (w.t(
            "For each recommendation of the report ({order}, with the report’s own "
            "references) the table gives the force’s response and the action the "
            "{policing_body} has taken or proposes to take, or why none is proposed.",
            order=order, **named) if order else w.t(
            "For each recommendation of the report (with the report’s own references) the "
            "table gives the force’s response and the action the {policing_body} has taken "
            "or proposes to take, or why none is proposed.", **named)),
        column_ref=w.t("Ref"), column_recommendation=w.t("Recommendation"),
        column_response=w.t("Force response"),
        column_action=w.t("{policing_body_possessive} action", **named),
        table_caption=w.t("Recommendations and the action taken or proposed"),
        table_description=w.t("One row per recommendation: its reference, its text, the force "
                              "response and the action of the local policing body."),
        publication=w.t("Publication"),
        publication_text=w.t(
            "Once signed, this response will be published on the {policing_body_possessive} "
            "website, and a copy will be sent to the Secretary of State (the Home Secretary) "
            "and to the inspectors of constabulary, {inspectors} (HMICFRS), as section 55(6) "
            "of the Police Act 1996 requires.", **sent) if draft else w.t(
            "This response is published on the {policing_body_possessive} website, and a copy "
            "has been sent to the Secretary of State (the Home Secretary) and to the inspectors "
            "of constabulary, {inspectors} (HMICFRS), as section 55(6) of the Police Act 1996 "
            "requires.", **sent),
        paper_title=(w.t("DRAFT – ") if paper_draft else "") + w.t(
            "{inspectorate} {title}: force response", **named),
        paper_subtitle=(w.t("Paper for the {board} meeting of {date}", board=v["board_name"],
                            date=meeting) if meeting else
                        w.t("Paper for the {board} meeting (date to be confirmed)",
                            board=v["board_name"])) + " – " + v["paper_dated"],
        paper_draft_note=w.t("DRAFT: this paper becomes final for its meeting when its Paper "
                             "date is filled in on the Reports sheet."),
        purpose=w.t("Purpose"),
        purpose_text=w.t(
            "The purpose of this paper is to provide an update to the {board} (“{board_short}”) "
            "on {force_possessive} response to the {inspectorate} “{title}” published by "
            "{inspectorate_named} on {published}, to enable the {policing_body_type} to "
            "discharge {pcc_possessive} duties under section 55 of the Police Act 1996.",
            board=v["board_name"], board_short=v["board_short_name"],
            force=v["force_name"], force_possessive=v["force_possessive"],
            inspectorate=short, title=title, inspectorate_named=v["inspectorate_named"],
            published=v["published"], policing_body_type=v["policing_body_type"],
            policing_body=body, pcc_possessive=v["pcc_possessive"]),
        background=w.t("Background"),
        background_text=w.t(
            "Within 56 days of publication of a report by {inspectorate}, the “local policing "
            "body” (the {policing_body_type}) must provide a response to any report published "
            "under section 55(1) of the Police Act 1996.", inspectorate=short,
            policing_body_type=v["policing_body_type"]),
        must_be=w.t("The response must be:"),
        must_be_published=w.t("Published;"),
        must_be_sent_state=w.t("Sent to the Secretary of State;"),
        must_be_sent_inspectors=w.t("Sent to the inspectors of constabulary."),
        must_include=w.t("The response must include:"),
        must_include_comments=w.t("The local policing body’s comments;"),
        must_include_cc=w.t("Any comments from the Chief Constable;"),
        must_include_response=w.t("Any comments from the local policing body on the Chief "
                                  "Constable’s comments."),
        whole_report=w.t("The response should comment on the report as a whole. If a report "
                         "includes recommendations, the comments should include an "
                         "explanation of what action is being, or will be taken, or why no "
                         "action is proposed."),
        deadline_text=w.t("The report was published on {published}, so the response must be "
                          "published no later than {deadline}.", published=v["published"],
                          deadline=deadline) if deadline else "",
        report_link=w.t("Link to the report: {url}", url=v["report_url"]),
        page_title=w.t("{inspectorate} – {title}", **named) + f" – {body}",
        page_heading=w.t("{inspectorate} – {title}", **named),
        draft_line=w.t("prepared {date}: not yet signed or published.", date=v["today"]),
        published_by=w.t("Published by {inspectorate} on", inspectorate=v["inspectorate_name"]),
        read_report=(w.t("Read the {inspectorate} report “{title}” (PDF)", **named) if pdf
                     else w.t("Read the {inspectorate} report “{title}”", **named)),
        response_of=w.t("{policing_body_possessive} response", **named),
        under_s55=w.t("Under section 55 of the Police Act 1996 the {policing_body} publishes "
                      "comments on {inspectorate} reports, with any comments from the Chief "
                      "Constable and the action taken or proposed on each recommendation.",
                      **named),
        read_response=w.t("Read the {policing_body_possessive} response to the {inspectorate} "
                          "report “{title}” (PDF)", **named),
        on_request=(w.t("The {policing_body_possessive} response is available on request from "
                        "{address}.", address=v["office_address"], **named)
                    if v["office_address"] else
                    w.t("The {policing_body_possessive} response is available on request.",
                        **named)),
        footer=w.t("{policing_body}: comments published under section 55 of the Police Act "
                   "1996.", **named),
        skip=w.t("Skip to the English") if w.lang == language.WELSH
        else w.t("Skip to the Welsh"),
    )
