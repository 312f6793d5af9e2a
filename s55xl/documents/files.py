"""Output files: safe names, and writing without ever replacing a file that is already there.

Names are built from the Report ID and the kind of document (``NCPI-2019 Board paper.docx``)
and made safe for Windows, macOS and Linux alike: no path separators or characters Windows
forbids, no control or invisible formatting characters (a right-to-left override would make
``…fdp.exe`` read as ``…exe.pdf``), no ``..``, no leading or trailing dots or spaces, no
reserved device names (CON, NUL, COM1…), and a length every file system accepts.

A document is first written in full to a hidden temporary file in the destination folder, then
given its name with ``os.link`` — which fails if the name is taken — so a reader never sees half
a file, an existing file is never overwritten, and two runs at the same moment get two complete
files (``… (2).docx``) rather than one mangled one.

Generated documents keep stable names instead (:func:`replace_keeping`): the publication page
links to ``NCPI-2019 PCC response.pdf`` and regenerating must not leave it linking to the old
file beside a new ``… (2).pdf``. The file already there is first moved, whole, into the
``versions`` folder beside it (``versions/NCPI-2019 PCC response (2).pdf``…), then the new file
takes the name, so nothing made before is ever lost. Writers of one name take turns, across
threads and processes (the server runs each button in its own process), through a lock file
kept in the temporary folder. A link found at the name is removed, never followed: its
target's bytes are not copied into ``versions``, and a ``versions`` that is a link is refused.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import tempfile
import threading
import unicodedata
from contextlib import contextmanager, nullcontext
from pathlib import Path

from filelock import FileLock

from s55xl.errors import S55Error, UnusableInput

WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]])
MAX_STEM_CHARS = 120
MAX_NAME_BYTES = 200
MAX_VERSIONS = 999
VERSIONS_FOLDER = "versions"
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_part(text: str | None, fallback: str = "report", max_chars: int = MAX_STEM_CHARS,
              max_bytes: int = MAX_NAME_BYTES - 40) -> str:
    """``text`` made usable inside a file name on any system, at most ``max_chars`` long."""
    s = unicodedata.normalize("NFC", text or "")
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    s = _FORBIDDEN.sub("-", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\.{2,}", ".", s)
    s = s.strip(" .-")
    if not s:
        s = fallback
    while len(s) > max_chars or len(s.encode("utf-8")) > max_bytes:
        s = s[:-1]
    s = s.rstrip(" .-") or fallback
    if s.split(".")[0].strip().upper() in WINDOWS_RESERVED:
        s = "_" + s
    return s


def document_name(report_id: str | None, label: str, extension: str) -> str:
    """``NCPI-2019 Board paper.docx``: the file name of one document of one report.

    A long Report ID is shortened so the kind of document always shows.
    """
    room = len(label) + 1
    stem = safe_part(report_id, max_chars=MAX_STEM_CHARS - room,
                     max_bytes=MAX_NAME_BYTES - 40 - len(label.encode("utf-8")) - 1)
    return f"{stem} {label}.{extension.lstrip('.')}"


def versioned(name: str, n: int) -> str:
    """``name`` for n = 1, else ``stem (n).ext``."""
    if n == 1:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name``, or ``name (2)``, ``(3)``… if that is taken.

    Returns the path written. The file appears complete or not at all.
    """
    tmp = _temp_in(folder, data)
    try:
        for n in range(1, MAX_VERSIONS + 1):
            target = folder / versioned(name, n)
            try:
                _claim(tmp, target)
            except FileExistsError:
                continue
            return target
        raise S55Error(f"{folder}: already holds {MAX_VERSIONS} versions of {name}. Move the "
                       "old ones to an archive folder and try again.")
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass


def _write_temp(folder: Path, data: bytes) -> Path:
    """A hidden temporary file in ``folder`` holding ``data`` (mode from the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".s55xl-{secrets.token_hex(6)}.part"
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp
    raise S55Error(f"{folder}: could not create a temporary file there.")


def _claim(tmp: Path, target: Path) -> None:
    """Give ``tmp``'s content the name ``target``; FileExistsError if the name is taken."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except (OSError, NotImplementedError, AttributeError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (
                errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS,
                errno.EMLINK, errno.EACCES, None):
            raise
    # No hard links here (FAT, some network shares). On Windows a rename refuses to replace;
    # elsewhere reserve the name exclusively first, then move the finished file onto it.
    if os.name == "nt":
        os.rename(tmp, target)
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    os.replace(tmp, target)


def replace_keeping(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name``, moving a file already there into ``versions/``.

    Returns the path written (always ``folder/name``). The previous file keeps its bytes under
    the first free ``versions/name``, ``versions/name (2)``…; the new one takes the name with
    an atomic replace, so a reader always finds a complete file there. Two writers of the same
    name in this process (the server's worker threads) take turns, so each one's file is
    either current or kept as a version.
    """
    target = folder / name
    with _turn(target):
        tmp = _temp_in(folder, data)
        try:
            previous = _previous(target)
            if previous is not None:
                archive = folder / VERSIONS_FOLDER
                if archive.is_symlink():
                    raise UnusableInput(f"{target}: the previous version cannot be kept, because "
                                        f"{archive} is a link to another folder. Remove the link "
                                        "and try again.")
                try:
                    write_new(archive, name, previous)
                except OSError as exc:
                    raise UnusableInput(f"{target}: the previous version could not be kept in "
                                        f"{archive} ({exc.strerror}). Close it in Word and try "
                                        "again.") from None
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise UnusableInput(f"{target}: cannot be replaced ({exc.strerror}). Close it "
                                    "in Word or the browser and try again.") from None
            return target
        finally:
            tmp.unlink(missing_ok=True)


def _previous(target: Path) -> bytes | None:
    """The bytes of the file at ``target`` now, or None: nothing there, or a link (removed, so
    the new file takes its place and nothing it points at is read)."""
    try:
        if target.is_symlink():
            target.unlink()
            return None
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnusableInput(f"{target}: cannot be replaced ({exc.strerror}). Close it "
                            "in Word or the browser and try again.") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnusableInput(f"{target}: is not a file, so it cannot be replaced. Move it "
                                "away and try again.")
        return fh.read()


_TURNS: dict[str, threading.Lock] = {}
_TURNS_LOCK = threading.Lock()


@contextmanager
def _turn(target: Path):
    """Writers of ``target`` take turns: threads of this process, then other processes."""
    key = os.path.normcase(os.path.abspath(target))
    with _TURNS_LOCK:
        lock = _TURNS.setdefault(key, threading.Lock())
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    folder = Path(tempfile.gettempdir()) / "s55xl-locks"
    with lock:
        try:
            folder.mkdir(exist_ok=True)
            between = FileLock(folder / f"{digest}.lock")
        except OSError:
            between = nullcontext()  # no temporary folder: threads still take turns
        with between:
            yield


def _temp_in(folder: Path, data: bytes) -> Path:
    """``data`` in a hidden temporary file in ``folder``, made if need be; one line if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _write_temp(folder, data)
    except (FileExistsError, NotADirectoryError):
        raise UnusableInput(f"{folder}: is a file, not a folder, so documents cannot be "
                            "written into it. Choose another folder (--out, or the Output "
                            "folder setting).") from None
    except PermissionError:
        raise UnusableInput(f"{folder}: documents cannot be written there (permission "
                            "denied). Choose a folder you can save to (--out, or the Output "
                            "folder setting).") from None
    except OSError as exc:
        raise UnusableInput(f"{folder}: documents cannot be written there "
                            f"({exc.strerror}). Check the disk and the folder.") from None
