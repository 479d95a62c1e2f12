"""Filter URLs carry only the filters that are set: static/js/filter_urls.js in Chromium (htmx's request and the
URL it pushes, and a plain submit of the jump-to-date form), checked like every page by axe-core."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone


def _params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def test_submitting_the_filter_form_yields_a_clean_url(browse, bob, make_entry):
    make_entry("offers", severity="error", message="Offer 88 was refused", object_id="88")
    make_entry("offers", severity="warning", message="Offer 77 has no price", object_id="77")
    browser = browse(bob)
    page = browser.page
    browser.visit("/journal/offers/")
    requested: list[str] = []
    page.on("request", lambda request: "/journal/offers/" in request.url and requested.append(request.url))

    page.get_by_label("Severity").select_option("error")  # htmx sends the whole form on change
    page.wait_for_url(re.compile(r"severity=error"))
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    browser.check()
    # The offers tab groups by default: the switch left as it is adds nothing either.
    assert _params(page.url) == [("severity", "error")]
    assert requested and all("=&" not in url and not url.endswith("=") for url in requested), requested

    page.get_by_label("Severity").select_option("")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 2")
    page.wait_for_url(re.compile(r"/journal/offers/$"))
    browser.check()

    # A plain GET form (jump to a date) sends no empty fields either.
    page.locator("#jump-at").fill("2030-01-01")
    page.locator(".jump-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"at=2030-01-01"))
    browser.check()
    assert _params(page.url) == [("at", "2030-01-01")]


def test_a_refused_filter_shows_why_and_can_be_corrected(browse, bob, make_entry):
    # Today's: make_entry's default dates go back a minute per entry made in the session.
    make_entry("offers", severity="error", message="Offer 88 was refused", object_id="88", occurred_at=timezone.now())
    browser = browse(bob)
    page = browser.page
    browser.visit("/journal/offers/")
    today = timezone.localdate()
    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_label("To", exact=True).fill((today - dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Filter", exact=True).click()
    # The list's 400 is swapped in like any answer (htmx 2 would drop it), and its URL pushed.
    page.locator("#results .alert-danger").wait_for()
    assert "To: The end date is before the start date." in page.locator("#results .alert-danger").inner_text()
    page.wait_for_url(re.compile(r"date_to="))
    assert page.locator("#results tbody tr").count() == 0
    browser.refused(400)
    browser.check()

    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert page.locator("#results .alert-danger").count() == 0
