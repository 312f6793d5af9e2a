"""Build a ``vbaProject.bin`` (an Office VBA project) from VBA source text.

Why this is hand-written: XlsxWriter can only embed an existing
``vbaProject.bin``, and the only packaged writer (``ms-ovba`` 0.0.1) garbles
modules longer than a few KB, while we need to ship xlwings' 46 KB standalone
module.  So this module implements the needed parts of [MS-OVBA] directly,
on top of the compound file writer in :mod:`s55xl.build.cfb` ([MS-CFB]).

Implemented sections of [MS-OVBA]:

* 2.2     File structure: ``PROJECT`` and ``PROJECTwm`` streams at the root,
          a ``VBA`` storage holding ``_VBA_PROJECT``, ``dir`` and one stream
          per module.
* 2.3.1   PROJECT stream: ID, Document=/Module=/Class= lines, Name,
          HelpContextID, VersionCompatible32, CMG/DPB/GC (no protection, no
          password, visible), [Host Extender Info], [Workspace].
* 2.3.3   PROJECTwm stream: module names in MBCS and UTF-16.
* 2.3.4.1 _VBA_PROJECT stream: the 7-byte form with Version 0xFFFF, i.e. no
          performance cache, so Office compiles the project from source.
* 2.3.4.2 dir stream (compressed): the information records
          (PROJECTSYSKIND ... PROJECTCONSTANTS, without the optional
          PROJECTCOMPATVERSION, like the Excel-made project shipped with
          xlwings), REFERENCEREGISTERED references to stdole and Office, and
          PROJECTMODULES with one MODULE record per module.
* 2.3.4.3 Module streams: the compressed source at offset 0 (no p-code).
* 2.4.1   Compression (chunks of 4096 bytes, copy tokens whose offset/length
          split depends on the position in the chunk, longest match with the
          nearest candidate winning ties as in 2.4.1.3.19.4, raw chunks when
          the compressed form would not fit).
* 2.4.3   Data encryption, used for the CMG, DPB and GC values.

Module sources are stored as given apart from normalisation (see
:func:`normalise_code`): line endings become CRLF, a final CRLF is added if
missing, and the module-level ``Attribute`` header is completed the way the
VBA editor does on import (document and class modules get the full header,
including ``VB_Base``).  Output is deterministic: the same input always
produces the same bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Literal

from s55xl.build.cfb import build_compound_file

__all__ = ["VbaModule", "build_vba_project", "module_from_file", "normalise_code", "compress"]

ModuleKind = Literal["standard", "class", "document"]
DocumentBase = Literal["workbook", "worksheet"]

# VB_Base values (the "0" prefix plus the CLSID of the base class).
BASE_GUIDS: dict[str, str] = {
    "workbook": "0{00020819-0000-0000-C000-000000000046}",
    "worksheet": "0{00020820-0000-0000-C000-000000000046}",
}
CLASS_BASE_GUID = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"  # what the VBE stores for class modules

# Module-level attributes in the order the VBA editor stores them, with the
# values it gives a new module of each kind.
_CLASS_ATTRIBUTES = {
    "VB_GlobalNameSpace": "False",
    "VB_Creatable": "False",
    "VB_PredeclaredId": "False",
    "VB_Exposed": "False",
    "VB_TemplateDerived": "False",
    "VB_Customizable": "False",
}
_DOCUMENT_ATTRIBUTES = {
    "VB_GlobalNameSpace": "False",
    "VB_Creatable": "False",
    "VB_PredeclaredId": "True",
    "VB_Exposed": "True",
    "VB_TemplateDerived": "False",
    "VB_Customizable": "True",
}

_IDENTIFIER = re.compile(r"[^\W\d_]\w{0,30}\Z")
_ATTRIBUTE_LINE = re.compile(r"Attribute\s+(\w+)\s*=\s*(.*?)\s*\Z", re.IGNORECASE)
_ATTRIBUTE_START = re.compile(r"Attribute\s", re.IGNORECASE)


@dataclass(frozen=True)
class VbaModule:
    """One VBA module.

    ``code`` is the module source as stored in the project: ``Attribute``
    lines (at least ``Attribute VB_Name = "<name>"``; generated if there are
    none) followed by the code, with CRLF or LF line endings.  ``base`` is
    only for document modules: ``"workbook"`` for ThisWorkbook, ``"worksheet"``
    for a sheet.  If omitted it is taken from a ``VB_Base`` attribute in
    ``code``, else ``"workbook"`` for a module named ThisWorkbook and
    ``"worksheet"`` otherwise.
    """

    name: str
    kind: ModuleKind
    code: str = ""
    base: DocumentBase | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("standard", "class", "document"):
            raise ValueError(f"module {self.name!r}: unknown kind {self.kind!r}")
        if not _IDENTIFIER.match(self.name):
            raise ValueError(f"module name {self.name!r} is not a VBA identifier of at most 31 characters")
        if self.base is not None:
            if self.kind != "document":
                raise ValueError(f"module {self.name!r}: base is only for document modules")
            if self.base not in BASE_GUIDS:
                raise ValueError(f"module {self.name!r}: base must be 'workbook' or 'worksheet'")


# ---------------------------------------------------------------------------
# Source handling
# ---------------------------------------------------------------------------


def _codec(codepage: int) -> str:
    name = {10000: "mac_roman", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unsupported code page {codepage}") from None


def _split_header(code: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Split CRLF-normalised-to-LF code into leading (attribute, value) pairs and the rest."""
    lines = code.split("\n")
    attributes = []
    while lines and _ATTRIBUTE_START.match(lines[0]):
        match = _ATTRIBUTE_LINE.match(lines[0])
        if not match:
            raise ValueError(f"malformed attribute line: {lines[0]!r}")
        attributes.append((match.group(1), match.group(2)))
        lines.pop(0)
    return attributes, lines


