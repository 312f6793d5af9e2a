"""Minimal, deterministic writer for Compound File Binary files ([MS-CFB]).

Only what a ``vbaProject.bin`` needs is implemented: a version 3 file
(512-byte sectors) holding a tree of storages and streams.  The layout is

    header | FAT sectors | directory | mini FAT | mini stream | big streams

Implemented sections of [MS-CFB]:

* 2.2   Compound File Header (DIFAT held entirely in the header, so at most
        109 FAT sectors, i.e. files up to about 7 MB; larger input raises).
* 2.3   Compound File Sector Numbers and Types (FREESECT, ENDOFCHAIN, FATSECT).
* 2.4   Compound File FAT Sectors.
* 2.5   Compound File Mini FAT Sectors; streams shorter than the 4096-byte
        cutoff live in 64-byte mini sectors of the mini stream, which is the
        root entry's stream.
* 2.6   Compound File Directory Sectors: 128-byte entries, names compared as
        in 2.6.4 (shorter name first, then code unit by code unit after simple
        upper-casing), siblings of each storage kept in a red-black tree.
        The tree is a perfectly balanced binary search tree whose only red
        nodes are those on its (incomplete) bottom level, which satisfies the
        red-black invariants (black root, no red node with a red child, the
        same number of black nodes on every path to a leaf).

Output is a pure function of the input: no timestamps (all zero), no CLSIDs,
no random or uninitialised bytes (padding is zero).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union

__all__ = ["Tree", "build_compound_file", "name_sort_key"]

# A storage is a mapping from child name to either bytes (a stream) or another
# mapping (a sub-storage).
Tree = Mapping[str, Union[bytes, "Tree"]]

SECTOR_SIZE = 512  # version 3: sector shift 9
MINI_SECTOR_SIZE = 64  # mini sector shift 6
MINI_STREAM_CUTOFF = 4096
ENTRY_SIZE = 128
HEADER_DIFAT_ENTRIES = 109
IDS_PER_SECTOR = SECTOR_SIZE // 4  # FAT / mini FAT entries per sector

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

# Object types and colours (2.6.1)
_STORAGE, _STREAM, _ROOT = 0x01, 0x02, 0x05
_RED, _BLACK = 0x00, 0x01

_FORBIDDEN_NAME_CHARS = set("/\\:!")


def name_sort_key(name: str) -> tuple[int, tuple[int, ...]]:
    """Sort key implementing the directory-entry name comparison of 2.6.4.

    Names are compared first by length (in UTF-16 code units), then code unit
    by code unit after converting each to upper case.
    """
    units = struct.unpack(f"<{len(name.encode('utf-16-le')) // 2}H", name.encode("utf-16-le"))
    upper = []
    for unit in units:
        if 0xD800 <= unit <= 0xDFFF:  # surrogate halves have no case
            upper.append(unit)
            continue
        up = chr(unit).upper()
        upper.append(ord(up) if len(up) == 1 and ord(up) <= 0xFFFF else unit)
    return len(units), tuple(upper)


def _check_name(name: str) -> None:
    encoded = name.encode("utf-16-le")
    if not name or len(encoded) // 2 > 31:
        raise ValueError(f"compound file entry name must be 1-31 UTF-16 code units: {name!r}")
    if _FORBIDDEN_NAME_CHARS & set(name):
        raise ValueError(f"compound file entry name may not contain / \\ : or !: {name!r}")


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = 0
    size: int = 0


def _flatten(tree: Tree) -> list[_Entry]:
    """Directory entries in pre-order, siblings in name order; entry 0 is the root."""
    entries = [_Entry("Root Entry", _ROOT)]

    def visit(parent: int, storage: Tree) -> None:
        keys = {}
        for name in storage:
            _check_name(name)
            key = name_sort_key(name)
            if key in keys:
                raise ValueError(f"duplicate compound file entry names {keys[key]!r} and {name!r}")
            keys[key] = name
        for key in sorted(keys):
            name = keys[key]
            value = storage[name]
            index = len(entries)
            entries[parent].children.append(index)
            if isinstance(value, Mapping):
                entries.append(_Entry(name, _STORAGE))
                visit(index, value)
            elif isinstance(value, (bytes, bytearray, memoryview)):
                entries.append(_Entry(name, _STREAM, data=bytes(value)))
            else:
                raise TypeError(f"entry {name!r}: expected bytes or a mapping, got {type(value).__name__}")

    visit(0, tree)
    return entries


def _link_siblings(entries: list[_Entry]) -> None:
    """Arrange every storage's children (already sorted) as a red-black tree."""
    for entry in entries:
        kids = entry.children
        if not kids:
            continue
        # Levels 0 .. full_levels-1 of a midpoint-split tree are complete; only
        # level `full_levels` can be partial, and its nodes are leaves.
        full_levels = (len(kids) + 1).bit_length() - 1

        def build(lo: int, hi: int, depth: int, kids=kids, full_levels=full_levels) -> int:
            if lo >= hi:
                return NOSTREAM
            mid = (lo + hi) // 2
            node = entries[kids[mid]]
            node.color = _RED if depth == full_levels else _BLACK
            node.left = build(lo, mid, depth + 1)
            node.right = build(mid + 1, hi, depth + 1)
            return kids[mid]

        entry.child = build(0, len(kids), 0)


