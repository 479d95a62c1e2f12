"""What a queued SMS must be: a Polish (or other E.164) mobile number, and text the gateway takes.

Parts are counted the way GSM networks split a message: text in the GSM 7-bit alphabet
takes 160 characters in one SMS and 153 per part when split (the extension characters
such as € count twice); anything else — Polish letters included, since the shop sends
them as written — goes as UCS-2: 70 characters in one SMS, 67 per part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Polish mobile prefixes (UKE numbering plan): the first two of the nine digits after +48.
POLISH_MOBILE_PREFIXES = frozenset({"45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"})
_SEPARATORS = re.compile(r"[\s\-.()/]")
_E164 = re.compile(r"\+[1-9]\d{7,14}")

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def normalize_phone(value: str) -> str:
    """The number in E.164 ("+48600100200") from how people write it: "600 100 200",
    "+48 600-100-200", "0048600100200", "48600100200", or another country's "+420…".

    Raises ValidationError saying what is wrong (not a number, not a Polish mobile number).
    """
    raw = _SEPARATORS.sub("", value or "")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.isdigit() and len(raw) == 9:
        raw = "+48" + raw
    elif raw.isdigit() and len(raw) == 11 and raw.startswith("48"):
        raw = "+" + raw
    if not _E164.fullmatch(raw):
        raise ValidationError(
            _("“%(value)s” is not a phone number: write 9 digits (a Polish number) or + and the country code."),
            params={"value": value[:40]},
            code="invalid_phone",
        )
    if raw.startswith("+48"):
        national = raw[3:]
        if len(national) != 9:
            raise ValidationError(_("A Polish number has 9 digits after +48."), code="invalid_phone")
        if national[:2] not in POLISH_MOBILE_PREFIXES:
            raise ValidationError(
                _("%(value)s is not a Polish mobile number (landlines cannot receive SMS)."),
                params={"value": raw},
                code="not_mobile",
            )
    return raw


@dataclass(frozen=True)
class Parts:
    """How a text goes out: its length as the network counts it, its encoding and its parts."""

    length: int
    unicode: bool
    parts: int

    @property
    def per_part(self) -> int:
        single, split = (70, 67) if self.unicode else (160, 153)
        return single if self.parts <= 1 else split


def count_parts(text: str) -> Parts:
    """The SMS parts `text` takes (see the module's docstring); an empty text takes none."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text):
        length = sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
        single, split, unicode = 160, 153, False
    else:
        length = len(text.encode("utf-16-le")) // 2  # characters outside the BMP (emoji) take two
        single, split, unicode = 70, 67, True
    if length == 0:
        return Parts(0, unicode, 0)
    parts = 1 if length <= single else -(-length // split)
    return Parts(length, unicode, parts)


def clean_text(text: str) -> str:
    """The text to send, stripped; raises ValidationError when it is empty or over SMSAPI_MAX_PARTS parts."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the text of the message."), code="empty")
    if "\x00" in text:
        raise ValidationError(_("The text contains a character that cannot be sent."), code="invalid_text")
    parts = count_parts(text)
    limit = settings.SMSAPI_MAX_PARTS
    if parts.parts > limit:
        raise ValidationError(
            ngettext_lazy(
                "The text takes %(parts)s SMS parts; at most %(limit)s part is allowed.",
                "The text takes %(parts)s SMS parts; at most %(limit)s parts are allowed.",
                "limit",
            ),
            params={"parts": parts.parts, "limit": limit},
            code="too_long",
        )
    return text
