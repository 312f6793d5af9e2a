"""Documents from the workbook's rows: the Board paper, the PCC's response, the web page.

    from s55xl.documents import generate
    result = generate(tracker, out_dir=Path("out"))
    for doc in result.documents:
        print(doc.kind, doc.format, doc.path)

Modules, one idea each: :mod:`.context` (the placeholders and their values), :mod:`.wording`
(UK dates, the inspectorate's name, cell text), :mod:`.sources` (finding templates, the safe
Jinja environment), :mod:`.word` and :mod:`.web` (rendering), :mod:`.pdf` (converters),
:mod:`.files` (safe names, never overwriting), :mod:`.pipeline` (putting it together: :func:`generate`),
:mod:`.check` (``s55xl check-template``) and :mod:`.command` (the command line).
"""

from __future__ import annotations

__all__ = ["FORMATS", "GenerateResult", "GeneratedDocument", "generate"]


def __getattr__(name: str):
    # Imported on first use, so `s55xl validate` (which loads the command line, and with it
    # this package's commands) does not pay for docxtpl, lxml and Jinja.
    if name in __all__:
        from s55xl.documents import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
