"""The SMS tab: one entry per status change of a queued text message.

A message's entries are its history: "waiting" when it is queued (and again, as a
warning, when the gateway did not answer and it waits for another try), then one
outcome — "sent", "failed" or "expired". Each entry's message is the SMS text itself
and its object the recipient's number, so the list reads date, recipient, text,
status; `data.sms_id` names the queue message (`integrations.sms.models.Sms`), whose
page shows its current status.

After `WAITING_EXPIRES_AFTER` a message no longer waits: the queue marks it expired
(`queue.expire_overdue`, beat every minute) with an "expired" entry, and retention
removes the "waiting" entries older than that, so the journal then keeps one outcome
per message.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, register, severity

#: A message still waiting this long after it was queued is not sent any more (it expires).
WAITING_EXPIRES_AFTER = dt.timedelta(hours=24)

SMS = register(
    Tab(
        slug="sms",
        title=_("SMS"),
        description=_("Text messages sent to customers; messages waiting over 24 hours are removed automatically."),
        icon="phone",
        order=50,
        columns=(
            date(),
            Column("object_id", _("Recipient"), "object", personal=True),
            Column("message", _("Text"), "message"),
            event(_("Status")),
            severity(),
        ),
        event_types={
            "waiting": _("Waiting"),
            "sent": _("Sent"),
            "failed": _("Failed"),
            "expired": _("Expired"),
        },
        filters=("object_id",),
        detail_template="sms/entry_detail.html",
        list_header_template="sms/tab_header.html",
        # The queue expires a message waiting this long; its "waiting" entries go with it.
        expires_early=((Q(event_type="waiting"), WAITING_EXPIRES_AFTER),),
        retention_note=_("Messages still waiting after 24 hours are removed."),
    )
)
