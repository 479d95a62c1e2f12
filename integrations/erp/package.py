"""The ERP data package: reading catalogue packages and writing orders packages.

The format is documented in docs/erp-package.md. Reading streams: expat calls a small
target object per element, which keeps only the item being read, so a package of any
size is read in flat memory. The parser is defusedxml's (`DefusedXMLParser`): a document
type declaration is refused the moment the parser meets it, and no entity — internal
("billion laughs") or external — is ever expanded. Before the parser sees a byte,
`encoding.sniff` decides the package's encoding from its byte order mark and its
declaration, refusing every ambiguity (see that module): never a guess, never mojibake.

A package is read twice: `inspect` checks it end to end (its encoding, well-formed, the
right root, a known format version, a header) and counts its items before anything is
written, so a broken file fails the run without touching the catalogue, and the run knows
its total for the progress bar. `read` then yields its items.

Measured on the shared 2-core machine (loaded): defusedxml's parser reads the 100,000-product
sample (21.5 MB) in ≈ 16 s per pass against ≈ 7 to 10 s for the C parser it replaces; memory
stays flat (one item at a time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from defusedxml import DefusedXmlException, DTDForbidden  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from . import codes, encoding
from .errors import PackageError

__all__ = ["PackageError", "PackageInfo", "PackageReader", "PackageWriter", "inspect"]

ROOT = "erp-package"
#: Format versions this shop reads and writes. A new major version is a new reader.
SUPPORTED_VERSIONS = ("1.0",)
FORMAT_VERSION = "1.0"
CATALOGUE = "catalogue"
ORDERS = "orders"
#: A field longer than this is kept cut (its true length is still known): a hostile
#: file cannot make the reader hold megabytes for one name.
FIELD_MAX_CHARS = 4000
#: The header is the ERP's own data shown on the run; bounded like any outside text.
HEADER_MAX_FIELDS = 30
HEADER_VALUE_MAX_CHARS = 200
#: Bytes fed to the parser at once.
CHUNK = 256 * 1024

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class PackageInfo:
    version: str
    type: str
    products: int = 0
    categories: int = 0
    orders: int = 0


@dataclass
class Item:
    """One <category> or <product>: its attributes and the text of its child elements."""

    kind: str
    position: int
    fields: dict[str, str] = field(default_factory=dict)
    #: True length of fields that were cut at FIELD_MAX_CHARS.
    lengths: dict[str, int] = field(default_factory=dict)


class _Inspector:
    """First pass: no `data` method, so expat never calls Python for text."""

    def __init__(self) -> None:
        self.info: PackageInfo | None = None
        self.seen_header = False
        self.depth = 0
        self.section = ""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        info = self.info
        if info is None:
            if tag != ROOT:
                raise PackageError(
                    codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_ROOT, tag=tag[:50], root=ROOT)
                )
            self.info = PackageInfo(version=attrib.get("format-version", ""), type=attrib.get("type", CATALOGUE))
        elif self.depth == 2:
            self.section = tag
            if tag == "header":
                self.seen_header = True
            elif not self.seen_header:
                raise PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_HEADER_FIRST))
        elif self.depth == 3:
            if tag == "product" and self.section == "products":
                info.products += 1
            elif tag == "category" and self.section == "categories":
                if info.products:
                    raise PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_CATEGORIES_FIRST))
                info.categories += 1
            elif tag == "order" and self.section == "orders":
                info.orders += 1

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> PackageInfo | None:
        return self.info


class _Reader:
    """Second pass: collects items (depth 3) and their fields (depth 4), and the header."""

    def __init__(self) -> None:
        self.depth = 0
        self.section = ""
        self.item: Item | None = None
        self.header: dict[str, str] = {}
        self.ready: list[Item] = []
        self.positions = {"product": 0, "category": 0}
        self.text: list[str] | None = None
        self.text_len = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 2:
            self.section = tag
        elif depth == 3 and self.section in ("categories", "products") and tag in self.positions:
            self.positions[tag] += 1
            self.item = Item(tag, self.positions[tag], {k: v for k, v in attrib.items() if k in ("code", "id")})
        elif (depth == 3 and self.section == "header") or (depth == 4 and self.item is not None):
            self.text, self.text_len = [], 0

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text_len += len(text)
            if self.text_len <= FIELD_MAX_CHARS + len(text):
                self.text.append(text)

    def end(self, tag: str) -> None:
        depth = self.depth
        self.depth -= 1
        if self.text is not None and (depth == 4 or (depth == 3 and self.section == "header")):
            value, total = "".join(self.text).strip(), self.text_len
            self.text = None
            if depth == 3:
                if len(self.header) < HEADER_MAX_FIELDS:
                    self.header[tag[:50]] = value[:HEADER_VALUE_MAX_CHARS]
            elif self.item is not None and tag not in self.item.fields:
                if total > FIELD_MAX_CHARS:
                    self.item.lengths[tag] = total
                    value = value[:FIELD_MAX_CHARS]
                self.item.fields[tag] = value
        elif depth == 3 and self.item is not None:
            self.ready.append(self.item)
            self.item = None

    def close(self) -> None:
        return None


def _parser(target: Any) -> DefusedXMLParser:
    # forbid_dtd: packages never declare one (docs/erp-package.md); entities and external
    # references are forbidden by defusedxml's defaults as well.
    return DefusedXMLParser(target=target, forbid_dtd=True)


#: What a package is read from: a local file's path, or a binary file open for reading (a storage's),
#: which is read from its start on each pass and left open.
Source = Path | IO[bytes]


def _opened(source: Source) -> contextlib.AbstractContextManager[IO[bytes]]:
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb")
    source.seek(0)
    return contextlib.nullcontext(source)


def _feed(source: Source, parser: DefusedXMLParser, check: encoding.Utf8Check | None = None) -> Iterator[None]:
    with _opened(source) as file:
        while chunk := file.read(CHUNK):
            if check is not None:
                check.feed(chunk)
            parser.feed(chunk)
            yield
    if check is not None:
        check.close()
    parser.close()
    yield


def _unreadable(exc: Exception) -> PackageError:
    """A parser's or the file system's error, as the reason the package cannot be read."""
    if isinstance(exc, PackageError):
        return exc
    if isinstance(exc, DTDForbidden):
        return PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_DTD))
    if isinstance(exc, DefusedXmlException):  # an entity or external reference (no DTD reaches here)
        return PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_ENTITIES))
    if isinstance(exc, ET.ParseError):
        return PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_NOT_WELL_FORMED, error=str(exc)))
    if isinstance(exc, OSError):
        return PackageError(
            codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_OS, error=exc.strerror or str(exc))
        )
    # LookupError / UnicodeError / ValueError: an encoding the parser turned down after all.
    return PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_ENCODING, error=str(exc)[:200]))


_READ_ERRORS = (ET.ParseError, DefusedXmlException, LookupError, UnicodeError, ValueError, OSError)


def inspect(source: Source, expected_type: str = CATALOGUE) -> PackageInfo:
    """Check the whole file before anything is written; raises PackageError with the reason.

    Errors: PACKAGE_UNREADABLE (with its reason), PACKAGE_ENCODING_UNKNOWN, PACKAGE_VERSION_UNSUPPORTED,
    PACKAGE_WRONG_TYPE.
    """
    target = _Inspector()
    parser = _parser(target)
    try:
        with _opened(source) as file:
            head = file.read(encoding.HEAD_BYTES)
        if not head:  # said as the upload form says it, not as "no element found"
            raise PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_EMPTY))
        check = encoding.Utf8Check(encoding.sniff(head))
        for _ in _feed(source, parser, check):
            pass
    except _READ_ERRORS as exc:
        raise _unreadable(exc) from exc
    info = target.info
    if info is None:
        raise PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_EMPTY))
    if info.version not in SUPPORTED_VERSIONS:
        raise PackageError(
            codes.PACKAGE_VERSION_UNSUPPORTED, version=info.version[:20], supported=", ".join(SUPPORTED_VERSIONS)
        )
    if info.type != expected_type:
        raise PackageError(codes.PACKAGE_WRONG_TYPE, type=info.type[:40])
    if not target.seen_header:
        raise PackageError(codes.PACKAGE_UNREADABLE, reason=codes.reason(codes.REASON_NO_HEADER))
    return info


class PackageReader:
    """Reads an inspected package: `header` once it has been read, then `items()`."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.target = _Reader()
        self._parser = _parser(self.target)
        self._feeding = _feed(source, self._parser)

    @property
    def header(self) -> dict[str, str]:
        return self.target.header

    def items(self) -> Iterator[Item]:
        """Items in file order; categories are all read before the first product (see the format)."""
        ready = self.target.ready
        try:
            for _ in self._feeding:
                if ready:
                    yield from ready
                    ready.clear()
        except _READ_ERRORS as exc:  # the file changed after inspect()
            raise _unreadable(exc) from exc


