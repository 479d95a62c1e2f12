import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eventlog import tabs, writer

ALL_TABS = [t.slug for t in tabs.all_tabs()]
EXPECTED_TABS = [
    "erp-sync", "offers", "email", "bulk-mailing", "sms", "appearance",
    "ceneo", "amazon", "tiktok-shop", "baselinker", "prestashop", "custom-events",
]  # fmt: skip


def test_every_tab_of_the_design_is_declared():
    assert sorted(ALL_TABS) == sorted(EXPECTED_TABS)


@pytest.mark.parametrize("slug", EXPECTED_TABS)
def test_list_and_detail_render_with_data(admin_client, make_entry, slug):
    entry = make_entry(slug, message=f"Zdarzenie w zakładce {slug}", object_id="OBJ-1", data={"added": 3})
    response = admin_client.get(f"/journal/{slug}/")
    assert response.status_code == 200
    assert f"Zdarzenie w zakładce {slug}" in response.text or "OBJ-1" in response.text
    assert f"/journal/{slug}/{entry.pk}/" in response.text
    for column in tabs.get(slug).columns:
        assert str(column.label) in response.text

    detail = admin_client.get(f"/journal/{slug}/{entry.pk}/")
    assert detail.status_code == 200
    assert f"Zdarzenie w zakładce {slug}" in detail.text
    assert "OBJ-1" in detail.text


def test_detail_of_a_record_from_another_tab_is_404(admin_client, make_entry):
    entry = make_entry("sms")
    assert admin_client.get(f"/journal/offers/{entry.pk}/").status_code == 404
    assert admin_client.get("/journal/no-such-tab/").status_code == 404


def test_detail_shows_data_fields_and_its_run(admin_client, make_entry):
    from eventlog.models import Run

    run = Run.objects.create(kind="erp_import", tab="erp-sync", status="succeeded", summary="1200 pozycji")
    entry = make_entry(
        "erp-sync", event_type="product_problem", message="Produkt bez kategorii", run=run,
        data={"code": "K-100", "dimensions": {"width": 12}},
    )  # fmt: skip
    make_entry("erp-sync", event_type="import", message="Import z ERP zakończony", run=run)
    response = admin_client.get(f"/journal/erp-sync/{entry.pk}/")
    assert "K-100" in response.text
    assert "dimensions.width" in response.text
    assert f"/journal/runs/{run.pk}/" in response.text
    assert "Import z ERP zakończony" in response.text  # the run's event register
    run_page = admin_client.get(f"/journal/runs/{run.pk}/")
    assert run_page.status_code == 200
    assert "Produkt bez kategorii" in run_page.text and "1200 pozycji" in run_page.text


def listed_ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/journal/[\w-]+/(\d+)/"', response.text)}


FILTER_CASES = [
    ("severity=error", {"severity": "error"}, {"severity": "info"}),
    ("event_type=stock_check", {"event_type": "stock_check"}, {"event_type": "price_change"}),
    ("account=sklep_u_gosi", {"account": "sklep_u_gosi"}, {"account": "hurtownia"}),
    ("service=ebay", {"service": "ebay"}, {"service": "allegro"}),
    ("object_id=98765", {"object_id": "98765"}, {"object_id": "11111"}),
    ("initiator=manual", {"initiator": "manual"}, {"initiator": "automatic"}),
    ("q=zakończona", {"message": "Oferta zakończona przez sprzedawcę"}, {"message": "Cena zmieniona"}),
    ("q=98765", {"object_id": "98765"}, {"object_id": "11111"}),
]


@pytest.mark.parametrize(("query", "match", "other"), FILTER_CASES, ids=[c[0] for c in FILTER_CASES])
def test_each_filter_narrows_the_list(admin_client, make_entry, query, match, other):
    wanted = make_entry("offers", **match)
    unwanted = make_entry("offers", **other)
    response = admin_client.get(f"/journal/offers/?{query}&group=0")
    assert response.status_code == 200
    ids = listed_ids(response)
    assert wanted.pk in ids
    assert unwanted.pk not in ids


def test_date_range_filter(admin_client, make_entry):
    now = timezone.localtime()
    today = make_entry("sms", occurred_at=now)
    last_week = make_entry("sms", occurred_at=now - dt.timedelta(days=7))
    day = (now - dt.timedelta(days=7)).date().isoformat()
    ids = listed_ids(admin_client.get(f"/journal/sms/?date_from={day}&date_to={day}"))
    assert ids == {last_week.pk}
    ids = listed_ids(admin_client.get(f"/journal/sms/?date_from={now.date().isoformat()}"))
    assert today.pk in ids and last_week.pk not in ids


