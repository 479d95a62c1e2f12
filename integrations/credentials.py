"""Connector secrets at rest: a model field that stores its text encrypted (Fernet).

A webservice key or an OAuth token is written to the database only as a Fernet token
(AES-128-CBC + HMAC-SHA256, `cryptography`), with a key derived from SECRET_KEY; the
keys of SECRET_KEY_FALLBACKS still decrypt, so rotating SECRET_KEY the Django way keeps
the secrets readable (the next save re-encrypts them with the new key). A value that no
key decrypts (SECRET_KEY changed with no fallback) reads as "" so that the connector
says "no key" instead of crashing, and the shop admin enters it again.

The panel never shows such a value in full: `hint()` gives its last characters.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

_SALT = b"dziennik.integrations.credentials"


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    digests = (hashlib.blake2b(k.encode(), key=_SALT, digest_size=32).digest() for k in keys)
    return MultiFernet([Fernet(base64.urlsafe_b64encode(d)) for d in digests])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def hint(secret: str, shown: int = 4) -> str:
    """ "…" and the last `shown` characters ("" for no secret): what the panel shows of a secret."""
    return f"…{secret[-shown:]}" if secret else ""


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plain in Python. Not searchable or orderable."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value) if value else ""

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
