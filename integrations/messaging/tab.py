import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, register, severity

EMAIL = register(
    Tab(
        slug="email",
        title=_("E-mail"),
        description=_("E-mails the shop could not send, with the error the mail server gave."),
        icon="envelope",
        order=30,
        columns=(
            date(),
            Column("object_id", _("Recipient"), "object"),
            Column("message", _("Error"), "message"),
            severity(),
        ),
        event_types={
            "send_failed": _("Sending failed"),
            "bounced": _("Bounced"),
            "sent": _("Sent"),
        },
        filters=("object_id",),
        # Failed e-mails: a shop admin deletes them once dealt with.
        deletable=Q(severity__in=["error", "warning"]),
    )
)

BULK_MAILING = register(
    Tab(
        slug="bulk-mailing",
        title=_("Bulk mailing"),
        description=_("Mailings added to sending: what failed and what is still waiting to be sent."),
        icon="send",
        order=40,
        columns=(
            date(),
            Column("data.mailing_name", _("Mailing name")),
            event(_("Type")),
            Column("object_id", _("E-mail"), "object"),
            Column(
                "data",
                _("Sending"),
                "counts",
                parts=(("added", _("added")), ("remaining", _("remaining"))),
            ),
            Column("message", _("Error description"), "message"),
            severity(),
        ),
        event_types={
            "newsletter": _("Newsletter"),
            "discount_coupons": _("Discount coupons"),
            "newsletter_subscription": _("Newsletter subscription"),
            "other": _("Other"),
        },
        filters=("object_id", "account"),
    )
)

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
