"""Tests for the VBA project writer (s55xl.build.vbaproject) and its compound file container (s55xl.build.cfb).

Readers used as independent judges: oletools.olevba (module extraction and
MS-OVBA decompression), olefile (MS-CFB), and LibreOffice when installed.
"""

from __future__ import annotations

import io
import random
import re
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import olefile
import pytest
import xlsxwriter
import xlwings
from conftest import SOFFICE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from s55xl.build.cfb import build_compound_file
from s55xl.build.vbaproject import (
    VbaModule,
    _encrypt,
    build_vba_project,
    compress,
    module_from_file,
    normalise_code,
)

XLWINGS_DIR = Path(xlwings.__file__).parent
XLWINGS_BAS = XLWINGS_DIR / "xlwings.bas"
DICTIONARY_CLS = XLWINGS_DIR / "addin" / "Dictionary.cls"
EXCEL_MADE = XLWINGS_DIR / "quickstart_standalone.xlsm"

WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
RED, BLACK = 0, 1  # MS-CFB 2.6.1 colour flag values


def document_header(name: str, base: str) -> str:
    """The attribute block the VBA editor stores for a document module (written out independently)."""
    return (
        f'Attribute VB_Name = "{name}"\r\n'
        f'Attribute VB_Base = "{base}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\n"
        "Attribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\n"
        "Attribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\n"
        "Attribute VB_Customizable = True\r\n"
    )


TINY = VbaModule("Tiny", "standard", 'Attribute VB_Name = "Tiny"\nSub Hi(): End Sub\n')


def project_modules() -> list[VbaModule]:
    return [
        VbaModule("ThisWorkbook", "document"),
        VbaModule("Sheet1", "document", "Private Sub Worksheet_Activate()\n    Beep\nEnd Sub\n"),
        VbaModule("Sheet2", "document", base="worksheet"),
        module_from_file(XLWINGS_BAS),
        module_from_file(DICTIONARY_CLS),
        TINY,
    ]


def expected_sources() -> dict[str, str]:
    """What each module of project_modules() must read back as, derived from the inputs by hand."""
    xlwings_text = XLWINGS_BAS.read_bytes().decode("cp1252")  # already CRLF, header is just VB_Name
    cls_lines = DICTIONARY_CLS.read_bytes().decode("cp1252").split("\r\n")
    assert cls_lines[:4] == ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END"]
    cls_lines = cls_lines[4:]
    # The VBA editor adds VB_Base after VB_Name and two more attributes after VB_Exposed.
    cls_lines.insert(1, f'Attribute VB_Base = "{CLASS_BASE}"')
    exposed = cls_lines.index("Attribute VB_Exposed = True")
    cls_lines[exposed + 1 : exposed + 1] = ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    return {
        "ThisWorkbook": document_header("ThisWorkbook", WORKBOOK_BASE),
        "Sheet1": document_header("Sheet1", WORKSHEET_BASE) + "Private Sub Worksheet_Activate()\r\n    Beep\r\nEnd Sub\r\n",
        "Sheet2": document_header("Sheet2", WORKSHEET_BASE),
        "xlwings": xlwings_text,
        "Dictionary": "\r\n".join(cls_lines),
        "Tiny": 'Attribute VB_Name = "Tiny"\r\nSub Hi(): End Sub\r\n',
    }


@pytest.fixture(scope="module")
def project_bin() -> bytes:
    return build_vba_project(project_modules())


def extract(parser: VBA_Parser) -> dict[str, tuple[str, str]]:
    """module name -> (olevba's file name, code) from olevba's raw extraction."""
    found = {}
    for _, stream_path, vba_filename, code in parser.extract_all_macros():
        name = stream_path.split("/")[-1]
        assert name not in found
        found[name] = (vba_filename, code)
    return found


# ---------------------------------------------------------------------------
# 1. Full project read back by olevba and olefile
# ---------------------------------------------------------------------------


