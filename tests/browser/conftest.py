"""The panel in a real browser: Playwright driving Debian's Chromium against pytest-django's `live_server`.

Every page a test opens goes through `Browser.visit` (or `Browser.check` after a click), which
runs axe-core (vendored in `vendor/`, WCAG 2.2 AA rule tags) and collects what a user would
notice going wrong: console errors, uncaught script errors, dialogs (`alert()` of injected
markup), answers of 500 and over. The test fails on any of them when its page is closed.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/run`), never a Playwright
download; where it is absent the browser tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
#: The WCAG 2.2 AA rule sets of axe-core (its tags: A and AA of 2.0, 2.1 and the AA additions of 2.2).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: A laptop and a phone (CSS pixels): the panel's two layouts.
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
#: Bound of every wait on the page (ms): generous for a loaded CI machine.
TIMEOUT_MS = 30_000

_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """One Chromium for the browser tests (its start is the slow part); each test gets its own context."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in the test's thread while it is open, and
    # Django then refuses every ORM call made there (SynchronousOnlyOperation) although nothing runs
    # concurrently: these tests query the database between browser steps. Only while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, Django's connections (an asgiref Local) are new objects, without the test
    # database's serialized contents: serialized rollback would then flush the roles away for the tests
    # after these. The new connections get them again.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Browser:
    """One browser tab of a test, with what went wrong on it so far."""

    page: Any
    base_url: str
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pages_checked: int = 0

    def visit(self, path: str, status: int = 200) -> Any:
        """Open `path` (relative to the live server), expect `status`, check the page; the response."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status == status, f"{path}: {response and response.status}"
        if status >= 400:
            self.refused(status, response.url)
        self.check()
        return response

    def refused(self, status: int, url: str | None = None) -> None:
        """The refusal (on the page at `url`, or any) was what the test expects: no problem, though
        Chromium logs it as a console error."""
        expected = f"status of {status}"
        self.problems[:] = [p for p in self.problems if not (expected in p and (url is None or p.endswith(f"({url})")))]

    def check(self) -> None:
        """Wait until the page and htmx are still, then run axe-core on it; violations become problems."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=TIMEOUT_MS)
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated, not added as a <script> tag: the panel's CSP (script-src 'self') refuses inline
            # scripts, and it stays on in these tests so that a CSP violation is a console error too.
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = self.page.evaluate(
            """async (tags) => {
                const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
                const result = await axe.run(document, options);
                return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                    v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + (n.failureSummary || "")).join(" | "));
            }""",
            AXE_TAGS,
        )
        url = self.page.url.removeprefix(self.base_url)
        self.problems.extend(f"axe on {url}: {v}" for v in violations)
        self.pages_checked += 1

    def assert_clean(self) -> None:
        assert not self.dialogs, f"dialogs fired: {self.dialogs}"
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def browse(chromium, live_server, transactional_db, django_db_serialized_rollback) -> Iterator[Callable[..., Browser]]:
    """`browse(user=None, viewport="desktop", language="en")`: a fresh browser context, logged in as `user`.

    The session cookie comes from Django's test client (the login form has its own test). At the end
    of the test every page opened is asserted clean (see `Browser.assert_clean`).
    """
    opened: list[tuple[Any, Browser]] = []

    def open_browser(user: User | None = None, viewport: str = "desktop", language: str = "en") -> Browser:
        # Reduced motion switches Bootstrap's transitions off: axe must not judge a button's contrast halfway
        # through its hover fade (a CI run caught `.btn-outline-danger` at 2.92:1 mid-transition).
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport], locale=language, accept_downloads=True, reduced_motion="reduce",
            extra_http_headers={"Accept-Language": language},
        )  # fmt: skip
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            host = live_server.url.split("//", 1)[1].split(":")[0]
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
                                  "path": "/"}])  # fmt: skip
        page = context.new_page()
        browser = Browser(page, live_server.url)
        page.on("console", lambda m: m.type == "error" and browser.problems.append(f"console: {m.text} ({page.url})"))
        page.on("pageerror", lambda e: browser.problems.append(f"script error: {e} ({page.url})"))
        page.on("response", lambda r: r.status >= 500 and browser.problems.append(f"{r.status} from {r.url}"))

        def on_dialog(dialog: Any) -> None:
            browser.dialogs.append(f"{dialog.type}: {dialog.message} ({page.url})")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        opened.append((context, browser))
        return browser

    yield open_browser
    try:
        for _, browser in opened:
            browser.assert_clean()
    finally:
        for context, _ in opened:
            context.close()
