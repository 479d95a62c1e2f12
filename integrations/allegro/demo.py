"""Demo data of the Offers tab's Allegro entries: its real flow, once, through a stand-in Allegro on loopback.

`make run` has no Allegro application, so `demo_setup` starts the stand-in Allegro
(`standin.py`) for a moment: a shop admin's device-flow authorisation of the account
"sklep_u_gosi" (the seller allows the code at the stand-in), a day of offer and order
events, and two poll runs through the connector's own code over HTTP — the first stopped
by a 429 on the order feed (a warning entry; the account paused for Retry-After), the
second reading on from the cursor. The stand-in then stops, so the account is deactivated
(its "account deactivated" entry: kept for good, hidden after 30 days); add an account
against `manage.py allegro_standin` to try the flow live (README).
"""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from eventlog import demo, runs
from eventlog.models import Run
from integrations.marketplaces.tab import OFFERS

from . import accounts, codes, poller, standin
from .models import AllegroAccount, AuthorisationStatus

LOGIN = "sklep_u_gosi"
#: (minutes ago, Allegro's event type, offer number).
OFFER_EVENTS = [
    (420, "OFFER_ACTIVATED", "17263544001"), (415, "OFFER_ACTIVATED", "17263544002"),
    (410, "OFFER_ACTIVATED", "17263544003"), (380, "OFFER_PRICE_CHANGED", "17263544001"),
    (360, "OFFER_STOCK_CHANGED", "17263544002"), (300, "OFFER_BID_PLACED", "17263544009"),
    (250, "OFFER_CHANGED", "17263544003"), (200, "OFFER_STOCK_CHANGED", "17263544001"),
    (150, "OFFER_PRICE_CHANGED", "17263544002"), (90, "OFFER_STOCK_CHANGED", "17263544002"),
    (60, "OFFER_ENDED", "17263544003"), (30, "OFFER_STOCK_CHANGED", "17263544001"),
]  # fmt: skip
#: (minutes ago, type, checkout form id, line items, fulfillment status).
ORDER_EVENTS = [
    (400, "BOUGHT", "7f0e4c9a-1b2d-11ef-9c31-0a58a9feac02", (("17263544001", demo.PRODUCTS[0]),), ""),
    (398, "READY_FOR_PROCESSING", "7f0e4c9a-1b2d-11ef-9c31-0a58a9feac02", (), ""),
    (240, "BOUGHT", "8a11d2f0-1b3e-11ef-8d14-0a58a9feac02",
     (("17263544002", demo.PRODUCTS[3]), ("17263544001", demo.PRODUCTS[0])), ""),
    (235, "READY_FOR_PROCESSING", "8a11d2f0-1b3e-11ef-8d14-0a58a9feac02", (), ""),
    (120, "FULFILLMENT_STATUS_CHANGED", "7f0e4c9a-1b2d-11ef-9c31-0a58a9feac02", (), "SENT"),
    (100, "BOUGHT", "93c5e7b1-1b4f-11ef-a2c7-0a58a9feac02", (("17263544002", demo.PRODUCTS[3]),), ""),
    (45, "BUYER_CANCELLED", "93c5e7b1-1b4f-11ef-a2c7-0a58a9feac02", (), ""),
]  # fmt: skip


@demo.real_runs
def poll_demo_account() -> list[int]:
    """Authorise the demo account at the stand-in and read its events; returns the runs' ids (none if done)."""
    if AllegroAccount.objects.exists() or Run.objects.filter(kind=poller.POLL_RUN.code).exists():
        return []
    now = timezone.now()
    with standin.StandIn() as allegro, override_settings(
        ALLEGRO_API_URL=allegro.url, ALLEGRO_AUTH_URL=allegro.url, ALLEGRO_CLIENT_ID=allegro.client_id,
        ALLEGRO_CLIENT_SECRET=allegro.client_secret, ALLEGRO_RETRIES=0, ALLEGRO_TIMEOUT_SECONDS=5.0,
    ):  # fmt: skip
        authorisation = accounts.start_authorisation()
        allegro.approve(authorisation.user_code, LOGIN)  # the seller, at the stand-in's page
        authorisation = accounts.check_authorisation(authorisation)
        assert authorisation.status == AuthorisationStatus.AUTHORISED and authorisation.account is not None
        account = authorisation.account
        for minutes, kind, offer in OFFER_EVENTS:
            allegro.offer_event(LOGIN, kind, offer, occurred_at=now - dt.timedelta(minutes=minutes))
        for minutes, kind, form, items, status in ORDER_EVENTS:
            allegro.order_event(LOGIN, kind, form, items=items, status=status,
                                occurred_at=now - dt.timedelta(minutes=minutes))  # fmt: skip
        allegro.plan("order-events", standin.rate_limited(60))
        made = []
        for _ in range(2):  # the second run reads on where the 429 stopped the first
            AllegroAccount.objects.filter(pk=account.pk).update(paused_until=None)
            run = runs.start(poller.POLL_RUN, tab=OFFERS.slug, params={"account": account.pk, "source": "demo"})
            poller.PollAccount.execute(run.pk)
            made.append(run.pk)
    reason = codes.message(codes.DEACTIVATED_DEMO, login=LOGIN)
    accounts.deactivate(account, reason, severity="warning")
    return made
