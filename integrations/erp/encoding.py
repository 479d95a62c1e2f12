"""Which character encoding a package is in, decided before the XML parser reads a byte of it.

The XML spec (1.0, §4.3.3 and Appendix F) makes a byte order mark that contradicts the
encoding declaration a fatal error; expat instead follows the declaration, so a UTF-8 file
with a UTF-8 BOM and `encoding="windows-1250"` is read as mojibake ("Źdźbło" stored as
"ĹądĹşbĹ" and so on). Here the first bytes are read first and every ambiguity refuses the package
with its reason, so the shop never stores text in a guessed encoding:

- a BOM (UTF-8, UTF-16 LE/BE) and a declaration naming another encoding: refused;
- a UTF-32 BOM, or a declared encoding the parser cannot read (unknown to Python, or
  multi-byte such as Shift-JIS or UTF-7): refused with its own message code;
- a declaration of UTF-16 in a file without a BOM whose bytes are ASCII: refused;
- a single-byte declaration (windows-1250, ISO-8859-2…) over bytes that are all valid
  UTF-8 and not all ASCII: refused — the ERP wrote UTF-8 and declared something else
  (real windows-1250 Polish text is practically never valid UTF-8: "ą" is byte 0xB9, a
  UTF-8 continuation byte without a lead byte);
- UTF-8 (declared or by default) over bytes that are not UTF-8: refused, saying at which byte.

Also refused before parsing: a compressed archive (ZIP — an XLSX is one — or gzip), so
that no archive, and no ZIP bomb, is ever unpacked, and a binary file.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache

from . import codes
from .errors import PackageError

#: Bytes read to find the BOM and the XML declaration (a declaration is short; UTF-16 doubles it).
HEAD_BYTES = 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)
#: Declared encodings (Python's codec names) that agree with each BOM.
_AGREES = {
    "UTF-8": {"utf-8", "utf-8-sig"},
    "UTF-16LE": {"utf-16", "utf-16-le"},
    "UTF-16BE": {"utf-16", "utf-16-be"},
}
_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
_UTF8 = {"utf-8", "utf-8-sig"}
_DECLARATION = re.compile(
    r"""<\?xml\s+version\s*=\s*(["'])[^"']*\1(?:\s+encoding\s*=\s*(["'])([^"']{0,60})\2)?""", re.ASCII
)
_ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")


@dataclass(frozen=True)
class Encoding:
    """What the head of a package says: its BOM (or ""), its declared encoding (or ""), and
    which check of the whole file's bytes `Utf8Check` must make ("utf-8", "not-utf-8" or "")."""

    bom: str
    declared: str
    check: str


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@cache
def parser_reads(declared: str) -> bool:
    """True if expat (through Python) reads a document declaring `declared`: asked of the parser itself.

    Python's expat reads UTF-8, UTF-16, and single-byte encodings that keep ASCII where it is.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", declared):  # the XML spec's EncName
        return False
    parser = ET.XMLParser()
    try:
        parser.feed(f'<?xml version="1.0" encoding="{declared}"?><a>a</a>'.encode("ascii"))
        parser.close()
    except (ET.ParseError, LookupError, ValueError, UnicodeError):
        return False
    return True


def _unknown(name: str) -> PackageError:
    return PackageError(codes.PACKAGE_ENCODING_UNKNOWN, encoding=name[:60])


def _unreadable(reason: str, **params: object) -> PackageError:
    return PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(reason, **params))


def sniff(head: bytes) -> Encoding:
    """The encoding of a package from its first HEAD_BYTES bytes; raises PackageError when it is ambiguous."""
    if head.startswith(_ARCHIVES):
        raise _unreadable(codes.REASON_ARCHIVE)
    bom = next((name for mark, name in _BOMS if head.startswith(mark)), "")
    if bom.startswith("UTF-32"):
        raise _unknown(bom)
    if bom:
        text = head[len(codecs.BOM_UTF8 if bom == "UTF-8" else codecs.BOM_UTF16_LE) :].decode(
            {"UTF-8": "utf-8", "UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be"}[bom], errors="ignore"
        )
    else:
        if b"\x00" in head:  # not UTF-16 with its BOM, so not text the shop reads
            raise _unreadable(codes.REASON_BINARY)
        text = head.decode("latin-1")
    match = _DECLARATION.match(text)
    declared = (match.group(3) or "") if match else ""
    codec = _codec(declared) if declared else None
    if bom:
        if declared and codec not in _AGREES[bom]:
            raise _unreadable(codes.REASON_BOM_CONFLICT, bom=bom, declared=declared[:60])
        return Encoding(bom, declared, "utf-8" if bom == "UTF-8" else "")
    if not declared:
        return Encoding("", "", "utf-8")
    if codec in _WIDE and not codec.startswith("utf-32"):  # found through latin-1 above: the bytes are not UTF-16
        raise _unreadable(codes.REASON_NO_BOM, declared=declared[:60])
    if codec is None or not parser_reads(declared):
        raise _unknown(declared)
    return Encoding("", declared, "utf-8" if codec in _UTF8 else "not-utf-8")


class Utf8Check:
    """Watches every byte of a package as the parser is fed (an incremental decoder: flat memory).

    `check` "utf-8": the bytes must be UTF-8; "not-utf-8": a single-byte declaration whose
    bytes must not all be valid UTF-8 with some non-ASCII; "": nothing to check.
    """

    def __init__(self, encoding: Encoding) -> None:
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder("utf-8")() if encoding.check else None
        self.offset = 0
        self.non_ascii = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        decoder = self.decoder
        if decoder is None:
            return
        pending = len(decoder.getstate()[0])  # bytes of a character begun in the previous chunk
        try:
            decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            self.decoder = None  # not UTF-8: nothing more to learn
            if self.encoding.check == "utf-8":
                raise _unreadable(codes.REASON_NOT_UTF8, offset=self.offset - pending + exc.start + 1) from exc
            return
        if not self.non_ascii and not chunk.isascii():
            self.non_ascii = True
        self.offset += len(chunk)

    def close(self) -> None:
        """After the last byte; raises PackageError if a single-byte declaration hides UTF-8."""
        self.feed(b"", final=True)
        if self.decoder is not None and self.encoding.check == "not-utf-8" and self.non_ascii:
            raise _unreadable(codes.REASON_LOOKS_UTF8, declared=self.encoding.declared[:60])
