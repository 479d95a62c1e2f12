import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, register, severity

SMS = register(
    Tab(
        slug="sms",
        title=_("SMS"),
        description=_("Text messages sent to customers; messages waiting over 24 hours are removed automatically."),
        icon="phone",
        order=50,
        columns=(
            date(),
            Column("object_id", _("Recipient"), "object"),
            Column("message", _("Text"), "message"),
            event(_("Status")),
            severity(),
        ),
        event_types={
            "waiting": _("Waiting"),
            "sent": _("Sent"),
            "delivered": _("Delivered"),
            "failed": _("Failed"),
        },
        filters=("object_id",),
        # Messages still waiting after a day will not be sent: they are removed.
        expires_early=((Q(event_type="waiting"), dt.timedelta(hours=24)),),
        retention_note=_("Messages still waiting after 24 hours are removed."),
    )
)
