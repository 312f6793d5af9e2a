"""An independent check of every Office package s55xl writes: openxml-audit, a pure-Python
validator of the OOXML schemas and of the repairs Word and Excel are known to make.

    assert audit(path) == []
"""

from __future__ import annotations

from pathlib import Path


def audit(path: Path) -> list[str]:
    """Every schema, semantic or app-compatibility finding for the package at ``path``, as
    text; an empty list when Word or Excel is expected to open it cleanly."""
    from openxml_audit import AppPrediction, OpenXmlValidator, predict

    result = OpenXmlValidator().validate(str(path))
    problems = [str(e) for e in result.errors]
    verdict = predict(result)
    if verdict.prediction != AppPrediction.OPENS_CLEAN and not problems:
        problems.append(verdict.headline)
    return problems
