"""Free text over the whole journal (issue 13, part 1): the lists' `q`, the API's `?q=`, on real PostgreSQL.

Words as a phrase, Polish (and other Latin) diacritics folded both ways, case ignored, the last word as a
prefix, e-mails and product codes whole and by their parts, everything retention keeps (no 31-day window),
with the other filters and keyset paging; hostile text is a 200 or the form's 400, never a 500.
"""

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eventlog import journal, search, tabs, writer
from eventlog.api import keys
from eventlog.filters import filterset_for
from eventlog.paging import paginate

NO_WORD = "Type at least one word or number to search for."


def found(client: Client, q: str, tab: str = "offers", **params: str) -> set[int]:
    """The ids the tab's ungrouped list shows for `q` (one page)."""
    response = client.get(f"/journal/{tab}/", {"q": q, "group": "0", **params})
    assert response.status_code == 200, (q, response.status_code)
    return {int(pk) for pk in re.findall(rf'href="/journal/{tab}/(\d+)/"', response.text)}


@pytest.fixture
def polish(make_entry):
    return {
        "accented": make_entry("offers", message="Zamówienie 1001 przyjęte do realizacji"),
        "shouted": make_entry("offers", message="ZAMOWIENIE 1002 ANULOWANE"),
        "city": make_entry("offers", message="Wysyłka z magazynu Łódź opóźniona"),
        "other": make_entry("offers", message="Cena zmieniona"),
    }


def test_diacritics_fold_both_ways_and_case_is_ignored(admin_client, polish):
    both = {polish["accented"].pk, polish["shouted"].pk}
    assert found(admin_client, "zamowienie") == both
    assert found(admin_client, "zamówienie") == both
    assert found(admin_client, "ZAMÓWIENIE") == both
    assert found(admin_client, "lodz") == {polish["city"].pk}
    assert found(admin_client, "ŁÓDŹ") == {polish["city"].pk}
    assert found(admin_client, "wysylka z magazynu") == {polish["city"].pk}


def test_words_of_letters_and_digits_fold_too(admin_client, make_entry):
    order = make_entry("offers", message="Zamówienie2026 przyjęte")
    city = make_entry("offers", message="Magazyn Łódź2 pełny, Łódź-3 też")
    assert found(admin_client, "zamowienie2026") == {order.pk}
    assert found(admin_client, "ZAMÓWIENIE2026") == {order.pk}
    assert found(admin_client, "lodz2") == {city.pk}
    assert found(admin_client, "lodz 3") == {city.pk}


def test_other_latin_diacritics_fold_too(admin_client, make_entry):
    entry = make_entry("offers", message="Lieferung nach Düsseldorf, Třebíč und Besançon")
    assert found(admin_client, "dusseldorf trebic") == {entry.pk}  # a comma keeps them next to each other
    assert found(admin_client, "dusseldorf besancon") == set()  # a phrase: two words are between them
    assert found(admin_client, "Dusseldorf") == {entry.pk}
    assert found(admin_client, "trebic und besancon") == {entry.pk}


def test_words_are_a_phrase_in_their_order(admin_client, make_entry):
    entry = make_entry("offers", message="Brak towaru w magazynie")
    make_entry("offers", message="Towaru brak, zamówiono")
    assert found(admin_client, "brak towaru") == {entry.pk}
    assert found(admin_client, "towaru magazynie") == set()  # not next to each other
    assert found(admin_client, "  Brak   TOWARU  ") == {entry.pk}


def test_the_last_word_matches_as_a_prefix_from_three_characters(admin_client, make_entry):
    entry = make_entry("offers", message="Brak towaru w magazynie")
    assert found(admin_client, "Brak tow") == {entry.pk}
    assert found(admin_client, "magaz") == {entry.pk}
    assert found(admin_client, "Brak to") == set()  # two characters: a whole word only
    assert found(admin_client, "tow brak") == set()  # only the last word is a prefix


def test_a_whole_word_is_no_substring(admin_client, make_entry):
    make_entry("offers", message="Oferta zakończona przez sprzedawcę")
    assert found(admin_client, "kończona") == set()


def test_an_email_is_found_whole_in_the_message_and_the_object_id(admin_client, make_entry):
    in_message = make_entry("email", message="Nie doręczono do jan.kowalski@example.com: skrzynka pełna")
    in_object = make_entry("email", message="Wysłano potwierdzenie", object_id="jan.kowalski@example.com")
    make_entry("email", message="Wysłano potwierdzenie", object_id="ola.nowak@example.com")
    assert found(admin_client, "jan.kowalski@example.com", tab="email") == {in_message.pk, in_object.pk}
    assert found(admin_client, "JAN.KOWALSKI@EXAMPLE.COM", tab="email") == {in_message.pk, in_object.pk}
    assert found(admin_client, "kowalski", tab="email") == set()


