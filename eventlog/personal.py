"""Customers' personal data (e-mail addresses, phone numbers) as each reader may see it.

Shop admins hold `eventlog.view_personal_data`; everyone else (Support) sees the values
masked everywhere: `j***@example.com`, `+48 *** *** 789`. A tab says which of its
columns hold such values (`tabs.Column(personal=True)`); the tab list, the grouped
view, the entry page and the exports mask those columns for readers without the
permission.

Revealing (issue 11, §4: "masked for Support … with a permission to reveal, each
reveal recorded"). Lists, search and exports stay as they were: in full for holders
of the permission (they read many rows at once, and an export is itself an entry
naming who made it). The entry page of a tab with personal columns — the one place
that shows one customer's data whole, data fields included — shows it masked to
holders too, with a "Show personal data" button: a POST (CSRF-protected) to
`access:reveal` that records who showed which entry in the "Panel access" tab
(`access/actions.py`) and answers the same page with that entry's values in full.
Support never sees the button, and its POST is 403 with nothing recorded. The page
marks itself with the context flag ON_REQUEST; the reveal view puts the entry's id
under REVEALED (templatetags/personal.py reads both).

Masking keeps what tells rows apart at a glance (the first letter and the domain, the
last three digits) and nothing a reader could search the journal with: the free-text
filter matches `object_id` only exactly, so a masked value finds nothing.
"""

from __future__ import annotations

import re
from typing import Any

PERMISSION = "eventlog.view_personal_data"
#: Template context: the page shows personal data to holders of PERMISSION only once revealed.
ON_REQUEST = "personal_on_request"
#: Template context: the id of the entry whose personal data was revealed (and recorded) for this answer.
REVEALED = "personal_revealed"
#: What replaces the hidden part of a value.
STARS = "***"


def can_see_personal(user: Any) -> bool:
    """Whether `user` (a User, AnonymousUser or None) may see customers' e-mails and phones in full."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.has_perm(PERMISSION))


def mask_email(value: str) -> str:
    """`jan.kowalski@example.com` -> `j***@example.com`; text without an "@" is masked whole."""
    local, at, domain = value.strip().rpartition("@")
    if not at or not local:
        return STARS
    return f"{local[0]}{STARS}@{domain}"


def mask_phone(value: str) -> str:
    """`+48 600 100 789` -> `+48 *** *** 789`: the country code and the last three digits stay."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 7:
        return STARS
    prefix = "+" + "".join(digits[:2]) + " " if value.strip().startswith("+") else ""
    return f"{prefix}{STARS} {STARS} {''.join(digits[-3:])}"


def mask(value: Any) -> str:
    """A personal value masked by its shape: an e-mail address, else a phone number, else hidden whole.

    Empty values stay empty (there is nothing to hide, and the lists show "—").
    """
    if value is None or value == "":
        return ""
    text = str(value)
    if "@" in text:
        return mask_email(text)
    if sum(c.isdigit() for c in text) >= 7 and not any(c.isalpha() for c in text):
        return mask_phone(text)
    return STARS


#: An e-mail address inside other text (a data field's JSON, a quoted value).
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    """`text` with every e-mail address in it masked (`{"to": "j***@example.com"}`)."""
    return _EMAIL_IN_TEXT.sub(lambda match: mask_email(match.group()), text)


def shown(value: Any, visible: bool) -> Any:
    """`value` itself for a reader who may see it, else masked."""
    return value if visible else mask(value)