def _document_base_guid(module: VbaModule, attributes: dict[str, str]) -> str:
    given = attributes.get("vb_base", "").strip('"')
    if module.base is not None:
        wanted = BASE_GUIDS[module.base]
        if given and given.upper() != wanted.upper():
            raise ValueError(f"module {module.name!r}: VB_Base {given} contradicts base={module.base!r}")
        return wanted
    if given:
        return given
    return BASE_GUIDS["workbook" if module.name.lower() == "thisworkbook" else "worksheet"]


def normalise_code(module: VbaModule) -> str:
    """Return the exact source text stored for ``module`` (CRLF line endings).

    * CRLF, CR and LF line endings all become CRLF; a final CRLF is added.
    * The leading block of module-level ``Attribute`` lines is rewritten in the
      VBA editor's order: VB_Name (added if missing, must match ``name``);
      for class and document modules also VB_Base, VB_GlobalNameSpace,
      VB_Creatable, VB_PredeclaredId, VB_Exposed, VB_TemplateDerived and
      VB_Customizable, each keeping its given value or getting the editor's
      default; then any other attributes (e.g. VB_Description) in their order.

    The function is idempotent, and :func:`module_from_file` returns modules
    whose ``code`` is already normalised.
    """
    text = module.code.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    attributes, body = _split_header(text) if text else ([], [])
    given = {}
    for key, value in attributes:
        if key.lower() in given:
            raise ValueError(f"module {module.name!r}: attribute {key} given twice")
        given[key.lower()] = value

    name_value = given.pop("vb_name", f'"{module.name}"')
    if name_value.strip('"') != module.name:
        raise ValueError(f"module {module.name!r}: Attribute VB_Name is {name_value}")
    header = [("VB_Name", f'"{module.name}"')]
    if module.kind != "standard":
        if module.kind == "document":
            base = _document_base_guid(module, given)
            defaults = _DOCUMENT_ATTRIBUTES
        else:
            base = given.get("vb_base", "").strip('"') or CLASS_BASE_GUID
            defaults = _CLASS_ATTRIBUTES
        given.pop("vb_base", None)
        header.append(("VB_Base", f'"{base}"'))
        header.extend((key, given.pop(key.lower(), default)) for key, default in defaults.items())
    header.extend((key, value) for key, value in attributes if key.lower() in given)

    lines = [f"Attribute {key} = {value}" for key, value in header] + body
    return "\r\n".join(lines) + "\r\n"