def test_modules_read_back_exactly_by_olevba(project_bin, tmp_path):
    assert XLWINGS_BAS.stat().st_size > 46_000  # the module ms-ovba 0.0.1 garbles
    path = tmp_path / "vbaProject.bin"
    path.write_bytes(project_bin)
    # olevba returns the decompressed source verbatim (Attribute lines, CRLF) decoded with PROJECTCODEPAGE.
    parser = VBA_Parser(str(path), relaxed=False)
    try:
        assert parser.detect_vba_macros()
        found = extract(parser)
    finally:
        parser.close()
    expected = expected_sources()
    assert set(found) == set(expected)
    for name, source in expected.items():
        assert found[name][1] == source, name
    for module in project_modules():
        assert found[module.name][1] == normalise_code(module) == expected[module.name]
    kinds = {name: filename.rsplit(".", 1)[1] for name, (filename, _) in found.items()}
    assert kinds == {"ThisWorkbook": "cls", "Sheet1": "cls", "Sheet2": "cls", "xlwings": "bas",
                     "Dictionary": "cls", "Tiny": "bas"}


def test_xlsxwriter_embeds_project_and_olevba_reads_xlsm(project_bin, tmp_path):
    path = tmp_path / "book.xlsm"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name("ThisWorkbook")
    workbook.add_worksheet("Data").set_vba_name("Sheet1")
    workbook.add_worksheet("Other").set_vba_name("Sheet2")
    workbook.add_vba_project(io.BytesIO(project_bin), is_stream=True)
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == project_bin
    parser = VBA_Parser(str(path), relaxed=False)
    try:
        found = extract(parser)
    finally:
        parser.close()
    assert {name: code for name, (_, code) in found.items()} == expected_sources()


def test_olefile_structure(project_bin):
    assert olefile.isOleFile(data=project_bin)
    ole = olefile.OleFileIO(project_bin)
    try:
        assert sorted(ole.listdir(streams=True, storages=True)) == sorted(
            [["PROJECT"], ["PROJECTwm"], ["VBA"]]
            + [["VBA", name] for name in ("dir", "_VBA_PROJECT", "ThisWorkbook", "Sheet1", "Sheet2",
                                          "xlwings", "Dictionary", "Tiny")]
        )
        assert ole.direntries[0].name == "Root Entry"
        assert ole.get_type("VBA") == olefile.STGTY_STORAGE
        assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")  # Reserved3 = 1
        # xlwings is over the 4096-byte mini stream cutoff, Tiny is under it: both kinds of allocation.
        assert ole.get_size("VBA/xlwings") >= 4096 > ole.get_size("VBA/Tiny")
        for entry in ole.direntries:
            if entry is not None:
                assert entry.createTime == entry.modifyTime == 0

        project = ole.openstream("PROJECT").read().decode("cp1252")
        lines = project.split("\r\n")
        assert lines[0].startswith('ID="{') and lines[1:7] == [
            "Document=ThisWorkbook/&H00000000", "Document=Sheet1/&H00000000", "Document=Sheet2/&H00000000",
            "Module=xlwings", "Class=Dictionary", "Module=Tiny"]
        assert lines[7:10] == ['Name="VBAProject"', 'HelpContextID="0"', 'VersionCompatible32="393222000"']
        assert "[Host Extender Info]" in lines and "[Workspace]" in lines and "Tiny=0, 0, 0, 0, C" in lines
        assert project.endswith("\r\n")

        wm = ole.openstream("PROJECTwm").read()
        expected_wm = b"".join(
            n.encode() + b"\0" + n.encode("utf-16-le") + b"\0\0"
            for n in ("ThisWorkbook", "Sheet1", "Sheet2", "xlwings", "Dictionary", "Tiny")
        )
        assert wm == expected_wm + b"\0\0"
    finally:
        ole.close()


