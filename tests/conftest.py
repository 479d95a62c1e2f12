"""Shared fixtures. Personas, as in healthchecks: alice is a shop admin, bob is
support staff, charlie has an account but no role."""

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone, translation

from eventlog import writer
from tests.s3 import s3_server, s3_storages  # noqa: F401  (fixtures)

_counter = itertools.count(1)

#: The settings of the local folders behind the product's file storages (config/settings.py).
FOLDER_SETTINGS = {"exports": "JOURNAL_EXPORT_DIR", "erp_inbox": "ERP_INBOX_DIR", "erp_outbox": "ERP_OUTBOX_DIR"}


@pytest.fixture(autouse=True)
def file_storages(settings, tmp_path_factory) -> dict[str, Path]:
    """Each test keeps its files in folders of its own: the local storages ("exports", "erp_inbox",
    "erp_outbox") and their *_DIR settings point into a fresh temporary folder. Returns name → folder;
    `file_storages_env(file_storages)` gives the same to a worker the test starts."""
    root = tmp_path_factory.mktemp("files")
    folders = {name: root / name for name in FOLDER_SETTINGS}
    storages = dict(settings.STORAGES)
    for name, folder in folders.items():
        storages[name] = {**storages[name], "OPTIONS": {**storages[name].get("OPTIONS", {}), "location": str(folder)}}
        setattr(settings, FOLDER_SETTINGS[name], folder)
    settings.STORAGES = storages
    # What code reads from RUN_DIR at run time (the demo's saved login) stays in the test's folder too.
    settings.RUN_DIR = root
    return folders


def file_storages_env(folders: dict[str, Path]) -> dict[str, str]:
    """The environment that gives a worker or web process the folders of `file_storages`."""
    return {FOLDER_SETTINGS[name]: str(folder) for name, folder in folders.items()}


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English (the language the assertions are written in) and leaves no
    language behind: a request without Accept-Language activates the shop's Polish for the
    thread, which would otherwise leak into the next test."""
    translation.activate("en")
    yield
    translation.activate("en")


def _user(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", "secret-pass-123")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def alice(db) -> User:
    return _user("alice", "Shop admin")


@pytest.fixture
def bob(db) -> User:
    return _user("bob", "Support")


@pytest.fixture
def charlie(db) -> User:
    return _user("charlie", None)


@pytest.fixture
def admin_client(alice) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    return client


@pytest.fixture
def support_client(bob) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(bob)
    return client


@pytest.fixture
def make_entry(db):
    """Write one entry through the writer, with sensible defaults per tab."""
    from eventlog import tabs

    def make(tab: str = "offers", **fields):
        spec = tabs.get(tab)
        fields.setdefault("severity", "info")
        fields.setdefault("message", f"Message {next(_counter)}")
        fields.setdefault("event_type", next(iter(spec.event_types)))
        fields.setdefault("occurred_at", timezone.now() - dt.timedelta(minutes=next(_counter)))
        return writer.record(tab=tab, **fields)

    return make
