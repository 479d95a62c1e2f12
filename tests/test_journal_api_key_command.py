"""`manage.py journal_api_key create/revoke`: the key alone on the last line, then refused once revoked."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from eventlog.models import ApiKey


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def run(*args: str) -> str:
    out = StringIO()
    call_command("journal_api_key", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_a_working_key_on_its_last_line(db):
    secret = run("create", "--name", "amazon-sync", "--tabs", "amazon,ceneo").strip().splitlines()[-1]
    assert secret.startswith("dzk_")
    assert ApiKey.objects.get(name="amazon-sync").tabs == ["amazon", "ceneo"]
    response = Client().post(
        "/api/v1/entries",
        data='{"tab": "amazon", "message": "z konsoli"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201


def test_revoke_makes_the_key_refused(db):
    secret = run("create", "--name", "script", "--tabs", "ceneo").strip().splitlines()[-1]
    assert "Revoked" in run("revoke", "script")
    response = Client().get("/api/v1/entries", {"tab": "ceneo"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "--name", "x", "--tabs", "nope"), "unknown tabs: nope"),
        (("create", "--name", "x", "--tabs", ","), "at least one tab"),
        (("create", "--name", "x", "--tabs", "ceneo", "--expires", "2001-01-01"), "future"),
        (("revoke", "ghost"), "No API key"),
    ],
)
def test_mistakes_are_clear_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ApiKey.objects.exists()