def module_from_file(path: str | PathLike[str], *, codepage: int = 1252) -> VbaModule:
    """Read a module exported by the VBA editor (``.bas`` or ``.cls``).

    The ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` block of a ``.cls`` is
    dropped.  ``.bas`` files are standard modules; ``.cls`` files are class
    modules unless their VB_Base names the Workbook or Worksheet class, in
    which case they are document modules.  The name comes from VB_Name
    (falling back to the file name); ``code`` is returned normalised (see
    :func:`normalise_code`), so it is exactly what the project will store.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".bas", ".cls"):
        raise ValueError(f"{path}: only .bas and .cls modules are supported")
    text = path.read_bytes().decode(_codec(codepage))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if suffix == ".cls" and lines and lines[0].upper().startswith("VERSION "):
        try:
            end = next(i for i, line in enumerate(lines) if line.strip().upper() == "END")
        except StopIteration:
            raise ValueError(f"{path}: class header has no END line") from None
        lines = lines[end + 1 :]
    code = "\n".join(lines)
    attributes = {key.lower(): value.strip('"') for key, value in _split_header(code)[0]}
    name = attributes.get("vb_name", path.stem)
    kind: ModuleKind = "standard"
    base: DocumentBase | None = None
    if suffix == ".cls":
        kind = "class"
        for candidate, guid in BASE_GUIDS.items():
            if attributes.get("vb_base", "").upper() == guid.upper():
                kind, base = "document", candidate  # type: ignore[assignment]
    module = VbaModule(name=name, kind=kind, code=code, base=base)
    return VbaModule(name=name, kind=kind, code=normalise_code(module), base=base)


# ---------------------------------------------------------------------------
# MS-OVBA 2.4.1 compression
# ---------------------------------------------------------------------------

CHUNK_SIZE = 4096


def _match_length(data: bytes, a: int, b: int, end: int) -> int:
    """Length of the common run of data[a:] and data[b:end] (a < b; may overlap)."""
    length, step, limit = 0, 32, end - b
    while step:
        size = min(step, limit - length)
        if size and data[a + length : a + length + size] == data[b + length : b + length + size]:
            length += size
        else:
            step //= 2
    return length


def compress_chunk(chunk: bytes) -> bytes:
    """Compress one DecompressedChunk (at most 4096 bytes) into a CompressedChunk
    (2.4.1.3.7), header included.

    A copy token at position ``pos`` of the chunk uses
    ``bit_count = max(ceil(log2(pos)), 4)`` bits for offset-1 and the rest for
    length-3 (2.4.1.3.19.1).  If the tokens do not fit into 4096 bytes, the
    chunk is stored raw (2.4.1.3.10): flag 0 and exactly 4096 bytes of data,
    zero-padded if the chunk is shorter.
    """
    n = len(chunk)
    if not 0 < n <= CHUNK_SIZE:
        raise ValueError("a chunk holds 1 to 4096 bytes")
    out = bytearray()
    candidates: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions
    indexed = 0
    pos = 0
    while pos < n and len(out) <= CHUNK_SIZE:
        flag_index = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= n:
                break
            while indexed < pos:
                candidates.setdefault(chunk[indexed : indexed + 3], []).append(indexed)
                indexed += 1
            best_length, best_offset = 0, 0
            possible = n - pos
            for cand in reversed(candidates.get(chunk[pos : pos + 3], ())):
                # Only a strictly longer match (nearest candidate wins ties) counts.
                if best_length and chunk[cand : cand + best_length + 1] != chunk[pos : pos + best_length + 1]:
                    continue
                length = _match_length(chunk, cand, pos, n)
                if length > best_length:
                    best_length, best_offset = length, pos - cand
                    if length == possible:
                        break
            if best_length >= 3:
                bit_count = max((pos - 1).bit_length(), 4)
                length = min(best_length, (0xFFFF >> bit_count) + 3)
                token = ((best_offset - 1) << (16 - bit_count)) | (length - 3)
                out += struct.pack("<H", token)
                out[flag_index] |= 1 << bit
                pos += length
            else:
                out.append(chunk[pos])
                pos += 1
    if pos < n or len(out) > CHUNK_SIZE:
        # CompressedChunkSize 4095 (i.e. 4098 - 3), signature 0b011, flag 0
        return struct.pack("<H", 0x3FFF) + chunk + b"\0" * (CHUNK_SIZE - n)
    return struct.pack("<H", 0xB000 | (len(out) + 2 - 3)) + out


def compress(data: bytes) -> bytes:
    """Compress ``data`` into a CompressedContainer (2.4.1.3.6).

    Exact round trip, except that a final chunk shorter than 4096 bytes that
    does not compress is stored as a zero-padded raw chunk (as the
    specification prescribes), which decompresses with trailing NUL bytes.
    """
    return b"\x01" + b"".join(compress_chunk(data[i : i + CHUNK_SIZE]) for i in range(0, len(data), CHUNK_SIZE))


def _compress_source(source: bytes) -> bytes:
    """Compress module source; never lets a raw final chunk add NULs to it.

    If the final partial chunk does not compress (only possible for almost
    repetition-free text), the source is first padded to a chunk boundary
    with a space and blank lines, which VBA ignores; a full raw chunk has no
    padding.
    """
    tail = len(source) % CHUNK_SIZE
    if tail and not compress_chunk(source[-tail:])[1] & 0x80:
        fill = CHUNK_SIZE - tail
        source += b" " * (fill % 2) + b"\r\n" * (fill // 2)
    return compress(source)


# ---------------------------------------------------------------------------
# MS-OVBA 2.4.3 data encryption (for CMG, DPB and GC in the PROJECT stream)
# ---------------------------------------------------------------------------


def _encrypt(data: bytes, project_id: bytes, seed: int, ignored: bytes) -> str:
    """Encrypt ``data`` as in 2.4.3.2 and return the hex string for PROJECT."""
    version = 2
    project_key = sum(project_id) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted_1, encrypted_1, encrypted_2 = project_key, out[2], out[1]
    ignored_length = (seed & 6) // 2
    if len(ignored) < ignored_length:
        raise ValueError("not enough ignored bytes for this seed")
    plain = ignored[:ignored_length] + struct.pack("<I", len(data)) + data
    for byte in plain:
        encrypted = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(encrypted)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, encrypted, byte
    return out.hex().upper()


# ---------------------------------------------------------------------------
# Streams
# ---------------------------------------------------------------------------

_SYSKIND_WIN64 = 0x00000003  # as in the Excel-made project shipped with xlwings
_LCID = 0x00000409  # PROJECTLCID and PROJECTLCIDINVOKE must be 0x409
_REFERENCES = (
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
        r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
# 2.3.4.1, 7 bytes: Reserved1, Version 0xFFFF (no cache), Reserved2, Reserved3 = 0x0001 as in the
# spec's example and every Office-made project.
_VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)


def _record(record_id: int, data: bytes = b"") -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text_record(record_id: int, unicode_id: int, text: str, codec: str) -> bytes:
    """A record with an MBCS string followed by its UTF-16 twin (e.g. PROJECTDOCSTRING)."""
    return _record(record_id, text.encode(codec)) + _record(unicode_id, text.encode("utf-16-le"))


def _dir_stream(project_name: str, modules: Sequence[VbaModule], codepage: int, codec: str) -> bytes:
    """The decompressed dir stream (2.3.4.2)."""
    parts = [
        _record(0x0001, struct.pack("<I", _SYSKIND_WIN64)),  # PROJECTSYSKIND
        _record(0x0002, struct.pack("<I", _LCID)),  # PROJECTLCID
        _record(0x0014, struct.pack("<I", _LCID)),  # PROJECTLCIDINVOKE
        _record(0x0003, struct.pack("<H", codepage)),  # PROJECTCODEPAGE
        _record(0x0004, project_name.encode(codec)),  # PROJECTNAME
        _text_record(0x0005, 0x0040, "", codec),  # PROJECTDOCSTRING
        _text_record(0x0006, 0x003D, "", codec),  # PROJECTHELPFILEPATH
        _record(0x0007, struct.pack("<I", 0)),  # PROJECTHELPCONTEXT
        _record(0x0008, struct.pack("<I", 0)),  # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),  # PROJECTVERSION: reserved 4, major 1, minor 0
        _text_record(0x000C, 0x003C, "", codec),  # PROJECTCONSTANTS
    ]
    for name, libid in _REFERENCES:
        parts.append(_text_record(0x0016, 0x003E, name, codec))  # REFERENCENAME
        raw = libid.encode(codec)
        # REFERENCEREGISTERED: Size, SizeOfLibid, Libid, Reserved1 (4), Reserved2 (2)
        parts.append(struct.pack("<HII", 0x000D, 4 + len(raw) + 6, len(raw)) + raw + b"\0" * 6)
    parts.append(_record(0x000F, struct.pack("<H", len(modules))))  # PROJECTMODULES
    parts.append(_record(0x0013, struct.pack("<H", 0xFFFF)))  # PROJECTCOOKIE
    for module in modules:
        parts += [
            _record(0x0019, module.name.encode(codec)),  # MODULENAME
            _record(0x0047, module.name.encode("utf-16-le")),  # MODULENAMEUNICODE
            _text_record(0x001A, 0x0032, module.name, codec),  # MODULESTREAMNAME
            _text_record(0x001C, 0x0048, "", codec),  # MODULEDOCSTRING
            _record(0x0031, struct.pack("<I", 0)),  # MODULEOFFSET: source at offset 0
            _record(0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            _record(0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            _record(0x0021 if module.kind == "standard" else 0x0022),  # MODULETYPE
            _record(0x002B),  # module terminator
        ]
    parts.append(_record(0x0010))  # dir terminator (Reserved = 0)
    return b"".join(parts)


def _project_stream(project_id: str, project_name: str, modules: Sequence[VbaModule], codec: str) -> bytes:
    """The PROJECT stream (2.3.1)."""
    lines = [f'ID="{project_id}"']
    for module in modules:
        if module.kind == "document":
            lines.append(f"Document={module.name}/&H00000000")
        elif module.kind == "class":
            lines.append(f"Class={module.name}")
        else:
            lines.append(f"Module={module.name}")
    raw_id = project_id.encode(codec)

    def protected(field: str, data: bytes) -> str:
        digest = hashlib.sha256(raw_id + field.encode()).digest()
        return f'{field}="{_encrypt(data, raw_id, digest[0], digest[1:4])}"'

    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        protected("CMG", b"\0\0\0\0"),  # ProjectProtectionState: no protection
        protected("DPB", b"\0"),  # ProjectPassword: none
        protected("GC", b"\xff"),  # ProjectVisibilityState: visible
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return ("\r\n".join(lines) + "\r\n").encode(codec)


def _projectwm_stream(modules: Sequence[VbaModule], codec: str) -> bytes:
    """The PROJECTwm stream (2.3.3): each name in MBCS and UTF-16, then a terminator."""
    parts = [m.name.encode(codec) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules]
    return b"".join(parts) + b"\0\0"


def build_vba_project(
    modules: Sequence[VbaModule], *, project_name: str = "VBAProject", codepage: int = 1252
) -> bytes:
    """Return the bytes of a ``vbaProject.bin`` holding ``modules`` in the given order.

    Pass them to XlsxWriter as ``workbook.add_vba_project(io.BytesIO(data),
    is_stream=True)`` and give the workbook and each sheet the code name of
    its document module with ``set_vba_name``.
    """
    codec = _codec(codepage)
    if not _IDENTIFIER.match(project_name) or not project_name.isascii():
        raise ValueError(f"project name {project_name!r} is not an ASCII VBA identifier of at most 31 characters")
    seen: dict[str, str] = {}
    for module in modules:
        key = module.name.upper()
        if key in seen:
            raise ValueError(f"duplicate module names {seen[key]!r} and {module.name!r}")
        if key == "DIR":
            raise ValueError("a module cannot be called 'dir' (it would clash with the dir stream)")
        seen[key] = module.name
    workbooks = [m.name for m in modules if m.kind == "document" and _is_workbook(m)]
    if len(workbooks) > 1:
        raise ValueError(f"more than one workbook document module: {workbooks}")

    sources = {}
    for module in modules:
        try:
            sources[module.name] = _compress_source(normalise_code(module).encode(codec))
            module.name.encode(codec)
        except UnicodeEncodeError as exc:
            raise ValueError(f"module {module.name!r} is not representable in code page {codepage}: {exc}") from None

    names = ",".join(m.name for m in modules)
    project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"s55xl:{project_name}:{names}")).upper() + "}"
    vba = {
        "_VBA_PROJECT": _VBA_PROJECT_STREAM,
        "dir": compress(_dir_stream(project_name, modules, codepage, codec)),
        **sources,
    }
    return build_compound_file(
        {
            "PROJECT": _project_stream(project_id, project_name, modules, codec),
            "PROJECTwm": _projectwm_stream(modules, codec),
            "VBA": vba,
        }
    )


def _is_workbook(module: VbaModule) -> bool:
    header, _ = _split_header(normalise_code(module).replace("\r\n", "\n"))
    bases = [value.strip('"').upper() for key, value in header if key.lower() == "vb_base"]
    return bases == [BASE_GUIDS["workbook"].upper()]
