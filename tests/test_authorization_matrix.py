"""The authorization matrix: every URL of the URLconf, by GET and POST, by every kind of visitor, asserted
against the one declared table (tests/access_table.py).

The URLconf is walked as Django resolves it, so a URL added anywhere is in the matrix at once; one
without a row in the table fails, naming it. Each URL's converters are filled with real objects
(an entry of every tab, a run, accounts, a custom event…); a tab URL is tried for every registered
tab. Each request runs in a transaction rolled back after it, and its client forgets the cookies it
set, so what a shop admin's POST deletes is still there for the superuser's, and a logout logs
nobody out for the next request. POSTs skip the CSRF check (enforced and tested on its own) and
send an empty form, or for the API a body valid enough to reach the key's scope.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from eventlog import exports, runs, tabs, writer
from eventlog.api import keys
from eventlog.models import Run, RunStatus
from explanations.models import Explanation
from integrations.allegro.models import AllegroAccount, Authorisation
from integrations.allegro.standin import StandIn
from integrations.custom_events.models import CustomEvent, Scenario
from integrations.erp.importer import KIND as ERP_IMPORT
from integrations.messaging.models import FailedEmail, Mailing
from integrations.prestashop.models import Account, Import, SettingsTemplate
from integrations.sms.models import Sms
from integrations.theme.models import ShopTemplate

from . import access_table
from .access_table import FORBIDDEN, LOGIN, NOT_FOUND, OK, SUBJECTS, UNAUTHORIZED


@dataclass(frozen=True)
class Url:
    """One pattern of the URLconf: its table key, its full route and the names of what fills it."""

    key: str
    route: str
    params: tuple[str, ...]


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def walk(resolver: URLResolver, route: str = "", namespace: str = "") -> Iterator[Url]:
    """Every pattern under `resolver`, with its namespaced name (or, unnamed, its route) as the key."""
    for pattern in resolver.url_patterns:
        full = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from walk(pattern, full, inner)
        elif isinstance(pattern, URLPattern):
            key = ":".join(n for n in (namespace, pattern.name) if n) if pattern.name else f"/{full}"
            params = tuple(a or b for a, b in _PARAM.findall(full))
            yield Url(key, full, params)


URLS = list(walk(get_resolver()))


def concrete(url: Url, values: dict[str, str]) -> str:
    """The route with its converters and regex groups filled from `values`."""
    path = _PARAM.sub(lambda m: values[m.group(1) or m.group(2)], url.route)
    return "/" + path.replace("^", "").replace("$", "")


# What fills a converter: by (URL key, parameter), by (namespace, parameter), else by parameter alone.
FILL_FOR_URL = {
    ("eventlog:run", "pk"): lambda o: o.run.pk,
    ("eventlog:run_abort", "pk"): lambda o: o.run.pk,
    ("eventlog:export_download", "pk"): lambda o: o.export_run.pk,
    ("eventlog:detail", "pk"): lambda o: o.entries[o.tab].pk,
    ("access:reveal", "pk"): lambda o: o.entries[o.tab].pk,
    ("erp:problems", "pk"): lambda o: o.erp_run.pk,
    ("erp:products_xlsx", "pk"): lambda o: o.erp_run.pk,
    ("erp:categories_xlsx", "pk"): lambda o: o.erp_run.pk,
    ("apikeys:revoke", "pk"): lambda o: o.spare_key.pk,
    ("sms:retry", "pk"): lambda o: o.sms.pk,
    ("custom_events:scenario_edit", "pk"): lambda o: o.scenario.pk,
    ("allegro:authorisation", "pk"): lambda o: o.authorisation.pk,
    ("allegro:deactivate", "pk"): lambda o: o.allegro_account.pk,
    ("allegro:poll", "pk"): lambda o: o.allegro_account.pk,
    # An object that has a page on the site.
    ("admin:view_on_site", "object_id"): lambda o: o.template.pk,
    ("prestashop:template_edit", "pk"): lambda o: o.ps_template.pk,
    ("prestashop:template_delete", "pk"): lambda o: o.ps_template.pk,
    ("prestashop:template_default", "pk"): lambda o: o.ps_template.pk,
    ("prestashop:import", "pk"): lambda o: o.ps_import.pk,
    ("prestashop:import_edit", "pk"): lambda o: o.ps_import.pk,
}
FILL_FOR_NAMESPACE = {
    ("messaging", "pk"): lambda o: o.mailing.pk,
    ("theme", "pk"): lambda o: o.template.pk,
    ("eventlog:schedules", "pk"): lambda o: PeriodicTask.objects.order_by("pk").first().pk,
}
FILL = {
    "tab": lambda o: o.tab,
    "account": lambda o: o.ps_account.pk,
    "event_id": lambda o: o.custom_event.event_id,
    "entry_id": lambda o: o.entries["email"].pk,
    "code": lambda o: o.explanation.code,
    # Django's admin: the first object of the page's model (0, none, when it has no object).
    "object_id": lambda o: admin_object_id(o.url),
    "content_type_id": lambda o: ContentType.objects.get_for_model(ShopTemplate).pk,
    "id": lambda o: o.users["superuser"].pk,
    "app_label": lambda o: "eventlog",
    "url": lambda o: "no-such-page/",
    "rest": lambda o: "no-such-resource",
}


def admin_object_id(url: Url) -> int:
    """The first object of the model of an admin page `admin/<app>/<model>/…` (0 if none, or no model)."""
    parts = url.route.split("/")
    try:
        model = apps.get_model(parts[1], parts[2])
    except (IndexError, LookupError, ValueError):
        return 0
    first = model._default_manager.order_by("pk").first()
    return first.pk if first is not None else 0


def fill(url: Url, param: str, objects: SimpleNamespace) -> str:
    """The value of the parameter `param` of `url`, from `objects`; fails naming the URL if none is known."""
    namespace = url.key.rpartition(":")[0]
    filler = FILL_FOR_URL.get((url.key, param)) or FILL_FOR_NAMESPACE.get((namespace, param)) or FILL.get(param)
    if filler is None:
        pytest.fail(f"The matrix does not know what fills <{param}> of {url.key} ({url.route}): add it to FILL.")
    return str(filler(objects))


def paths(url: Url, objects: SimpleNamespace) -> Iterator[tuple[str, str]]:
    """(path, tab) for each concrete path of `url`: one per registered tab when it takes a tab."""
    for tab in [t.slug for t in tabs.all_tabs()] if "tab" in url.params else [""]:
        objects.tab, objects.url = tab, url
        path = concrete(url, {p: fill(url, p, objects) for p in url.params})
        resolve(path)  # a path the URLconf answers, or Resolver404 says the filling is wrong
        yield path, tab


# What a request sends: the query string of a GET, the body of a POST (JSON for the API).
QUERY = {"api:list_entries": "tab=ceneo", "eventlog:search": "q=400123"}
JSON_BODY = {
    "api:create_entries": {"tab": "ceneo", "message": "Matrix entry", "severity": "info"},
    "api:call": {"customEventId": 901, "customerEmail": "jan@example.com"},
}

LOGIN_PAGES = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def outcome(response: HttpResponse) -> str:
    """The outcome class (access_table) of a response."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return LOGIN if urlsplit(response["Location"]).path in LOGIN_PAGES else OK
    if 200 <= status < 300 or status in (400, 405, 409, 422):
        return OK
    return {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}.get(status, f"HTTP {status}")