def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 decryption, written independently of the encoder: (version, project key, data)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[:3]
    version, key = seed ^ version_enc, seed ^ key_enc
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    plain = bytearray()
    for byte_enc in raw[3:]:
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    plain = plain[(seed & 6) // 2 :]
    length = struct.unpack_from("<I", plain)[0]
    assert len(plain) == 4 + length
    return version, key, bytes(plain[4:])


def test_protection_values_mean_unprotected_and_visible(project_bin):
    ole = olefile.OleFileIO(project_bin)
    try:
        project = ole.openstream("PROJECT").read().decode("cp1252")
    finally:
        ole.close()
    values = dict(re.findall(r'^(\w+)="([^"]*)"\r$', project, re.MULTILINE))
    project_key = sum(values["ID"].encode()) & 0xFF
    assert decrypt(values["CMG"]) == (2, project_key, b"\0\0\0\0")  # no protection
    assert decrypt(values["DPB"]) == (2, project_key, b"\0")  # no password
    assert decrypt(values["GC"]) == (2, project_key, b"\xff")  # visible


def test_encryption_matches_excel():
    # Values from the PROJECT stream of xlwings' Excel-made quickstart_standalone.xlsm
    project_id = b"{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"
    ignored = bytes([0xA9, 0xDB])
    assert _encrypt(b"\0\0\0\0", project_id, 0x8D, ignored) == "8D8FA61394EA98EA98EA98EA98"
    assert _encrypt(b"\0", project_id, 0x8D, ignored) == "8D8FA61394EF95EF95EF"
    assert _encrypt(b"\xff", project_id, 0x8D, ignored) == "8D8FA61394EF95EF9510"


def check_red_black(ole: olefile.OleFileIO) -> int:
    """Check every storage's sibling tree: BST in MS-CFB name order, black root, no red-red, equal black height."""

    def key(sid: int):
        name = ole.direntries[sid].name
        return len(name), name.upper()

    def walk(sid: int, lo, hi) -> tuple[int, int]:  # (black height, node count)
        if sid == olefile.NOSTREAM:
            return 1, 0
        entry = ole.direntries[sid]
        assert (lo is None or key(lo) < key(sid)) and (hi is None or key(sid) < key(hi))
        for child in (entry.sid_left, entry.sid_right):
            if entry.color == RED and child != olefile.NOSTREAM:
                assert ole.direntries[child].color == BLACK, "red node with red child"
        left_height, left_count = walk(entry.sid_left, lo, sid)
        right_height, right_count = walk(entry.sid_right, sid, hi)
        assert left_height == right_height, "unequal black heights"
        return left_height + (entry.color == BLACK), left_count + right_count + 1

    checked = 0
    for entry in ole.direntries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            if entry.sid_child != olefile.NOSTREAM:
                assert ole.direntries[entry.sid_child].color == BLACK
            count = walk(entry.sid_child, None, None)[1]
            assert count == len(entry.kids)
            checked += count
    return checked


def test_directory_is_a_valid_red_black_tree(project_bin):
    ole = olefile.OleFileIO(project_bin)
    try:
        assert check_red_black(ole) == 11
    finally:
        ole.close()


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 40])
def test_red_black_tree_for_any_number_of_siblings(count):
    # Names chosen so length-first ordering differs from plain string ordering.
    tree = {("x" * (i % 5 + 1)) + str(i): bytes([i]) * i for i in range(count)}
    ole = olefile.OleFileIO(build_compound_file(tree))
    try:
        assert check_red_black(ole) == count
        for name, data in tree.items():
            assert ole.openstream(name).read() == data
    finally:
        ole.close()


def test_compound_file_with_several_fat_sectors():
    rng = random.Random(7)
    tree = {
        "Big": rng.randbytes(616 * 512),
        "Small": b"tiny",
        "Empty": b"",
        "Store": {"Exactly4096": bytes(4096), "Just4095": b"\x01" * 4095},
    }
    # Sectors besides the FAT: 2 directory + 1 mini FAT + 9 mini stream (65 mini sectors) + 8 + 616 = 636.
    # 5 FAT sectors would index 640 sectors, one short of 5 + 636, so 6 are needed.
    data = build_compound_file(tree)
    assert struct.unpack_from("<I", data, 0x2C)[0] == 6  # number of FAT sectors
    assert len(data) == 512 * (1 + 6 + 636)
    ole = olefile.OleFileIO(data)
    try:
        assert ole.openstream("Big").read() == tree["Big"]
        assert ole.openstream("Small").read() == b"tiny"
        assert ole.openstream("Empty").read() == b""
        assert ole.openstream("Store/Exactly4096").read() == bytes(4096)
        assert ole.openstream("Store/Just4095").read() == b"\x01" * 4095
        check_red_black(ole)
    finally:
        ole.close()


def test_compound_file_too_big_for_header_difat_raises():
    with pytest.raises(ValueError, match="FAT sectors"):
        build_compound_file({"Huge": bytes(110 * 128 * 512)})


# ---------------------------------------------------------------------------
# 2. Compression round trip (MS-OVBA 2.4.1) through olevba's decompressor
# ---------------------------------------------------------------------------


