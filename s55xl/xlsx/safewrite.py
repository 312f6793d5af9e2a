"""Writing to the governance workbook without ever losing it.

Every write made from the command line (``s55xl update``, ``s55xl import``, :func:`append_rows`)
goes through :func:`edit_workbook`:

1. Refuse a read-only file, and one open in Excel (``~$name``) or LibreOffice
   (``.~lock.name#``); take s55xl's own lock (:mod:`s55xl.xlsx.locks`). Temporary copies left by
   a run that was killed are removed.
2. Give the edit an :class:`~s55xl.xlsx.edits.Edits` session on the file as it is now; it records
   the cells it writes. Only the parts that hold them change (:mod:`s55xl.xlsx.sheetxml`,
   :mod:`s55xl.xlsx.package`): every other part is copied byte for byte into a temporary file
   in the same folder (so the final rename cannot cross file systems), which gets the
   workbook's mode, owner and group and is flushed to disk.
3. Verify it (:mod:`s55xl.xlsx.verify`): only the owned cells, tables and styles differ.
4. Check the original has not changed since it was read (someone saved it meanwhile), write a
   backup in ``s55xl-backups/`` and check it is complete, then replace the workbook atomically
   with ``os.replace``: at every instant the file on disk is either the old workbook or the
   complete new one.

A full disk, a missing permission or any other failure to write ends in one line naming the
file (:class:`~s55xl.errors.WriteRefused`, exit 2), with the workbook as it was.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from s55xl.errors import UnusableInput, WorkbookLocked, WriteRefused
from s55xl.xlsx.edits import Edits
from s55xl.xlsx.locks import ToolLock, check_not_open, libreoffice_lock, owner_files
from s55xl.xlsx.reader import damaged_message, sniff
from s55xl.xlsx.verify import verify

BACKUP_DIR = "s55xl-backups"
KEEP_BACKUPS = 20
TEMP_MARK = ".s55xl-tmp"

Cell = tuple[str, int, int]  # (sheet name, row, column), 1-based
Edit = Callable[[Edits], object]

__all__ = ["BACKUP_DIR", "Cell", "Edit", "backup", "check_not_open", "edit_workbook",
           "libreoffice_lock", "owner_files"]


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _os_error(path: Path, exc: OSError, what: str) -> WriteRefused:
    """One line for an operating-system error while writing ``what`` beside ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full. Free some space and try again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "you do not have permission to write there. Check the folder's permissions"
    elif exc.errno == errno.EPIPE:
        why = "the connection to the file was broken. Check the network drive and try again"
    else:
        why = f"{exc.strerror or exc}. Try again"
    return WriteRefused(f"{path}: was not changed, because writing {what} failed: {why}.")