# --- Writing (orders packages, and test/demo catalogue packages) --------------------


def clean_text(value: Any) -> str:
    """Text safe for XML 1.0: characters it cannot hold are dropped."""
    return _CONTROL.sub("", str(value))


def _attributes(attrs: dict[str, Any]) -> AttributesImpl:
    return AttributesImpl({k: clean_text(v) for k, v in attrs.items() if v is not None})


class PackageWriter:
    """Writes a package element by element to a binary file (UTF-8)."""

    def __init__(self, file: IO[bytes], package_type: str, header: dict[str, str]) -> None:
        self.out = XMLGenerator(file, encoding="utf-8", short_empty_elements=True)
        self.out.startDocument()
        self.out.startElement(ROOT, AttributesImpl({"format-version": FORMAT_VERSION, "type": package_type}))
        self._newline(1)
        self.out.startElement("header", AttributesImpl({}))
        for key, value in header.items():
            self._newline(2)
            self.element(key, value)
        self._newline(1)
        self.out.endElement("header")

    def _newline(self, depth: int) -> None:
        self.out.ignorableWhitespace("\n" + "  " * depth)

    def element(self, tag: str, text: Any = None, attrs: dict[str, Any] | None = None) -> None:
        self.out.startElement(tag, _attributes(attrs or {}))
        if text is not None:
            self.out.characters(clean_text(text))
        self.out.endElement(tag)

    def section(self, tag: str, items: Iterable[tuple[str, dict[str, Any], dict[str, Any]]]) -> int:
        """Write <tag> with one child per (item tag, attributes, fields); a field value may be a list of
        (tag, attributes) children. Returns the number of items."""
        count = 0
        self._newline(1)
        self.out.startElement(tag, AttributesImpl({}))
        for item_tag, attrs, fields in items:
            count += 1
            self._newline(2)
            self.out.startElement(item_tag, _attributes(attrs))
            for name, value in fields.items():
                if value is None:
                    continue
                self._newline(3)
                if isinstance(value, list):
                    self.out.startElement(name, AttributesImpl({}))
                    for child_tag, child_attrs in value:
                        self._newline(4)
                        self.element(child_tag, None, child_attrs)
                    self._newline(3)
                    self.out.endElement(name)
                else:
                    self.element(name, value)
            self._newline(2)
            self.out.endElement(item_tag)
        self._newline(1)
        self.out.endElement(tag)
        return count

    def close(self) -> None:
        self.out.ignorableWhitespace("\n")
        self.out.endElement(ROOT)
        self.out.ignorableWhitespace("\n")
        self.out.endDocument()


def write_atomically(path: Path, write: Any) -> int:
    """Write a file under a temporary name and rename it: readers of the folder never see half a file.

    Returns the size in bytes. `write(file)` writes the content.
    """
    temporary = path.with_name(f".{path.name}.part")
    try:
        with open(temporary, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path.stat().st_size


def timestamp(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")
