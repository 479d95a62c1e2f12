"""The kinds of shop template, and their labels as journal messages (shown in the reader's language)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAGE_LAYOUT = "page_layout", _("Page layout")
    HEADER = "header", _("Header")
    FOOTER = "footer", _("Footer")
    PRODUCT_CARD = "product_card", _("Product card")
    PRODUCT_PAGE = "product_page", _("Product page")
    CATEGORY_PAGE = "category_page", _("Category page")
    CART = "cart", _("Cart and checkout")
    EMAIL = "email", _("E-mail")
    STYLESHEET = "stylesheet", _("Stylesheet")
    SCRIPT = "script", _("Script")
    OTHER = "other", _("Other")


def message_code(kind: str) -> str:
    """The message code of a kind's label ("THEME_KIND_HEADER"), so that a journal entry
    naming a kind shows it in the reader's language (a `Message` parameter may be a message)."""
    return f"THEME_KIND_{kind.upper()}"


#: The kinds' labels in the message catalogue (codes.py registers them).
KIND_MESSAGES = {message_code(value): label for value, label in Kind.choices}
