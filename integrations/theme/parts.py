"""The part of a template a journal entry is about: its `object_id` in the appearance tab.

A create or delete concerns the whole template, a rename its name, an edit its
content (draft), a publish or unpublish its live version. One save that renames and
edits writes one entry per part, so the tab's object filter finds e.g. every rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TEMPLATE = "template"
NAME = "name"
KIND = "kind"
CONTENT = "content"
PUBLISHED = "published"

LABELS = {
    TEMPLATE: _("The whole template"),
    NAME: _("Name"),
    KIND: _("Kind"),
    CONTENT: _("Content (draft)"),
    PUBLISHED: _("Published version"),
}
