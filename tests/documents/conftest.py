"""The documents tests' shared setup: the demo workbook's documents, generated once."""

from __future__ import annotations

import pytest
from support.documents import TODAY, load


@pytest.fixture(scope="session")
def demo_documents(tmp_path_factory):
    """Every docx/html document of the demo workbook, generated once."""
    from s55xl.build.workbook import build
    from s55xl.documents import generate

    folder = tmp_path_factory.mktemp("demo-docs")
    book = build(folder / "demo.xlsx", with_demo=True)
    result = generate(load(book), out_dir=folder / "out", formats=("docx", "html"),
                      today=TODAY)
    assert not result.refused, result.skipped
    return {(d.kind, d.format): d.path for d in result.documents}
