"""The "Panel access" tab: who failed to log in, who was locked out and until when, who unlocked,
and who showed a customer's personal data in full (access/actions.py writes each entry).

An entry's object is the username it concerns (typed at the login, or the reader who
revealed personal data), so the object filter shows one account's history. The password
is never recorded.
"""

from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, message, register, severity

ACCESS = register(
    Tab(
        slug="access",
        title=_("Panel access"),
        description=_(
            "Failed logins, lockouts after too many of them, unlocks, and who showed customers' personal data."
        ),
        icon="shield-lock",
        order=110,
        columns=(
            date(),
            event(),
            Column("object_id", _("Username")),
            Column("data.ip", _("IP address")),
            message(),
            severity(),
        ),
        event_types={
            "login_failed": _("Failed login"),
            "login_refused": _("Login refused (locked)"),
            "locked_out": _("Locked out"),
            "unlocked": _("Unlocked"),
            "personal_data_revealed": _("Personal data shown"),
        },
        filters=("object_id",),
        services=(("panel", _("Panel")),),
        retention_days=365,
    )
)
