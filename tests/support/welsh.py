"""Welsh and bilingual demo workbooks: the demo with the Language settings and Welsh columns."""

from __future__ import annotations

from pathlib import Path

import openpyxl

WELSH_OF = {"Title": "Amddiffyn plant", "Chief Constable comments": "Sylwadau’r Prif Gwnstabl.",
            "PCC comments": "Sylwadau’r Comisiynydd.",
            "PCC response to Chief Constable comments": "Ymateb y Comisiynydd."}


def welsh_book(path: Path, language: str, welsh_first: str = "Yes", *,
               blank: tuple[str, ...] = ()) -> Path:
    """The demo workbook with ``Language`` and ``Welsh first`` set, the Police area North
    Wales, and every Welsh cell filled (those of the headers in ``blank`` left empty)."""
    from s55xl.build.workbook import build

    build(path, with_demo=True)
    wb = openpyxl.load_workbook(path)
    values = {"Language": language, "Welsh first": welsh_first, "Police area": "North Wales"}
    for row in wb["Settings"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    reports = wb["Reports"]
    col = {c.value: c.column for c in reports[1]}
    for r in range(2, reports.max_row + 1):
        for header, welsh in WELSH_OF.items():
            if reports.cell(r, 1).value and reports.cell(r, col[header]).value \
                    and header not in blank:
                reports.cell(r, col[f"{header} (Welsh)"]).value = welsh
    recs = wb["Recommendations"]
    col = {c.value: c.column for c in recs[1]}
    for r in range(2, recs.max_row + 1):
        ref = recs.cell(r, col["Ref"]).value
        for header, welsh in (("Recommendation", "Argymhelliad"),
                              ("Force response", "Ymateb yr heddlu"),
                              ("PCC action", "Cam gweithredu")):
            if recs.cell(r, 1).value and recs.cell(r, col[header]).value \
                    and header not in blank:
                recs.cell(r, col[f"{header} (Welsh)"]).value = f"{welsh} {ref} (Cymraeg)."
    wb.save(path)
    return path
