"""API keys in the panel: a shop admin creates one (secret shown once, stored hashed), sees its last use, revokes it."""

import re

import pytest
from django.test import Client
from django.utils import timezone, translation

from eventlog.api.keys import hash_secret
from eventlog.models import ApiKey


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def test_a_shop_admin_creates_a_key_and_sees_its_secret_once(admin_client):
    page = admin_client.get("/journal/api-keys/new/")
    assert page.status_code == 200
    response = admin_client.post(
        "/journal/api-keys/new/", {"name": "tiktok-m2e", "tabs": ["tiktok-shop", "amazon"], "expires_on": "2099-01-01"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = re.search(rb'value="(dzk_[^"]+)"', response.content).group(1).decode()
    key = ApiKey.objects.get(name="tiktok-m2e")
    assert key.tabs == ["tiktok-shop", "amazon"]
    assert key.secret_hash == hash_secret(secret) and secret not in key.secret_hash
    assert timezone.localtime(key.expires_at).date().isoformat() == "2099-01-01"
    listing = admin_client.get("/journal/api-keys/")
    assert b"tiktok-m2e" in listing.content and key.prefix.encode() in listing.content
    assert secret.encode() not in listing.content


def test_the_list_shows_the_last_use(admin_client):
    admin_client.post("/journal/api-keys/new/", {"name": "ceneo", "tabs": ["ceneo"]})
    key = ApiKey.objects.get()
    assert key.last_used_at is None
    secret_page = admin_client.post("/journal/api-keys/new/", {"name": "ceneo-2", "tabs": ["ceneo"]})
    secret = re.search(rb'value="(dzk_[^"]+)"', secret_page.content).group(1).decode()
    Client().get("/api/v1/entries", {"tab": "ceneo"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    used = ApiKey.objects.get(name="ceneo-2")
    assert used.last_used_at is not None
    assert admin_client.get("/journal/api-keys/").content.count(b"\xe2\x80\x94") >= 1  # never-used shows "—"


def test_bad_input_is_shown_on_the_form(admin_client):
    admin_client.post("/journal/api-keys/new/", {"name": "taken", "tabs": ["ceneo"]})
    response = admin_client.post(
        "/journal/api-keys/new/", {"name": "taken", "tabs": ["no-such-tab"], "expires_on": "2001-01-01"}
    )
    assert response.status_code == 400
    assert b"exists already" in response.content
    assert b"no-such-tab" in response.content  # "Select a valid choice. no-such-tab is not one of…"
    assert b"after today" in response.content
    assert ApiKey.objects.count() == 1


def test_a_shop_admin_revokes_a_key_and_it_is_refused(admin_client):
    response = admin_client.post("/journal/api-keys/new/", {"name": "old-connector", "tabs": ["ceneo"]})
    secret = re.search(rb'value="(dzk_[^"]+)"', response.content).group(1).decode()
    key = ApiKey.objects.get()
    assert b"Revoke" in admin_client.get(f"/journal/api-keys/{key.pk}/revoke/").content
    done = admin_client.post(f"/journal/api-keys/{key.pk}/revoke/", follow=True)
    assert b"was revoked" in done.content and b"Revoked" in done.content
    refused = Client().get("/api/v1/entries", {"tab": "ceneo"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 403


def test_support_cannot_manage_keys_but_reads_the_api_docs(support_client):
    assert support_client.get("/journal/api-keys/").status_code == 403
    assert support_client.post("/journal/api-keys/new/", {"name": "x", "tabs": ["ceneo"]}).status_code == 403
    assert not ApiKey.objects.exists()
    docs = support_client.get("/journal/api/")
    assert docs.status_code == 200
    assert b'id="swagger-settings"' in docs.content and b"/api/v1/openapi.json" in docs.content
    assert b"swagger-ui-bundle.js" in docs.content and b"API keys" not in docs.content.split(b"<main")[1][:2000]


def test_the_sidebar_links_to_keys_and_docs(admin_client):
    page = admin_client.get("/journal/").content.decode()
    assert 'href="/journal/api-keys/"' in page and 'href="/journal/api/"' in page


def test_the_docs_page_needs_a_login(db):
    response = Client().get("/journal/api/")
    assert response.status_code == 302 and "/login/" in response["Location"]
