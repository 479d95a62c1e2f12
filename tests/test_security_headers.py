"""Every HTML page of the panel is served with the security headers, and none runs inline script.

CSP's script-src has no 'unsafe-inline' (so an injected <script> or on…= attribute would
not run), frame-ancestors 'none', HSTS, nosniff and Referrer-Policy; and
`manage.py check --deploy --fail-level WARNING` passes with production settings.
"""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)
#: Not pages: the API (JSON), downloads, the health probe, POST-only views.
NOT_PAGES = re.compile(r"^(api/|healthz|logout/|i18n/|.*export\.(csv|xlsx)$|.*/download/$)")


def _routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the URLconf that takes no argument."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not NOT_PAGES.match(route):
            found.append("/" + route)
    return found


class _InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.problems += [f"<{tag} {name}=…>" for name in names if name.startswith("on")]
        if tag == "script" and "src" not in names and names.get("type") != "application/json" and "nonce" not in names:
            self.problems.append("<script> without src")
        for name in ("href", "src", "action"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")


def _assert_secure(url: str, response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "script-src" in directives and "'unsafe-inline'" not in directives["script-src"], url
    assert directives.get("frame-ancestors") == ["'none'"], url
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["Referrer-Policy"] == "same-origin", url
    assert response.headers["X-Frame-Options"] == "DENY", url
    parser = _InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == [], url


@pytest.fixture
def pages(make_entry, django_user_model) -> list[str]:
    from eventlog.models import Run

    run = Run.objects.create(kind="export", tab="offers")
    entry = make_entry("offers", run=run)
    email = make_entry("email", object_id="jan@example.com", object_type="email")
    return [*_routes(), entry.get_absolute_url(), email.get_absolute_url(), f"/journal/runs/{run.pk}/",
            "/journal/offers/?q=%3Cscript%3E", "/journal/no-such-tab/", "/journal/search/?q=1"]  # fmt: skip


def test_every_panel_page_has_the_headers_and_no_inline_script(alice, admin_user, pages):
    assert len(pages) >= 20, pages  # the walk found the panel, not only the login
    shop_admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    shop_admin.force_login(alice)
    superuser = Client(HTTP_ACCEPT_LANGUAGE="en")
    superuser.force_login(admin_user)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    seen = 0
    admin_pages = ["/admin/", "/admin/auth/user/", "/admin/axes/accessattempt/"]
    for client, urls in ((shop_admin, pages), (superuser, admin_pages), (anonymous, ["/login/", "/admin/login/"])):
        for url in urls:
            response = client.get(url, secure=True)
            assert response.status_code < 500, url
            if response["Content-Type"].startswith("text/html") and response.content:
                _assert_secure(url, response)
                seen += 1
    assert seen >= 20


def test_the_lockout_page_and_the_csrf_page_have_them_too(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for i in range(5):
        locked = client.post("/login/", {"username": "alice", "password": f"wrong{i}"}, secure=True)
    assert locked.status_code == 429
    _assert_secure("lockout", locked)
    refused = Client(enforce_csrf_checks=True).post("/login/", {"username": "alice"}, secure=True)
    assert refused.status_code == 403
    _assert_secure("403_csrf", refused)


def test_templates_hold_no_inline_script_or_event_attributes():
    """What the page walk cannot reach (partials of other states): the templates themselves."""
    folders = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("integrations/*/templates")]
    found = []
    for template in (path for folder in folders for path in folder.rglob("*.html")):
        text = template.read_text()
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        parser = _InlineCode()
        parser.feed(re.sub(r"{[{%].*?[}%]}", "", text))  # the template tags are not HTML
        found += [f"{template.relative_to(ROOT)}: {problem}" for problem in parser.problems]
    assert found == []
    # The static scripts add no handlers as markup either (they use addEventListener).
    scripts = [p for p in (ROOT / "static" / "js").rglob("*.js")]
    assert scripts and not [p for p in scripts if re.search(r"""\son[a-z]+\s*=\s*["']""", p.read_text())]


def _check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    production = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
                  "ALLOWED_HOSTS": "dziennik.example.com", "SECURE_SSL_REDIRECT": "1", "SESSION_COOKIE_SECURE": "1",
                  "CSRF_COOKIE_SECURE": "1"}  # fmt: skip
    env = {**os.environ, **production, **overrides}
    env.pop("SECURE_HSTS_SECONDS", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    clean = _check_deploy()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no issues" in clean.stdout
    # The same check does fail on a weak setting: it is not silenced.
    weak = _check_deploy(SESSION_COOKIE_SECURE="0")
    assert weak.returncode != 0 and "security.W012" in weak.stdout + weak.stderr
