"""The panel's tables, on django-tables2: what they share (base), each tab's list
(journal, with why it renders the way it does) and the job runs (runs)."""

from .base import (
    EMPTY,
    WIDE_ONLY,
    DziennikTable,
    HiddenHeaderColumn,
    cell_attrs,
    isolated,
    message_text,
    severity_icon,
    short_datetime,
    truncated,
    url_maker,
)
from .journal import JournalColumn, JournalRow, JournalTable, table_for
from .runs import RunTable

__all__ = [
    "EMPTY",
    "WIDE_ONLY",
    "DziennikTable",
    "HiddenHeaderColumn",
    "JournalColumn",
    "JournalRow",
    "JournalTable",
    "RunTable",
    "cell_attrs",
    "isolated",
    "message_text",
    "severity_icon",
    "short_datetime",
    "table_for",
    "truncated",
    "url_maker",
]
