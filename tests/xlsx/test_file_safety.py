"""The workbook file itself: its mode, owner and group, locks, read-only files, full disks,
and what a run leaves behind. Each test checks the workbook is old or new and nothing stray."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from s55xl.errors import WriteRefused
from s55xl.xlsx import package, safewrite


def leftovers(folder: Path) -> list[str]:
    """Hidden files s55xl might leave beside the workbook or in its backups folder."""
    found = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    backups = folder / safewrite.BACKUP_DIR
    if backups.is_dir():
        found += [p.name for p in backups.iterdir() if p.name.startswith(".")]
    return found


def update(path: Path):
    return run_cli(["update", path, "--today", "2020-04-01"])


@pytest.mark.parametrize("mode", [0o600, 0o660, 0o640])
def test_mode_owner_and_group_are_kept(simple_book, mode):
    path = simple_book()
    os.chmod(path, mode)
    groups = [g for g in os.getgroups() if g != os.getegid()] or [os.getegid()]
    os.chown(path, -1, groups[0])
    before = path.stat()
    assert update(path).exit_code == 0
    after = path.stat()
    assert after.st_ino != before.st_ino  # a new file was renamed in
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (
        mode, before.st_uid, before.st_gid)
    assert leftovers(path.parent) == []


def test_a_read_only_workbook_is_refused(simple_book):
    path = simple_book()
    os.chmod(path, 0o444)
    before = path.read_bytes()
    result = update(path)
    assert result.exit_code == 2
    assert "is read-only" in result.output and str(path) in result.output
    assert path.read_bytes() == before and not (path.parent / "s55xl-backups").exists()


def test_refused_while_open_in_libreoffice(simple_book):
    path = simple_book()
    lock = path.with_name(f".~lock.{path.name}#")
    lock.write_text("Jo Bloggs,jbloggs,PC-42,01.12.2026 09:00,file:///home/jbloggs/.config;")
    before = path.read_bytes()
    result = update(path)
    assert result.exit_code == 2
    assert f"is open in LibreOffice by Jo Bloggs on PC-42 ({lock.name} exists)" in result.output
    assert path.read_bytes() == before


def test_a_lock_from_another_computer_is_respected_until_it_is_old(simple_book):
    path = simple_book()
    lock = path.with_name(f".{path.name}.s55xl-lock")
    lock.write_text(f"4242\nPC-42-{socket.gethostname()}\njbloggs\n{time.time():.0f}\n")
    before = path.read_bytes()
    result = update(path)
    assert result.exit_code == 2
    assert "another s55xl run (jbloggs on PC-42-" in result.output
    assert path.read_bytes() == before and lock.exists()
    old = time.time() - 16 * 60
    os.utime(lock, (old, old))
    assert update(path).exit_code == 0
    assert not lock.exists() and path.read_bytes() != before


def test_what_a_killed_run_left_is_cleaned_up(simple_book):
    path = simple_book()
    stray = path.with_name(f".{path.name}.99999{safewrite.TEMP_MARK}")
    stray.write_bytes(path.read_bytes())
    (path.parent / safewrite.BACKUP_DIR).mkdir()
    partial = path.parent / safewrite.BACKUP_DIR / f".{path.stem} 2026-01-01 000000{path.suffix}" \
        f"{safewrite.TEMP_MARK}"
    partial.write_bytes(b"PK")
    assert update(path).exit_code == 0
    assert leftovers(path.parent) == []


def test_the_workbook_is_replaced_by_renaming_never_by_copying_over_it(simple_book):
    path = simple_book()
    old = path.read_bytes()
    with path.open("rb") as held:  # as Excel or a backup tool would hold the old file
        assert update(path).exit_code == 0
        held.seek(0)
        assert held.read() == old  # the old file was never written to
    assert path.read_bytes() != old


def test_a_workbook_saved_meanwhile_is_not_overwritten(simple_book):
    path = simple_book()

    def someone_saves(edits):
        edits.sheet("Reports").set(2, 20, "x")
        with zipfile.ZipFile(path, "a") as zf:  # same parts, but not the same file
            zf.comment = b"saved by Excel"

    with pytest.raises(WriteRefused, match="was saved by someone else"):
        safewrite.edit_workbook(path, someone_saves)
    with zipfile.ZipFile(path) as zf:
        assert zf.comment == b"saved by Excel"
    assert leftovers(path.parent) == []


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a tiny file system (tmpfs) when this machine allows mounting, else None."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = shutil.which("mount") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(folder)],
        capture_output=True).returncode == 0
    yield folder if mounted else None
    if mounted:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_ends_in_one_line_and_leaves_the_workbook(simple_book, small_disk,
                                                              monkeypatch):
    source = simple_book()
    if small_disk is not None:
        path = small_disk / source.name
        shutil.copy(source, path)
        filler = small_disk / "filler"
        written = 0
        with filler.open("wb", buffering=0) as fh:  # fill the disk, then free two pages:
            try:  # room for s55xl's lock file, not for the new copy of the workbook
                while True:
                    written += fh.write(b"\0" * 4096)
            except OSError:
                pass
        os.truncate(filler, written - 8192)
    else:
        path = source

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(package, "write_copy", full)
    before = path.read_bytes()
    result = update(path)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert str(path) in result.output and "writing the new version failed: the disk is full" \
        in result.output
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_a_backup_that_cannot_be_written_stops_the_run(simple_book, monkeypatch):
    path = simple_book()
    before = path.read_bytes()
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second flush is the backup's
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = update(path)
    assert result.exit_code == 2 and "writing the backup" in result.output
    assert path.read_bytes() == before
    assert list((path.parent / safewrite.BACKUP_DIR).iterdir()) == []
    assert leftovers(path.parent) == []
