"""What a shop admin does on the BaseLinker settings page; each action owns its transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from eventlog import writer
from eventlog.messages import Message

from . import codes
from .models import BaseLinkerSettings
from .tab import BASELINKER


def set_password(password: str, user: Any) -> BaseLinkerSettings:
    """Store the integration file's new password (encrypted) and say so in the BaseLinker tab."""
    with transaction.atomic():
        found = BaseLinkerSettings.load()
        found.password = password
        found.save()
        writer.record(
            tab=BASELINKER.slug, severity="info", event_type="settings_change", initiator="manual",
            actor=user.get_username(), message=Message(codes.PASSWORD_CHANGED, {"user": user.get_username()}),
        )  # fmt: skip
    return found
