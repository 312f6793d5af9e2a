"""Output file names are safe everywhere, and no file is ever overwritten."""

from __future__ import annotations

import errno
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from s55xl.documents import files


@pytest.mark.parametrize("report_id, expected", [
    ("NCPI-2019", "NCPI-2019 Board paper.docx"),
    ("../../etc/passwd", "etc-passwd Board paper.docx"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j Board paper.docx"),
    ("..", "report Board paper.docx"),
    ("  spaced   out . ", "spaced out Board paper.docx"),
    ("", "report Board paper.docx"),
    (None, "report Board paper.docx"),
    ("tab\there\nnewline", "tab-here-newline Board paper.docx"),
    ("v1..2", "v1.2 Board paper.docx"),
])
def test_document_names_are_safe(report_id, expected):
    assert files.document_name(report_id, "Board paper", "docx") == expected


@pytest.mark.parametrize("name", ["CON", "nul", "COM1", "lpt9", "AUX.txt", "PRN "])
def test_windows_reserved_device_names_are_avoided(name):
    part = files.safe_part(name)
    assert part.split(".")[0].strip().upper() not in files.WINDOWS_RESERVED
    assert not part.endswith((" ", "."))


def test_long_names_are_cut_to_a_length_every_file_system_takes():
    name = files.document_name("é" * 400, "PCC response", "docx")
    assert len(name.encode("utf-8")) <= files.MAX_NAME_BYTES
    assert name.endswith(" PCC response.docx")
    assert len(files.versioned(name, 999).encode("utf-8")) <= 255


def test_an_existing_file_gets_a_new_version_beside_it(tmp_path):
    first = files.write_new(tmp_path, "X Board paper.docx", b"one")
    second = files.write_new(tmp_path, "X Board paper.docx", b"two")
    third = files.write_new(tmp_path, "X Board paper.docx", b"three")
    assert [p.name for p in (first, second, third)] == [
        "X Board paper.docx", "X Board paper (2).docx", "X Board paper (3).docx"]
    assert [p.read_bytes() for p in (first, second, third)] == [b"one", b"two", b"three"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in
                                                                (first, second, third))


def test_concurrent_writers_get_distinct_complete_files(tmp_path):
    payloads = [bytes([i]) * 200_000 for i in range(12)]
    results = []

    def write(data):
        results.append(files.write_new(tmp_path, "R Board paper.docx", data))

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.name for p in results}) == len(payloads)
    assert sorted(p.read_bytes() for p in results) == sorted(payloads)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".s55xl-")]


def _write_in_process(args):
    folder, data = args
    return str(files.write_new(Path(folder), "P PCC response.docx", data))


def test_concurrent_processes_get_distinct_complete_files(tmp_path):
    payloads = [bytes([i + 1]) * 100_000 for i in range(6)]
    with ProcessPoolExecutor(max_workers=3) as pool:
        paths = list(pool.map(_write_in_process, [(str(tmp_path), p) for p in payloads]))
    assert len(set(paths)) == len(payloads)
    assert sorted(Path(p).read_bytes() for p in paths) == sorted(payloads)


def test_without_hard_links_names_are_still_claimed_exclusively(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    a = files.write_new(tmp_path, "N publication.html", b"a")
    b = files.write_new(tmp_path, "N publication.html", b"b")
    assert (a.name, b.name) == ("N publication.html", "N publication (2).html")
    assert (a.read_bytes(), b.read_bytes()) == (b"a", b"b")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".s55xl-")]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def broken(src, dst):
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OSError):
        files.write_new(tmp_path, "F Board paper.docx", b"data")
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_is_a_file_is_unusable_input(tmp_path):
    from s55xl.errors import UnusableInput

    (tmp_path / "taken").write_text("a file")
    with pytest.raises(UnusableInput, match="is a file, not a folder"):
        files.write_new(tmp_path / "taken", "X publication.html", b"x")


def test_a_read_only_output_folder_is_unusable_input(tmp_path, monkeypatch):
    """The folder refuses new files as a read-only folder does for staff (EACCES); injected,
    because root, who runs CI, may write anywhere."""
    from s55xl.errors import UnusableInput

    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(UnusableInput) as exc:
        files.write_new(folder, "X publication.html", b"x")
    assert str(exc.value) == (
        f"{folder}: documents cannot be written there (permission denied). Choose a folder "
        "you can save to (--out, or the Output folder setting).")
    assert list(folder.iterdir()) == []
