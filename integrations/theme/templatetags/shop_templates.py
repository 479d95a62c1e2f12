"""The shop templates' pages and the appearance tab: a change's diff line by line with its colour (the text is
escaped by the template), the name of the part changed, a template's status."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import diffs, parts, tables

register = template.Library()

# Bootstrap's subtle backgrounds: green added, red removed lines, as in any code review.
_CLASSES = {
    "file": "diff-file text-body-secondary fw-semibold",
    "hunk": "diff-hunk bg-info-subtle text-info-emphasis",
    "added": "diff-added bg-success-subtle text-success-emphasis",
    "removed": "diff-removed bg-danger-subtle text-danger-emphasis",
    "context": "diff-context",
}


@register.filter
def diff_lines(text: Any) -> list[tuple[str, str]]:
    """(CSS classes, line) of each line of a stored unified diff; none for anything but text."""
    if not isinstance(text, str):
        return []
    return [(_CLASSES[kind], line) for kind, line in diffs.classify(text)]


@register.filter
def part_label(code: Any) -> str:
    """The name of the template part an entry is about ("content" → "Content (draft)")."""
    return str(parts.LABELS.get(code, code or "—"))


@register.simple_tag
def template_status(shop_template: Any) -> SafeString:
    """Published, with unpublished changes, or not published (the list's badge)."""
    return tables.status_badge(shop_template)
