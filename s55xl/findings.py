"""Findings: what validation says about a row, addressed the way staff find it — sheet and cell."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from pydantic_core import to_json

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with the workbook.

    ``cell`` is an A1 address such as ``"F7"``; it is empty for a problem with a whole sheet
    (``row`` is then ``None``). ``column`` is the header text as the contract spells it.
    """

    severity: Severity
    code: str
    sheet: str
    cell: str
    row: int | None
    column: str
    message: str

    def as_json(self) -> dict:
        """The finding as the ``validate --json`` document lists it (fields in this order)."""
        return asdict(self)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


def report_json(workbook: str, findings: list[Finding]) -> bytes:
    """The ``validate --json`` document as UTF-8 bytes, indented by two spaces.

    Exactly what ``json.dumps(doc, indent=2, ensure_ascii=False)`` gives for the findings'
    :meth:`Finding.as_json` dicts (non-ASCII text kept as it is, quotes, backslashes and
    control characters escaped), but written by pydantic-core's encoder straight from the
    dataclasses: on a tracker with thousands of findings the standard library's indenting
    encoder took longer than reading and checking the workbook.
    """
    doc = {"workbook": workbook, "errors": count(findings, "error"),
           "warnings": count(findings, "warning"), "findings": findings}
    return to_json(doc, indent=2)


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)


_SHEET_ORDER = {"Reports": 0, "Recommendations": 1, "Signatories": 2, "Settings": 3}


def sort_key(f: Finding) -> tuple:
    return (_SHEET_ORDER.get(f.sheet, 9), f.sheet, f.row or 0, f.cell, f.code)
