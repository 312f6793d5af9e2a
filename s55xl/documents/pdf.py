"""PDF copies of the Word documents, through whichever converter this computer has.

One interface, two engines: :class:`LibreOffice` (``soffice --headless --convert-to pdf``, on any
system where LibreOffice is installed) and :class:`Word` (Microsoft Word through the
``docx2pdf`` package, Windows and macOS). :func:`find_converter` picks one, or says in one line
why there is none; the rest of s55xl never asks which system it is on.

LibreOffice's PDFs are **tagged** (``UseTaggedPDF``) and declared PDF/UA
(``PDFUACompliance``), with the Word document's title shown as the window title, as the
public-sector accessibility regulations expect of a published document; the language comes
from the document (en-GB). One call converts any number of documents in one LibreOffice
process, so a run of twenty reports starts LibreOffice once.

LibreOffice is run with a fresh profile folder for every conversion (so it neither collides with
a LibreOffice the user has open nor inherits their settings), in its own process group, with a
time limit. Its exit code is not trusted: each PDF must exist, start with ``%PDF-``, end with
``%%EOF`` and be of a plausible size, or the conversion has failed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Protocol

# LibreOffice's PDF export options (JSON filter options, LibreOffice 7.4 and later).
EXPORT_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                 '"PDFUACompliance":{"type":"boolean","value":"true"},'
                 '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}')
DEFAULT_TIMEOUT = 180  # seconds; the first run of a fresh profile takes a few seconds
MIN_PDF_BYTES = 800
INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer) "
                "or, on Windows or macOS with Microsoft Word, pip install docx2pdf")


class ConversionFailed(Exception):
    """A converter ran but did not produce a sound PDF; the message says what happened."""


class Converter(Protocol):
    name: str

    def convert(self, sources: list[Path]) -> dict[Path, bytes]:
        """Each .docx in ``sources`` as PDF bytes. Raises :class:`ConversionFailed`."""


def check_pdf(data: bytes, what: str) -> bytes:
    """``data`` if it looks like a complete PDF, else :class:`ConversionFailed`."""
    if not data.startswith(b"%PDF-"):
        raise ConversionFailed(f"{what}: the converter's output is not a PDF.")
    if len(data) < MIN_PDF_BYTES:
        raise ConversionFailed(f"{what}: the converter's output is too small "
                               f"({len(data)} bytes) to be the document.")
    if b"%%EOF" not in data[-2048:]:
        raise ConversionFailed(f"{what}: the PDF is incomplete (no end-of-file marker).")
    return data


class LibreOffice:
    """LibreOffice's ``soffice`` in headless mode."""

    name = "LibreOffice"

    def __init__(self, executable: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.executable = executable
        self.timeout = timeout

    @classmethod
    def find(cls) -> LibreOffice | None:
        """LibreOffice if installed: ``S55XL_SOFFICE``, then the PATH, then usual folders."""
        timeout = float(os.environ.get("S55XL_PDF_TIMEOUT", DEFAULT_TIMEOUT))
        configured = os.environ.get("S55XL_SOFFICE")
        if configured:
            return cls(configured, timeout) if Path(configured).exists() else None
        for name in ("soffice", "libreoffice"):
            found = shutil.which(name)
            if found:
                return cls(found, timeout)
        for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                          r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                          "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
            if Path(candidate).exists():
                return cls(candidate, timeout)
        return None

    def convert(self, sources: list[Path]) -> dict[Path, bytes]:
        with tempfile.TemporaryDirectory(prefix="s55xl-lo-profile-") as profile, \
                tempfile.TemporaryDirectory(prefix="s55xl-lo-out-") as out:
            command = [self.executable, "--headless", "--norestore", "--nolockcheck",
                       "--nodefault", "--nologo",
                       f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
                       "--convert-to", EXPORT_FILTER, "--outdir", out,
                       *[str(s) for s in sources]]
            self._run(command)
            results = {}
            for source in sources:
                pdf = Path(out) / f"{source.stem}.pdf"
                if not pdf.exists():
                    raise ConversionFailed(f"{source.name}: LibreOffice made no PDF.")
                results[source] = check_pdf(pdf.read_bytes(), source.name)
            return results

    def _run(self, command: list[str]) -> None:
        kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                        "stdin": subprocess.DEVNULL}
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            kwargs["start_new_session"] = True
        try:
            process = subprocess.Popen(command, **kwargs)
        except OSError as exc:
            raise ConversionFailed(f"LibreOffice could not be started ({exc.strerror}).") \
                from None
        try:
            process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ConversionFailed(f"LibreOffice did not finish within {self.timeout:g} "
                                   "seconds and was stopped.") from None


def _kill(process: subprocess.Popen) -> None:
    try:
        if os.name == "nt":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


class Word:
    """Microsoft Word through docx2pdf (Windows and macOS only)."""

    name = "Microsoft Word"

    @classmethod
    def find(cls) -> Word | None:
        if sys.platform not in ("win32", "darwin"):
            return None
        try:
            import docx2pdf  # noqa: F401
        except ImportError:
            return None
        return cls()

    def convert(self, sources: list[Path]) -> dict[Path, bytes]:
        import docx2pdf

        results = {}
        with tempfile.TemporaryDirectory(prefix="s55xl-word-") as out:
            for source in sources:
                pdf = Path(out) / f"{source.stem}.pdf"
                try:
                    docx2pdf.convert(str(source), str(pdf))
                except Exception as exc:  # noqa: BLE001 - Word automation fails many ways
                    raise ConversionFailed(f"{source.name}: Word could not convert it "
                                           f"({exc}).") from None
                if not pdf.exists():
                    raise ConversionFailed(f"{source.name}: Word made no PDF.")
                results[source] = check_pdf(pdf.read_bytes(), source.name)
        return results


def find_converter() -> tuple[Converter | None, str]:
    """The converter to use and ``""``, or None and a one-line reason there is none.

    ``S55XL_PDF_CONVERTER`` may be ``libreoffice``, ``word`` or ``none`` to choose.
    """
    wanted = os.environ.get("S55XL_PDF_CONVERTER", "").strip().lower()
    if wanted == "none":
        return None, "PDF not made: PDF conversion is switched off (S55XL_PDF_CONVERTER=none)."
    engines = {"libreoffice": (LibreOffice,), "word": (Word,)}.get(
        wanted, (Word, LibreOffice) if sys.platform in ("win32", "darwin") else (LibreOffice,))
    for engine in engines:
        converter = engine.find()
        if converter is not None:
            return converter, ""
    return None, f"PDF not made: no PDF converter was found; {INSTALL_HINT}."
