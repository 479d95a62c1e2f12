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
from integrations.erp.models import Product

from . import endpoint, standin
from .models import BaseLinkerSettings, Pull
from .views import integration_file


def _transport(fields: dict[str, str]) -> Any:
    response = integration_file(RequestFactory().post("/baselinker/", fields))
    return json.loads(response.content)


@demo.real_runs
def pull_demo_catalogue() -> list[int]:
    """Today's pull of the catalogue (and a refused second one); returns the run's id (none if done or no catalogue)."""
    if Pull.objects.exists() or not Product.objects.exists():
        return []
    if not endpoint.expected_password():
        found = BaseLinkerSettings.load()
        found.password = secrets.token_urlsafe(24)
        found.save()
    client = standin.StandInBaseLinker(_transport, endpoint.expected_password())
    client.pull()
    with contextlib.suppress(standin.Refused):
        client.call("ProductsList", category_id="all", page=1)  # BaseLinker trying again the same day
    return list(Pull.objects.values_list("run_id", flat=True))
