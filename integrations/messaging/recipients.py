"""A mailing's recipients from what a shop admin pastes or uploads: validated, duplicates dropped.

The shop has no customer model to pick from, so recipients come as text: addresses separated
by new lines, commas, semicolons or spaces, or a CSV file whose first cell holding an "@" in
each row is the address (a first row without one is its header).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

#: At most this many recipients in one mailing (a larger list is split into several mailings).
MAX_RECIPIENTS = 100_000
#: The largest CSV file accepted (100,000 addresses ≈ 3 MB).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class Parsed:
    """Valid addresses in their first order, the invalid ones as written, and how many repeats were dropped."""

    emails: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    duplicates: int = 0
    #: The CSV line (from 1) the csv module could not read (e.g. a field over its 128 KiB limit).
    unreadable_row: int | None = None

    def add(self, candidate: str, seen: set[str]) -> None:
        address = candidate.strip().strip("<>\"'")
        if not address:
            return
        try:
            validate_email(address)
        except ValidationError:
            self.invalid.append(candidate.strip()[:100])
            return
        key = address.lower()
        if key in seen:
            self.duplicates += 1
            return
        seen.add(key)
        self.emails.append(address)


def parse(text: str = "", csv_bytes: bytes = b"") -> Parsed:
    """The addresses of the pasted `text` and then of a CSV file (UTF-8, with or without BOM)."""
    parsed, seen = Parsed(), set[str]()
    for token in _SEPARATORS.split(text):
        parsed.add(token, seen)
    if csv_bytes:
        content = csv_bytes.decode("utf-8-sig", errors="replace")
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        # newline="": the csv module reads the line ends itself, so a lone "\r" in a field is not an error.
        rows = csv.reader(io.StringIO(content, newline=""), dialect)
        try:
            for number, row in enumerate(rows):
                cells = [cell.strip() for cell in row if cell.strip()]
                address = next((cell for cell in cells if "@" in cell), None)
                if address is not None:
                    parsed.add(address, seen)
                elif cells and number > 0:
                    parsed.invalid.append(cells[0][:100])
        except csv.Error:
            parsed.unreadable_row = rows.line_num
    return parsed