def send(client: Client, method: str, url: Url, path: str) -> HttpResponse:
    """One request, its writes rolled back afterwards (a shop admin's delete leaves the row for the next)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if method == "GET":
            query = QUERY.get(url.key, "")
            response = client.get(f"{path}?{query}" if query else path)
        elif url.key in JSON_BODY:
            response = client.post(path, json.dumps(JSON_BODY[url.key]), content_type="application/json")
        else:
            response = client.post(path, {})
        transaction.set_rollback(True)
    # Nor does the client keep what the answer set: a logout or a language switch is undone for the next.
    client.cookies = cookies
    return response


# Fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def allegro_standin() -> Iterator[StandIn]:
    """Allegro's pages call Allegro (the device flow): the stand-in on loopback, never allegro.pl."""
    with StandIn() as standin:
        yield standin


@pytest.fixture(scope="module")
def handler() -> ClientHandler:
    """One request handler for every client: each new one would load the middleware again, and WhiteNoise's
    scans the static files (1 s a client on the CI machine)."""
    return ClientHandler(enforce_csrf_checks=False)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, handler, allegro_standin, tmp_path_factory):
    """(clients, objects), made once for the module in a transaction rolled back at its end; each test,
    and each request in it, runs inside it and rolls back too."""
    overrides = override_settings(
        ALLEGRO_API_URL=allegro_standin.url, ALLEGRO_AUTH_URL=allegro_standin.url,
        ALLEGRO_CLIENT_ID=allegro_standin.client_id, ALLEGRO_CLIENT_SECRET=allegro_standin.client_secret,
        ALLEGRO_TIMEOUT_SECONDS=5.0, ALLEGRO_RETRIES=0,
        # Every export is a large one here: GET asks, POST queues the job (never sent: rolled back), so no
        # file is written 150 times; downloading at once passes the same permission (tests/test_export.py).
        JOURNAL_EXPORT_SYNC_MAX_ROWS=0,
    )  # fmt: skip
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        try:
            yield make_clients(handler), make_objects()
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def clients(db, world) -> dict[str, Client]:
    return world[0]


@pytest.fixture
def objects(db, world) -> SimpleNamespace:
    o = world[1]
    # The export run's file, in this test's own exports storage (tests/conftest.py `file_storages`).
    exports.storage().save(exports.file_of(o.export_run), ContentFile(b"id;message\n1;Matrix\n"))
    return o


