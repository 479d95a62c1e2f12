"""Message codes of the shop appearance tab: what the journal says about template changes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .kinds import KIND_MESSAGES

CREATED = "THEME_TEMPLATE_CREATED"
RENAMED = "THEME_TEMPLATE_RENAMED"
KIND_CHANGED = "THEME_TEMPLATE_KIND_CHANGED"
CONTENT_EDITED = "THEME_TEMPLATE_CONTENT_EDITED"
PUBLISHED = "THEME_TEMPLATE_PUBLISHED"
UNPUBLISHED = "THEME_TEMPLATE_UNPUBLISHED"
DELETED = "THEME_TEMPLATE_DELETED"

MESSAGES = {
    CREATED: _("Template “%(template)s” created."),
    RENAMED: _("Template “%(old)s” renamed to “%(template)s”."),
    KIND_CHANGED: _("Template “%(template)s”: kind changed from %(before)s to %(after)s."),
    CONTENT_EDITED: _("Template “%(template)s”: content edited (lines added: %(added)s, removed: %(removed)s)."),
    PUBLISHED: _("Template “%(template)s” published: version %(version)s is live in the shop."),
    UNPUBLISHED: _("Template “%(template)s” withdrawn from the shop."),
    DELETED: _("Template “%(template)s” deleted."),
    # The kinds' labels, as parameters of KIND_CHANGED.
    **KIND_MESSAGES,
}
