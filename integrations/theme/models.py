"""A shop template: one part of the shop's look (a layout, the product card, an e-mail, the stylesheet…).

A template has a draft (`content`, what admins edit) and a live version
(`published_content`, what the shop shows), so that an edit never reaches customers
until someone publishes it. `version` counts saves: each form carries the version it
was opened at, and a save of an older version is refused (two admins editing at once
never overwrite each other silently).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .kinds import Kind

#: The most characters a template may hold (a stylesheet of a large theme is ~100 KB).
CONTENT_MAX_CHARS = 200_000
NAME_MAX_CHARS = 100


class ShopTemplate(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX_CHARS, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    content = models.TextField(_("content"), blank=True)
    #: Saves so far, 1 on creation; the optimistic lock of every change.
    version = models.PositiveIntegerField(_("version"), default=1)
    #: The live content; None while the template was never published (or after unpublishing).
    published_content = models.TextField(_("published content"), null=True, blank=True)
    #: The draft version that is live.
    published_version = models.PositiveIntegerField(_("published version"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("shop template")
        verbose_name_plural = _("shop templates")
        permissions = [("publish_shoptemplate", _("Can publish shop templates"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("theme:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_content is not None

    @property
    def has_unpublished_changes(self) -> bool:
        """The draft differs from what the shop shows (or nothing is live yet)."""
        return self.published_content != self.content
