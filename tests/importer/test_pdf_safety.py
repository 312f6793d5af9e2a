"""PDFs built to hurt: a decompression bomb is refused quickly and in little memory, before
PDFium would inflate it; stream checks leave real reports alone."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from s55xl.errors import UnusableInput
from s55xl.importer import pdfsafe, read_paper

CHUNK = 1024 * 1024


def deflate_repeating(byte: bytes, megabytes: int) -> bytes:
    """A zlib stream of ``megabytes`` MB of ``byte`` without compressing them all: after a full
    flush the compressor starts afresh, so every further megabyte compresses to the same bytes,
    which are repeated; the checksum is worked out over the whole."""
    chunk = byte * CHUNK
    first = zlib.compressobj(9)
    head = first.compress(chunk) + first.flush(zlib.Z_FULL_FLUSH)
    body = first.compress(chunk) + first.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    tail = first.flush(zlib.Z_FINISH)[:-4] + checksum.to_bytes(4, "big")
    return head + body * (megabytes - 1) + tail


def bomb(path: Path, megabytes: int) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, b"")
    stream.write(deflate_repeating(b" ", megabytes), filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    pdf.save(path)
    return path


def object_stream_bomb(path: Path, megabytes: int) -> Path:
    """A PDF whose page dictionary points at an object kept in a compressed object stream that
    inflates to ``megabytes`` MB: qpdf and PDFium must inflate it to find the object. Written
    byte by byte (no library writes such a file on purpose), with a cross-reference stream."""
    import struct

    co = zlib.compressobj(9)
    data = co.compress(b"4 0 << /Foo 1 >>") + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(b" " * CHUNK) + co.flush(zlib.Z_FULL_FLUSH)
    data += block * megabytes + co.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Foo 4 0 R >>"]
    out, offsets = b"%PDF-1.5\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    offsets.append(len(out))
    out += (b"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\n"
            b"stream\n" % len(data)) + data + b"\nendstream\nendobj\n"
    xref = len(out)
    entries = [(0, 0, 65535), (1, offsets[0], 0), (1, offsets[1], 0), (1, offsets[2], 0),
               (2, 5, 0), (1, offsets[3], 0), (1, xref, 0)]
    table = b"".join(struct.pack(">BIH", *e) for e in entries)
    out += (b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % len(table)) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(out)
    return path


def test_the_bomb_really_inflates_to_what_it_says(tmp_path):
    data = deflate_repeating(b" ", 40)
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    while pending:
        total += len(inflater.decompress(pending, 8 * CHUNK))
        pending = inflater.unconsumed_tail
    total += len(inflater.flush())
    assert total == 40 * CHUNK and inflater.eof  # checksum and all


MEASURE = """
import json, resource, sys, time
t = time.perf_counter()
from s55xl.errors import UnusableInput
from s55xl.importer import read_paper
try:
    read_paper(sys.argv[1])
    message = None
except UnusableInput as exc:
    message = str(exc)
