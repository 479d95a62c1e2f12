"""`manage.py allegro_standin [--port P] [--every S]`: serve the stand-in Allegro (API and OAuth server).

For trying the connector without an Allegro application: a STAND-IN, not allegro.pl. It
serves `integrations.allegro.standin.StandIn` on 127.0.0.1 until interrupted, and every
`--every` seconds adds an offer or order event for each seller that has authorised
Dziennik at it. Point Dziennik at it with the settings it prints, add an account in
Integrations → Allegro, and allow the code at the stand-in's page.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from integrations.allegro.standin import StandIn

OFFER_TYPES = ["OFFER_PRICE_CHANGED", "OFFER_STOCK_CHANGED", "OFFER_STOCK_CHANGED", "OFFER_ACTIVATED", "OFFER_ENDED"]
ORDER_TYPES = ["BOUGHT", "READY_FOR_PROCESSING", "FULFILLMENT_STATUS_CHANGED", "BUYER_CANCELLED"]


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # it serves no Django view
    help = "Serve a STAND-IN Allegro REST API and OAuth server on 127.0.0.1 (demo and trying; not allegro.pl)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.ALLEGRO_STANDIN_PORT)
        parser.add_argument("--every", type=float, default=20.0, help="seconds between two new events")

    def handle(self, *args: Any, **options: Any) -> None:
        allegro = StandIn()
        allegro.port = options["port"]
        allegro.start()
        self.stdout.write(
            self.style.WARNING("STAND-IN Allegro (not allegro.pl)")
            + f"\n  ALLEGRO_API_URL={allegro.url} ALLEGRO_AUTH_URL={allegro.url}"
            f"\n  ALLEGRO_CLIENT_ID={allegro.client_id} ALLEGRO_CLIENT_SECRET={allegro.client_secret}"
            f"\n  a new event every {options['every']:g} s for each seller that allowed Dziennik; Ctrl+C stops it."
        )
        rng = random.Random(10)
        orders = itertools.count(1)
        with contextlib.suppress(KeyboardInterrupt):
            try:
                while True:
                    time.sleep(options["every"])
                    for login in allegro.logins():
                        offer = str(17263544000 + rng.randrange(20))
                        if rng.random() < 0.7:
                            allegro.offer_event(login, rng.choice(OFFER_TYPES), offer)
                        else:
                            kind = rng.choice(ORDER_TYPES)
                            status = "SENT" if kind == "FULFILLMENT_STATUS_CHANGED" else ""
                            items = ((offer, "Kubek ceramiczny 350 ml"),)
                            allegro.order_event(
                                login, kind, f"standin-order-{next(orders)}", items=items, status=status
                            )
            finally:
                allegro.stop()
