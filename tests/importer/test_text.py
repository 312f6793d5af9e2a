"""Importing from text copied out of a PDF: the artefacts undone, the findings recognised."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from s55xl.importer import read_paper
from s55xl.importer.document import Item
from s55xl.importer.readers import read_blocks
from s55xl.importer.text import clean


def lines(text: str) -> list[str]:
    return [b.text for b in clean(text)]


def write(tmp_path: Path, text: str, name: str = "paper.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- the clean-up, one artefact at a time ----------------------------------------------------

@pytest.mark.parametrize("furniture", ["Page 2 of 5", "page 2", "2 of 5", "- 2 -", "12",
                                       "OFFICIAL", "OFFICIAL - SENSITIVE", "Official Sensitive",
                                       "NOT PROTECTIVELY MARKED"])
def test_page_numbers_and_protective_markings_are_dropped(furniture):
    assert lines(f"First line of text\n{furniture}\nSecond line of text") == [
        "First line of text", "Second line of text"]


def test_headers_and_footers_recurring_across_pages_are_dropped():
    page = ("Anyshire Constabulary – Business Co-ordination Board\n{body}\n"
            "Report to the Board, March 2020\nPage {n} of 3\n")
    text = "".join(page.format(body=body, n=n) for n, body in
                   enumerate(["Body one.", "Body two.", "Body three."], start=1))
    assert lines(text) == ["Body one.", "Body two.", "Body three."]


def test_form_feeds_separate_pages_too():
    text = "HEADER LINE\nBody one.\n\fHEADER LINE\nBody two.\n"
    assert lines(text) == ["Body one.", "Body two."]


def test_body_lines_repeated_on_several_pages_are_kept():
    # Identical wrapped lines at page edges, but at different places or ending a sentence.
    same = "Department for Education. The Constabulary will await"
    page1 = ["Header", same, "the Home Office and"] + [f"body {n}" for n in range(6)] + [
        "Information."]
    page2 = ["Header", "the Home Office and", "other"] + [f"more {n}" for n in range(6)] + [
        same, "Information."]
    text = "\n".join(page1 + ["Page 1 of 2"] + page2 + ["Page 2 of 2"])
    assert lines(text) == page1[1:] + page2[1:]


@pytest.mark.parametrize("glyph", ["•", "●", "▪", "-", "◦"])
def test_bullet_glyphs_on_their_own_lines_join_their_text(glyph):
    blocks = clean(f"The response must be:\n{glyph}\n\nPublished;\n\n{glyph}\n\nSent.\n")
    assert [(b.text, b.bullet) for b in blocks] == [
        ("The response must be:", False), ("Published;", True), ("Sent.", True)]


def test_bullet_glyph_at_line_start_is_a_bullet():
    blocks = clean("Lead:\n• one\n▪ two\n- three\n")
    assert [(b.text, b.bullet) for b in blocks] == [
        ("Lead:", False), ("one", True), ("two", True), ("three", True)]


def test_hyphenated_line_end_keeps_the_hyphen():
    assert lines("conduct a self-\nassessment of the force") == [
        "conduct a self-assessment", "of the force"]


def test_hyphen_dropped_when_the_paper_spells_the_word_without_one():
    assert lines("plans for the work-\nforce were made; the workforce grew") == [
        "plans for the workforce", "were made; the workforce grew"]


def test_soft_hyphen_at_line_end_joins_without_hyphen():
    assert lines("recom\u00ad\nmendation made") == ["recommendation", "made"]


def test_swallowed_hyphen_put_back_only_with_evidence():
    body = ["This line is about eighty characters long so that it sets the usual width ok."] * 9
    joined = ("Force response: The force is using guidance to conduct a selfassessment of the "
              "effectiveness of the force and its response to child protection")
    attested = "It made an assessment of the risks to children in the area and their families."
    out = lines("\n".join(body + [attested, joined]))
    assert out[-1] == joined.replace("selfassessment", "self-assessment")
    # No evidence: the word is at the start of the line, not where lines wrap.
    early = "A selfassessment was made " + "and this sentence is long " * 5
    assert lines("\n".join(body + [attested, early]))[-1] == early.strip()
    # No evidence: the second half is not a word the paper uses on its own.
    unattested = joined.replace("assessment", "reflection")
    assert lines("\n".join(body + [unattested]))[-1] == unattested


def test_web_address_broken_over_lines_is_joined():
    assert lines("See https://www.example.gov.uk/hmicfrs/wp-\ncontent/uploads/report.pdf\nNext.") \
        == ["See https://www.example.gov.uk/hmicfrs/wp-content/uploads/report.pdf", "Next."]


def test_whitespace_ligatures_and_invisible_characters_are_normalised():
    assert lines("  The  \u00a0 ﬁnal\u200b   re\u00adport\t\there  ") == ["The final report here"]


def test_windows_1252_text_is_read(tmp_path):
    path = write(tmp_path, "3.1 We recommend that chief constables don\u2019t delay.\n",
                 encoding="cp1252")
    assert [b.text for b in read_blocks(path).blocks] == [
        "3.1 We recommend that chief constables don\u2019t delay."]


# -- whole papers ------------------------------------------------------------------------------

BOARD_PAPER = """\
OFFICIAL
Business Co-ordination Board – 14 April 2020
1. Purpose
1.1. This paper updates the Board on the response to the HMICFRS “Roads Policing:
Not Optional 2020 Report” published by HMICFRS on 1st July 2020, so that the
Police and Crime Commissioner can meet section 55.
2. Force response to the national recommendations:
2.1 We recommend that, by 31 March 2021, chief constables should make sure their
forces carry out a self-
assessment of roads policing. This should include:
•
collision data;
●
1.5 million journeys on the strategic road network.
Force response: The Constabulary has begun its self-assessment and will
report to the Board in June 2021.
Page 1 of 2
OFFICIAL
OFFICIAL
Business Co-ordination Board – 14 April 2020
2.2 We recommend that the Home Office, the NPCC and the College of Policing
should review the national roads policing strategy.
Force response: This recommendation is addressed to the Home Office, NPCC and
College of Policing. The Constabulary will await further information.
2.3 We recommend that PCCs should publish their roads policing priorities.
Force response: The Commissioner will publish the priorities in the Police and
Crime Plan.
3. Conclusion
3.1 The Board is asked to note the report.
Detective Chief Superintendent Jane SMITH – Head of Operations
https://www.justiceinspectorates.gov.uk/hmicfrs/wp-
content/uploads/roads-policing-not-optional.pdf
Page 2 of 2
OFFICIAL
"""


def test_pdf_extracted_board_paper(tmp_path):
    paper = read_paper(write(tmp_path, BOARD_PAPER))
    assert paper.title == "Roads Policing: Not Optional 2020 Report"
    assert paper.published == date(2020, 7, 1)
    assert paper.report_url == ("https://www.justiceinspectorates.gov.uk/hmicfrs/wp-content/"
                                "uploads/roads-policing-not-optional.pdf")
    assert [(s.rank, s.name, s.role) for s in paper.signatories] == [
        ("Detective Chief Superintendent", "Jane SMITH", "Head of Operations")]
    assert paper.items == [
        Item(ref="2.1", type="Recommendation", addressed_to="Chief constables",
             recommendation=(
                 "We recommend that, by 31 March 2021, chief constables should make sure their "
                 "forces carry out a self-assessment of roads policing. This should include:\n"
                 "• collision data;\n"
                 "• 1.5 million journeys on the strategic road network."),
             force_response=("The Constabulary has begun its self-assessment and will report "
                             "to the Board in June 2021.")),
        Item(ref="2.2", type="Recommendation",
             addressed_to="Home Office, NPCC and College of Policing",
             recommendation=("We recommend that the Home Office, the NPCC and the College of "
                             "Policing should review the national roads policing strategy."),
             force_response=("This recommendation is addressed to the Home Office, NPCC and "
                             "College of Policing. The Constabulary will await further "
                             "information.")),
        Item(ref="2.3", type="Recommendation", addressed_to="Police and crime commissioners",
             recommendation="We recommend that PCCs should publish their roads policing "
                            "priorities.",
             force_response=("The Commissioner will publish the priorities in the Police and "
                             "Crime Plan.")),
    ]


def test_a_wrapped_line_starting_with_a_number_is_not_a_new_paragraph(tmp_path):
    text = ("3.1 We recommend that chief constables should count the\n"
            "1.5 million calls they receive each year.\n"
            "Force response: Counted.\n")
    paper = read_paper(write(tmp_path, text))
    assert paper.items == [Item(
        ref="3.1", type="Recommendation", addressed_to="Chief constables",
        recommendation=("We recommend that chief constables should count the 1.5 million calls "
                        "they receive each year."),
        force_response="Counted.")]


HMICFRS_LISTS = """\
OFFICIAL
PEEL 2021/22: An inspection of Anyshire Police
Recommendations
Recommendation 1
By 31 March 2021, chief constables should review how their forces record
crimes against children.
Force response: The Constabulary has reviewed its crime recording and
found it compliant.
Recommendation 2: By 30 September 2021, the Home Office, the NPCC and the
College of Policing should publish guidance on digital evidence.
By 31 March 2022, the Ministry of Justice and the Department for Education
should review intermediaries.
Page 1 of 2
OFFICIAL
OFFICIAL
PEEL 2021/22: An inspection of Anyshire Police
Areas for improvement
Area for improvement 1
The force should improve how it supervises investigations.
Area for improvement 2 – The force needs to make sure that call handlers
•
record repeat victims; and
•
tell victims what will happen next.
Causes of concern
Cause of concern
The force does not understand the demand it faces.
Recommendations
To address this cause of concern, we recommend that within six months the
force should:
• carry out a demand analysis; and
• use it to plan its work-
force and budgets.
Force response: Demand analysis has been commissioned; the workforce plan
follows.
Page 2 of 2
OFFICIAL
"""


def test_hmicfrs_lists_of_findings(tmp_path):
    paper = read_paper(write(tmp_path, HMICFRS_LISTS))
    lead = ("To address this cause of concern, we recommend that within six months the force "
            "should:")
    assert paper.items == [
        Item(ref="Recommendation 1", type="Recommendation", addressed_to="Chief constables",
             recommendation=("By 31 March 2021, chief constables should review how their forces "
                             "record crimes against children."),
             force_response=("The Constabulary has reviewed its crime recording and found it "
                             "compliant."), target_date=date(2021, 3, 31)),
        Item(ref="Recommendation 2", type="Recommendation",
             addressed_to="Home Office, NPCC and College of Policing",
             recommendation=("By 30 September 2021, the Home Office, the NPCC and the College of "
                             "Policing should publish guidance on digital evidence. By 31 March "
                             "2022, the Ministry of Justice and the Department for Education "
                             "should review intermediaries."),
             force_response=None, target_date=date(2021, 9, 30)),
        Item(ref="AFI 1", type="Area for improvement", addressed_to="The force",
             recommendation="The force should improve how it supervises investigations.",
             force_response=None),
        Item(ref="AFI 2", type="Area for improvement", addressed_to="The force",
             recommendation=("The force needs to make sure that call handlers\n"
                             "• record repeat victims; and\n"
                             "• tell victims what will happen next."),
             force_response=None),
        Item(ref="Cause of concern 1", type="Cause of concern", addressed_to="The force",
             recommendation="The force does not understand the demand it faces.",
             force_response=None),
        Item(ref="Cause of concern 1.1", type="Recommendation", addressed_to="The force",
             recommendation=f"{lead}\n• carry out a demand analysis; and",
             force_response=None),
        Item(ref="Cause of concern 1.2", type="Recommendation", addressed_to="The force",
             recommendation=f"{lead}\n• use it to plan its workforce and budgets.",
             force_response=("Demand analysis has been commissioned; the workforce plan "
                             "follows.")),
    ]


def test_dated_recommendations_without_labels(tmp_path):
    text = ("Our recommendations\n"
            "By 31 March 2021, chief constables should review their use of\n"
            "out-of-court disposals.\n"
            "Force response: Under review.\n"
            "By June 2021, the College of Policing should update its guidance.\n"
            "Immediately, the NPCC must write to forces.\n")
    paper = read_paper(write(tmp_path, text))
    assert paper.items == [
        Item(ref="Recommendation 1", type="Recommendation", addressed_to="Chief constables",
             recommendation=("By 31 March 2021, chief constables should review their use of "
                             "out-of-court disposals."),
             force_response="Under review.", target_date=date(2021, 3, 31)),
        Item(ref="Recommendation 2", type="Recommendation", addressed_to="College of Policing",
             recommendation="By June 2021, the College of Policing should update its guidance.",
             force_response=None, target_date=date(2021, 6, 30)),
        Item(ref="Recommendation 3", type="Recommendation", addressed_to="NPCC",
             recommendation="Immediately, the NPCC must write to forces.",
             force_response=None),
    ]


def test_numbered_paragraphs_that_are_not_findings_are_passed_over(tmp_path):
    text = ("1. Purpose\n1.1 The purpose of this paper is to inform the Board.\n"
            "2. Background\n2.1 The response should comment on the report as a whole.\n"
            "2.2 Within 56 days of publication, the PCC must respond.\n")
    assert read_paper(write(tmp_path, text)).items == []


def test_a_response_run_on_after_the_text_is_split_off(tmp_path):
    text = ("3.1 We recommend that chief constables should act. Force response: Done.\n"
            "3.2 We recommend that the NPCC should act.\n")
    assert read_paper(write(tmp_path, text)).items == [
        Item(ref="3.1", type="Recommendation", addressed_to="Chief constables",
             recommendation="We recommend that chief constables should act.",
             force_response="Done."),
        Item(ref="3.2", type="Recommendation", addressed_to="NPCC",
             recommendation="We recommend that the NPCC should act.", force_response=None),
    ]


def test_o_marks_under_a_bullet_are_points_under_it_not_letters(tmp_path):
    path = tmp_path / "copied.txt"
    path.write_text(
        "Recommendations\n"
        "Recommendation 1: By 31 October 2023, chief constables should make sure their vetting "
        "units:\n• record the reasons for every decision, including:\n"
        "o the information considered; and\no any risk-mitigation measures.\n"
        "• review every decision to reject an appeal.\n", encoding="utf-8")
    [item] = read_paper(path).items
    assert item.recommendation == (
        "By 31 October 2023, chief constables should make sure their vetting units:\n"
        "• record the reasons for every decision, including:\n"
        "  ◦ the information considered; and\n  ◦ any risk-mitigation measures.\n"
        "• review every decision to reject an appeal.")