print(json.dumps({"seconds": time.perf_counter() - t, "message": message,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("make", [bomb, object_stream_bomb], ids=["page", "object-stream"])
def test_a_small_pdf_inflating_to_two_gigabytes_is_refused_quickly_in_little_memory(
        tmp_path, make):
    path = make(tmp_path / "report.pdf", 2048)
    assert path.stat().st_size < 3 * CHUNK  # about 2 MB on disk, 2 GB inflated
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True,
                         text=True, timeout=120, check=True)
    result = json.loads(out.stdout)
    assert result["message"] == (
        f"{path}: holds compressed content that would expand to more than 256 MB when read — "
        "far more than any report's text — so it was not read (it may be built to exhaust "
        "memory). Check that it is the right file, or download the report again from the "
        "inspectorate's website.")
    assert result["rss_mb"] < 500
    assert result["seconds"] < 10  # a few seconds even on a loaded machine


def test_the_limit_counts_every_stream_together(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfsafe, "MAX_INFLATED", 5 * CHUNK)
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(595, 842))
    for page in pdf.pages:
        stream = pikepdf.Stream(pdf, b"")
        stream.write(deflate_repeating(b"%", 2), filter=pikepdf.Name.FlateDecode)
        page.obj.Contents = pdf.make_indirect(stream)
    path = tmp_path / "three.pdf"
    pdf.save(path)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert "would expand to more than 5 MB" in str(err.value)


def test_a_damaged_stream_is_not_taken_for_a_bomb(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, b"")
    stream.write(b"\x78\x9c not deflate at all", filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    path = tmp_path / "odd.pdf"
    pdf.save(path)
    from s55xl.importer.pdf import NoTextLayer

    with pytest.raises(NoTextLayer):  # read as far as it goes: a page with no text
        read_paper(path)


def _text_pdf(path: Path, lines: int, shapes: int = 0) -> Path:
    """One page of ``lines`` lines of text in Helvetica, and ``shapes`` small filled squares."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    ops = [f"0.8 g {10 + (i % 50) * 11} {10 + (i // 50) * 11} 8 8 re f" for i in range(shapes)]
    ops += [f"BT /F1 10 Tf 60 {780 - 14 * n} Td (The force should act on line {n}.) Tj ET"
            for n in range(lines)]
    page.obj.Contents = pdf.make_stream("\n".join(ops).encode())
    pdf.save(path)
    return path


def test_a_file_with_more_text_than_any_report_is_refused_with_a_sentence(tmp_path, monkeypatch):
    from s55xl.importer import pdf as reader

    monkeypatch.setattr(reader, "MAX_RUNS", 20)
    path = _text_pdf(tmp_path / "long.pdf", 30)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value) == (f"{path}: holds more than 20 pieces of text, far more than any "
                              "inspection report, so it was not read. Check that it is the "
                              "right file.")


def test_a_page_drawn_with_thousands_of_shapes_still_gives_its_text(tmp_path):
    from s55xl.importer import pdflayout
    from s55xl.importer.readers import read_blocks

    path = _text_pdf(tmp_path / "chart.pdf", 3, shapes=pdflayout.MAX_SHAPES + 500)
    texts = [b.text for b in read_blocks(path).blocks]
    assert texts == [" ".join(f"The force should act on line {n}." for n in range(3))]


def _typed_and_scanned(path: Path) -> Path:
    """Page 1 typed (a recommendation), page 2 a full-page picture, page 3 blank."""
    import pikepdf

    path = _text_pdf(path, 0)
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 11 Tf 60 780 Td (Recommendation 1: By 31 March 2025, chief constables should "
        b"act.) Tj ET")
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, b"\xff" * (100 * 100))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 100, 100, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    scan = pdf.pages[1]
    scan.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image))
    scan.obj.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q")
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def test_a_scanned_page_among_typed_ones_is_named_not_guessed(tmp_path):
    paper = read_paper(_typed_and_scanned(tmp_path / "mixed.pdf"))
    assert [i.ref for i in paper.items] == ["Recommendation 1"]
    assert paper.notes == ["Page 2 is a picture of text (scanned), so any findings on it were "
                           "not read: type them in."]


def test_the_import_command_says_which_page_it_could_not_read(tmp_path):
    from click.testing import CliRunner

    from s55xl.build.workbook import build
    from s55xl.cli.main import cli

    book = build(tmp_path / "t.xlsx")
    pdf = _typed_and_scanned(tmp_path / "mixed.pdf")
    result = CliRunner().invoke(cli, ["import", str(pdf), "--into", str(book), "--dry-run",
                                      "--report", "MIX-2025"])
    assert result.exit_code == 0, result.output
    assert ("Page 2 is a picture of text (scanned), so any findings on it were not read: type "
            "them in.\n") in result.output


def test_a_page_with_more_objects_than_any_report_page_is_refused(tmp_path, monkeypatch):
    from s55xl.importer import pdfpage

    monkeypatch.setattr(pdfpage, "MAX_OBJECTS", 10)
    path = _text_pdf(tmp_path / "dense.pdf", 3, shapes=20)
    with pytest.raises(UnusableInput) as err:
        read_paper(path)
    assert str(err.value) == (f"{path}: page 1 holds more than 10 drawn pieces, far more than "
                              "any inspection report's page, so it was not read. Check that it "
                              "is the right file.")


def test_a_large_report_inflating_at_an_ordinary_ratio_is_read(tmp_path, monkeypatch):
    """Past the limit in all, but each stream grew only a few times over (a long report drawn
    with maps and charts): read, not refused. One stream alone past the limit is refused."""
    import os

    import pikepdf

    monkeypatch.setattr(pdfsafe, "MAX_INFLATED", CHUNK)
    pdf = pikepdf.new()
    for n in range(3):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[n]
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                    Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        drawing = b"\n".join(b"% " + os.urandom(32).hex().encode() for _ in range(9000))
        text = f"BT /F1 11 Tf 60 780 Td (The force should act on page {n + 1}.) Tj ET".encode()
        page.obj.Contents = pdf.make_stream(drawing + b"\n" + text)  # compressed when saved
    path = tmp_path / "long.pdf"
    pdf.save(path, compress_streams=True)
    with pikepdf.open(path) as saved:  # more than the limit in all, a few times compressed
        inflated = sum(len(p.obj.Contents.read_bytes()) for p in saved.pages)
        assert inflated > CHUNK and inflated < 4 * path.stat().st_size
    from s55xl.importer.readers import read_blocks

    texts = [b.text for b in read_blocks(path).blocks]
    assert texts == [f"The force should act on page {n}." for n in (1, 2, 3)]

    monkeypatch.setattr(pdfsafe, "MAX_INFLATED", CHUNK // 2)  # now each stream alone passes it
    with pytest.raises(UnusableInput):
        read_paper(path)
