"""s55xl — section 55 inspection responses from one governance workbook."""

__version__ = "0.1.0"