def test_tab_list_shows_only_its_tab(admin_client, make_entry):
    sms = make_entry("sms")
    offer = make_entry("offers")
    ids = listed_ids(admin_client.get("/journal/sms/"))
    assert sms.pk in ids and offer.pk not in ids


@pytest.mark.parametrize("query", ["severity=catastrophic", "date_from=yesterday", "event_type=unknown", "older=xyz"])
def test_bad_filter_is_an_error_not_everything(admin_client, make_entry, query):
    entry = make_entry("offers")
    response = admin_client.get(f"/journal/offers/?{query}")
    assert response.status_code == 400
    assert entry.pk not in listed_ids(response)


def test_keyset_pages_show_every_record_exactly_once(admin_client, settings):
    settings.JOURNAL_PAGE_SIZE = 7
    same_moment = timezone.now() - dt.timedelta(hours=1)
    rows = [{"tab": "sms", "message": f"SMS {i}", "occurred_at": same_moment} for i in range(10)]
    rows += [
        {"tab": "sms", "message": f"SMS {i}", "occurred_at": same_moment - dt.timedelta(seconds=i)} for i in range(15)
    ]
    ids = set(writer.record_many(rows))

    seen: list[int] = []
    url = "/journal/sms/"
    while url:
        response = admin_client.get(url)
        page = re.findall(r'href="/journal/sms/(\d+)/"', response.text)
        seen += [int(pk) for pk in page]
        older = re.search(r'href="(\?[^"]*older=[^"]+)"', response.text)
        url = "/journal/sms/" + older.group(1).replace("&amp;", "&") if older else None
    assert len(seen) == len(ids) == len(set(seen))
    assert set(seen) == ids

    # …and back again with "newer" from the last page.
    last = admin_client.get("/journal/sms/?older=" + re.search(r"older=([\d_]+)", response.text).group(1))
    assert last.status_code == 200


def test_jump_to_a_date(admin_client, make_entry):
    now = timezone.localtime()
    old = make_entry("sms", occurred_at=now - dt.timedelta(days=10))
    new = make_entry("sms", occurred_at=now)
    ids = listed_ids(admin_client.get(f"/journal/sms/?at={(now - dt.timedelta(days=9)).date().isoformat()}"))
    assert old.pk in ids and new.pk not in ids


def test_grouping_collapses_same_message_about_same_object(admin_client, make_entry):
    now = timezone.now()
    for minutes in (50, 40, 30):
        make_entry("offers", object_id="555", message="Brak towaru", occurred_at=now - dt.timedelta(minutes=minutes))
    single = make_entry("offers", object_id="777", message="Brak towaru", occurred_at=now - dt.timedelta(minutes=5))

    grouped = admin_client.get("/journal/offers/")  # on by default in the offers tab
    assert "×3" in grouped.text
    assert len(listed_ids(grouped)) == 2
    assert single.pk in listed_ids(grouped)

    plain = admin_client.get("/journal/offers/?group=0")
    assert len(listed_ids(plain)) == 4
    # A single object's timeline shows the whole history.
    timeline = admin_client.get("/journal/offers/?object_id=555")
    assert len(listed_ids(timeline)) == 3


@pytest.mark.parametrize("slug", EXPECTED_TABS)
def test_list_never_counts_the_journal_and_makes_no_query_per_row(admin_client, make_entry, slug):
    for i in range(30):
        make_entry(slug, object_id=str(i % 4), message=f"m {i % 3}")
    for query in ("", "?group=1", "?group=0&severity=info", "?q=m"):
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get(f"/journal/{slug}/{query}")
        assert response.status_code == 200
        journal_sql = [q["sql"] for q in ctx.captured_queries if "eventlog_entry" in q["sql"]]
        # A paginator's total is COUNT(*); the grouped view's per-group COUNT(id) is fine.
        assert not [sql for sql in journal_sql if "COUNT(*)" in sql.upper()], journal_sql
        # The page; grouped: the groups, their totals and their newest records.
        # A constant number, whatever the rows.
        assert len(journal_sql) <= 3, journal_sql


def test_empty_tab_says_what_to_do(admin_client):
    response = admin_client.get("/journal/prestashop/")
    assert "Nothing has been recorded in this tab yet" in response.text


def test_htmx_request_gets_only_the_results(admin_client, make_entry):
    make_entry("sms", message="Paczka czeka")
    response = admin_client.get("/journal/sms/", headers={"HX-Request": "true"})
    assert "Paczka czeka" in response.text
    assert "<html" not in response.text


def test_run_page_with_a_bad_page_link_is_an_error(admin_client, db):
    from eventlog.models import Run

    run = Run.objects.create(kind="erp_import", tab="erp-sync")
    assert admin_client.get(f"/journal/runs/{run.pk}/?older=garbage").status_code == 400
