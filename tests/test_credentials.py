"""Connector secrets are stored encrypted and survive a SECRET_KEY rotation done the Django way."""

import pytest
from django.db import connection

from integrations.prestashop.models import Account

KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456"


def _stored_key(account: Account) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM prestashop_account WHERE id = %s", [account.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def account(db) -> Account:
    return Account.objects.create(url="https://sklep.example.pl", key=KEY)


def test_the_key_is_not_in_the_database_in_plain_text(account):
    stored = _stored_key(account)
    assert KEY not in stored
    assert Account.objects.get(pk=account.pk).key == KEY
    assert account.key_hint == "…3456"


def test_a_rotated_secret_key_still_reads_the_old_secrets(account, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation"
    assert Account.objects.get(pk=account.pk).key == KEY


def test_a_secret_no_key_can_read_is_empty_not_a_crash(account, settings):
    settings.SECRET_KEY = "a-new-secret-key-with-no-fallback"
    assert Account.objects.get(pk=account.pk).key == ""