def test_the_start_of_a_customers_email_finds_nothing(support_client, admin_client, make_entry):
    """The object id is personal data in this tab: masked for Support, and no prefix of it finds it."""
    make_entry("custom-events", message="Wywołano zdarzenie", object_id="jan.kowalski@example.com")
    for q in ("jan", "jan.kow", "jan.kowalski", "j***@example.com", "example.com"):
        assert found(support_client, q, tab="custom-events") == set(), q
        assert found(admin_client, q, tab="custom-events") == set(), q
    assert len(found(admin_client, "jan.kowalski@example.com", tab="custom-events")) == 1


def test_product_codes_are_found_whole_and_by_their_parts(admin_client, make_entry):
    offer = make_entry("offers", message="Zmieniono stan", object_id="SKU-1234/XL")
    ended = make_entry("offers", message="Oferta PL-400123 zakończona", message_code="OFFER_ENDED")
    make_entry("offers", message="Zmieniono stan", object_id="SKU-5678/XL")
    assert found(admin_client, "SKU-1234/XL") == {offer.pk}
    assert found(admin_client, "sku-1234/xl") == {offer.pk}
    assert found(admin_client, "1234") == {offer.pk}
    assert found(admin_client, "PL-400123") == {ended.pk}
    assert found(admin_client, "400123") == {ended.pk}
    assert found(admin_client, "OFFER_ENDED") == {ended.pk}
    assert found(admin_client, "account-less") == set()


def test_the_account_is_searched(admin_client, make_entry):
    entry = make_entry("offers", message="Zmieniono cenę", account="sklep_u_gosi")
    make_entry("offers", message="Zmieniono cenę", account="hurtownia")
    assert found(admin_client, "sklep_u_gosi") == {entry.pk}
    assert found(admin_client, "gosi") == {entry.pk}


def test_the_whole_journal_is_searched_and_the_31_day_note_is_gone(admin_client, make_entry):
    old = make_entry("offers", message="Zwrot towaru zaksięgowany", occurred_at=timezone.now() - dt.timedelta(days=200))
    recent = make_entry("offers", message="Zwrot towaru przyjęty")
    assert found(admin_client, "zwrot towaru") == {old.pk, recent.pk}
    for query in ({"q": "zwrot", "group": "0"}, {"q": "zwrot"}):
        page = admin_client.get("/journal/offers/", query).text
        assert "looks through the last" not in page and "search further back" not in page
        results = admin_client.get("/journal/offers/", query, HTTP_HX_REQUEST="true").text  # the results alone
        assert "bi-clock-history" not in results


def test_search_with_severity_pages_by_keyset_without_repeating(admin_client, make_entry, settings):
    settings.JOURNAL_PAGE_SIZE = 3
    now = timezone.now()
    wanted = {
        make_entry(
            "sms", severity="error", message=f"Bramka odrzuciła SMS {i}", occurred_at=now - dt.timedelta(minutes=i)
        )
        for i in range(8)
    }
    for i in range(4):
        make_entry("sms", severity="info", message=f"Bramka odrzuciła SMS {i}")
        make_entry("sms", severity="error", message=f"Inny błąd {i}")
    seen: list[int] = []
    url = "/journal/sms/?severity=error&q=bramka+odrzucila"
    pages = 0
    while url:
        response = admin_client.get(url)
        assert response.status_code == 200
        seen += [int(pk) for pk in re.findall(r'href="/journal/sms/(\d+)/"', response.text)]
        older = re.search(r'href="(\?[^"]*older=[^"]+)"', response.text)
        url = "/journal/sms/" + older.group(1).replace("&amp;", "&") if older else None
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 8
    assert set(seen) == {e.pk for e in wanted}
    assert seen == [e.pk for e in sorted(wanted, key=lambda e: e.occurred_at, reverse=True)]  # newest first


