"""A job watched in the browser (an ERP package's import on a real worker) and the hostile corpus
written as journal entries: nothing in it runs, on any page that shows it."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from eventlog.models import Run
from integrations.erp import sample
from tests import hostile_corpus
from tests.browser.corpus import hostile_entries
from tests.workers import wait_for, worker  # noqa: F401  (the fixture)


def test_upload_an_erp_package_and_watch_its_progress(browse, alice, worker, tmp_path):  # noqa: F811
    package = tmp_path / "catalogue.xml"
    sample.write_catalogue(package, products_count=600, problems_every=0)
    # Small batches with a pause between them: the import takes a few seconds, and the page polls every 2 s.
    worker("erp", ERP_IMPORT_BATCH="100", JOURNAL_RUN_BATCH_PAUSE_SECONDS="0.6")
    browser = browse(alice)
    page = browser.page
    browser.visit("/journal/erp-sync/")
    page.get_by_label("Import a package from the ERP").set_input_files(package)
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/journal/runs/\d+/$"))
    browser.check()

    seen: list[tuple[int, int]] = []

    def finished() -> bool:
        bar = page.locator("#run-page progress")
        if bar.count():
            value, top = (int(float(bar.get_attribute(a) or 0)) for a in ("value", "max"))
            if not seen or seen[-1] != (value, top):
                seen.append((value, top))
        return "Succeeded" in page.locator("#run-page .badge").first.inner_text()

    wait_for(finished, "the run page says the import succeeded")
    page.wait_for_function(
        "() => { const bar = document.querySelector('#run-page progress');"
        " return bar !== null && bar.value === bar.max; }"
    )
    browser.check()
    assert any(value < top for value, top in seen), f"the bar never showed the import under way: {seen}"
    run = Run.objects.get()
    # The package's 600 products and its categories.
    assert run.status == "succeeded" and run.progress_done == run.progress_total > 600


def test_hostile_corpus_fires_no_dialog(browse, bob):
    """Entry pages of the corpus (checked by axe too; every tab's list shows it in test_panel), then the
    search and a filter chip of script values in turn (the same templates: only dialogs, console and
    script errors are watched there) show it as text."""
    entries = hostile_entries()
    browser = browse(bob)
    for tab, pk in entries[:: max(1, len(entries) // 8)]:
        browser.visit(f"/journal/{tab}/{pk}/")
    for value in hostile_corpus.XSS[:6] + hostile_corpus.URLS[:2]:
        browser.page.goto(browser.base_url + "/journal/search/?" + urlencode({"q": value[:128]}))
        # With a word: PostgreSQL's parser skips tags and a script's body, so a script alone is no
        # search (the form refuses it with a 400, which the console would report as a failed load).
        query = {"q": f"oferta {value}"[:200], "group": "0"}
        browser.page.goto(browser.base_url + "/journal/offers/?" + urlencode(query))
    browser.check()
    assert browser.page.locator(".filter-chips").count() >= 1
    assert not browser.dialogs
