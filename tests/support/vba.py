"""oletools' olevba as an independent reader of the VBA project s55xl writes."""

from __future__ import annotations

from pathlib import Path


def modules(path: Path) -> dict[str, str]:
    """Module name → its code (LF line ends), as olevba reads them from the workbook."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code.replace("\r\n", "\n")
                for _, stream, _, code in parser.extract_all_macros()}
    finally:
        parser.close()
