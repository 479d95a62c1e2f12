"""`make run`'s demo of the BaseLinker tab and of TikTok Shop / Ceneo / Amazon: their real flows, once."""

from __future__ import annotations

from eventlog.models import ApiKey, Entry, Run
from integrations.baselinker import demo as baselinker_demo
from integrations.erp import demo as erp_demo
from integrations.erp.models import Product
from integrations.marketplaces import demo as marketplaces_demo


def test_the_demo_pull_is_a_real_run_of_the_erp_catalogue_and_a_refused_second_one(db):
    erp_demo.seed_demo()
    served = Product.objects.filter(active=True, price__gt=0).exclude(name="").count()

    [run_id] = baselinker_demo.pull_demo_catalogue()

    run = Run.objects.get(pk=run_id)
    assert run.status == "succeeded" and run.counters["listed"] == run.counters["added"] == served > 0
    assert Entry.objects.filter(tab="baselinker", event_type="product_export", run=run).exists()
    assert Entry.objects.filter(tab="baselinker", message_code="BASELINKER_DAILY_LIMIT").count() == 1
    assert baselinker_demo.pull_demo_catalogue() == []


def test_the_marketplace_demo_replays_a_day_through_the_api_once(db):
    assert marketplaces_demo.replay_marketplace_day() == []
    key = ApiKey.objects.get(name="sklep_u_gosi")
    assert sorted(key.tabs) == ["amazon", "ceneo", "tiktok-shop"]
    written = Entry.objects.filter(tab__in=key.tabs).count()
    assert written == 28
    assert set(Entry.objects.values_list("initiator", flat=True)) == {"automatic", "manual", "external"}
    assert Entry.objects.filter(initiator="external").count() == 4
    marketplaces_demo.replay_marketplace_day()
    assert Entry.objects.filter(tab__in=key.tabs).count() == written
