"""Who else has the workbook: Excel, LibreOffice, or another s55xl run (here or on another PC).

- Excel keeps an owner file ``~$name.xlsm`` beside a workbook while it is open (on a shared
  drive too); its first bytes hold the user's name.
- LibreOffice keeps ``.~lock.name.xlsm#``: one CSV line ``Full Name,user,host,date,profile``.
- s55xl takes ``.name.s55xl-lock`` (``pid``, ``host``, ``user``, ``time`` on four lines) so two
  runs never write at once. A lock left by a run on this computer whose process is gone is
  taken over; a lock from another computer cannot be checked that way, so it is respected until
  it is older than :data:`REMOTE_LOCK_MAX_AGE` seconds (a run takes seconds, not minutes).
"""

from __future__ import annotations

import getpass
import os
import socket
import time
from datetime import datetime
from pathlib import Path

from s55xl.errors import WorkbookLocked

REMOTE_LOCK_MAX_AGE = 15 * 60


def owner_files(path: Path) -> list[Path]:
    """The lock files Excel may keep beside ``path`` while it is open."""
    names = {f"~${path.name}"}
    if len(path.name) > 2:
        names.add(f"~${path.name[2:]}")
    return [path.with_name(n) for n in sorted(names)]


def libreoffice_lock(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def _excel_owner(lock: Path) -> str:
    """The user name Excel writes at the start of its owner file, if readable."""
    try:
        data = lock.read_bytes()[:165]
    except OSError:
        return ""
    if data and 0 < data[0] <= 54:
        name = data[1:1 + data[0]].decode("latin-1", "replace").strip("\x00 ")
        if name.isprintable():
            return name
    return ""


def _libreoffice_owner(lock: Path) -> str:
    try:
        fields = lock.read_text("utf-8", "replace").split(",")
    except OSError:
        return ""
    name = (fields[0] or (fields[1] if len(fields) > 1 else "")).strip()
    host = fields[2].strip() if len(fields) > 2 else ""
    return f"{name} on {host}" if name and host else name


def check_not_open(path: Path) -> None:
    """Raise :class:`WorkbookLocked` when Excel or LibreOffice (here or elsewhere) has it open."""
    for lock in owner_files(path):
        if lock.exists():
            who = _excel_owner(lock)
            by = f" by {who}" if who else ""
            raise WorkbookLocked(
                f"{path}: is open in Excel{by} ({lock.name} exists). Close the workbook "
                "everywhere it is open and try again, or use the buttons inside the workbook.")
    lock = libreoffice_lock(path)
    if lock.exists() and not _stale_here(lock):
        who = _libreoffice_owner(lock)
        by = f" by {who}" if who else ""
        raise WorkbookLocked(
            f"{path}: is open in LibreOffice{by} ({lock.name} exists). Close it there and try "
            f"again; if LibreOffice is not running, delete {lock.name} beside the workbook.")


def _stale_here(lock: Path) -> bool:
    """Whether a LibreOffice lock file was left by this computer, where LibreOffice is not
    running now (it crashed or was killed): then nobody has the workbook open. Known only
    where the running programs can be listed (``/proc``); elsewhere a lock always counts."""
    try:
        fields = lock.read_text("utf-8", "replace").split(",")
    except OSError:
        return False
    host = fields[2].strip() if len(fields) > 2 else ""
    proc = Path("/proc")
    if not host or host != socket.gethostname() or not (proc / "self").exists():
        return False
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith("soffice"):
                    return False
            except OSError:
                continue
    return True


class ToolLock:
    """An exclusive lock file so two s55xl runs never write the same workbook at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = path.with_name(f".{path.name}.s55xl-lock")

    def __enter__(self) -> ToolLock:
        for attempt in range(2):
            try:
                fd = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if attempt == 0 and holder is None:
                    self.lock.unlink(missing_ok=True)
                    continue
                raise WorkbookLocked(
                    f"{self.path}: another s55xl run ({holder or 'unknown'}) is writing it. "
                    f"Wait for it to finish; if none is running, delete {self.lock.name}.") \
                    from None
            try:
                with os.fdopen(fd, "w") as fh:
                    fh.write(f"{os.getpid()}\n{socket.gethostname()}\n{_user()}\n"
                             f"{time.time():.0f}\n")
            except OSError:
                self.lock.unlink(missing_ok=True)
                raise
            return self
        raise AssertionError("unreachable")

    def _holder(self) -> str | None:
        """Who holds the lock, in words; None when the lock is stale and may be taken over."""
        try:
            lines = self.lock.read_text().split("\n")
            age = time.time() - self.lock.stat().st_mtime
        except (OSError, UnicodeDecodeError):
            return None
        try:
            pid = int(lines[0].strip() or 0)
        except ValueError:
            return None
        host = lines[1].strip() if len(lines) > 1 else ""
        user = lines[2].strip() if len(lines) > 2 else ""
        since = datetime.fromtimestamp(time.time() - age).strftime("%H:%M")
        who = f"{user or 'someone'} on {host or 'this computer'}, since {since}"
        if host and host != socket.gethostname():
            return who if age < REMOTE_LOCK_MAX_AGE else None
        if pid <= 0:
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except OSError:
            return who
        return who

    def __exit__(self, *exc) -> None:
        self.lock.unlink(missing_ok=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
