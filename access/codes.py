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

#: Explanations of the warnings and errors above (seeded into the knowledge base, `explanations`).
DEFAULTS = [
    {
        "code": LOGIN_FAILED,
        "title_en": "A login to the panel failed",
        "title_pl": "Nieudane logowanie do panelu",
        "meaning_en": (
            "Someone entered a wrong password (or a user name that does not exist) on the panel's or the admin's "
            "login page. One failure is usually a typo; many in a row from one address are someone guessing."
        ),
        "meaning_pl": (
            "Ktoś podał błędne hasło (albo nieistniejącą nazwę użytkownika) na stronie logowania panelu lub "
            "administracji. Jedna pomyłka to zwykle literówka; wiele z rzędu z jednego adresu to zgadywanie hasła."
        ),
        "fix_en": (
            "1. If it was you or a colleague, nothing needs doing: after 5 failures the login is locked for "
            "15 minutes, then it works again.\n"
            "2. If the address is unknown and the failures repeat, change the password of that user and tell "
            "whoever runs the shop's server to block the address."
        ),
        "fix_pl": (
            "1. Jeśli to Ty albo ktoś z zespołu, nic nie trzeba robić: po 5 nieudanych próbach logowanie jest "
            "blokowane na 15 minut, potem znów działa.\n"
            "2. Jeśli adres jest nieznany, a próby się powtarzają, zmień hasło tego użytkownika i poproś osobę "
            "prowadzącą serwer sklepu o zablokowanie adresu."
        ),
    },
    {
        "code": LOGIN_REFUSED,
        "title_en": "A login was refused: the login is locked",
        "title_pl": "Logowanie odrzucone: logowanie jest zablokowane",
        "meaning_en": (
            "The user name was locked out from this address after too many wrong passwords; even the right "
            "password is refused until the lockout ends."
        ),
        "meaning_pl": (
            "Nazwa użytkownika została zablokowana z tego adresu po zbyt wielu błędnych hasłach; do końca "
            "blokady odrzucane jest nawet poprawne hasło."
        ),
        "fix_en": (
            "1. Wait until the time in the message, then log in again.\n"
            "2. A superuser may lift the lockout early: Django admin → Access attempts → delete, or "
            "`python manage.py axes_reset_username NAME`."
        ),
        "fix_pl": (
            "1. Poczekaj do godziny podanej w komunikacie i zaloguj się ponownie.\n"
            "2. Superużytkownik może zdjąć blokadę wcześniej: administracja Django → Access attempts → usuń, "
            "albo `python manage.py axes_reset_username NAZWA`."
        ),
    },
    {
        "code": LOCKED_OUT,
        "title_en": "A login was locked out after repeated failures",
        "title_pl": "Logowanie zablokowane po powtarzających się błędach",
        "meaning_en": (
            "Five wrong passwords in a row for one user name from one address locked that login for 15 minutes, "
            "so that a password cannot be guessed by trying many."
        ),
        "meaning_pl": (
            "Pięć błędnych haseł z rzędu dla jednej nazwy użytkownika z jednego adresu zablokowało to logowanie "
            "na 15 minut, żeby hasła nie dało się odgadnąć metodą prób."
        ),
        "fix_en": (
            "1. If a colleague forgot the password, set a new one in Django admin and lift the lockout there.\n"
            "2. If nobody in the team tried, treat it as an attack: change that user's password and block the "
            "address on the server."
        ),
        "fix_pl": (
            "1. Jeśli ktoś z zespołu zapomniał hasła, ustaw nowe w administracji Django i tam zdejmij blokadę.\n"
            "2. Jeśli nikt z zespołu nie próbował, potraktuj to jako atak: zmień hasło tego użytkownika i "
            "zablokuj adres na serwerze."
        ),
    },
]
