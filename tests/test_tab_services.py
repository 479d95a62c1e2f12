"""A tab declares its services: the writer, the service filter and labels all follow it."""

import pytest

from eventlog import tabs, writer
from eventlog.filters import filterset_for
from eventlog.models import Entry
from eventlog.writer import JournalError
from integrations.marketplaces.tab import CENEO, OFFERS
from integrations.sms.tab import SMS


def test_a_tab_with_one_service_fills_it_in(db):
    entry = writer.record(tab=CENEO.slug, event_type="listing", message="Wystawiono produkt 10037.")
    assert Entry.objects.get(pk=entry.pk).service == "ceneo"


@pytest.mark.parametrize(("tab", "service"), [(OFFERS.slug, "ceneo"), (CENEO.slug, "allegro"), (SMS.slug, "ebay")])
def test_the_writer_refuses_a_service_the_tab_does_not_declare(db, tab, service):
    with pytest.raises(JournalError, match=f"unknown service '{service}' for tab '{tab}'"):
        writer.record(tab=tab, message="Coś", service=service)
    assert not Entry.objects.exists()


def test_the_service_filter_offers_the_tabs_services():
    field = filterset_for(OFFERS)(queryset=Entry.objects.none()).form.fields["service"]
    assert [(code, str(label)) for code, label in field.choices] == [
        ("", "any"),
        ("allegro", "Allegro"),
        ("ebay", "eBay"),
    ]


def test_service_labels_come_from_the_tabs(db):
    assert tabs.service_label("tiktok_shop") == "TikTok Shop"
    assert tabs.service_label("no-such-service") == "no-such-service"
    entry = Entry.objects.get(pk=writer.record(tab=OFFERS.slug, message="Cena", service="ebay").pk)
    assert entry.get_service_display() == "eBay"


def test_a_service_filter_needs_declared_services():
    with pytest.raises(ValueError, match="service filter"):
        tabs.Tab(slug="x", title="X", description="", columns=(), event_types={}, filters=("service",))


def test_the_settings_page_shows_each_tabs_retention_note(admin_client):
    page = admin_client.get("/journal/settings/")
    assert str(SMS.retention_note) in page.text
    assert "never deleted and are hidden from the list after 30 days" in page.text
