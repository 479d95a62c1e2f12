"""What the fuzz tests share: hostile values (Hypothesis strategies), the panel's forms as a browser sees
them, raw request bodies and query strings, and the count of rows a request wrote.

The fuzz tests (test_fuzz_querystrings, test_fuzz_forms, test_fuzz_api) send thousands of generated
requests in-process. Each test's examples share one test transaction (pytest-django's `db`), so a
request's writes are found by counting rows right before and right after it (`Rows`).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, quote_from_bytes, urljoin, urlsplit

from django.apps import apps
from django.contrib.messages import constants
from django.db import connection
from django.forms import BaseForm
from django.http import HttpResponse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Fixed seed, bounded, no example database: the same cases on every run and machine.
FUZZ = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings of a fuzz test: seeded (derandomize), `max_examples` cases, no deadline."""
    return settings(max_examples=max_examples, **FUZZ)


#: Cases sent by each fuzz test, by test name: each test asserts its own count and prints it.
CASES: collections.Counter[str] = collections.Counter()

# Values that reach the limits of Python, PostgreSQL and the browser's form encoding.
EDGE = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "-0",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2026-02-30",
    "10000-01-01",
    "2026-12-02T25:61:00",
    "1970-01-01T00:00:00+99:00",
    "\x00",
    "a\x00b",
    "\u202eevil.exe",
    "\ud7ff\ue000\uffff",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "=2+3",
    "'; DROP TABLE eventlog_entry; --",
    "%",
    "%%",
    "_",
    "\\",
    "C:\\u0000dir",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://127.0.0.1:9/",
    "true",
    "on",
    "null",
    "[]",
    "{}",
    "😀" * 3,
]

_control = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp"])
_any_char = st.characters(codec="utf-8")

#: A hostile text value: control and format characters, edge values, numbers and dates past their types.
hostile_text = st.one_of(
    st.sampled_from(EDGE),
    st.text(_any_char, max_size=40),
    st.text(st.one_of(_control, _any_char), max_size=20),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.integers(min_value=10_000, max_value=99_999).map(lambda year: f"{year}-01-01"),
    st.sampled_from([129, 201, 2001, 40_000]).map(lambda size: "x" * size),
)

#: A raw value as sent on the wire: UTF-8 text, or bytes that are not UTF-8 (`%ff`, `%c3%28`).
raw_value = st.one_of(
    hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=12),
    st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]),
)

#: Names no form has: unknown keys, empty keys, keys that are not UTF-8.
_stray_names = st.sampled_from(["", "x", "ids[]", "__proto__", "csrfmiddlewaretoken", "page", "sort", "\x00"])


def pairs(names: list[str], samples: dict[str, list[str]], *, max_size: int = 8) -> st.SearchStrategy:
    """(name, raw bytes) lists for the form fields `names`: duplicate keys, missing fields, stray keys,
    and now and then a value the page itself offers (`samples`), so that a case can get past the first
    check and reach the next one."""
    known = st.sampled_from(names) if names else _stray_names

    def value_for(name: str) -> st.SearchStrategy:
        offered = [value.encode() for value in samples.get(name, [])]
        if not offered:
            return raw_value
        return st.one_of(st.sampled_from(offered), raw_value)

    pair = st.one_of(known, known, known, _stray_names).flatmap(lambda name: st.tuples(st.just(name), value_for(name)))
    return st.lists(pair, max_size=max_size)


def encode(items: list[tuple[str, bytes]]) -> str:
    """`application/x-www-form-urlencoded` of raw pairs, bytes percent-encoded as they are (`%ff` stays)."""
    return "&".join(f"{quote(name, safe='')}={quote_from_bytes(value, safe='')}" for name, value in items)


@dataclass
class Form:
    """One `<form>` of a page: where it goes, how, and its fields with the values the page offers."""

    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    """Collects forms (fields, options, file inputs) and links, as a browser would submit and follow them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.forms, self.links = page, [], []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attr:
            self.links.append(urljoin(self.page, attr["href"]))
        elif tag == "form":
            action = urljoin(self.page, attr.get("action") or self.page)
            self._form = Form(action=urlsplit(action).path, method=attr.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "option" and self._select and attr.get("value"):
            self._form.fields[self._select].append(attr["value"])
        if not attr.get("name"):
            return
        name = attr["name"]
        if tag == "input" and attr.get("type") == "file":
            self._form.files.append(name)
            return
        values = self._form.fields.setdefault(name, [])
        if tag == "select":
            self._select = name
        elif attr.get("value"):
            values.append(attr["value"])
        elif attr.get("type") in ("checkbox", "radio"):
            values.append("on")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page: str) -> tuple[list[Form], list[str]]:
    """The forms of a page and its links (absolute paths with their query strings)."""
    parser = _Parser(page)
    parser.feed(html)
    return parser.forms, parser.links


def _project_tables() -> list[str]:
    """Tables of the project's models (journal, integrations, explanations, users and groups)."""
    tables = []
    for model in apps.get_models():
        module = model.__module__
        if (
            model._meta.managed
            and not model._meta.proxy
            and (module.startswith(("eventlog.", "integrations.", "explanations.")) or model._meta.app_label == "auth")
        ):
            tables.append(model._meta.db_table)
    return sorted(set(tables))


