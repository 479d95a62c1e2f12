"""Template helpers of the messaging partials (the E-mail entry's page, a mailing's page)."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import FailedEmail, MailingStatus
from ..tables import STATUS_BADGES

register = template.Library()


@register.simple_tag
def failed_email(entry: Any) -> FailedEmail | None:
    """`{% failed_email entry as failed %}`: the kept message of an E-mail entry (one indexed query)."""
    pk = getattr(entry, "pk", None)
    if pk is None:
        return None
    return FailedEmail.objects.select_related("resent_by").filter(entry_id=pk).first()


@register.filter
def mailing_badge(status: MailingStatus) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")
