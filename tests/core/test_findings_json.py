"""The ``validate --json`` document: the fast encoder writes exactly what the standard library's
indenting encoder wrote over ``dataclasses.asdict`` (the shape scripts already parse)."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from s55xl.findings import Finding, report_json

# Text as it can reach a finding: anything a cell holds (no lone surrogates: a workbook is
# UTF-8/UTF-16 text and the readers never hand one over).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
findings = st.lists(st.builds(
    Finding, st.sampled_from(["error", "warning"]), any_text, any_text, any_text,
    st.one_of(st.none(), st.integers(min_value=1, max_value=1_048_576)), any_text, any_text),
    max_size=6)


def standard_library(workbook: str, found: list[Finding]) -> bytes:
    """The document as ``s55xl validate --json`` printed it before the fast encoder."""
    doc = {"workbook": workbook,
           "errors": sum(1 for f in found if f.severity == "error"),
           "warnings": sum(1 for f in found if f.severity == "warning"),
           "findings": [asdict(f) for f in found]}
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


VARIED = [
    Finding("error", "force-response-missing", "Recommendations", "F7", 7, "Force response",
            'NCPI-2019 3.3 is addressed to "Chief constables", so the force must say…'),
    Finding("warning", "standard-wording", "Recommendations", "F8", 8, "Force response",
            "Line one\nline two\r\n\ttabbed, a back\\slash, a /slash/ and a bell \x07"),
    Finding("warning", "text-date", "Reports", "C2", 2, "Published",
            "Cymraeg: Comisiynydd Heddlu a Throseddu — ‘dyfyniad’ ŵ ŷ; emoji 🚓; "
            "line\u2028separator; nbsp\u00a0; del\x7f; nul\x00"),
    Finding("warning", "no-settings", "Settings", "", None, "", "A sheet-wide finding."),
]


def test_varied_findings_encode_exactly_as_before():
    got = report_json("C:\\Users\\j.bloggs\\Tracker “2020”.xlsm", VARIED)
    assert got == standard_library("C:\\Users\\j.bloggs\\Tracker “2020”.xlsm", VARIED)
    doc = json.loads(got)
    assert (doc["errors"], doc["warnings"]) == (1, 3)
    assert doc["findings"][1]["message"].splitlines()[1] == "line two"
    assert doc["findings"][3]["row"] is None
    # Non-ASCII stays as typed, not \u-escaped; control characters are escaped.
    assert "Comisiynydd Heddlu a Throseddu — ‘dyfyniad’ ŵ ŷ; emoji 🚓".encode() in got
    assert b"\\u0007" in got and b"\\u0000" in got


def test_no_findings_encode_exactly_as_before():
    assert report_json("t.xlsx", []) == standard_library("t.xlsx", [])
    assert b'"findings": []' in report_json("t.xlsx", [])


@given(any_text, findings)
def test_any_findings_encode_exactly_as_before(workbook, found):
    assert report_json(workbook, found) == standard_library(workbook, found)
