"""Message codes of the "Panel access" tab: failed logins, lockouts, unlocks and reveals of personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LOGIN_FAILED = "ACCESS_LOGIN_FAILED"
LOGIN_REFUSED = "ACCESS_LOGIN_REFUSED_LOCKED"
LOCKED_OUT = "ACCESS_LOCKED_OUT"
UNLOCKED = "ACCESS_UNLOCKED"
PERSONAL_REVEALED = "ACCESS_PERSONAL_DATA_REVEALED"

MESSAGES = {
    LOGIN_FAILED: _("Failed login as “%(username)s” from %(ip)s."),
    LOGIN_REFUSED: _("Login as “%(username)s” from %(ip)s refused: locked until %(until)s."),
    LOCKED_OUT: _("Login as “%(username)s” from %(ip)s locked until %(until)s after %(failures)s failed attempts."),
    UNLOCKED: _("Login as “%(username)s” from %(ip)s unlocked before its lockout ended."),
    PERSONAL_REVEALED: _("%(user)s showed the customer's personal data of entry #%(entry)s (tab %(tab)s)."),
}