def chunk_headers(container: bytes) -> list[tuple[int, int]]:
    """(flag, total chunk size) for each chunk of a CompressedContainer."""
    assert container[0] == 0x01
    headers, pos = [], 1
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        assert (header >> 12) & 0b111 == 0b011
        size = (header & 0x0FFF) + 3
        headers.append((header >> 15, size))
        pos += size
    assert pos == len(container)
    return headers


def check_round_trip(data: bytes) -> None:
    container = compress(data)
    headers = chunk_headers(container)
    assert len(headers) == -(-len(data) // 4096)
    for index, (flag, size) in enumerate(headers):
        chunk_length = len(data[index * 4096 : (index + 1) * 4096])
        literal_only_size = 2 + chunk_length + -(-chunk_length // 8)
        if flag:
            assert size <= min(4098, literal_only_size)  # never worse than all literals
        else:
            assert size == 4098 and literal_only_size > 4098  # raw only when literals would not fit
    expected = data
    if headers and headers[-1][0] == 0 and len(data) % 4096:
        expected = data + bytes(4096 - len(data) % 4096)  # a short raw chunk is zero-padded (2.4.1.3.10)
    assert bytes(decompress_stream(bytearray(container))) == expected


def random_bytes(seed_and_size: tuple[int, int]) -> bytes:
    seed, size = seed_and_size
    return random.Random(seed).randbytes(size)


VBA_LINES = [
    b"    Dim i As Long\r\n",
    b"Public Function RunPython(ByVal PythonCommand As String)\r\n",
    b"End Function\r\n",
    b"    If x Then\r\n        y = 1\r\n    End If\r\n",
    b"' comment\r\n",
]
pieces = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.tuples(st.binary(min_size=1, max_size=12), st.integers(1, 3000)).map(lambda t: t[0] * t[1]),  # runs
    st.tuples(st.binary(min_size=1, max_size=2500), st.integers(1, 6)).map(lambda t: t[0] * t[1]),  # far repeats
    st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 9000)).map(random_bytes),  # incompressible
    st.lists(st.sampled_from(VBA_LINES), max_size=200).map(b"".join),
)
payloads = st.lists(pieces, max_size=10).map(lambda parts: b"".join(parts)[:20_000])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
@example(b"")
@example(b"a")
@example(b"a" * 4096)
@example(b"ab" * 2049)
@example(random_bytes((1, 4096)))
@example(random_bytes((2, 3700)))  # short final raw chunk
@example(random_bytes((3, 8192 + 100)))
def test_compression_round_trips_through_olevba(data):
    check_round_trip(data)


