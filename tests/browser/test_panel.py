"""The panel as a user drives it in Chromium, on a laptop and on a phone: every page checked by axe-core
(WCAG 2.2 AA) and free of console errors, script errors and dialogs (tests/browser/conftest.py)."""

from __future__ import annotations

import re

import pytest

from eventlog import tabs
from eventlog.models import Entry
from tests.browser.corpus import hostile_entries

pytestmark = pytest.mark.parametrize("viewport", ["desktop", "phone"])


def _open_filters(browser, viewport: str) -> None:
    """On a phone the filters fold behind one button (README: lists on a phone)."""
    if viewport == "phone":
        browser.page.get_by_role("button", name="Filters").click()
        browser.page.locator("#filter-form.show").wait_for()


def test_log_in_and_switch_language(browse, alice, viewport):
    browser = browse(viewport=viewport)
    browser.visit("/journal/offers/")  # the login page, which then brings the user back here
    assert browser.page.url.startswith(browser.base_url + "/login/")
    browser.page.get_by_label("Username").fill("alice")
    browser.page.get_by_label("Password").fill("wrong-password")
    browser.page.get_by_role("button", name="Log in").click()
    browser.page.get_by_text("Wrong username or password.").wait_for()
    browser.check()

    browser.page.get_by_label("Username").fill("alice")
    browser.page.get_by_label("Password").fill("secret-pass-123")
    browser.page.get_by_role("button", name="Log in").click()
    browser.page.wait_for_url(re.compile(r"/journal/offers/$"))
    browser.check()

    browser.page.get_by_role("button", name="PL", exact=True).click()
    browser.page.wait_for_function("() => document.documentElement.lang === 'pl'")
    assert browser.page.url.endswith("/journal/offers/")
    assert browser.page.locator("button[type=submit].btn-primary", has_text="Filtruj").count() == 1
    browser.check()
    browser.page.get_by_role("button", name="EN", exact=True).click()
    browser.page.wait_for_function("() => document.documentElement.lang === 'en'")
    browser.check()


def test_every_tab_and_page(browse, alice, make_entry, viewport):
    """Every registered tab, holding an ordinary entry and its share of the hostile corpus, and the other pages."""
    for spec in tabs.all_tabs():
        make_entry(spec.slug, severity="error", object_id="P-100")
    hostile_entries()
    browser = browse(alice, viewport)
    browser.visit("/journal/")
    for spec in tabs.all_tabs():
        browser.visit(f"/journal/{spec.slug}/?group=0")
        assert browser.page.locator("h1").inner_text().strip() == str(spec.title)
        assert browser.page.locator("#results tbody tr").count() >= 1
    for path in ("/journal/runs/", "/journal/codes/", "/journal/search/?q=P-100", "/journal/settings/"):
        browser.visit(path)
    assert browser.pages_checked == len(tabs.all_tabs()) + 5


def test_filter_open_a_record_and_collapse(browse, bob, make_entry, viewport):
    for _ in range(3):
        make_entry("offers", severity="warning", message="Offer 77 has no price", object_id="77")
    make_entry("offers", severity="error", message="Offer 88 was refused", object_id="88")
    browser = browse(bob, viewport)
    page = browser.page
    offers = tabs.get("offers")
    assert offers is not None
    grouped = offers.group_by_default  # repeats collapsed when the list opens
    browser.visit("/journal/offers/?group=0")
    assert page.locator("#results tbody tr").count() == 4

    _open_filters(browser, viewport)
    page.get_by_label("Severity").select_option("error")  # htmx swaps the results on change
    page.wait_for_url(re.compile(r"severity=error"))
    page.locator("#results tbody tr").first.wait_for()
    browser.check()
    assert page.locator("#results tbody tr").count() == 1
    assert "Offer 88 was refused" in page.locator("#results").inner_text()

    page.locator("#results tbody tr").first.locator("a[href*='/journal/offers/']").first.click()
    page.wait_for_url(re.compile(r"/journal/offers/\d+/"))
    browser.check()
    assert "Offer 88 was refused" in page.locator("main").inner_text()

    browser.visit("/journal/offers/")
    _open_filters(browser, viewport)
    switch = page.get_by_label("Only unique messages")
    assert switch.is_checked() == grouped
    if not grouped:
        switch.check()
        page.wait_for_url(re.compile(r"group=1"))
    # The three warnings about offer 77 are shown once.
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 2")
    browser.check()
    switch.uncheck()
    page.wait_for_url(re.compile(r"group=0"))
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 4")
    browser.check()


def test_delete_failed_emails_as_shop_admin(browse, alice, make_entry, viewport):
    failed = [make_entry("email", severity="error", message=f"Mailbox full {n}") for n in range(2)]
    kept = make_entry("email", severity="info", message="Delivered")
    browser = browse(alice, viewport)
    page = browser.page
    browser.visit("/journal/email/")
    for entry in failed:
        page.locator(f"input[name='ids'][value='{entry.pk}']").check()
    page.get_by_role("button", name=re.compile("Delete selected")).click()
    page.get_by_role("heading", name="Delete 2 entries?").wait_for()
    browser.check()
    page.get_by_role("button", name="Delete 2 entries").click()
    page.wait_for_url(re.compile(r"/journal/email/"))
    page.get_by_role("alert").first.wait_for()
    browser.check()
    assert not Entry.objects.filter(pk__in=[e.pk for e in failed]).exists()
    assert Entry.objects.filter(pk=kept.pk).exists()
    assert Entry.objects.filter(tab="email", event_type="records_deleted").count() == 1


def test_support_downloads_an_export_and_is_refused_deleting(browse, bob, make_entry, viewport):
    failed = make_entry("email", severity="error", message="Mailbox full")
    browser = browse(bob, viewport)
    browser.visit("/journal/email/")
    with browser.page.expect_download() as download:
        browser.page.locator("#export-links a[href*='export.csv']").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        assert "Mailbox full" in exported.read()
    assert browser.page.locator("input[name='ids']").count() == 0
    assert browser.page.get_by_role("button", name=re.compile("Delete selected")).count() == 0
    browser.visit("/journal/settings/", status=403)
    assert Entry.objects.filter(pk=failed.pk).exists()
    # The export is itself an entry of the tab (README: exports); there was no deletion.
    assert list(Entry.objects.filter(tab="email").exclude(pk=failed.pk).values_list("event_type", flat=True)) == [
        "records_exported"
    ]
