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