@pytest.mark.parametrize("size", [1, 2, 3, 16, 17, 3640, 3641, 3642, 3648, 4095, 4096, 4097, 8191, 8192, 8193, 12289, 20_000])
def test_compression_at_chunk_boundaries(size):
    text = b"".join(VBA_LINES) * (size // 50 + 1)
    check_round_trip(text[:size])
    check_round_trip(b"x" * size)
    check_round_trip(random_bytes((size, size)))


def test_copy_token_layout():
    # "abcabc": three literals, then offset 3 / length 3 at position 3 -> 4-bit offset field.
    assert compress(b"abcabc") == bytes.fromhex("01 05 B0 08 61 62 63 00 20")
    # At position 40 a token has ceil(log2(40)) = 6 offset bits: (40-1) << 10 | (10-3).
    data = bytes(range(40)) + bytes(range(10))
    container = compress(data)
    assert struct.pack("<H", (39 << 10) | 7) in container
    assert bytes(decompress_stream(bytearray(container))) == data
    # A full chunk of one byte: a literal, then at position 1 a 4-bit offset field leaves 12 bits for the
    # length, so one token (offset 1, length 4095 -> 0x0FFC) covers the rest; chunk data is 4 bytes.
    assert compress(b"a" * 4096) == bytes.fromhex("01 03 B0 02 61 FC 0F")
    # Past position 2048 the offset field has 12 bits, so lengths are capped at 15 + 3 = 18.
    data = random_bytes((9, 3000)) + random_bytes((9, 100))
    container = compress(data)
    assert container.count(struct.pack("<H", (2999 << 4) | 15)) == 5  # 5 x 18 bytes, then 10 more
    assert bytes(decompress_stream(bytearray(container))) == data


def test_incompressible_module_tail_is_padded_with_blank_lines_not_nuls(tmp_path):
    rng = random.Random(5)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    lines = ['Attribute VB_Name = "Noise"'] + ["'" + "".join(rng.choice(alphabet) for _ in range(920)) for _ in range(4)]
    code = "\r\n".join(lines) + "\r\n"
    assert 3641 < len(code) < 4096  # one short chunk that cannot fit as compressed tokens
    path = tmp_path / "noise.bin"
    path.write_bytes(build_vba_project([VbaModule("Noise", "standard", code)]))
    parser = VBA_Parser(str(path), relaxed=False)
    try:
        stored = extract(parser)["Noise"][1]
    finally:
        parser.close()
    assert "\0" not in stored and len(stored) == 4096
    assert stored.startswith(code) and stored[len(code) :].strip() == ""


# ---------------------------------------------------------------------------
# 3. dir stream record sequence equals Excel's
# ---------------------------------------------------------------------------


def dir_record_ids(vba_project: bytes) -> list[int]:
    ole = olefile.OleFileIO(vba_project)
    try:
        data = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    finally:
        ole.close()
    ids, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: Reserved(4) then 4 + 2 bytes of version
            size = 6
        ids.append(record_id)
        pos += 6 + size
    assert pos == len(data)
    return ids


def split_dir(ids: list[int]) -> tuple[list[int], list[int], list[int], list[list[int]]]:
    """(project information, references, PROJECTMODULES..PROJECTCOOKIE, module records) of a dir stream."""
    first_reference = ids.index(0x0016)
    modules_at = ids.index(0x000F)
    assert ids[-1] == 0x0010
    tail = ids[modules_at + 2 : -1]
    modules, current = [], []
    for record_id in tail:
        current.append(record_id)
        if record_id == 0x002B:
            modules.append(current)
            current = []
    assert current == []
    return ids[:first_reference], ids[first_reference:modules_at], ids[modules_at : modules_at + 2], modules


def test_dir_records_follow_excel(project_bin):
    with zipfile.ZipFile(EXCEL_MADE) as archive:
        excel = split_dir(dir_record_ids(archive.read("xl/vbaProject.bin")))
    ours = split_dir(dir_record_ids(project_bin))
    assert ours[0] == excel[0]  # PROJECTSYSKIND ... PROJECTCONSTANTS
    assert excel[0] == [0x01, 0x02, 0x14, 0x03, 0x04, 0x05, 0x40, 0x06, 0x3D, 0x07, 0x08, 0x09, 0x0C, 0x3C]
    assert ours[2] == excel[2] == [0x0F, 0x13]  # PROJECTMODULES, PROJECTCOOKIE
    # References: REFERENCENAME (+ unicode) then REFERENCEREGISTERED, for stdole and Office.
    assert ours[1] == [0x16, 0x3E, 0x0D] * 2
    assert excel[1][:2] == [0x16, 0x3E] and excel[1][-3:] == [0x16, 0x3E, 0x0D]
    # Per-module record sequence, by MODULETYPE (0x21 procedural, 0x22 document/class).
    excel_by_type = {module[-2]: module for module in excel[3]}
    assert set(excel_by_type) == {0x21, 0x22}
    assert len(ours[3]) == 6
    assert [m[-2] for m in ours[3]] == [0x22, 0x22, 0x22, 0x21, 0x22, 0x21]
    for module in ours[3]:
        assert module == excel_by_type[module[-2]]


# ---------------------------------------------------------------------------
# 4. LibreOffice imports the modules
# ---------------------------------------------------------------------------


def distinctive_line(code: str) -> str:
    """A long code line that occurs once in the module."""
    lines = [line.strip() for line in code.split("\r\n") if not line.startswith("Attribute")]
    unique = [line for line in lines if len(line) >= 10 and lines.count(line) == 1 and not line.startswith("'")]
    return max(unique, key=len)


@pytest.mark.slow
@pytest.mark.requires("soffice")
def test_libreoffice_imports_modules(project_bin, tmp_path):
    soffice = SOFFICE
    path = tmp_path / "book.xlsm"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name("ThisWorkbook")
    workbook.add_worksheet().set_vba_name("Sheet1")
    workbook.add_worksheet().set_vba_name("Sheet2")
    workbook.add_vba_project(io.BytesIO(project_bin), is_stream=True)
    workbook.close()
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=tmp_path))
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "ods",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=300,
    )
    ods = tmp_path / "book.ods"
    assert ods.exists(), f"conversion failed: {result.stdout} {result.stderr}"
    with zipfile.ZipFile(ods) as archive:
        basic = {name: archive.read(name) for name in archive.namelist() if name.startswith("Basic/")}
    module_types = {"standard": "normal", "class": "class", "document": "document"}
    for module in project_modules():
        matches = [name for name in basic if name.endswith(f"/{module.name}.xml")]
        assert matches, f"{module.name} missing from Basic/: {sorted(basic)}"
        root = ET.fromstring(basic[matches[0]])
        assert root.get("{http://openoffice.org/2000/script}moduleType") == module_types[module.kind]
        if module.kind == "document":
            continue
        text = root.text or ""
        body = [line for line in normalise_code(module).split("\r\n") if line.strip() and not line.startswith("Attribute ")]
        assert distinctive_line(normalise_code(module)) in text, module.name
        assert body[-1] in text.rstrip().split("\n")[-1], module.name  # imported to the very end


