import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eventlog import tabs, writer

ALL_TABS = [t.slug for t in tabs.all_tabs()]
EXPECTED_TABS = [
    "erp-sync", "offers", "email", "bulk-mailing", "sms", "appearance",
    "ceneo", "amazon", "tiktok-shop", "baselinker", "prestashop", "custom-events",
    "access",  # the panel's own: failed logins, lockouts, personal data shown
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
    if tabs.get(slug).has_personal:
        # A customer's contact stays masked on the entry page until a shop admin asks to see it.
        assert "OBJ-1" not in detail.text
        detail = admin_client.post(f"/journal/{slug}/{entry.pk}/reveal/")
    assert "OBJ-1" in detail.text


def test_detail_of_an_entry_from_another_tab_is_404(admin_client, make_entry):
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


def test_a_date_range_that_ends_before_it_starts_is_refused_under_its_label(admin_client, make_entry):
    entry = make_entry("sms")
    day = timezone.localdate()
    response = admin_client.get(f"/journal/sms/?date_from={day}&date_to={day - dt.timedelta(days=3)}")
    assert response.status_code == 400
    alert = response.text.split('class="alert alert-danger"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "<strong>To</strong>: The end date is before the start date." in alert
    assert "date_to" not in alert
    assert entry.pk not in listed_ids(response)


def test_a_bad_filter_value_is_named_by_its_label_in_the_readers_language(alice, make_entry):
    polish = Client(HTTP_ACCEPT_LANGUAGE="pl")
    polish.force_login(alice)
    response = polish.get("/journal/sms/?date_from=wczoraj")
    assert response.status_code == 400
    alert = response.text.split('class="alert alert-danger"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "<strong>Od</strong>:" in alert and "date_from" not in alert


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


def test_keyset_pages_show_every_entry_exactly_once(admin_client, settings):
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
        # The page; grouped: the groups, their totals and their newest entries; a search adds the
        # probe of its first window (search.first_matches). A constant number, whatever the rows.
        assert len(journal_sql) <= (4 if "q=" in query else 3), journal_sql


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


def row_of(response, pk: int) -> str:
    """The <tr> of entry `pk` in a list."""
    match = re.search(
        rf'<tr class="severity-row-\w+">(?:(?!</tr>).)*?href="/journal/[\w-]+/{pk}/".*?</tr>', response.text, re.S
    )
    assert match, f"entry {pk} not listed"
    return match.group(0)


def test_offers_list_shows_each_column_as_a_user_sees_it(admin_client, make_entry):
    long_message = "Oferta wystawiona ponownie po zmianie ceny " * 6
    entry = make_entry(
        "offers", severity="warning", event_type="price_change", message=long_message, object_id="98765",
        account="sklep_u_gosi", service="ebay",
    )  # fmt: skip
    bare = make_entry("offers", severity="error", event_type="offer_ended", message="Zakończona")
    response = admin_client.get("/journal/offers/?group=0")
    headers = re.findall(r"<th [^>]*>(.*?)</th>", response.text)
    assert headers == ["Date", "Event type", "Offer number", "Login", "Service", "Severity", "Message"]

    row = row_of(response, entry.pk)
    assert '<tr class="severity-row-warning">' in row
    assert f'<a href="/journal/offers/{entry.pk}/" class="text-nowrap">' in row  # the date opens the entry
    assert "Price change" in row
    assert '<a href="/journal/search/?q=98765" class="text-break">98765</a>' in row
    assert "sklep_u_gosi" in row and "eBay" in row  # a choice shows its label
    assert '<span class="visually-hidden">Warning</span>' in row  # the icon's name for screen readers
    shown = re.search(r'<span title="[^"]*">([^<]*)</span>', row).group(1)
    assert len(shown) == 160 and shown.endswith("…")  # the message cut at 160 characters, the title has it all
    # On a phone the other columns are hidden and shown under the message instead.
    assert 'class="d-md-table-cell d-none"' in row
    assert '<div class="d-md-none small text-body-secondary cell-stack">Price change · ' in row

    assert '<td class="d-md-table-cell d-none">—</td>' in row_of(response, bare.pk)  # empty cells say so


def test_grouped_row_shows_its_count_and_first_date(admin_client, make_entry):
    now = timezone.now()
    for minutes in (90, 60, 30):
        make_entry("offers", object_id="555", message="Brak towaru", occurred_at=now - dt.timedelta(minutes=minutes))
    response = admin_client.get("/journal/offers/")
    assert re.search(
        r'<span class="badge text-bg-secondary" title="3 entries, the first on [^"]+">×3</span>', response.text
    )
    assert "since" in response.text


def test_deletable_tab_has_a_checkbox_per_row_for_shop_admins_only(admin_client, support_client, make_entry):
    entry = make_entry("email", severity="error")
    page = admin_client.get("/journal/email/")
    assert (
        f'<input type="checkbox" name="ids" value="{entry.pk}" class="form-check-input" aria-label="Select">'
        in page.text
    )
    assert 'data-select-all hidden aria-label="Select all on this page"' in page.text
    assert 'name="ids"' not in support_client.get("/journal/email/").text


def test_only_entries_a_deletion_would_take_have_a_checkbox(admin_client, make_entry):
    failed = make_entry("email", severity="error")
    sent = make_entry("email", severity="success")  # e-mail keeps what was delivered
    page = admin_client.get("/journal/email/").text
    assert f'name="ids" value="{failed.pk}"' in page
    assert f'name="ids" value="{sent.pk}"' not in page


def test_each_tab_shows_its_declared_headers_in_order(admin_client, make_entry):
    for tab in tabs.all_tabs():
        make_entry(tab.slug)
        page = admin_client.get(f"/journal/{tab.slug}/?group=0")
        headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page.text)
        headers = [h for h in headers if "visually-hidden" not in h]
        assert headers == [str(c.label) for c in tab.columns], tab.slug


def test_a_filter_chip_removes_only_its_filter(admin_client, make_entry):
    make_entry("offers", severity="error", account="sklep_u_gosi", service="allegro")
    page = admin_client.get("/journal/offers/?severity=error&account=sklep_u_gosi&service=allegro&group=0")
    chips = dict(
        re.findall(r'<a class="badge[^"]*filter-chip" href="([^"]*)"[^>]*><span[^>]*>([^<]*):</span>', page.text)
    )
    assert set(chips.values()) == {"Severity", "Account", "Service"}
    without_severity = next(url for url, label in chips.items() if label == "Severity").replace("&amp;", "&")
    assert "severity" not in without_severity and "account=sklep_u_gosi" in without_severity
    after = admin_client.get("/journal/offers/" + without_severity)
    labels = re.findall(r'filter-chip" href="[^"]*"[^>]*><span[^>]*>([^<]*):</span>', after.text)
    assert sorted(labels) == ["Account", "Service"]
    assert "Service:</span> Allegro <i" in page.text  # a choice's chip shows its label
    # The filter form is open when a filter is set, folded otherwise (on a phone).
    assert 'class="collapse d-md-block show" id="filter-form"' in page.text
    assert 'class="collapse d-md-block" id="filter-form"' in admin_client.get("/journal/offers/").text


def test_a_bad_filter_value_has_a_chip_that_removes_it(admin_client):
    page = admin_client.get("/journal/offers/?severity=catastrophic&group=0")
    assert page.status_code == 400
    assert 'href="?group=0"' in page.text


def test_ordering_parameters_do_not_reorder_a_keyset_page(admin_client, make_entry):
    old = make_entry("sms", message="stary", occurred_at=timezone.now() - dt.timedelta(hours=2))
    new = make_entry("sms", message="nowy", occurred_at=timezone.now() - dt.timedelta(hours=1))
    page = admin_client.get("/journal/sms/?sort=occurred_at")
    assert page.status_code == 200
    assert page.text.index(f"/journal/sms/{new.pk}/") < page.text.index(f"/journal/sms/{old.pk}/")


def test_tab_list_query_count_baseline(admin_client, make_entry, django_assert_max_num_queries):
    for i in range(40):
        make_entry("offers", object_id=str(i % 7), message=f"m {i % 5}", account="sklep_u_gosi", service="allegro")
    # Session, user, its two kinds of permissions; then the page (plain), or one step of
    # the walk with its newest-of-group probe and the groups' totals (grouped). None per row.
    with django_assert_max_num_queries(5):
        assert admin_client.get("/journal/offers/?group=0").status_code == 200
    with django_assert_max_num_queries(7):
        assert admin_client.get("/journal/offers/?group=1").status_code == 200