HOSTILE = [
    "a & b",
    "'",
    "\\",
    "!x",
    "x:*",
    "<->",
    "a <-> b",
    "'a' | 'b'",
    "x:*D",
    "(a",
    "a)",
    "!!",
    "&",
    "|",
    ":*",
    "\\'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_a_200_or_the_forms_400(admin_client, make_entry, text):
    make_entry("offers", message="a & b: x")
    response = admin_client.get("/journal/offers/", {"q": text, "group": "0"})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert NO_WORD in response.text
    grouped = admin_client.get("/journal/offers/", {"q": text})
    assert grouped.status_code == response.status_code


def test_text_with_no_word_is_an_error_on_the_form(admin_client, make_entry):
    make_entry("offers", message="!!! ???")
    # `<b>` is a tag and `²` no digit to PostgreSQL's parser: no word to search for either.
    for text in ("!!!", "&|!", "'", "<->", "___", "-/-", "²", "<b>", "<b> ²"):
        response = admin_client.get("/journal/offers/", {"q": text, "group": "0"})
        assert response.status_code == 400, text
        assert NO_WORD in response.text


@pytest.fixture
def reader(db) -> Client:
    _key, raw = keys.issue("reader", ["ceneo"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_searches_the_same_way(reader, make_entry):
    entry = make_entry("ceneo", message="Zamówienie 77 odrzucone przez Ceneo")
    make_entry("ceneo", message="Inny komunikat")
    body = reader.get("/api/v1/entries", {"tab": "ceneo", "q": "zamowienie 77"}).json()
    assert [e["id"] for e in body["entries"]] == [entry.pk]
    for text in HOSTILE:
        assert reader.get("/api/v1/entries", {"tab": "ceneo", "q": text}).status_code in (200, 400), text
    refused = reader.get("/api/v1/entries", {"tab": "ceneo", "q": "!!!"})
    assert refused.status_code == 400
    assert {"field": "q"}.items() <= refused.json()["errors"][0].items()


def test_the_query_uses_the_search_index_for_a_rare_word(make_entry):
    """The query's expression is the index's (migration 0012): else the planner could not use it."""
    now = timezone.now()
    writer.record_many(
        {
            "tab": "offers",
            "event_type": "stock_check",
            "severity": "info",
            "message": f"Stan zsynchronizowany {i}",
            "occurred_at": now - dt.timedelta(seconds=i),
        }
        for i in range(3000)
    )
    make_entry("offers", message="Kurier zgubił paczkę")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eventlog_entry")
    tab = tabs.get("offers")
    filters = filterset_for(tab)({"q": "zgubił"}, queryset=journal.tab_entries(tab))
    assert filters.is_valid()
    plan = filters.qs.order_by("-occurred_at", "-id")[:50].explain()
    with connection.cursor() as cursor:  # the index of the parent is one index on each partition
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [search.INDEX],
        )
        on_partitions = {name for (name,) in cursor.fetchall()}
    assert on_partitions
    assert any(f"Index Scan on {name}" in plan for name in on_partitions), plan


@pytest.fixture
def windows(monkeypatch):
    """Small search windows (search.first_matches), so that a few hundred entries cross several."""
    monkeypatch.setattr(search, "PROBE_ENTRIES", 8)
    monkeypatch.setattr(search, "MAX_WINDOW", 32)
    monkeypatch.setattr(search, "SPARSE", 4)


def every_page(client: Client, url: str, direction: str) -> list[tuple[str, list[int]]]:
    """(address, ids shown) of each page of a tab's list, following its `older` or `newer` links to the end."""
    tab = url.split("/")[2]
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append((url, [int(pk) for pk in re.findall(rf'href="/journal/{tab}/(\d+)/"', response.text)]))
        link = re.search(rf'href="(\?[^"]*{direction}=[^"]+)"', response.text)
        url = f"/journal/{tab}/" + link.group(1).replace("&amp;", "&") if link else None
    return pages


def message(i: int, severity: str) -> str:
    if severity == "error":
        return f"Awaria bramki {i}"
    if severity == "warning":
        return f"Kurier odebrał {i}"
    return f"Awaria bramki {i}" if i % 3 == 0 else f"Kurier odebrał {i}"


@pytest.mark.parametrize(
    "query",
    [
        {"q": "awaria"},  # in one entry of three, all along
        {"q": "awaria", "severity": "error"},  # the errors are the oldest entries
        {"q": "kurier", "severity": "warning"},  # the warnings are a burst in the middle
        {"q": "kurier", "severity": "error"},  # no error has it
        {"q": "awaria kurier"},  # the phrase is in none
    ],
)
def test_a_search_pages_exactly_like_the_plain_query_whatever_the_overlap(admin_client, settings, windows, query):
    """However the text and the other filters overlap (dense, sparse, old, none), every page of the
    list is what ORDER BY time, id with LIMIT gives, older and newer: each match once, in order."""
    settings.JOURNAL_PAGE_SIZE = 7
    now = timezone.now()
    rows = []
    for i in range(240):
        severity = "error" if i >= 200 and i % 2 else "warning" if 100 <= i < 110 else "info"
        rows.append(
            {
                "tab": "sms",
                "event_type": next(iter(tabs.get("sms").event_types)),
                "severity": severity,
                "message": message(i, severity),
                "occurred_at": now - dt.timedelta(minutes=i),
            }
        )
    writer.record_many(rows)
    tab = tabs.get("sms")
    filters = filterset_for(tab)(query, queryset=journal.tab_entries(tab))
    assert filters.is_valid()
    expected = list(filters.qs.order_by("-occurred_at", "-id").values_list("pk", flat=True))
    url = "/journal/sms/?" + "&".join(f"{k}={v.replace(' ', '+')}" for k, v in {"group": "0", **query}.items())
    pages = every_page(admin_client, url, "older")
    assert [pk for _url, page in pages for pk in page] == expected
    assert all(len(page) == 7 for _url, page in pages[:-1])
    back = every_page(admin_client, pages[-1][0], "newer")
    assert [page for _url, page in back] == [page for _url, page in reversed(pages)]


def test_a_common_word_with_a_filter_it_never_meets_is_collected_before_it_is_ordered(windows, make_entry):
    """The query behind a sparse window (search.first_matches) cannot walk the filter's index in time
    order, finding nothing for the whole tab: PostgreSQL collects the matches by the indexes (the
    search's ANDed with the severity's, or the severity's alone when the errors are few) and only then
    orders them."""
    now = timezone.now()
    writer.record_many(
        {
            "tab": "offers",
            "event_type": "stock_check",
            "severity": "error" if i % 10 == 0 else "info",
            "message": "Błąd bramki" if i % 10 == 0 else f"Oferta wystawiona {i}",
            "occurred_at": now - dt.timedelta(seconds=i),
        }
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eventlog_entry")
    tab = tabs.get("offers")
    filters = filterset_for(tab)({"q": "oferta", "severity": "error"}, queryset=journal.tab_entries(tab))
    assert filters.is_valid()
    with CaptureQueriesContext(connection) as queries:
        page = paginate(filters.qs, size=50, search_scope=filters.search_scope)
    assert page.rows == []
    last = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {last}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Sort Key: ((eventlog_entry.occurred_at + '00:00:00'::interval)) DESC" in plan, plan
    assert "Merge Append" not in plan, plan  # the time-ordered walk of every partition's index


#: Run by `manage.py shell` on a SQLite journal: what the offers list shows for each search.
SQLITE_LISTS = """
import json, re
from django.contrib.auth import get_user_model
from django.test import Client
from eventlog import writer
messages = {}
for message in ("Zamówienie 1001 przyjęte", "ZAMÓWIENIE 1002 ANULOWANE", "Wysyłka z Łodzi", "Cena zmieniona"):
    messages[writer.record(tab="offers", severity="info", event_type="price_change", message=message).pk] = message
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.create_superuser("reader", password="x-reader-only"))
shown = {}
for q in ("zamowienie", "ZAMÓWIENIE 1002", "łodzi", "lodzi"):
    page = client.get("/journal/offers/", {"q": q, "group": "0"})
    ids = {int(pk) for pk in re.findall(r'href="/journal/offers/(\\d+)/"', page.text)}
    shown[q] = [page.status_code, sorted(messages[pk] for pk in ids)]
print(json.dumps(shown))
"""


def test_make_runs_sqlite_journal_finds_words_whatever_their_case_and_diacritics(tmp_path):
    """`make run` keeps the journal in SQLite, where LIKE folds ASCII case only: the search folds both
    sides itself (search.fold), so `zamowienie` finds `ZAMÓWIENIE` there too."""
    environment = {
        "PATH": os.environ["PATH"], "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "1",
        "SECRET_KEY": "tests-only-sqlite-0123456789abcdef",
    }  # fmt: skip
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=environment, cwd=settings.BASE_DIR, check=True, timeout=300)
    run = subprocess.run(
        [*manage, "shell", "-v0", "-c", SQLITE_LISTS], env=environment, cwd=settings.BASE_DIR,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {
        "zamowienie": [200, ["ZAMÓWIENIE 1002 ANULOWANE", "Zamówienie 1001 przyjęte"]],
        "ZAMÓWIENIE 1002": [200, ["ZAMÓWIENIE 1002 ANULOWANE"]],
        "łodzi": [200, ["Wysyłka z Łodzi"]],
        "lodzi": [200, ["Wysyłka z Łodzi"]],
    }
