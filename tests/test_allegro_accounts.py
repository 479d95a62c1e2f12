"""The Allegro accounts pages: adding an account through Allegro's device flow (against the stand-in's OAuth
server over real HTTP), deactivating one, and the "account deactivated" entry the Offers tab keeps for good
and hides after 30 days.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from eventlog import retention
from eventlog.models import Entry, Run
from integrations.allegro import accounts
from integrations.allegro.models import AllegroAccount, Authorisation
from integrations.allegro.standin import http_error, slow_down

from .test_allegro_poller import LOGIN, allegro, connect, english

# Fixtures used by name.
__all__ = ["allegro"]


def test_adding_an_account_shows_the_code_and_connects_once_the_seller_allows_it(allegro, admin_client):
    page = admin_client.get("/allegro/")
    assert page.status_code == 200 and "No Allegro account yet" in page.text

    added = admin_client.post("/allegro/add/")
    authorisation = Authorisation.objects.get()
    assert added.status_code == 302 and added["Location"] == f"/allegro/authorisations/{authorisation.pk}/"
    [device] = [r for r in allegro.requests if r.path == "/auth/oauth/device"]
    assert device.authorization.startswith("Basic ")

    shown = admin_client.get(added["Location"])
    assert shown.status_code == 200
    assert f'id="allegro-user-code">{authorisation.user_code}<' in shown.text
    assert f'href="{allegro.url}/skojarz-aplikacje?code={authorisation.user_code}"' in shown.text
    assert 'hx-trigger="every 1s"' in shown.text  # htmx checks by itself, at Allegro's interval

    # Not allowed yet: still waiting.
    waiting = admin_client.post(added["Location"], headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and "Waiting for the seller" in waiting.text
    assert 'id="allegro-authorisation-status"' in waiting.text and "<html" not in waiting.text

    allegro.approve(authorisation.user_code, LOGIN)
    done = admin_client.post(added["Location"], headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Redirect"] == "/allegro/"
    account = AllegroAccount.objects.get()
    assert (account.login, account.active) == (LOGIN, True)
    assert account.access_token and account.refresh_token and account.access_expires_at > timezone.now()
    # Encrypted at rest: the database never holds the token as it is.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM allegro_allegroaccount")
        assert cursor.fetchone()[0] != account.access_token

    listing = admin_client.get("/allegro/")
    assert "Allegro account sklep_u_gosi is connected" in listing.text
    assert ">sklep_u_gosi</a>" in listing.text and "Deactivate" in listing.text


def test_a_refused_or_expired_code_says_so(allegro, admin_client):
    admin_client.post("/allegro/add/")
    authorisation = Authorisation.objects.get()
    allegro.deny(authorisation.user_code)
    page = admin_client.post(f"/allegro/authorisations/{authorisation.pk}/")
    assert "The seller refused the access" in page.text
    assert not AllegroAccount.objects.exists()

    admin_client.post("/allegro/add/")
    second = Authorisation.objects.order_by("-id").first()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        page = admin_client.post(f"/allegro/authorisations/{second.pk}/")
    assert "The code expired before the seller allowed the access" in page.text


def test_slow_down_makes_the_page_check_less_often(allegro, admin_client):
    admin_client.post("/allegro/add/")
    authorisation = Authorisation.objects.get()
    allegro.plan("token", slow_down())
    page = admin_client.post(f"/allegro/authorisations/{authorisation.pk}/", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 6s"' in page.text  # Allegro's 1 s, plus 5 s (RFC 8628)
    authorisation.refresh_from_db()
    assert authorisation.interval == 6 and authorisation.status == "pending"


def test_allegro_not_answering_is_said_in_words(allegro, admin_client, settings):
    allegro.plan("device", http_error(503))
    page = admin_client.post("/allegro/add/", follow=True)
    assert "Allegro did not give a code: HTTP status 503" in page.text
    settings.ALLEGRO_CLIENT_ID = ""
    page = admin_client.post("/allegro/add/", follow=True)
    assert "ALLEGRO_CLIENT_ID is not set" in page.text


def test_support_sees_the_accounts_but_cannot_add_or_deactivate(allegro, support_client):
    account = connect(allegro)
    page = support_client.get("/allegro/")
    assert page.status_code == 200 and LOGIN in page.text
    assert "Add account" not in page.text and "Deactivate" not in page.text
    assert support_client.post("/allegro/add/").status_code == 403
    assert support_client.post(f"/allegro/{account.pk}/deactivate/").status_code == 403
    assert AllegroAccount.objects.get().active


def test_a_shop_admin_reads_an_account_now(allegro, admin_client, django_capture_on_commit_callbacks):
    account = connect(allegro)
    allegro.offer_event(LOGIN, "OFFER_ACTIVATED", "10000000001")
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(f"/allegro/{account.pk}/poll/")
    run = Run.objects.get(kind="allegro_poll")
    assert response.status_code == 302 and response["Location"] == f"/journal/runs/{run.pk}/"
    assert run.created_by.username == "alice" and run.params["account"] == account.pk
    again = admin_client.post(f"/allegro/{account.pk}/poll/", follow=True)
    assert "being read already" in again.text and Run.objects.count() == 1


def test_deactivating_writes_an_entry_nobody_can_delete_hidden_after_30_days(allegro, admin_client):
    account = connect(allegro)
    response = admin_client.post(f"/allegro/{account.pk}/deactivate/", follow=True)
    assert "Allegro account sklep_u_gosi is deactivated" in response.text
    account.refresh_from_db()
    assert not account.active
    entry = Entry.objects.get(tab="offers", event_type="account_deactivated")
    assert (entry.service, entry.account, entry.initiator, entry.actor) == ("allegro", LOGIN, "manual", "alice")
    assert english(entry) == "Allegro account sklep_u_gosi was deactivated by alice; its events are no longer read."
    # The account list says why, in the reader's language (admin_client reads English).
    assert "was deactivated by alice; its events are no longer read." in admin_client.get("/allegro/").text
    assert "Deactivated" in admin_client.get("/allegro/").text
    assert admin_client.post(f"/allegro/{account.pk}/deactivate/", follow=True).status_code == 200  # said, no 2nd
    assert Entry.objects.filter(event_type="account_deactivated").count() == 1

    # Nobody deletes it: the tab's rule holds against a shop admin's deletion.
    tab = admin_client.get("/journal/offers/", {"event_type": "account_deactivated"})
    assert tab.status_code == 200 and "sklep_u_gosi" in tab.text
    refused = admin_client.post("/journal/offers/delete/", {"ids": [entry.pk], "confirm": "1"})
    assert refused.status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()
    # Nor does retention, a year on.
    retention.run_retention(timezone.now() + dt.timedelta(days=365))
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_deactivated_entry_leaves_the_list_after_30_days_but_stays(allegro, admin_client, alice):
    account = connect(allegro)
    with time_machine.travel(timezone.now() - dt.timedelta(days=31)):
        accounts.deactivate_by_hand(account, alice)
    entry = Entry.objects.get(tab="offers", event_type="account_deactivated")
    recent = connect(allegro, "hurtownia-krakow")
    accounts.deactivate_by_hand(recent, alice)
    recent_entry = Entry.objects.get(account="hurtownia-krakow")

    listed = admin_client.get("/journal/offers/", {"event_type": "account_deactivated"})
    assert listed.status_code == 200
    assert f"/journal/offers/{recent_entry.pk}/" in listed.text and "hurtownia-krakow" in listed.text
    assert f"/journal/offers/{entry.pk}/" not in listed.text and "sklep_u_gosi" not in listed.text
    assert Entry.objects.filter(pk=entry.pk).exists()  # hidden, never deleted


@pytest.mark.parametrize("path", ["/allegro/", "/allegro/authorisations/999/"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_demo_authorises_an_account_at_the_stand_in_and_polls_it_once(db):
    from collections import Counter

    from eventlog import demo
    from integrations.allegro.demo import ORDER_EVENTS, poll_demo_account

    made = poll_demo_account()

    assert [Run.objects.get(pk=pk).status for pk in made] == ["succeeded", "succeeded"]  # a 429, then the rest
    first = Run.objects.get(pk=made[0])
    assert "HTTP 429" in english(first)
    account = AllegroAccount.objects.get()
    assert account.login == LOGIN and not account.active  # the stand-in is gone
    kinds = Counter(Entry.objects.filter(tab="offers", service="allegro").values_list("event_type", flat=True))
    assert kinds["order_created"] == sum(1 for e in ORDER_EVENTS if e[1] == "BOUGHT")
    assert kinds["account_deactivated"] == 1 and kinds["price_change"] == 2 and kinds["offer_listed"] == 3
    assert Entry.objects.filter(tab="offers", message_code="ALLEGRO_RATE_LIMITED").count() == 1
    assert poll_demo_account() == []
    assert "integrations.marketplaces.demo" in {g.make.__module__ for g in demo.generators() if g.volume_only}
