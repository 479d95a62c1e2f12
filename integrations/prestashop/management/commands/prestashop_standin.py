"""`manage.py prestashop_standin [--port P] [--products N]`: serve the stand-in PrestaShop webservice.

For `make run`'s demo, which has no real PrestaShop shop: a STAND-IN, not a shop. It serves
`integrations.prestashop.standin.StandIn` in the foreground on 127.0.0.1 until interrupted;
point a PrestaShop account at the URL it prints, with its demo key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from integrations.prestashop.standin import DEMO_KEY, StandIn


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # it serves no Django view: start even while the project is mid-edit
    help = "Serve a STAND-IN PrestaShop 8 webservice on 127.0.0.1 (demo and tests; not a real shop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.PRESTASHOP_STANDIN_PORT)
        parser.add_argument("--products", type=int, default=2000)
        parser.add_argument("--orders", type=int, default=60)
        parser.add_argument(
            "--activity", type=float, default=120.0, help="seconds between new or changed orders (0: none)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Its orders were placed over the last weeks; new ones come in while it runs (--activity), so an
        # account created today (orders downloaded from its creation) finds some.
        # (The catalogue spreads products 17 minutes apart and orders 9 hours apart: all of it in the past.)
        span = max(dt.timedelta(hours=9 * options["orders"]), dt.timedelta(minutes=17 * options["products"]))
        base = dt.datetime.now().replace(microsecond=0) - span - dt.timedelta(hours=1)
        shop = StandIn(products=options["products"], orders=options["orders"], port=options["port"], base=base)
        url = f"http://127.0.0.1:{options['port']}"
        self.stdout.write(
            self.style.WARNING("STAND-IN PrestaShop webservice (not a real shop)")
            + f"\n  shop URL: {url}\n  webservice key: {DEMO_KEY}\n"
            f"  {options['products']} products, {options['orders']} orders; Ctrl+C stops it."
        )
        if options["activity"] > 0:
            shop.live()
            threading.Thread(target=_activity, args=(shop, options["activity"]), daemon=True).start()
        self.stdout.flush()  # under honcho stdout is a pipe: say it now, not at exit
        with contextlib.suppress(KeyboardInterrupt):
            shop.serve_forever()


def _activity(shop: StandIn, seconds: float) -> None:
    """A shop's day: every `seconds`, a new order, or an existing one moving on (paid → processing → shipped)."""
    step = 0
    while True:
        time.sleep(seconds)
        step += 1
        newest = max(shop.data["orders"], default=0)
        if step % 3 and newest:
            order = shop.data["orders"][newest - step % 5 if newest > 5 else newest]
            state = {"10": 2, "1": 2, "2": 3, "3": 4, "4": 5}.get(order["current_state"], 3)
            shop.touch_order(int(order["id"]), state=state)
        else:
            shop.add_order(
                module="przelewy24" if step % 2 else "ps_wirepayment",
                payment="Przelewy24" if step % 2 else "Przelew bankowy",
                carrier=2 + step % 2,
            )
