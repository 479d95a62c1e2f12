"""The SMS tab's entry page: the queue message an entry is about (`data.sms_id`)."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Sms

register = template.Library()


@register.simple_tag
def sms_of(entry: Any) -> Sms | None:
    """The queue message of an SMS entry, or None (an entry from elsewhere, or a message since removed)."""
    sms_id = entry.data.get("sms_id") if isinstance(entry.data, dict) else None
    if not isinstance(sms_id, int) or isinstance(sms_id, bool):
        return None
    return Sms.objects.filter(pk=sms_id).first()
