"""Locust users browsing the panel as support engineers do: tab lists, filtered lists, entry pages.

Run by `proofs/test_load.py` (headless, against gunicorn on loopback). Every user logs in through
the login form once, then browses; any answer but 200 counts as a failure. The list requests are
named "list" (every tab alike), so that their percentiles come out as one row of the statistics.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

TABS = os.environ.get("LOAD_TABS", "offers,email,sms,erp-sync,ceneo,amazon").split(",")
USERNAME = os.environ.get("LOAD_USERNAME", "bob")
PASSWORD = os.environ.get("LOAD_PASSWORD", "secret-pass-123")
#: Filters a support engineer sets on a list (each served by an index: eventlog/models.py).
FILTERS = ("severity=error", "severity=warning", "group=1", "group=0", "q=Kubek", "date_from=2000-01-01")
_DETAIL = re.compile(r'href="(/journal/[a-z-]+/\d+/)"')


class SupportEngineer(HttpUser):
    #: A person reads a page for a few seconds before the next click.
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.details: list[str] = []
        self.client.get("/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post("/login/", name="login", catch_response=True, allow_redirects=False,
                              data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
                              headers={"Referer": self.host + "/login/"}) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code} {response.error or ''}")

    def _get(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code} {response.error or ''}")
                return ""
            return response.text

    @task(5)
    def tab_list(self) -> None:
        page = self._get(f"/journal/{random.choice(TABS)}/", "list")
        self.details = _DETAIL.findall(page)[:20] or self.details

    @task(3)
    def filtered_list(self) -> None:
        self._get(f"/journal/{random.choice(TABS)}/?{random.choice(FILTERS)}", "list filtered")

    @task(3)
    def detail(self) -> None:
        if self.details:
            self._get(random.choice(self.details), "detail")

    @task(1)
    def overview(self) -> None:
        self._get("/journal/", "overview")
