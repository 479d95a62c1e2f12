"""examples/marketplace_feed.py against a live Dziennik: a day of TikTok Shop, Ceneo and Amazon logs lands in
their tabs through the HTTP API, repeats collapse under "only unique messages", the module's initiator is kept,
and replaying the day writes nothing twice (Idempotency-Key)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventlog.api import keys
from eventlog.models import Entry
from examples import marketplace_feed

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = dt.date(2026, 11, 30)


def test_a_day_replayed_lands_in_the_three_tabs_once(live_server, admin_client, capsys):
    _key, raw = keys.issue("sklep_u_gosi", ["tiktok-shop", "ceneo", "amazon"])
    argv = ["--url", live_server.url, "--key", raw, "--day", DAY.isoformat()]

    assert marketplace_feed.main(argv) == 0
    sent = len(marketplace_feed.DAY)
    assert f"{DAY}: {sent} entries written, 0 sent before" in capsys.readouterr().out
    counts = {tab: Entry.objects.filter(tab=tab).count() for tab in ("tiktok-shop", "ceneo", "amazon")}
    assert counts == {"tiktok-shop": 15, "ceneo": 6, "amazon": 7} and sum(counts.values()) == sent
    assert set(Entry.objects.values_list("account", flat=True)) == {"sklep_u_gosi"}
    assert set(Entry.objects.values_list("service", flat=True)) == {"tiktok_shop", "ceneo", "amazon"}
    first = Entry.objects.filter(tab="tiktok-shop").order_by("occurred_at").first()
    assert first.occurred_at == dt.datetime(2026, 11, 30, 5, 0, 4, tzinfo=dt.UTC)  # 06:00:04 in Warsaw

    # The same day again: every batch is answered from its Idempotency-Key, nothing is written.
    assert marketplace_feed.main(argv) == 0
    assert f"0 entries written, {sent} sent before" in capsys.readouterr().out
    assert Entry.objects.count() == sent

    # "Only unique messages": the revise failing every two hours is one row of five.
    listed = admin_client.get("/journal/tiktok-shop/", {"group": "1", "date_from": "2026-11-30",
                                                         "date_to": "2026-11-30"})  # fmt: skip
    assert listed.status_code == 200
    assert listed.text.count("zdjęcie główne ma mniej niż 600×600 px") <= 2  # the row's text and its title
    assert "×5" in listed.text

    # The change made directly in TikTok Shop Seller Center says so, in the Initiator column too.
    external = Entry.objects.get(tab="tiktok-shop", object_id="10111")
    assert (external.severity, external.event_type, external.initiator) == ("warning", "listing", "external")
    detail = admin_client.get(f"/journal/tiktok-shop/{external.pk}/")
    assert "bezpośrednio w TikTok Shop" in detail.text and "External change" in detail.text


def test_a_refused_batch_is_reported_and_the_run_stops(live_server, capsys):
    _key, raw = keys.issue("sklep_u_gosi", ["ceneo"])  # no TikTok Shop, no Amazon
    assert marketplace_feed.main(["--url", live_server.url, "--key", raw, "--day", DAY.isoformat()]) == 1
    assert "HTTP 403" in capsys.readouterr().err
