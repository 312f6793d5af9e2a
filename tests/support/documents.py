"""Helpers for the documents tests: workbooks typed with openpyxl, and reading .docx back.

(No tests here; the test_documents_* modules import from it.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from s55xl import schema
from s55xl.model import SETTING_SPECS

TODAY = date(2020, 4, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SETTING_LABELS = {s.field: s.label for s in SETTING_SPECS}


def report(report_id="R1", **values) -> dict:
    row = {"report_id": report_id, "title": f"Report {report_id}", "inspectorate": "HMICFRS",
           "report_type": "National thematic", "published": date(2020, 2, 27),
           "report_url": f"https://www.justiceinspectorates.gov.uk/hmicfrs/{report_id}.pdf",
           "summary": "A summary.", "cc_comments": "Chief Constable comments.",
           "pcc_comments": "PCC comments.", "pcc_response": "PCC response."}
    row.update(values)
    return row


def rec(report_id="R1", ref="1", **values) -> dict:
    row = {"report_id": report_id, "ref": ref, "type": "Recommendation",
           "addressed_to": "Chief constables",
           "recommendation": f"We recommend that chief constables do thing {ref}.",
           "force_response": f"The Constabulary is doing thing {ref}.",
           "pcc_action": f"I will monitor thing {ref}.",
           "owner": "Head of Crime", "status": "In progress"}
    row.update(values)
    return row


def signatory(name="Jo BLOGGS", rank="Superintendent", role="Head of Crime", order=1,
              report_id=None) -> dict:
    return {"report_id": report_id, "name": name, "rank": rank, "role": role, "order": order}


def write_tracker(path: Path, reports, recs, signatories=(), settings=None) -> Path:
    """A workbook as staff would type it: plain ranges, contract headers, openpyxl."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec, rows in ((schema.REPORTS, reports), (schema.RECOMMENDATIONS, recs),
                       (schema.SIGNATORIES, signatories)):
        ws = wb.create_sheet(spec.name)
        columns = spec.input_columns
        ws.append([c.header for c in columns])
        for row in rows:
            ws.append([row.get(c.field) for c in columns])
    ws = wb.create_sheet("Settings")
    ws.append(["Setting", "Value"])
    for field, value in (settings or {}).items():
        ws.append([SETTING_LABELS[field], value])
    wb.save(path)
    return path


def load(path: Path):
    from s55xl import xlsx

    return xlsx.load(path)


def body_paragraphs(doc) -> list:
    return list(doc.paragraphs)


def numbered(paragraph) -> tuple[str, str] | None:
    """(numId, ilvl) of a paragraph's own numbering, or None."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    num = ppr.numPr
    return (num.numId.val if num.numId is not None else None,
            num.ilvl.val if num.ilvl is not None else 0)
