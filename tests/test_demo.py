"""Demo data: each integration's generator, found through the registry, seeds its tab."""

import io

from django.core.management import call_command

from eventlog import demo, tabs
from eventlog.models import Entry, Run
from integrations.custom_events.models import CustomEvent
from integrations.erp.tab import ERP_SYNC
from integrations.marketplaces.tab import OFFERS


def test_every_tab_has_demo_data_from_its_integration():
    found = {g.tab for g in demo.generators()}
    # The ERP sync's runs are real imports (`real_runs`).
    assert found == {t.slug for t in tabs.all_tabs()} - {ERP_SYNC.slug}
    assert max(demo.generators(), key=lambda g: g.weight).tab == OFFERS.slug


def test_seeding_fills_each_tab_through_the_writer(db):
    written = demo.seed(2000, days=3)

    assert Entry.objects.count() == written
    assert set(Entry.objects.values_list("tab", flat=True)) == {g.tab for g in demo.generators()}
    assert CustomEvent.objects.count() == 3  # the definitions the calls name
    # Each entry names only a service its tab declares.
    declared = {t.slug: {"", *t.service_codes} for t in tabs.all_tabs()}
    for tab, service in Entry.objects.values_list("tab", "service").distinct():
        assert service in declared[tab], (tab, service)


def test_seed_journal_makes_the_real_runs_once(db, tmp_path, settings):
    settings.ERP_INBOX_DIR = tmp_path / "inbox"
    settings.ERP_OUTBOX_DIR = tmp_path / "outbox"
    call_command("seed_journal", "--entries", "300", "--days", "2", stdout=io.StringIO())
    assert Run.objects.filter(tab=ERP_SYNC.slug).count() == 3  # two imports and an export
    # Each flow makes its runs once: called again, none makes any.
    assert {make.__module__: make() for make in demo._real_runs} == {make.__module__: [] for make in demo._real_runs}
