"""Unified diffs of template changes, capped to fit a journal entry's data fields.

A journal entry's data may hold at most `JOURNAL_DATA_MAX_BYTES` of JSON (32 KiB), and
a stylesheet rewritten from scratch gives a diff several times that. The diff is cut
at whole lines once the budget is spent; the entry says so (`truncated`, and how many
lines the whole diff had), so a reader knows the change was larger than shown.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Diff:
    #: Unified diff lines joined by "\n" (no trailing newline); "" when nothing changed.
    text: str
    added: int
    removed: int
    #: Lines of the whole diff; more than `text` holds when truncated.
    lines: int
    truncated: bool


def _json_bytes(line: str) -> int:
    """What one line costs inside a JSON string: its escaped UTF-8 bytes and the "\\n" after it."""
    return len(json.dumps(line, ensure_ascii=False).encode()) - 2 + 2


def unified(before: str, after: str, *, before_label: str, after_label: str, budget: int) -> Diff:
    """The unified diff (3 lines of context) of `before` → `after`, at most `budget` bytes as JSON text.

    Lines are compared without their line ends ("\\r\\n" and "\\n" alike).
    """
    diff = list(
        difflib.unified_diff(
            before.splitlines(), after.splitlines(), fromfile=before_label, tofile=after_label, lineterm=""
        )
    )
    added = sum(1 for line in diff[2:] if line.startswith("+"))
    removed = sum(1 for line in diff[2:] if line.startswith("-"))
    kept: list[str] = []
    spent = 0
    for line in diff:
        cost = _json_bytes(line)
        if spent + cost > budget:
            break
        kept.append(line)
        spent += cost
    return Diff("\n".join(kept), added, removed, len(diff), len(kept) < len(diff))


#: How each line of a unified diff is shown: "file", "hunk", "added", "removed" or "context".
LineKind = str


def classify(text: str) -> list[tuple[LineKind, str]]:
    """The lines of a stored diff with what each is, for colouring (the text itself stays as it is)."""
    shown: list[tuple[LineKind, str]] = []
    for i, line in enumerate(text.split("\n") if text else []):
        if i < 2 and (line.startswith("--- ") or line.startswith("+++ ")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "added"
        elif line.startswith("-"):
            kind = "removed"
        else:
            kind = "context"
        shown.append((kind, line))
    return shown
