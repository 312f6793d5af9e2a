"""Reading recommendations and force responses out of an existing paper into workbook rows.

A paper (a Board paper, a PCC's response, an HMICFRS report) arrives as a Word document, a PDF,
the report's web page saved from the browser, or text copied out of a PDF. The import runs in
three layers, one module each:

- readers turn the file into :class:`~s55xl.importer.document.Block` s — paragraphs with the
  number Word displays for them, and table rows (:mod:`.word` for .docx, :mod:`.pdf` for PDF,
  :mod:`.webpage` for saved web pages, :mod:`.text` for text,
  which also undoes what PDF extraction does to text: page headers and footers, broken lines,
  bullets on their own lines, hyphenation);
- recognisers find the findings and the report's details in the blocks (:mod:`.recognise`,
  :mod:`.metadata`) and return a :class:`~s55xl.importer.document.Paper`;
- the writer (:mod:`.writer`) decides what to add to a workbook, what to skip, and makes the
  edit that :mod:`s55xl.xlsx.safewrite` applies.

``read_paper(path)`` runs the first two layers. Nothing here prints or exits; the command line
(:mod:`.command`) does that.
"""

from __future__ import annotations

from pathlib import Path

from s55xl.importer.document import Item, Paper


def read_paper(path: str | Path, force_name: str | None = None) -> Paper:
    """Read the document at ``path`` (.docx, PDF, saved web page or text) and recognise its
    findings. ``force_name`` is the force's name from Settings, written in Addressed to where
    the report says "the force"; None leaves "The force".

    Raises :class:`s55xl.errors.UnusableInput` when the file cannot be read, and
    :class:`s55xl.importer.pdf.NoTextLayer` for a scanned PDF. A paper with no findings comes
    back with ``paper.items == []``.
    """
    from s55xl.importer.readers import read_blocks
    from s55xl.importer.recognise import recognise

    doc = read_blocks(Path(path))
    return recognise(doc, force_name)


__all__ = ["Item", "Paper", "read_paper"]
