from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eventlog import runs
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
            Column("object_id", _("Recipient"), "object", personal=True),
            Column("data.subject", _("Subject")),
            Column("message", _("Error"), "message"),
            severity(),
        ),
        # The failed message's Resend button (integrations/messaging/views.ResendView).
        detail_template="eventlog/detail/email.html",
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
            Column("object_id", _("E-mail"), "object", personal=True),
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
        detail_template="eventlog/detail/bulk_mailing.html",
    )
)

#: Sending a mailing (jobs.SendMailing): resumable, as each recipient's state is kept.
MAILING_RUN = runs.register(
    runs.RunKind(
        "mailing",
        _("Bulk mailing"),
        (
            ("added", _("Added to sending")),
            ("sent", _("Sent")),
            ("failed", _("Failed")),
            ("remaining", _("Remaining to send")),
        ),
        task="messaging.send_mailing",
        resumable=True,
        abortable=True,
    )
)
