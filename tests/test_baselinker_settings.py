"""The BaseLinker settings page: the address to paste into BaseLinker, the password, the last pulls."""

from __future__ import annotations

import pytest
from django.db import connection

from eventlog.models import Entry
from integrations.baselinker.endpoint import expected_password
from integrations.baselinker.models import BaseLinkerSettings

URL = "/baselinker/settings/"


def test_a_shop_admin_sees_the_address_and_sets_the_password(admin_client, alice):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert 'value="http://testserver/baselinker/"' in page.text
    assert "No password is set" in page.text
    assert "BaseLinker has not pulled the product list yet." in page.text

    saved = admin_client.post(URL, {"password": "a-long-password-for-bl"})
    assert saved.status_code == 200
    assert "a-long-password-for-bl" in saved.text and "it is not shown again" in saved.text
    assert expected_password() == "a-long-password-for-bl"
    # Kept encrypted: the column holds no plain text.
    stored = BaseLinkerSettings.objects.values_list("password", flat=True).get()
    assert stored == "a-long-password-for-bl"  # decrypted by the field
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM baselinker_baselinkersettings")
        [(raw,)] = cursor.fetchall()
    assert "a-long-password-for-bl" not in raw

    again = admin_client.get(URL)
    assert "a-long-password-for-bl" not in again.text and "…r-bl" in again.text
    entry = Entry.objects.get(tab="baselinker", event_type="settings_change")
    assert (entry.actor, entry.initiator) == ("alice", "manual")


def test_a_generated_password_is_shown_once(admin_client):
    saved = admin_client.post(URL, {"generate": "on"})
    password = expected_password()
    assert len(password) >= 24 and password in saved.text


@pytest.mark.parametrize(
    ("fields", "error"),
    [({"password": "short"}, "at least 12 characters"), ({}, "Enter a password or tick")],
)
def test_a_bad_password_is_refused_with_the_reason(admin_client, fields, error):
    page = admin_client.post(URL, fields)
    assert page.status_code == 400
    assert error in page.text
    assert expected_password() == ""


def test_the_environment_password_is_said_and_the_form_is_gone(admin_client, settings):
    settings.BASELINKER_PASSWORD = "from-the-environment"
    page = admin_client.get(URL)
    assert "comes from the BASELINKER_PASSWORD setting" in page.text
    assert 'name="password"' not in page.text
    assert "from-the-environment" not in page.text


def test_support_sees_the_page_but_cannot_change_the_password(support_client):
    page = support_client.get(URL)
    assert page.status_code == 200
    assert 'name="password"' not in page.text
    assert support_client.post(URL, {"password": "a-long-password-for-bl"}).status_code == 403
    assert expected_password() == ""


def test_someone_without_a_role_cannot_open_it(client, charlie):
    client.force_login(charlie)
    assert client.get(URL).status_code == 403


def test_the_sidebar_links_the_page(admin_client, support_client):
    assert 'href="/baselinker/settings/"' in admin_client.get("/journal/").text
    assert 'href="/baselinker/settings/"' in support_client.get("/journal/").text
