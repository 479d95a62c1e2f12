"""Exactly once across a restart: a real Celery worker polling the stand-in Allegro is killed between two
pages; beat's stale-run check sends the run again and a second worker finishes it. Every event is in the
Offers tab once: none skipped, none repeated.
"""

from __future__ import annotations

from eventlog import runs
from eventlog.models import Entry, Run
from integrations.allegro import poller
from integrations.allegro.models import Cursor
from integrations.allegro.standin import normal, slow

from .test_allegro_poller import LOGIN, allegro, connect
from .workers import kill, wait_for, worker

# Fixtures used by name.
__all__ = ["allegro", "worker"]


def test_a_poller_killed_mid_feed_resumes_with_no_event_skipped_or_repeated(allegro, worker, settings):
    account = connect(allegro)
    offers = [allegro.offer_event(LOGIN, "OFFER_STOCK_CHANGED", f"1000000{i:04d}")["id"] for i in range(45)]
    orders = [allegro.order_event(LOGIN, "BOUGHT", f"cf-{i}", items=(("10000001", "Kubek"),))["id"] for i in range(15)]
    allegro.plan("offer-events", normal(), normal(), slow(60))  # the third page keeps the worker waiting
    env = {"ALLEGRO_API_URL": allegro.url, "ALLEGRO_AUTH_URL": allegro.url, "ALLEGRO_CLIENT_ID": allegro.client_id,
           "ALLEGRO_CLIENT_SECRET": allegro.client_secret, "ALLEGRO_PAGE_SIZE": "10",
           "ALLEGRO_TIMEOUT_SECONDS": "120"}  # fmt: skip
    first = worker("allegro-1", **env)

    run = poller.queue_poll(account)  # no transaction around it here: the task is sent at once

    def third_page_asked() -> bool:
        return len([r for r in allegro.requests if r.path == "/sale/offer-events"]) >= 3

    wait_for(third_page_asked, "the worker asked for the third page")
    kill(first)
    events = Entry.objects.filter(tab="offers").order_by("id")
    assert list(events.values_list("data__id", flat=True)) == offers[:20]  # two pages, committed with the cursor
    assert Cursor.objects.get(account=account, feed="offer").last_event_id == offers[19]

    settings.JOURNAL_RUN_STALE_SECONDS = 1
    wait_for(lambda: run.pk in runs.recover_stale().resumed, "the stale run was sent again")
    worker("allegro-2", **env)
    wait_for(lambda: Run.objects.get(pk=run.pk).status not in ("queued", "running"), "the resumed run ended")

    run.refresh_from_db()
    assert run.status == "succeeded", (run.summary, run.error)
    assert run.attempts == 2
    ids = list(events.values_list("data__id", flat=True))
    assert ids == offers + orders  # each once, in Allegro's order
    froms = [r.query.get("from", "") for r in allegro.requests if r.path == "/sale/offer-events"]
    assert froms == ["", offers[9], offers[19], offers[19], offers[29], offers[39]]  # resumed from the cursor