def make_clients(handler: ClientHandler) -> dict[str, Client]:
    """A client per subject (access_table.SUBJECTS), sharing one handler."""
    clients = {}
    for subject, user in users().items():
        clients[subject] = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            clients[subject].force_login(user)
    for subject, tab in (("key_in", "ceneo"), ("key_out", "amazon")):
        _key, raw = keys.issue(f"matrix-{subject}", [tab, "custom-events"] if subject == "key_in" else [tab])
        clients[subject] = Client(
            raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {raw}",
            HTTP_X_API_KEY=raw,
        )  # fmt: skip
    for client in clients.values():
        client.handler = handler
    return clients


def users() -> dict[str, User | None]:
    def member(name: str, group: str | None) -> User:
        user = User.objects.create_user(name, f"{name}@example.com", "secret-pass-123")
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "anon": None,
        "norole": member("charlie", None),
        "support": member("bob", "Support"),
        "admin": member("alice", "Shop admin"),
        "superuser": User.objects.create_superuser("root", "root@example.com", "secret-pass-123"),
    }


def make_objects() -> SimpleNamespace:
    """One real object of every kind a URL names."""
    alice, root = User.objects.get(username="alice"), User.objects.get(username="root")
    now = timezone.now()
    o = SimpleNamespace(users={"superuser": root})
    o.entries = {
        tab.slug: writer.record(
            tab=tab.slug,
            severity="error",
            message=f"Matrix {tab.slug}",
            event_type=next(iter(tab.event_types)),
            object_id="400123",
            occurred_at=now - dt.timedelta(minutes=5),
        )
        for tab in tabs.all_tabs()
    }
    FailedEmail.objects.create(entry_id=o.entries["email"].pk, sender="sklep@example.com", recipient="jan@example.com")
    o.run = Run.objects.create(kind=runs.EXPORT.code, tab="sms", params={"query": "", "format": "csv"})
    o.export_run = Run.objects.create(
        kind=exports.KIND, tab="sms", params={"query": "", "format": "csv"}, status=RunStatus.SUCCEEDED,
        created_by=alice, finished_at=now,
    )  # fmt: skip
    o.erp_run = Run.objects.create(kind=ERP_IMPORT, tab="erp-sync", status=RunStatus.SUCCEEDED, finished_at=now)
    o.spare_key, _raw = keys.issue("matrix-spare", ["amazon"])
    o.sms = Sms.objects.create(phone="+48600100200", text="Matrix")
    o.custom_event = CustomEvent.objects.create(event_id=901, name="matrix_event")
    o.scenario = Scenario.objects.create(name="Matrix scenario", start_event=o.custom_event)
    o.mailing = Mailing.objects.create(name="Matrix", subject="Matrix", body_text="Matrix")
    o.template = ShopTemplate.objects.create(name="Matrix header", kind="header", content="<p>Matrix</p>")
    o.ps_account = Account.objects.create(url="https://sklep.example.pl", key="K" * 32)
    o.ps_template = SettingsTemplate.objects.create(account=o.ps_account, name="Standard", is_default=True)
    o.ps_import = Import.objects.create(account=o.ps_account, id_from=1, id_to=5)
    o.allegro_account = AllegroAccount.objects.create(login="sklep_matrix", access_token="a", refresh_token="r")
    o.authorisation = Authorisation.objects.create(
        device_code="matrix-device", user_code="MATRIX", verification_uri="https://allegro.pl/skojarz-aplikacje",
        expires_at=now + dt.timedelta(hours=1),
    )  # fmt: skip
    o.explanation = Explanation.objects.create(code="MATRIX_CODE", title_en="Matrix")
    return o


# Tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS, ids=[u.key for u in URLS])
def test_every_url_answers_each_subject_as_the_table_declares(url: Url, clients, objects):
    mismatches, declared = [], False
    for path, tab in paths(url, objects):
        row = access_table.row_for(url.key, path, tab)
        if row is None:
            continue
        declared = True
        for method in ("GET", "POST"):
            expected = row.of(method)
            if expected is None:
                continue
            for subject in SUBJECTS:
                response = send(clients[subject], method, url, path)
                got, want = outcome(response), expected.of(subject)
                if got != want:
                    error = f" {response.exc_info[1]!r}" if getattr(response, "exc_info", None) else ""
                    mismatches.append(
                        f"{method} {path} as {subject}: declared {want}, got {got} "
                        f"({response.status_code} {response.get('Location', '')}){error}"
                    )
    assert declared, f"{url.key} ({url.route}) has no row in tests/access_table.py: declare who may use it."
    assert not mismatches, f"{url.key}: {len(mismatches)} answers differ from the table:\n" + "\n".join(mismatches)


def test_every_row_of_the_table_names_a_url_that_exists():
    keys_now = {u.key for u in URLS}
    stale = sorted(set(access_table.TABLE) - keys_now)
    assert not stale, f"Rows of tests/access_table.py naming no URL (renamed or removed?): {stale}"
