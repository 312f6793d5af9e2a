"""Building the governance workbook: the sheets and tables (XlsxWriter, :mod:`.workbook`), the
VBA project (:mod:`.vbaproject`, MS-OVBA) and the compound file it lives in (:mod:`.cfb`,
MS-CFB).

    from s55xl.build import build
    build("tracker.xlsm", with_demo=True)
"""

from __future__ import annotations

from s55xl.build.workbook import build

__all__ = ["build"]