class Rows:
    """Counts the rows of every table of the project in one query (the journal's partitions under `Entry`)."""

    def __init__(self) -> None:
        self.tables = _project_tables()
        quoted = ", ".join(f'(SELECT count(*) FROM "{table}")' for table in self.tables)
        self.sql = f"SELECT {quoted}"
        self._last: dict[str, int] | None = None

    def count(self) -> dict[str, int]:
        """Rows of each table now: {table: rows}."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            self._last = dict(zip(self.tables, cursor.fetchone(), strict=True))
        return self._last

    def last(self) -> dict[str, int]:
        """The previous count, when nothing ran in between (a test's examples follow each other), else now's."""
        return self._last if self._last is not None else self.count()


def form_errors(response: HttpResponse) -> list[str]:
    """What the answer says is wrong: a bound, invalid form in its context, or an error message queued."""
    problems = []
    for context in getattr(response, "context", None) or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                if isinstance(item, BaseForm) and item.is_bound and item.errors:
                    problems.append(item.errors.as_text())
    # Only what this request queued: messages of earlier requests wait in the cookie until a page shows them.
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    problems += [str(m) for m in getattr(storage, "_queued_messages", []) if m.level >= constants.ERROR]
    return problems


def rejected(response: HttpResponse) -> bool:
    """A request the panel turned down: a 4xx, or a form shown again with errors, or an error message."""
    return 400 <= response.status_code < 500 or bool(form_errors(response))


#: Forms whose action calls an outside system and records its outcome, a failure included (the
#: PrestaShop account's "Test connection": the failed login is an entry of its activity log, by
#: design). Their error message reports that outcome, not refused input: the record they write is
#: what they are for, so only the journal may change.
RECORDS_ITS_OUTCOME = re.compile(r"^/prestashop/\d+/$")


def check(response: HttpResponse, before: dict[str, int], after: dict[str, int], case: Any) -> None:
    """The two promises under hostile input: never a 5xx, and a rejected request writes nothing."""
    assert response.status_code < 500, (response.status_code, case)
    if rejected(response):
        written = {table: after[table] - before[table] for table in after if after[table] != before[table]}
        if RECORDS_ITS_OUTCOME.match(str(case[0])):
            written.pop("eventlog_entry", None)
        assert not written, ("a rejected request changed rows", written, response.status_code, case)


def build_panel(user: Any) -> dict[str, list[str]]:
    """One of everything the panel has pages for, made for `user` (a shop admin); returns the paths.

    `get`: every page a GET serves (list, detail, settings, producers' pages); `post`: addresses that
    take a POST without a form on a page (the form's page may show it only in some states).
    """
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    from eventlog import tabs, writer
    from eventlog.api.keys import issue
    from eventlog.models import Run
    from explanations.models import Explanation
    from integrations.allegro.models import AllegroAccount, Authorisation
    from integrations.custom_events.models import CustomEvent, Scenario
    from integrations.messaging.actions import save_mailing
    from integrations.messaging.models import Mailing, MailingKind
    from integrations.prestashop.models import Account, Import, SettingsTemplate
    from integrations.sms.models import Sms, SmsStatus
    from integrations.theme.actions import create_template
    from integrations.theme.kinds import Kind

    now = timezone.now()
    export = Run.objects.create(kind="export", tab="sms", status="succeeded", params={"format": "csv"}, created_by=user)
    running = Run.objects.create(kind="export", tab="sms", status="running", params={"format": "csv"}, created_by=user)
    erp = Run.objects.create(kind="erp_import", tab="erp-sync", status="succeeded", summary="12")
    entries = {
        tab.slug: writer.record(
            tab=tab.slug, severity="error", message="Błąd", event_type=next(iter(tab.event_types)), occurred_at=now
        )
        for tab in tabs.all_tabs()
    }
    writer.record(tab="sms", severity="info", message="x", event_type=next(iter(tabs.get("sms").event_types)),
                  occurred_at=now, run_id=export.pk)  # fmt: skip
    event = CustomEvent.objects.create(event_id=7, name="porzucony_koszyk")
    scenario = Scenario.objects.create(name="Powrót", start_event=event)
    mailing = save_mailing(Mailing(name="Nowości", kind=MailingKind.NEWSLETTER, subject="Nowości"), ["a@example.com"])
    template = create_template(name="Stopka", kind=Kind.choices[0][0], content="<p>x</p>", user=user)
    Explanation.objects.update_or_create(code="SMS_EXPIRED", defaults={"title_en": "Expired", "title_pl": "Wygasł"})
    key, _secret = issue("sklep", ["sms"], created_by=user)
    sms = Sms.objects.create(phone="+48500100200", text="Kod 1234", status=SmsStatus.FAILED)
    # A closed port on loopback: a connection test fails at once, without reaching any network.
    shop = Account.objects.create(url="http://127.0.0.1:9", key="K" * 32)
    preset = SettingsTemplate.objects.create(account=shop, name="Standard", is_default=True)
    job = Import.objects.create(account=shop, id_from=1, id_to=5, created_by=user)
    seller = AllegroAccount.objects.create(login="sprzedawca")
    device = Authorisation.objects.create(
        device_code="d" * 20, user_code="ABC-DEF", verification_uri="https://allegro.pl/skojarz-aplikacje",
        expires_at=now + dt.timedelta(minutes=10),
    )  # fmt: skip
    schedule = PeriodicTask.objects.get(name="journal-retention")  # the migration's (eventlog/schedules.py)
    p, s = f"/prestashop/{shop.pk}", "sms"
    get = [
        "/journal/",
        *(f"/journal/{tab.slug}/" for tab in tabs.all_tabs()),
        *(f"/journal/{slug}/{entry.pk}/" for slug, entry in entries.items()),
        f"/journal/{s}/export.csv",
        f"/journal/{s}/export.xlsx",
        f"/journal/{s}/export/links/",
        "/journal/search/",
        "/journal/settings/",
        "/journal/schedules/",
        f"/journal/schedules/{schedule.pk}/",
        "/journal/runs/",
        f"/journal/runs/{export.pk}/",
        f"/journal/runs/{running.pk}/",
        "/journal/codes/",
        "/journal/codes/new/",
        "/journal/codes/unexplained/",
        "/journal/codes/SMS_EXPIRED/",
        "/journal/codes/SMS_EXPIRED/edit/",
        "/journal/api-keys/",
        "/journal/api-keys/new/",
        "/journal/api/",
        f"/erp/runs/{erp.pk}/problems/",
        f"/erp/runs/{erp.pk}/products.xlsx",
        f"/erp/runs/{erp.pk}/categories.xlsx",
        "/sms/",
        "/custom-events/",
        "/custom-events/new/",
        f"/custom-events/{event.event_id}/edit/",
        f"/custom-events/{event.event_id}/log/",
        "/custom-events/scenarios/",
        "/custom-events/scenarios/new/",
        f"/custom-events/scenarios/{scenario.pk}/edit/",
        "/mailings/",
        "/mailings/new/",
        f"/mailings/{mailing.pk}/",
        f"/mailings/{mailing.pk}/edit/",
        "/appearance/",
        "/appearance/new/",
        f"/appearance/{template.pk}/",
        f"/appearance/{template.pk}/edit/",
        "/prestashop/",
        "/prestashop/add/",
        f"{p}/",
        f"{p}/mapping/",
        f"{p}/orders/",
        f"{p}/product-fields/",
        f"{p}/templates/",
        f"{p}/templates/add/",
        f"{p}/templates/{preset.pk}/",
        f"{p}/imports/",
        f"{p}/imports/add/",
        f"{p}/imports/{job.pk}/",
        f"{p}/imports/{job.pk}/edit/",
        f"{p}/linking/",
        f"{p}/linking/catalogue.xlsx",
        f"{p}/sync/",
        "/allegro/",
        f"/allegro/authorisations/{device.pk}/",
        "/baselinker/settings/",
        "/healthz",
    ]
    post = [f"/journal/{slug}/delete/" for slug in ("email", "sms")] + [
        f"/journal/{s}/export.csv",
        f"/journal/{s}/export.xlsx",
        f"/journal/runs/{running.pk}/abort/",
        f"/journal/api-keys/{key.pk}/revoke/",
        "/erp/upload/",
        f"/sms/{sms.pk}/retry/",
        f"/mailings/{mailing.pk}/send/",
        f"/mailings/failed/{entries['email'].pk}/resend/",
        f"/appearance/{template.pk}/publish/",
        f"/appearance/{template.pk}/unpublish/",
        f"{p}/mapping/analyse/",
        f"{p}/templates/{preset.pk}/default/",
        f"/allegro/{seller.pk}/poll/",
        "/allegro/add/",
        "/erp/export/",
        f"/journal/sms/{entries['sms'].pk}/reveal/",
        f"/allegro/authorisations/{device.pk}/",
        "/baselinker/",
        "/i18n/setlang/",
        # Last, as they take away what the pages above show (the forms test sends them apart).
        f"/appearance/{template.pk}/delete/",
        f"{p}/templates/{preset.pk}/delete/",
        f"/allegro/{seller.pk}/deactivate/",
        f"{p}/delete/",
    ]
    return {"get": get, "post": post}
