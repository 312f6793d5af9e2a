"""What the file door says about the packages and locks it cannot use, word for word.

Each case is a file a hostile or unlucky user could hand to ``s55xl update``: the message must
be the one sentence naming the file and what to do — never a crash, never a wrong remedy.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import zipfile
from pathlib import Path

from conftest import run_cli


def update(path: Path, cwd: Path | None = None):
    return run_cli(["update", path, "--today", "2020-04-01"])


def one_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            b.writestr(item.filename, change(item.filename, a.read(item)))
    return dst


def test_a_dtd_in_a_sheets_relationships(demo_xlsx, tmp_path):
    path = tmp_path / "tracker.xlsx"
    dtd = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'
    rewrite(demo_xlsx, path, lambda n, d: dtd + d.split(b"?>", 1)[-1]
            if n.startswith("xl/worksheets/_rels/") else d)
    before = path.read_bytes()
    assert one_line(update(path)) == (
        f"s55xl: {path}: contains XML with entity declarations, which Excel never writes and "
        "s55xl will not read. Open it in Excel and save it again, or check where it came from.")
    assert path.read_bytes() == before


def test_a_package_whose_sizes_lie_points_at_the_real_backups(simple_book):
    path = simple_book()
    data = bytearray(path.read_bytes())
    # Every local and central header of the first member claims 7 bytes unpacked.
    at = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, at + 22, 7)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 7)
    path.write_bytes(bytes(data))
    folder = path.absolute().parent / "s55xl-backups"
    assert one_line(update(path)) == (
        f"s55xl: {path}: is damaged (truncated or corrupt) and cannot be opened. Restore it from "
        f"the copies s55xl keeps in {folder} (named 'tracker <date> <time>.xlsx'), or from the "
        "file's version history.")


def test_a_package_with_entities_is_not_called_damaged(simple_book, tmp_path):
    path = tmp_path / "entities.xlsx"
    rewrite(simple_book(), path, lambda n, d: b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a '
            b'"b">]>' + d.split(b"?>", 1)[-1] if n == "xl/workbook.xml" else d)
    assert one_line(update(path)) == (
        f"s55xl: {path}: contains XML with entity declarations, which Excel never writes and "
        "s55xl will not read. Open it in Excel and save it again, or check where it came from.")


def test_a_libreoffice_lock_left_on_this_computer_by_a_crash_is_not_an_open_workbook(
        simple_book):
    if not Path("/proc/self").exists() or shutil.which("soffice") and any(
            (p / "comm").exists() and (p / "comm").read_text().startswith("soffice")
            for p in Path("/proc").iterdir() if p.name.isdigit()):
        return  # LibreOffice is running here now, so the lock may be live
    path = simple_book()
    lock = path.with_name(f".~lock.{path.name}#")
    lock.write_text(f",jbloggs,{socket.gethostname()},01.12.2026 09:00,file:///home/jbloggs;")
    assert update(path).exit_code in (0, 1)


def test_a_libreoffice_lock_from_another_computer_says_how_to_clear_a_stale_one(simple_book):
    path = simple_book()
    lock = path.with_name(f".~lock.{path.name}#")
    lock.write_text("Jo Bloggs,jbloggs,PC-42,01.12.2026 09:00,file:///home/jbloggs/.config;")
    assert one_line(update(path)) == (
        f"s55xl: {path}: is open in LibreOffice by Jo Bloggs on PC-42 ({lock.name} exists). "
        f"Close it there and try again; if LibreOffice is not running, delete {lock.name} beside "
        "the workbook.")


def test_a_read_only_folder_is_named_in_full(simple_book, monkeypatch):
    path = simple_book()
    monkeypatch.chdir(path.parent)
    real = os.access
    monkeypatch.setattr("s55xl.xlsx.safewrite.os.access",
                        lambda p, mode: False if Path(p) in (Path("."), path.parent) else real(p, mode))
    assert one_line(update(Path(path.name))) == (
        f"s55xl: {path.name}: its folder {path.parent} cannot be written to, so the workbook "
        "was not changed. Check the folder's permissions.")
