"""Every validation rule, each against a workbook typed the way staff would."""

from datetime import date

import pytest
from conftest import rec_row, report_row

from s55xl import xlsx
from s55xl.validate import validate

TODAY = date(2020, 4, 1)


def findings(path, today=TODAY):
    return [f for f in validate(xlsx.load(path), today) if f.code != "no-settings"]


def codes(path, today=TODAY):
    return {(f.severity, f.code, f.sheet, f.cell) for f in findings(path, today)}


def test_clean_workbook_has_no_findings(simple_book):
    assert findings(simple_book()) == []


def test_demo_workbook_is_clean(demo_xlsx):
    assert validate(xlsx.load(demo_xlsx), TODAY) == []


def test_required_fields(simple_book):
    path = simple_book(reports=[report_row(title=None, published=None)],
                       recs=[rec_row(ref=None, text=None, type_=None)])
    assert codes(path) == {
        ("error", "missing-value", "Reports", "B2"), ("error", "missing-value", "Reports", "C2"),
        ("error", "missing-value", "Recommendations", "B2"),
        ("error", "missing-value", "Recommendations", "C2"),
        ("error", "missing-value", "Recommendations", "E2"),
    }
    messages = {f.cell: f.message for f in findings(path) if f.sheet == "Reports"}
    assert "Type the date HMICFRS published it" in messages["C2"]


def test_unique_report_id(simple_book):
    path = simple_book(reports=[report_row("R1"), report_row("r1")])
    [f] = [f for f in findings(path) if f.code == "duplicate-report-id"]
    assert (f.cell, f.severity) == ("A3", "error")
    assert "already used in row 2" in f.message


def test_recommendation_must_point_at_a_report_and_ref_unique(simple_book):
    path = simple_book(recs=[rec_row(), rec_row(), rec_row(report_id="NOPE", ref="2")])
    assert codes(path) == {("error", "duplicate-ref", "Recommendations", "B3"),
                           ("error", "unknown-report", "Recommendations", "A4")}


def test_type_and_status_from_lists(simple_book):
    path = simple_book(recs=[rec_row(type_="Suggestion"), rec_row(ref="2", type_="afi",
                                                                    status="Completed",
                                                                    evidence="Minutes")])
    found = findings(path)
    assert {(f.code, f.cell) for f in found} == {("invalid-value", "C2")}
    assert "Pick one of: Recommendation, Area for improvement, Cause of concern" in found[0].message
    t = xlsx.load(path)
    assert (t.recommendations[1].type, t.recommendations[1].status) == (
        "Area for improvement", "Complete")


def test_bad_status_is_named(simple_book):
    path = simple_book(recs=[rec_row(status="Maybe")])
    [f] = findings(path)
    assert (f.cell, f.column, f.code) == ("H2", "Status", "invalid-value")


def test_dates_plausible_future_and_target_before_publication(simple_book):
    path = simple_book(reports=[report_row(published=date(2020, 6, 1))],
                       recs=[rec_row(target_date=date(2020, 5, 1)),
                             rec_row(ref="2", target_date=date(1900, 3, 1))])
    assert codes(path) == {
        ("warning", "published-in-future", "Reports", "C2"),
        ("error", "target-before-published", "Recommendations", "I2"),
        ("error", "implausible-date", "Recommendations", "I3"),
        ("error", "target-before-published", "Recommendations", "I3"),
    }


@pytest.mark.parametrize("url, ok", [
    ("https://www.justiceinspectorates.gov.uk/hmicfrs/x.pdf", True),
    ("http://example.org/report", True),
    ("www.justiceinspectorates.gov.uk/x.pdf", False),
    ("see the website", False),
    ("https://localhost", False),
])
def test_url_shape(simple_book, url, ok):
    path = simple_book(reports=[report_row(**{"Report URL": url})])
    assert (codes(path) == set()) == ok
    if not ok:
        assert codes(path) == {("error", "invalid-url", "Reports", "D2")}


@pytest.mark.parametrize("addressed_to", ["Chief constables", "PCCs", "All forces",
                                          "Police and crime commissioners", "The Constabulary"])
def test_blank_force_response_is_an_error_for_local_addressees(simple_book, addressed_to):
    path = simple_book(recs=[rec_row(addressed_to=addressed_to, response=None)])
    [f] = findings(path)
    assert (f.severity, f.code, f.cell, f.column) == ("error", "force-response-missing", "F2",
                                                      "Force response")
    assert "Type the force response" in f.message


def test_blank_force_response_for_other_bodies_gets_the_standard_wording(simple_book):
    path = simple_book(recs=[rec_row(addressed_to="Home Office and Department for Education",
                                     response=None)])
    [f] = findings(path)
    assert (f.severity, f.code, f.cell) == ("warning", "standard-wording", "F2")
    assert ("This recommendation is addressed to the Home Office and Department for Education. "
            "The Constabulary will await further information.") in f.message


def test_blank_addressed_to_is_inferred_or_an_error(simple_book):
    path = simple_book(recs=[
        rec_row(addressed_to=None, text="We recommend that chief constables review it.",
                response=None),
        rec_row(ref="2", addressed_to=None, text="Someone should do something.")])
    assert codes(path) == {
        ("warning", "addressee-inferred", "Recommendations", "D2"),
        ("error", "force-response-missing", "Recommendations", "F2"),
        ("error", "missing-value", "Recommendations", "D3"),
    }


def test_report_without_recommendations_is_a_warning(simple_book):
    path = simple_book(reports=[report_row(), report_row("R2")])
    assert codes(path) == {("warning", "no-recommendations", "Reports", "A3")}


def test_complete_without_evidence_is_a_warning(simple_book):
    path = simple_book(recs=[rec_row(status="Complete")])
    assert codes(path) == {("warning", "complete-without-evidence", "Recommendations", "J2")}


def test_response_published_before_report(tmp_path):
    from conftest import REC_HEADERS, write_book

    path = write_book(tmp_path / "t.xlsx", {
        "Reports": [["Report ID", "Title", "Published", "Response published"],
                    ["R1", "A", date(2020, 2, 27), date(2020, 1, 1)]],
        "Recommendations": [REC_HEADERS, rec_row()]})
    statutory = {"pcc-comments-missing", "cc-comments-none", "report-url-missing"}
    assert {c for c in codes(path) if c[1] not in statutory} == {
        ("error", "response-before-published", "Reports", "D2")}


def test_signatories_must_name_a_report(simple_book):
    path = simple_book(extra_sheets={"Signatories": [["Report ID", "Name", "Rank", "Role"],
                                                     ["R9", "Jo Bloggs", None, "Head"],
                                                     ["", None, "Inspector", "Lead"]]})
    assert codes(path) == {("error", "unknown-report", "Signatories", "A2"),
                           ("error", "missing-value", "Signatories", "B3")}
