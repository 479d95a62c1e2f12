"""Demo data: each integration's generator, found through the registry, seeds its tab."""

import io
import re

from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from eventlog import demo, roles, tabs
from eventlog.models import Entry, Run
from integrations.custom_events.models import CustomEvent
from integrations.erp.tab import ERP_SYNC
from integrations.marketplaces.tab import OFFERS


def test_every_tab_has_demo_data_from_its_integration():
    found = {g.tab for g in demo.generators()}
    # The ERP sync's runs are real imports (`real_runs`).
    assert found == {t.slug for t in tabs.all_tabs()} - {ERP_SYNC.slug}
    assert max(demo.generators(), key=lambda g: g.weight).tab == OFFERS.slug


def test_seeding_fills_each_tab_through_the_writer(db):
    written = demo.seed(2000, days=3)

    assert Entry.objects.count() == written
    assert set(Entry.objects.values_list("tab", flat=True)) == {g.tab for g in demo.generators()}
    assert CustomEvent.objects.count() == 3  # the definitions the calls name
    # Each entry names only a service its tab declares.
    declared = {t.slug: {"", *t.service_codes} for t in tabs.all_tabs()}
    for tab, service in Entry.objects.values_list("tab", "service").distinct():
        assert service in declared[tab], (tab, service)


def test_seed_journal_makes_the_real_runs_once(db):
    call_command("seed_journal", "--entries", "300", "--days", "2", stdout=io.StringIO())
    assert Run.objects.filter(tab=ERP_SYNC.slug).count() == 3  # two imports and an export
    # Each flow makes its runs once: called again, none makes any.
    assert {make.__module__: make() for make in demo._real_runs} == {make.__module__: [] for make in demo._real_runs}


def _demo_setup(*options: str) -> str:
    out = io.StringIO()
    call_command("demo_setup", *options, stdout=out)
    return out.getvalue()


def _passwords(banner: str) -> dict[str, str]:
    return dict(re.findall(r"(admin|support) / (\S+)", banner))


def _log_in(client, username: str, password: str) -> None:
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("eventlog:overview"), response


def test_demo_setup_keeps_the_passwords_it_made_and_the_sessions(db, settings, tmp_path, client):
    settings.RUN_DIR = tmp_path
    first = _demo_setup("--port", "8123")
    assert "Dziennik: http://127.0.0.1:8123/" in first
    passwords = _passwords(first)
    assert set(passwords) == {"admin", "support"}
    saved = tmp_path / "demo-login.txt"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert f"admin {passwords['admin']}\n" in saved.read_text()
    _log_in(client, "admin", passwords["admin"])

    second = _demo_setup()
    assert _passwords(second) == passwords
    # The session of the first run is still valid: the password (and its hash) did not change.
    assert client.get(reverse("eventlog:overview")).status_code == 200
    # The banner alone, as Procfile.dev's `login` process prints it, says the same and changes nothing.
    assert _passwords(_demo_setup("--banner", "--port", "8123")) == passwords
    assert User.objects.get(username="support").groups.get().name == roles.SUPPORT
    assert User.objects.get(username="admin").is_superuser

    # With no saved password (`rm -rf .run`, the database kept) nobody knows it: a new one, saved.
    saved.unlink()
    again = _passwords(_demo_setup())
    assert again["admin"] != passwords["admin"]
    assert User.objects.get(username="admin").check_password(again["admin"])
    assert _passwords(_demo_setup()) == again


def test_a_password_changed_in_the_panel_is_left_alone(db, settings, tmp_path, client):
    settings.RUN_DIR = tmp_path
    passwords = _passwords(_demo_setup())
    _log_in(client, "admin", passwords["admin"])
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": passwords["admin"], "new_password1": "mine-and-long-9", "new_password2": "mine-and-long-9"},
    )
    assert response.status_code == 302, response.content

    banner = _demo_setup()
    assert "admin / (changed in the panel: not shown, not reset)" in banner
    assert f"support / {passwords['support']}" in banner
    assert User.objects.get(username="admin").check_password("mine-and-long-9")
    assert client.get(reverse("eventlog:overview")).status_code == 200  # the session the change kept
