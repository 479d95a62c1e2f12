"""CSRF is enforced on every kind of form of the panel: without the token a POST is refused with the
project's "form has expired" page and changes nothing; with it the same POST works.

The JSON API (`/api/v1/`, a key in `Authorization: Bearer` or `x-api-key`) is exempt by design:
a browser never sends those headers by itself, so another site cannot forge such a request.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eventlog.models import ApiKey, Entry, Run, TabRetention

PACKAGE = Path(settings.BASE_DIR) / "examples" / "erp" / "catalogue.xml"


@pytest.fixture
def client(alice) -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    return client


def _token(client: Client, page: str) -> str:
    """The token a browser would send back: the form's page sets the CSRF cookie."""
    assert client.get(page).status_code == 200
    return client.cookies["csrftoken"].value


def _refused(response) -> bool:
    return response.status_code == 403 and "The form has expired" in response.text


def test_login(db, alice):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    credentials = {"username": "alice", "password": "secret-pass-123"}
    assert _refused(client.post("/login/", credentials))
    assert "_auth_user_id" not in client.session
    token = _token(client, "/login/")
    assert client.post("/login/", {**credentials, "csrfmiddlewaretoken": token}).status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_delete_entries(client, make_entry):
    entry = make_entry("email", severity="error", message="550 odrzucono")
    data = {"ids": [entry.pk], "next": "/journal/email/", "confirm": "1"}
    assert _refused(client.post("/journal/email/delete/", data))
    assert Entry.objects.filter(pk=entry.pk).exists()
    token = _token(client, "/journal/email/")
    assert client.post("/journal/email/delete/", {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_settings(client):
    page = client.get("/journal/settings/")
    data = {name: field.initial for name, field in page.context["form"].fields.items()} | {"sms": 14}
    assert _refused(client.post("/journal/settings/", data))
    assert not TabRetention.objects.exists()
    token = page.cookies["csrftoken"].value
    assert client.post("/journal/settings/", {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert TabRetention.objects.get(tab="sms").days == 14


def test_export_job(client, make_entry, settings, django_capture_on_commit_callbacks):
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 0  # every export is a job
    make_entry("sms", object_id="+48600100200")
    assert _refused(client.post("/journal/sms/export.csv"))
    assert not Run.objects.exists()
    token = _token(client, "/journal/sms/")
    with django_capture_on_commit_callbacks():  # the task is not run: starting it is what CSRF guards
        assert client.post("/journal/sms/export.csv", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Run.objects.get().kind == "export"


def test_erp_upload(client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.ERP_INBOX_DIR = tmp_path / "inbox"

    def package() -> SimpleUploadedFile:
        return SimpleUploadedFile(PACKAGE.name, PACKAGE.read_bytes(), "text/xml")

    assert _refused(client.post("/erp/upload/", {"package": package()}))
    assert not Run.objects.exists()
    token = _token(client, "/journal/erp-sync/")
    with django_capture_on_commit_callbacks():
        answer = client.post("/erp/upload/", {"package": package(), "csrfmiddlewaretoken": token})
    assert answer.status_code == 302 and Run.objects.count() == 1


def test_api_key_create(client):
    data = {"name": "ceneo", "tabs": ["ceneo"]}
    assert _refused(client.post("/journal/api-keys/new/", data))
    assert not ApiKey.objects.exists()
    token = _token(client, "/journal/api-keys/new/")
    assert client.post("/journal/api-keys/new/", {**data, "csrfmiddlewaretoken": token}).status_code == 200
    assert ApiKey.objects.get().name == "ceneo"


def test_the_json_api_is_exempt_by_design(db):
    from eventlog.api import keys

    _key, raw = keys.issue("ceneo-connector", ["ceneo"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"tab": "ceneo", "message": "Ceneo odrzuciło zamówienie"}
    assert client.post("/api/v1/entries", body, content_type="application/json").status_code == 201
    assert Entry.objects.filter(tab="ceneo").count() == 1