def backup(path: Path, digest: str | None = None, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``s55xl-backups/<stem> <timestamp><suffix>`` beside it, completely.

    The copy is written under a temporary name, flushed, compared with ``digest`` (the
    original's SHA-256) and only then given its name. Raises :class:`WriteRefused`.
    """
    folder = path.parent / BACKUP_DIR
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem} {stamp} ({n}){path.suffix}"
        n += 1
    partial = folder / f".{target.name}{TEMP_MARK}"
    try:
        folder.mkdir(exist_ok=True)
        with path.open("rb") as src, partial.open("wb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                dst.write(block)
            dst.flush()
            os.fsync(dst.fileno())
        if digest is not None and _digest(partial) != digest:
            raise WriteRefused(f"{path}: was not changed, because its backup {target} could "
                               "not be written completely. Check the disk and try again.")
        os.replace(partial, target)
    except OSError as exc:
        raise _os_error(path, exc, f"the backup {target}") from None
    finally:
        partial.unlink(missing_ok=True)
    old = sorted(folder.glob(f"{path.stem} *{path.suffix}"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def _clean_temporaries(path: Path) -> None:
    """Remove what a killed run left: s55xl's lock is held, so no other run is using them."""
    for stray in path.parent.glob(f".{path.name}.*{TEMP_MARK}"):
        stray.unlink(missing_ok=True)
    for stray in path.parent.glob(f".{path.stem}.s55xl-*{path.suffix}"):  # older runs
        stray.unlink(missing_ok=True)
    folder = path.parent / BACKUP_DIR
    if folder.is_dir():
        for stray in folder.glob(f".{path.stem} *{TEMP_MARK}"):
            stray.unlink(missing_ok=True)


def _check_writable(path: Path) -> os.stat_result:
    try:
        st = path.stat()
    except OSError as exc:
        raise UnusableInput(f"{path}: cannot be opened ({exc.strerror}).") from None
    if not (st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(
            path, os.W_OK):
        raise WorkbookLocked(
            f"{path}: is read-only, so it was not changed. Clear its read-only setting (file "
            "Properties, or chmod u+w) if it should be updated, and try again.")
    if not os.access(path.parent, os.W_OK):
        raise WorkbookLocked(
            f"{path}: its folder {path.absolute().parent} cannot be written to, so the workbook "
            "was not "
            "changed. Check the folder's permissions.")
    return st


def _keep_ownership(tmp: Path, st: os.stat_result, path: Path) -> None:
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if os.name != "posix":
        return
    now = tmp.stat()
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        try:
            os.chown(tmp, -1, st.st_gid)  # not the owner: keep the group, so colleagues can save
        except PermissionError:
            raise WriteRefused(
                f"{path}: was not changed, because the new file could not keep the workbook's "
                "group, and colleagues who share it could no longer save it. Ask the file's "
                "owner to run the command.") from None


def edit_workbook(path: Path, edit: Edit) -> Path | None:
    """Apply ``edit`` to the workbook at ``path`` safely; returns the backup's path (None when
    the edit wrote nothing, and the file was left alone).

    ``edit`` receives an :class:`~s55xl.xlsx.edits.Edits` session and records its writes there.
    Raises :class:`WorkbookLocked`, :class:`UnusableInput` or :class:`WriteRefused`; in every
    case the workbook on disk is left as it was.
    """
    path = Path(path)
    sniff(path)
    st = _check_writable(path)
    check_not_open(path)
    try:
        lock = ToolLock(path)
        lock.__enter__()
    except OSError as exc:
        raise _os_error(path, exc, "s55xl's lock file") from None
    try:
        _clean_temporaries(path)
        digest = _digest(path)
        session = Edits(path)
        try:
            edit(session)
            replaced, owned = session.parts()
        finally:
            session.close()
        if not replaced:
            return None
        return _replace(path, st, digest, session, replaced, owned)
    finally:
        lock.__exit__()


def _replace(path: Path, st, digest: str, session: Edits, replaced: dict[str, bytes],
             owned: dict[str, set[tuple[int, int]]]) -> Path:
    from s55xl.xlsx.package import write_copy

    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_MARK}")
    try:
        try:
            write_copy(path, tmp, replaced)
            _keep_ownership(tmp, st, path)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
        except (zipfile.BadZipFile, zlib.error, EOFError):  # a part that fails its own checksum
            raise UnusableInput(damaged_message(path)) from None
        except OSError as exc:
            raise _os_error(path, exc, "the new version") from None
        sheets = {part: name for name, part in session.parts_by_sheet.items()}
        tables = {p for s in session.sheets.values() for p in s.stretched}
        styles = "xl/styles.xml" if "xl/styles.xml" in replaced else None
        problems = verify(path, tmp, sheets, owned, tables, styles)
        if problems:
            raise WriteRefused(
                f"{path}: was not changed, because the new version would differ from it "
                "outside the cells s55xl writes: " + "; ".join(problems) + ". Use the buttons "
                "inside the workbook instead.")
        check_not_open(path)
        if _digest(path) != digest:
            raise WriteRefused(
                f"{path}: was saved by someone else while s55xl was working, so it was "
                "not changed. Run the command again.")
        saved = backup(path, digest)
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise WorkbookLocked(
                f"{path}: is locked by another program (probably Excel), so it was not "
                "changed. Close it and try again.") from None
        except OSError as exc:
            raise _os_error(path, exc, "the new version") from None
        _fsync_dir(path.parent)
        return saved
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
