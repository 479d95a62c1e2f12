"""The data fields of a call (`dataFields: [{name, type, value}]`): their types and how a value is checked.

Types are ExpertSender ECDP's (`String Text Number Money Date DateTime Boolean URL`),
accepted in any letter case, plus `Email`. Every value arrives as a string, as in
ECDP; it must read as its type:

| type     | value, e.g.                                  |
|----------|----------------------------------------------|
| String   | up to 255 characters                         |
| Text     | up to 4,000 characters                       |
| Number   | `12`, `-3.5` (a dot, no thousands separator) |
| Money    | `199.99` (at most two decimals)              |
| Date     | `2026-11-23` (ISO 8601)                      |
| DateTime | `2026-11-23T14:05:00+01:00` (ISO 8601)       |
| Boolean  | `true` / `false` (`1` / `0`)                 |
| URL      | `https://…` (http or https)                  |
| Email    | `jan@example.com`                            |
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

#: Canonical names (as they are stored and shown), by their lower-case spelling.
TYPES = {
    name.lower(): name for name in ("String", "Text", "Number", "Money", "Date", "DateTime", "Boolean", "URL", "Email")
}
STRING_MAX, TEXT_MAX, NAME_MAX = 255, 4000, 100
#: Fields a call may carry (ECDP's own limit is unconfirmed; the journal's data stays under 32 KB).
MAX_FIELDS = 50

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_MONEY = re.compile(r"-?\d+(\.\d{1,2})?")
_BOOLEANS = {"true", "false", "1", "0"}
_url = URLValidator(schemes=["http", "https"])


def canonical_type(name: str) -> str | None:
    """`"money"` -> `"Money"`; None for a type that is not known."""
    return TYPES.get(name.strip().lower())


def problem(kind: str, value: str) -> str | None:
    """What is wrong with `value` as a `kind` (a canonical type), or None when it fits."""
    match kind:
        case "String":
            return _("At most %(n)s characters.") % {"n": STRING_MAX} if len(value) > STRING_MAX else None
        case "Text":
            return _("At most %(n)s characters.") % {"n": TEXT_MAX} if len(value) > TEXT_MAX else None
        case "Number":
            return None if _NUMBER.fullmatch(value) and _finite(value) else _("Not a number (e.g. 12 or -3.5).")
        case "Money":
            return None if _MONEY.fullmatch(value) else _("Not an amount (e.g. 199.99, at most two decimals).")
        case "Date":
            return None if _parses(dt.date.fromisoformat, value) else _("Not a date (YYYY-MM-DD).")
        case "DateTime":
            return None if _parses(dt.datetime.fromisoformat, value) else _("Not a date and time (ISO 8601).")
        case "Boolean":
            return None if value.lower() in _BOOLEANS else _("Not a boolean (true or false).")
        case "URL":
            return None if _valid(_url, value) else _("Not an http(s) address.")
        case "Email":
            return None if _valid(validate_email, value) else _("Not an e-mail address.")
    raise ValueError(f"unknown data field type {kind!r}")


def _finite(value: str) -> bool:
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def _parses(parse, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True