def _sectors(nbytes: int, unit: int = SECTOR_SIZE) -> int:
    return -(-nbytes // unit)


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _chain(table: list[int], first: int, count: int) -> None:
    for i in range(count - 1):
        table[first + i] = first + i + 1
    table[first + count - 1] = ENDOFCHAIN


def _pack_entry(entry: _Entry | None) -> bytes:
    if entry is None:  # unused entry (2.6.3: all zero, sibling/child ids NOSTREAM)
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                           b"", 0, 0, 0, 0, 0)
    name = entry.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name), entry.kind, entry.color, entry.left, entry.right, entry.child,
        b"",  # CLSID: all zero
        0,  # state bits
        0, 0,  # creation / modification time: zero for reproducibility
        entry.start, entry.size,
    )


def build_compound_file(tree: Tree) -> bytes:
    """Serialise ``tree`` (name -> bytes for a stream, name -> mapping for a
    storage, all below the root storage) as a version 3 compound file."""
    entries = _flatten(tree)
    _link_siblings(entries)
    entries[0].color = _BLACK

    # Mini stream (2.5): small streams in 64-byte mini sectors.
    mini_fat: list[int] = []
    mini_stream = bytearray()
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != _STREAM:
            continue
        entry.size = len(entry.data)
        if entry.size == 0:
            entry.start = ENDOFCHAIN
        elif entry.size < MINI_STREAM_CUTOFF:
            count = _sectors(entry.size, MINI_SECTOR_SIZE)
            entry.start = len(mini_fat)
            mini_fat.extend([FREESECT] * count)
            _chain(mini_fat, entry.start, count)
            mini_stream += _pad(entry.data, MINI_SECTOR_SIZE)
        else:
            big.append(entry)

    n_dir = _sectors(len(entries) * ENTRY_SIZE)
    n_minifat = _sectors(len(mini_fat) * 4)
    n_ministream = _sectors(len(mini_stream))
    n_data = n_dir + n_minifat + n_ministream + sum(_sectors(e.size) for e in big)
    n_fat = 1
    while n_fat * IDS_PER_SECTOR < n_fat + n_data:
        n_fat += 1
    if n_fat > HEADER_DIFAT_ENTRIES:
        raise ValueError(
            f"compound file needs {n_fat} FAT sectors; only {HEADER_DIFAT_ENTRIES} "
            "(DIFAT in the header) are supported"
        )

    fat = [FREESECT] * (n_fat * IDS_PER_SECTOR)
    for i in range(n_fat):
        fat[i] = FATSECT
    body: list[bytes] = []  # sector contents after the FAT, in order
    next_sector = n_fat

    def place(data: bytes) -> int:
        nonlocal next_sector
        count = _sectors(len(data))
        if count == 0:
            return ENDOFCHAIN
        first = next_sector
        _chain(fat, first, count)
        body.append(_pad(data, SECTOR_SIZE))
        next_sector += count
        return first

    first_dir = next_sector
    next_sector += n_dir  # directory written last, once start sectors are known
    _chain(fat, first_dir, n_dir)
    first_minifat = place(b"".join(struct.pack("<I", x) for x in mini_fat))
    entries[0].start = place(bytes(mini_stream))
    entries[0].size = len(mini_stream)
    for entry in big:
        entry.start = place(entry.data)

    directory = b"".join(_pack_entry(e) for e in entries)
    directory += _pack_entry(None) * (n_dir * SECTOR_SIZE // ENTRY_SIZE - len(entries))

    difat = list(range(n_fat)) + [FREESECT] * (HEADER_DIFAT_ENTRIES - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        SIGNATURE,
        b"",  # header CLSID
        0x003E,  # minor version
        0x0003,  # major version 3
        0xFFFE,  # byte order: little-endian
        9,  # sector shift: 512-byte sectors
        6,  # mini sector shift: 64-byte mini sectors
        b"",  # reserved
        0,  # number of directory sectors: must be 0 in version 3
        n_fat,
        first_dir,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        first_minifat,
        n_minifat,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,  # number of DIFAT sectors
        *difat,
    )
    assert len(header) == SECTOR_SIZE
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    out = header + fat_bytes + directory + b"".join(body)
    assert len(out) == SECTOR_SIZE * (1 + next_sector)
    return out
