"""Demo data of the BaseLinker tab: its real flow, once — BaseLinker's daily pull of the demo catalogue.

`make run` has no BaseLinker account, so the demo sets a password for the integration file
(when none is set) and plays BaseLinker's client (`standin.py`) against the integration
file's own view, in-process: one full pull of the catalogue the ERP demo imported (a run
with its counters and the products' problems), then a second pull the same day, which is
refused with a warning, as e-Sklep refuses it.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from typing import Any

from django.test import RequestFactory

from eventlog import demo
from eventlog.messages import Message
from integrations.erp import demo as erp_demo
from integrations.erp.models import Product

from . import codes, endpoint, standin
from .models import BaseLinkerSettings, Pull
from .tab import BASELINKER
from .views import integration_file


def _transport(fields: dict[str, str]) -> Any:
    response = integration_file(RequestFactory().post("/baselinker/", fields))
    return json.loads(response.content)


@demo.real_runs
def pull_demo_catalogue() -> list[int]:
    """Today's pull of the catalogue (and a refused second one); returns the run's id (none if done or no catalogue)."""
    if Pull.objects.exists():
        return []
    # The catalogue BaseLinker pulls is the ERP demo's (made here if its demo has not run yet).
    made = erp_demo.seed_demo()
    if not Product.objects.exists():
        return made
    if not endpoint.expected_password():
        found = BaseLinkerSettings.load()
        found.password = secrets.token_urlsafe(24)
        found.save()
    client = standin.StandInBaseLinker(_transport, endpoint.expected_password())
    client.pull()
    with contextlib.suppress(standin.Refused):
        client.call("ProductsList", category_id="all", page=1)  # BaseLinker trying again the same day
    return made + list(Pull.objects.values_list("run_id", flat=True))


@demo.free_entries(BASELINKER.slug, weight=3, volume_only=True)
def baselinker(d: demo.Draw) -> demo.Row:
    """For volume only (seed_journal, the benchmarks): the problems a pull finds, and pulls' summaries."""
    code, name = d.product()
    if d.r.random() < 0.1:
        listed = d.r.randrange(800, 5000)
        added = d.r.randrange(0, 50)
        problems = d.r.choice([0, 0, 2, 5, 12])
        params = {"listed": listed, "added": added, "updated": d.r.randrange(0, 200), "problems": problems}
        params["unchanged"] = listed - params["added"] - params["updated"]
        return {
            "severity": "warning" if problems else "success", "event_type": "product_export",
            "message": Message(codes.PULL_DONE, params),
            "data": {"added": added, "updated": params["updated"], "problems": problems},
        }  # fmt: skip
    message_code, severity = d.r.choice([(codes.NO_EAN, "warning"), (codes.NO_CATEGORY, "warning"),
                                         (codes.NO_PRICE, "error")])  # fmt: skip
    return {
        "severity": severity, "event_type": "product_problem",
        "message": Message(message_code, {"name": name, "code": code}), "object_type": "product", "object_id": code,
    }  # fmt: skip
