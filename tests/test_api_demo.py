"""The API's demo goes through the real endpoint, once."""

import pytest
from django.utils import translation

from eventlog.api.demo import DEMO_KEY, api_demo
from eventlog.models import ApiKey, Entry


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def test_the_demo_writes_through_the_api_once(db):
    assert api_demo() == []
    entries = Entry.objects.filter(account=DEMO_KEY)
    assert entries.count() == 6  # the retried batch was replayed, not written twice
    assert set(entries.values_list("initiator", flat=True)) == {"api"}
    assert ApiKey.objects.filter(revoked_at__isnull=False).count() == 1
    assert ApiKey.objects.get(name=DEMO_KEY).last_used_at is not None
    assert api_demo() == []
    assert Entry.objects.filter(account=DEMO_KEY).count() == 6
