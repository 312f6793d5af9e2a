"""The PCC's response as section 55 requires it, in each state a report can be in.

Every document is reopened with python-docx and read as text; the expected sentences are
written out here in full, from the Act (s55(5)-(6)) and docs/templates.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import docx
import pytest
from support.documents import TODAY, load, rec, report, signatory, write_tracker
from support.ooxml import audit

from s55xl import xlsx
from s55xl.documents import generate
from s55xl.validate import validate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HER = "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"
HIS = "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"
# A blank PCC action on a recommendation for a national body: the PCC cannot "monitor the
# force's progress" on the Home Office's work.
NATIONAL_ACTION = ("This recommendation is addressed to the Home Office, not to me. I will "
                   "consider what it means for policing in the area once it has been taken "
                   "forward, and will ask the Constabulary about any changes that follow, "
                   "through the Business Co-ordination Board.")
STANDARD_ACTION = ("I will monitor the Constabulary's progress on this recommendation through "
                   "the Business Co-ordination Board.")


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    monkeypatch.setenv("S55XL_PDF_CONVERTER", "none")


def make(tmp_path, reports, recs, formats=("docx",), today=TODAY, **settings):
    book = write_tracker(tmp_path / "t.xlsx", reports, recs, [signatory()], settings)
    result = generate(load(book), out_dir=tmp_path / "out", formats=formats, today=today)
    return book, result


def doc_of(result, report_id, kind, fmt="docx"):
    return next(d.path for d in result.documents
                if (d.report_id, d.kind, d.format) == (report_id, kind, fmt))


def texts(path) -> list[str]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs]


def header(path) -> list[str]:
    return [p.text for p in docx.Document(path).sections[0].header.paragraphs]


def table_rows(path) -> list[list[str]]:
    [table] = docx.Document(path).tables
    return [[c.text for c in row.cells] for row in table.rows]


def copies_sentence(inspectors: str, final: bool) -> str:
    if final:
        start = ("This response is published on the Police and Crime Commissioner’s website, "
                 "and a copy has been sent")
    else:
        start = ("Once signed, this response will be published on the Police and Crime "
                 "Commissioner’s website, and a copy will be sent")
    return (f"{start} to the Secretary of State (the Home Secretary) and to the inspectors of "
            f"constabulary, {inspectors} (HMICFRS), as section 55(6) of the Police Act 1996 "
            "requires.")


# -- draft and final -------------------------------------------------------------------------


def test_without_a_response_date_every_document_is_a_draft_that_claims_nothing(tmp_path):
    _, result = make(tmp_path, [report("D")], [rec("D", "1")], formats=("docx", "html"))
    assert sorted(d.path.name for d in result.documents) == [
        "D Board paper DRAFT.docx", "D PCC response DRAFT.docx", "D publication DRAFT.html"]
    response = doc_of(result, "D", "response")
    lines = texts(response)
    assert header(response) == ["DRAFT"]
    assert lines[0].startswith("DRAFT – ")
    assert ("DRAFT prepared on 1st April 2020. It has not been signed, published or sent to "
            "anyone; it becomes final when the Response date is filled in.") in lines
    assert copies_sentence(HER, final=False) in lines
    assert not [t for t in lines if "has been sent" in t or "is published" in t]
    assert lines[-1] == "Draft prepared 1st April 2020"
    board = doc_of(result, "D", "board_paper")
    assert header(board) == ["OFFICIAL"]  # one marking; the draft state is in the title
    assert texts(board)[0].startswith("DRAFT – ")
    assert texts(board)[1].endswith("– Draft prepared 1st April 2020")
    page = doc_of(result, "D", "publication", "html").read_text("utf-8")
    assert "<strong>DRAFT</strong> prepared 1st April 2020: not yet signed or published." in page


def test_with_a_response_date_the_response_is_final_dated_that_day(tmp_path):
    _, result = make(tmp_path, [report("F", response_date=date(2020, 4, 20))], [rec("F", "1")])
    # The Board paper has its own life: no Paper date, still a draft, whatever the response.
    assert sorted(d.path.name for d in result.documents) == [
        "F Board paper DRAFT.docx", "F PCC response.docx"]
    response = doc_of(result, "F", "response")
    lines = texts(response)
    assert header(response) == [""]
    assert not [t for t in lines if "DRAFT" in t or "Draft" in t]
    assert copies_sentence(HER, final=True) in lines
    assert lines[-2:] == ["Police and Crime Commissioner", "20th April 2020"]
    assert header(doc_of(result, "F", "board_paper")) == ["OFFICIAL"]


def test_a_response_date_after_the_deadline_is_a_warning_and_the_response_is_still_made(
        tmp_path):
    book, result = make(tmp_path, [report("L", response_date=date(2020, 4, 23))],
                        [rec("L", "1")])
    found = [(f.severity, f.code, f.cell) for f in validate(xlsx.load(book), TODAY)
             if f.code == "response-after-deadline"]
    assert found == [("warning", "response-after-deadline", "N2")]
    assert texts(doc_of(result, "L", "response"))[-1] == "23rd April 2020"
    assert not result.refused


# -- the Chief Constable's comments --------------------------------------------------------


def test_blank_chief_constable_comments_are_reported_as_none_submitted(tmp_path):
    book, result = make(tmp_path, [report("C", cc_comments=None)], [rec("C", "1")])
    assert not result.refused
    lines = texts(doc_of(result, "C", "response"))
    i = lines.index("Chief Constable’s comments")
    assert lines[i + 1] == "The Chief Constable submitted no comments on the report."
    assert "Police and Crime Commissioner’s response to the Chief Constable’s comments" \
        not in lines
    assert "PCC response." not in lines  # no reply printed to comments never made
    assert [(f.severity, f.cell) for f in validate(xlsx.load(book), TODAY)
            if f.code == "cc-comments-none"] == [("warning", "H2")]


# -- the PCC's action on each recommendation (s55(5B)) ---------------------------------------


def test_each_row_gives_the_force_response_and_the_pcc_action(tmp_path):
    book, result = make(tmp_path, [report("A")], [
        rec("A", "1", pcc_action="I will review the plan at my next accountability meeting."),
        rec("A", "2", addressed_to="Home Office", force_response=None, pcc_action=None,
            recommendation="We recommend that the Home Office reviews X.")])
    rows = table_rows(doc_of(result, "A", "response"))
    assert rows == [
        ["Ref", "Recommendation", "Force response", "Police and Crime Commissioner’s action"],
        ["1", "We recommend that chief constables do thing 1.",
         "The Constabulary is doing thing 1.",
         "I will review the plan at my next accountability meeting."],
        ["2", "We recommend that the Home Office reviews X.",
         "This recommendation is addressed to the Home Office. The Constabulary will await "
         "further information.", NATIONAL_ACTION]]
    warnings = [(f.severity, f.code, f.cell, f.message) for f in validate(xlsx.load(book), TODAY)
                if f.code == "standard-pcc-action"]
    assert warnings == [("warning", "standard-pcc-action", "G3",
                         f"A 2: PCC action is blank, so the response will say: "
                         f"\"{NATIONAL_ACTION}\" Type the PCC's own action if it is different.")]


def test_a_recommendation_for_pccs_needs_the_pccs_own_action(tmp_path):
    for_pccs = rec("P", "R1", addressed_to="Police and crime commissioners", pcc_action=None,
                   recommendation="We recommend that PCCs publish their plans.",
                   force_response="The PCC’s office will publish the plan.")
    book, result = make(tmp_path, [report("P"), report("Q")], [for_pccs, rec("Q", "1")],
                        formats=("docx", "html"))
    assert result.refused == ["P"]
    assert {(d.report_id, d.kind) for d in result.documents} == {
        ("P", "board_paper"), ("Q", "board_paper"), ("Q", "response"), ("Q", "publication")}
    [finding] = result.findings
    assert (finding.code, finding.sheet, finding.cell, finding.column) == (
        "pcc-action-missing", "Recommendations", "G2", "PCC action")
    board = texts(doc_of(result, "P", "board_paper"))
    # The Board paper does not present the PCC office's answer as the force's.
    assert ("Police and Crime Commissioner’s response: The PCC’s office will publish the plan."
            in board)
    assert not [t for t in board if t.startswith("Force response: The PCC’s office")]


# -- the inspectorate ----------------------------------------------------------------------


def test_a_joint_inspection_is_copied_to_the_inspectors_of_constabulary(tmp_path):
    joint = report("J", inspectorate="HMICFRS, CQC and Ofsted", report_type="Joint inspection",
                   response_date=date(2020, 4, 2))
    _, result = make(tmp_path, [joint], [rec("J", "1")])
    lines = texts(doc_of(result, "J", "response"))
    intro = next(t for t in lines if t.startswith("HMICFRS, CQC and Ofsted published"))
    assert intro.startswith("HMICFRS, CQC and Ofsted published “Report J” on 27th February "
                            "2020. Section 55 of the Police Act 1996 requires")
    assert copies_sentence(HER, final=True) in lines
    purpose = next(t for t in texts(doc_of(result, "J", "board_paper"))
                   if t.startswith("The purpose"))
    assert "published by HMICFRS, CQC and Ofsted on 27th February 2020" in purpose
    assert "(HMICFRS, CQC and Ofsted)" not in purpose


@pytest.mark.parametrize("published, inspectors", [
    (date(2022, 9, 8), HER), (date(2022, 9, 9), HIS)])
def test_the_copy_goes_to_the_inspectorate_as_named_on_publication(tmp_path, published,
                                                                    inspectors):
    _, result = make(tmp_path, [report("K", published=published,
                                       response_date=date(2022, 10, 1))],
                     [rec("K", "1")], today=date(2022, 10, 1))
    lines = texts(doc_of(result, "K", "response"))
    assert copies_sentence(inspectors, final=True) in lines
    assert any(t.startswith(f"{inspectors} (HMICFRS) published") for t in lines)


def test_the_act_is_quoted_right(tmp_path):
    _, result = make(tmp_path, [report("X")], [rec("X", "1")])
    intro = next(t for t in texts(doc_of(result, "X", "response"))
                 if "requires the Police and Crime Commissioner to publish" in t)
    assert ("before the end of the period of 56 days beginning with the day on which the "
            "report was published, that is by 22nd April 2020.") in intro
    assert "within 56 days" not in intro
    assert ("the action the Police and Crime Commissioner has taken or proposes to take, or why "
            "none is proposed (section 55(5B)).") in intro


# -- one order in both documents -----------------------------------------------------------


def test_paper_and_response_list_the_findings_in_the_same_order_with_the_reports_refs(
        tmp_path):
    rows = [rec("O", "AFI 1", type="Area for improvement", addressed_to="The force",
                recommendation="The force should improve W."),
            rec("O", "R1", addressed_to="Home Office", force_response=None,
                recommendation="We recommend that the Home Office reviews X."),
            rec("O", "CoC 1", type="Cause of concern", addressed_to="The force",
                recommendation="The force is not doing Z."),
            rec("O", "R2", addressed_to="The force", recommendation="The force should do Y.")]
    _, result = make(tmp_path, [report("O", report_type="PEEL")], rows)
    order = ["CoC 1", "R1", "R2", "AFI 1"]
    assert [r[0] for r in table_rows(doc_of(result, "O", "response"))[1:]] == order
    board = texts(doc_of(result, "O", "board_paper"))
    labelled = [t.split(":")[0] for t in board if t.split(":")[0] in order]
    assert labelled == order


# -- Word lists, rows and packages ---------------------------------------------------------


def _num_of(paragraph) -> str | None:
    num = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
    return num.get(f"{W}val") if num is not None else None


def test_typed_bullets_become_word_lists_restarting_each_time(tmp_path):
    typed = ("The force should:\n• do A;\n- do B;\nThen, separately:\n* do C;\n– do D.")
    _, result = make(tmp_path, [report("B")], [rec("B", "1", force_response=typed)])
    path = doc_of(result, "B", "board_paper")
    document = docx.Document(path)
    paras = document.paragraphs
    i = next(i for i, p in enumerate(paras) if p.text == "Force response: The force should:")
    got = [(p.text, _num_of(p)) for p in paras[i:i + 6]]
    assert [t for t, _ in got] == ["Force response: The force should:", "do A;", "do B;",
                                   "Then, separately:", "do C;", "do D."]
    first, second = got[1][1], got[4][1]
    assert first and second and first != second
    assert got[2][1] == first and got[5][1] == second and got[3][1] is None
    numbering = document.part.numbering_part.element
    for num_id in (first, second):
        [num] = [n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id]
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
        abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
        [abstract] = [a for a in numbering.iter(f"{W}abstractNum")
                      if a.get(f"{W}abstractNumId") == abstract_id]
        assert abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "bullet"
    # In the response's table cell the same text is a list too.
    cell = docx.Document(doc_of(result, "B", "response")).tables[0].rows[1].cells[2]
    assert [p.text for p in cell.paragraphs][1:3] == ["do A;", "do B;"]
    assert all(_num_of(p) for p in cell.paragraphs[1:3])
    assert audit(path) == []


def test_a_template_without_a_bullet_list_gets_one(tmp_path):
    plain = docx.Document()
    plain.add_paragraph("{{ pcc_comments }}")
    plain.save(tmp_path / "plain.docx")
    _, result = make(tmp_path, [report("T", pcc_comments="Intro\n• one\n• two")],
                     [rec("T", "1")], response_template=str(tmp_path / "plain.docx"))
    document = docx.Document(doc_of(result, "T", "response"))
    assert [p.text for p in document.paragraphs] == ["Intro", "one", "two"]
    num_id = _num_of(document.paragraphs[1])
    assert num_id and _num_of(document.paragraphs[2]) == num_id


def test_every_table_row_stays_on_one_page_and_the_header_repeats(tmp_path):
    _, result = make(tmp_path, [report("R")], [rec("R", str(n)) for n in range(1, 6)])
    [table] = docx.Document(doc_of(result, "R", "response")).tables
    assert len(table.rows) == 6
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows[1:])
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_every_generated_word_document_opens_in_word_without_repair(demo_documents):
    for kind in ("board_paper", "response"):
        assert audit(demo_documents[kind, "docx"]) == [], kind


# -- the web page ----------------------------------------------------------------------------


def test_the_fragment_is_the_page_content_without_its_frame(tmp_path):
    _, result = make(tmp_path, [report("H")], [rec("H", "1")], formats=("html", "html-fragment"))
    page = doc_of(result, "H", "publication", "html").read_text("utf-8")
    fragment = doc_of(result, "H", "publication", "html-fragment")
    assert fragment.name == "H publication fragment DRAFT.html"
    text = fragment.read_text("utf-8")
    assert text.startswith('<section class="s55xl-publication" lang="en-GB">')
    assert text.rstrip().endswith("</section>")
    for frame in ("<html", "<head", "<body", "<header", "<footer", "<!DOCTYPE"):
        assert frame not in text
    offer = "<p>The Police and Crime Commissioner’s response is available on request.</p>"
    assert offer in text and offer in page and ".docx" not in page


def test_a_blank_report_url_is_warned_about(tmp_path):
    book, result = make(tmp_path, [report("U", report_url=None)], [rec("U", "1")],
                        formats=("docx", "html"))
    assert [(f.severity, f.cell) for f in validate(xlsx.load(book), TODAY)
            if f.code == "report-url-missing"] == [("warning", "F2")]
    page = doc_of(result, "U", "publication", "html").read_text("utf-8")
    assert "Read the HMICFRS report" not in page


# -- validate and generate agree -------------------------------------------------------------


def test_validate_lists_exactly_what_generate_refuses(tmp_path):
    reports = [report("E1", title=None), report("E2", pcc_comments=None),
               report("E3"), report("OK", cc_comments=None)]
    recs = [rec("E1", "1"), rec("E2", "1"),
            rec("E3", "1", addressed_to="PCCs", pcc_action=None),
            rec("E3", "2", force_response=None), rec("OK", "1", pcc_action=None)]
    book, result = make(tmp_path, reports, recs)
    errors = {(f.code, f.sheet, f.cell) for f in validate(xlsx.load(book), TODAY)
              if f.severity == "error"}
    refused = {(f.code, f.sheet, f.cell) for f in result.findings if f.severity == "error"}
    assert refused == errors == {
        ("missing-value", "Reports", "B2"), ("pcc-comments-missing", "Reports", "I3"),
        ("pcc-action-missing", "Recommendations", "G4"),
        ("force-response-missing", "Recommendations", "F5")}
    assert result.refused == ["E1", "E2", "E3"]
    assert {(d.report_id, d.kind) for d in result.documents} == {
        ("E2", "board_paper"), ("OK", "board_paper"), ("OK", "response")}


def test_a_cause_of_concern_is_followed_by_its_own_recommendations(tmp_path):
    rows = [rec("P", "Recommendation 3", addressed_to="Home Office", force_response=None,
                recommendation="We recommend that the Home Office reviews X."),
            rec("P", "Cause of concern 1.2", addressed_to="The force",
                recommendation="Within three months, the force should do B."),
            rec("P", "AFI 1", type="Area for improvement", addressed_to="The force",
                recommendation="The force should improve W."),
            rec("P", "Cause of concern 2", type="Cause of concern", addressed_to="The force",
                recommendation="The force is not doing V."),
            rec("P", "Cause of concern 1", type="Cause of concern", addressed_to="The force",
                recommendation="The force is not doing Z."),
            rec("P", "Cause of concern 10.1", addressed_to="The force",
                recommendation="The force should do C."),
            rec("P", "Cause of concern 1.1", addressed_to="The force",
                recommendation="Within three months, the force should do A.")]
    _, result = make(tmp_path, [report("P", report_type="PEEL")], rows)
    # 10.1 continues no cause of concern here (there is no "Cause of concern 10"), so it stays
    # with the force's recommendations, after the causes and the national one.
    order = ["Cause of concern 2", "Cause of concern 1", "Cause of concern 1.2",
             "Cause of concern 1.1", "Recommendation 3", "Cause of concern 10.1", "AFI 1"]
    assert [r[0] for r in table_rows(doc_of(result, "P", "response"))[1:]] == order
    board = texts(doc_of(result, "P", "board_paper"))
    labelled = [t.split(":")[0] for t in board if t.split(":")[0] in order]
    assert labelled == order


def test_a_recommendation_for_the_pcc_alone_has_its_own_section_in_a_force_report(tmp_path):
    rows = [rec("Q", "R1", addressed_to="The force", recommendation="The force should do Y."),
            rec("Q", "R2", addressed_to="Police and crime commissioner",
                recommendation="The PCC should review the scrutiny panel.",
                force_response="The PCC's office will review the panel by June.",
                pcc_action="I will review the panel by June.")]
    _, result = make(tmp_path, [report("Q", report_type="PEEL")], rows)
    board = texts(doc_of(result, "Q", "board_paper"))
    force = board.index("Force response to the recommendations for the Constabulary")
    pcc = board.index("Response to the recommendations for the Police and Crime Commissioner")
    r1 = next(i for i, t in enumerate(board) if t.startswith("R1: The force should do Y."))
    r2 = next(i for i, t in enumerate(board) if t.startswith("R2: The PCC should review"))
    assert force < r1 < pcc < r2
    assert "Police and Crime Commissioner\u2019s response: The PCC's office will review the " \
           "panel by June." in board


# -- the Board paper's own life (Paper date) -------------------------------------------------


def test_a_paper_date_makes_the_board_paper_final_for_its_meeting_without_the_response(
        tmp_path):
    # Published 27 February 2020: the second-Tuesday meeting on 14 April takes the paper.
    _, result = make(tmp_path, [report("B", paper_date=date(2020, 4, 3))], [rec("B", "1")],
                     formats=("docx", "html"))
    assert sorted(d.path.name for d in result.documents) == [
        "B Board paper.docx", "B PCC response DRAFT.docx", "B publication DRAFT.html"]
    board = doc_of(result, "B", "board_paper")
    lines = texts(board)
    assert not [t for t in lines if "DRAFT" in t or "Draft" in t]
    assert header(board) == ["OFFICIAL"]
    assert [p.text for p in docx.Document(board).sections[0].footer.paragraphs][-1] == "OFFICIAL"
    subtitle = lines[1]
    assert subtitle == ("Paper for the Business Co-ordination Board meeting of 14th April 2020 "
                        "– Issued 3rd April 2020")
    issued = datetime.strptime(re.search(r"Issued (\d+)\w\w (\w+ \d{4})", subtitle).expand(
        r"\1 \2"), "%d %B %Y").date()
    meeting = datetime.strptime(re.search(r"of (\d+)\w\w (\w+ \d{4})", subtitle).expand(
        r"\1 \2"), "%d %B %Y").date()
    assert issued <= meeting  # never dated after its own meeting
    # The response, still unsigned, stays a draft.
    assert texts(doc_of(result, "B", "response"))[0].startswith("DRAFT – ")


def test_a_paper_date_after_its_meeting_is_warned_about(tmp_path):
    book, _ = make(tmp_path, [report("L", paper_date=date(2020, 4, 20))], [rec("L", "1")],
                   formats=("docx",))
    from s55xl import checks

    found = [(f.severity, f.code, f.cell) for f in checks.run(xlsx.load(book), TODAY).findings
             if f.code == "paper-after-meeting"]
    assert found == [("warning", "paper-after-meeting", "O2")]


def test_the_report_order_sentence_names_only_the_kinds_of_finding_present(tmp_path):
    _, result = make(tmp_path, [report("O"), report("M")], [
        rec("O", "1"), rec("M", "1"), rec("M", "AFI 1", type="Area for improvement")],
        formats=("docx",))
    only = "\n".join(texts(doc_of(result, "O", "response")))
    assert ("For each recommendation of the report (with the report’s own references) the "
            "table gives") in only
    assert "causes of concern" not in only and "areas for improvement" not in only
    mixed = "\n".join(texts(doc_of(result, "M", "response")))
    assert ("(the recommendations first, then the areas for improvement, with the report’s "
            "own references)") in mixed
