"""The module's entries in the PrestaShop tab: every section writes through `entry` / `record`.

An entry names the account (its shop's host), its section (the event type: connection,
mapping, order_settings, product_fields, templates, import, linking, orders, sync_report)
and the service; `user` is the person who acted (initiator "manual", their username as the
actor) or None for the module's own work (initiator "automatic").
"""

from __future__ import annotations

from typing import Any

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Entry, Initiator, Severity

from .models import Account
from .tab import PRESTASHOP


def entry(
    account: Account | None, section: str, message: Message, *, severity: str = Severity.INFO, user: Any = None,
    **fields: Any,
) -> dict[str, Any]:  # fmt: skip
    """The fields of one entry, for `writer.record_many` (`fields`: any other entry field, e.g. run, data)."""
    person = user is not None and user.is_authenticated
    fields.setdefault("initiator", Initiator.MANUAL if person else Initiator.AUTOMATIC)
    if person:
        fields.setdefault("actor", user.get_username())
    return {
        "tab": PRESTASHOP.slug,
        "event_type": section,
        "severity": severity,
        "message": message,
        "account": account.label if account is not None else "",
        "service": "prestashop",
        **fields,
    }


def record(
    account: Account | None, section: str, message: Message, *, severity: str = Severity.INFO, user: Any = None,
    **fields: Any,
) -> Entry:  # fmt: skip
    """Write one entry (see `entry`); raises writer.JournalError for a field the tab refuses."""
    return writer.record(**entry(account, section, message, severity=severity, user=user, **fields))