# ---------------------------------------------------------------------------
# 5. Determinism, normalisation and validation
# ---------------------------------------------------------------------------


def test_builds_are_byte_identical(project_bin):
    again = build_vba_project(project_modules())
    assert again == project_bin
    assert build_vba_project(project_modules(), project_name="Other") != project_bin


def test_module_from_file_kinds(tmp_path):
    xlwings_module = module_from_file(XLWINGS_BAS)
    assert (xlwings_module.name, xlwings_module.kind) == ("xlwings", "standard")
    dictionary = module_from_file(DICTIONARY_CLS)
    assert (dictionary.name, dictionary.kind, dictionary.base) == ("Dictionary", "class", None)
    assert not dictionary.code.startswith("VERSION")
    exported = tmp_path / "Sheet7.cls"
    exported.write_bytes(
        b"VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
        + document_header("Sheet7", WORKSHEET_BASE).encode()
        + b"Sub X()\r\nEnd Sub\r\n"
    )
    sheet = module_from_file(exported)
    assert (sheet.name, sheet.kind, sheet.base) == ("Sheet7", "document", "worksheet")
    assert sheet.code == document_header("Sheet7", WORKSHEET_BASE) + "Sub X()\r\nEnd Sub\r\n"


def test_normalise_code_is_idempotent_and_generates_headers():
    for module in project_modules():
        once = normalise_code(module)
        assert normalise_code(VbaModule(module.name, module.kind, once, module.base)) == once
    assert normalise_code(VbaModule("Plain", "standard", "Sub A()\nEnd Sub")) == (
        'Attribute VB_Name = "Plain"\r\nSub A()\r\nEnd Sub\r\n'
    )
    assert normalise_code(VbaModule("ThisWorkbook", "document", "")) == document_header("ThisWorkbook", WORKBOOK_BASE)
    assert normalise_code(VbaModule("Book", "document", base="workbook")) == document_header("Book", WORKBOOK_BASE)


@pytest.mark.parametrize(
    "modules, message",
    [
        ([VbaModule("A", "standard", 'Attribute VB_Name = "B"\n')], "VB_Name"),
        ([VbaModule("A", "standard"), VbaModule("a", "class")], "duplicate"),
        ([VbaModule("Dir", "standard")], "dir"),
        ([VbaModule("S", "document", f'Attribute VB_Name = "S"\nAttribute VB_Base = "{WORKBOOK_BASE}"\n',
                    base="worksheet")], "contradicts"),
        ([VbaModule("ThisWorkbook", "document"), VbaModule("Book2", "document", base="workbook")], "workbook"),
        ([VbaModule("U", "standard", "' \u20ac ok \u0416 not in cp1252\n")], "code page"),
    ],
)
def test_invalid_input_is_rejected(modules, message):
    with pytest.raises(ValueError, match=message):
        build_vba_project(modules)


def test_invalid_module_names_are_rejected():
    for name in ("", "1abc", "has space", "x" * 32, "_VBA_PROJECT"):
        with pytest.raises(ValueError):
            VbaModule(name, "standard")
