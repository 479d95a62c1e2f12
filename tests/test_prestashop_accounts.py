"""PrestaShop accounts and their Connection section (issue 10 §1.1), against the stand-in
PrestaShop webservice over real HTTP: adding an account runs the connection test, the first
successful login queues the analysis, every cause of a failed test is named, the key is never
shown again, and Support reads but cannot change."""

from __future__ import annotations

import socket
from html import unescape

import pytest

from eventlog.models import Entry, Run
from integrations.erp.models import Product
from integrations.prestashop import codes
from integrations.prestashop.models import Account, Offer, SettingsTemplate
from integrations.prestashop.standin import StandIn

KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA987654"


@pytest.fixture
def shop(settings, db):
    settings.PRESTASHOP_TIMEOUT_SECONDS = 5.0
    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=5, orders=3, key=KEY) as standin:
        yield standin


def records(account: Account) -> list[tuple[str, str, str]]:
    rows = Entry.objects.filter(tab="prestashop", account=account.label).order_by("id")
    return list(rows.values_list("event_type", "severity", "message_code"))


def add(client, url: str, key: str = KEY, **extra):
    return client.post("/prestashop/add/", {"url": url, "key": key, **extra}, follow=True)


def test_adding_an_account_tests_the_connection_and_the_first_login_queues_the_analysis(shop, admin_client):
    page = add(admin_client, shop.url)

    account = Account.objects.get()
    assert page.status_code == 200 and page.redirect_chain[-1][0] == f"/prestashop/{account.pk}/"
    assert "The connection is correct (PrestaShop 8.1.7)" in page.text
    assert (account.connected, account.version, account.key) == (True, "8.1.7", KEY)
    assert account.first_connected_at is not None and account.created_by.username == "alice"
    # The first login queued the analysis; the page says so, naming its run.
    ok = Entry.objects.get(tab="prestashop", message_code="PS_CONNECTION_OK_FIRST")
    run = Run.objects.get(pk=ok.run_id)
    assert run.status == "queued" and run.created_by.username == "alice"
    assert f"run #{run.pk} analyses the orders and products" in page.text
    assert f"Analysis of orders and products: run #{run.pk}" in page.text and ">Queued</a>" in page.text
    assert records(account) == [
        ("connection", "info", "PS_ACCOUNT_ADDED"),
        ("connection", "success", "PS_CONNECTION_OK_FIRST"),
    ]
    assert (ok.actor, ok.initiator, ok.service, ok.account) == ("alice", "manual", "prestashop", account.label)
    # The section's activity log shows both.
    assert page.text.count("PrestaShop 8.1.7") >= 2 and f"Account {shop.url} added." in page.text

    # A later successful test queues no second analysis.
    again = admin_client.post(f"/prestashop/{account.pk}/", {"test": "1"}, follow=True)
    assert "The connection is correct (PrestaShop 8.1.7)." in again.text
    assert Run.objects.count() == 1
    assert records(account)[-1] == ("connection", "success", "PS_CONNECTION_OK")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("case", "code", "cause"),
    [
        ("http", "PS_NOT_HTTPS", "the shop's address must start with https://"),
        ("old", "PS_TOO_OLD", "the module needs PrestaShop 8.0 or newer, so the shop must be updated"),
        ("bad_key", "PS_AUTH_FAILED", "401 Unauthorized"),
        ("html", "PS_NOT_PRESTASHOP", "is not a PrestaShop webservice"),
        ("closed", "PS_UNREACHABLE", "no connection to 127.0.0.1"),
        ("slow", "PS_TIMED_OUT", "did not answer within"),
        ("off", "PS_WEBSERVICE_OFF", "the shop's webservice is switched off"),
    ],
)
def test_a_failed_connection_test_names_its_cause_and_keeps_the_account(
    shop, admin_client, settings, case, code, cause
):
    url, key = shop.url, KEY
    if case == "http":
        url = "http://sklep.example.pl"
    elif case == "old":
        shop.version = "1.7.8.9"
    elif case == "bad_key":
        key = OTHER_KEY
    elif case == "html":
        shop.html = True
    elif case == "closed":
        url = f"http://127.0.0.1:{_closed_port()}"
    elif case == "slow":
        settings.PRESTASHOP_TIMEOUT_SECONDS = 0.2
        shop.slow(1.0)
    elif case == "off":
        shop.enabled = False

    page = add(admin_client, url, key)
    shop.slow(0)

    assert page.status_code == 200
    assert "The integration data is incorrect. API error: " in page.text
    assert cause in unescape(page.text)
    account = Account.objects.get()  # saved all the same, so it can be fixed
    assert (account.url, account.connected, account.first_connected_at) == (url, False, None)
    assert account.checked_at is not None
    assert records(account) == [("connection", "info", "PS_ACCOUNT_ADDED"), ("connection", "error", code)]
    assert not Run.objects.exists()  # no analysis without a login
    entry = Entry.objects.get(message_code=code)
    assert entry.text.startswith("The integration data is incorrect. API error: ")
    # The explanation of the code exists in the knowledge base (both languages), linked from the entry.
    detail = admin_client.get(entry.get_absolute_url())
    assert detail.status_code == 200
    titles = {d["code"]: d["title_en"] for d in codes.DEFAULTS}
    assert titles[code] in unescape(detail.text)


def test_a_fixed_key_connects_and_an_empty_key_field_keeps_the_saved_key(shop, admin_client):
    add(admin_client, shop.url, OTHER_KEY)
    account = Account.objects.get()
    assert not account.connected

    page = admin_client.post(f"/prestashop/{account.pk}/", {"url": shop.url, "key": KEY}, follow=True)
    account.refresh_from_db()
    assert account.connected and account.key == KEY and account.first_connected_at is not None
    assert "The connection is correct" in page.text
    assert records(account)[-2:] == [
        ("connection", "info", "PS_CONNECTION_SAVED_KEY"),
        ("connection", "success", "PS_CONNECTION_OK_FIRST"),
    ]

    page = admin_client.post(f"/prestashop/{account.pk}/", {"url": shop.url + "/", "key": ""}, follow=True)
    account.refresh_from_db()
    assert (account.key, account.url) == (KEY, shop.url)  # kept; the trailing slash dropped
    assert records(account)[-2:] == [
        ("connection", "info", "PS_CONNECTION_SAVED"),
        ("connection", "success", "PS_CONNECTION_OK"),
    ]


def test_bad_input_is_a_form_error_and_nothing_is_saved(shop, admin_client):
    page = admin_client.post("/prestashop/add/", {"url": "not an address", "key": "short"})
    assert page.status_code == 400
    assert "Enter a valid URL." in page.text
    assert "A webservice key is 32 letters and digits; this one has 5 characters." in page.text
    assert admin_client.post("/prestashop/add/", {"url": shop.url, "key": ""}).status_code == 400
    ftp = admin_client.post("/prestashop/add/", {"url": "ftp://sklep.example.pl", "key": KEY})
    assert ftp.status_code == 400 and "The address must start with https://." in ftp.text
    assert not Account.objects.exists() and not Entry.objects.filter(tab="prestashop").exists()


def test_a_shop_has_one_account(shop, admin_client):
    # The journal names an account by its shop's host: a second account of the same shop would
    # share (and mix up) its activity logs.
    add(admin_client, shop.url)
    again = admin_client.post("/prestashop/add/", {"url": shop.url + "/", "key": KEY})
    host = shop.url.split("//")[1]
    assert again.status_code == 400 and f"An account for the shop {host} exists already." in again.text
    assert Account.objects.count() == 1


def test_the_key_never_appears_in_any_page(shop, admin_client, support_client):
    add(admin_client, shop.url)
    account = Account.objects.get()
    pages = [
        "/prestashop/",
        f"/prestashop/{account.pk}/",
        f"/prestashop/{account.pk}/mapping/",
        f"/prestashop/{account.pk}/orders/",
        f"/prestashop/{account.pk}/product-fields/",
        f"/prestashop/{account.pk}/templates/",
        f"/prestashop/{account.pk}/templates/add/",
        "/journal/prestashop/",
        *(entry.get_absolute_url() for entry in Entry.objects.filter(tab="prestashop")),
    ]
    for url in pages:
        for client in (admin_client, support_client):
            page = client.get(url)
            if page.status_code == 403:
                continue
            assert page.status_code == 200, url
            assert KEY not in page.text, url
    connection = admin_client.get(f"/prestashop/{account.pk}/")
    assert "…2345" in connection.text  # only its hint
    assert 'name="key"' in connection.text and 'value="' + KEY not in connection.text
    # Nor in the database as stored.
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT key FROM prestashop_account")
        [(stored,)] = cursor.fetchall()
    assert KEY not in stored


def test_the_account_list_shows_each_account_with_its_state(shop, admin_client, support_client):
    add(admin_client, shop.url)
    add(admin_client, "http://sklep.example.pl")
    page = support_client.get("/prestashop/")
    assert page.status_code == 200
    assert shop.url in page.text and "http://sklep.example.pl" in page.text
    assert ">Connected<" in page.text and ">Not connected<" in page.text and "8.1.7" in page.text
    assert "Add account" not in page.text  # Support reads only
    assert "Add account" in admin_client.get("/prestashop/").text


def test_support_reads_but_cannot_change(shop, admin_client, support_client, charlie, client):
    add(admin_client, shop.url)
    account = Account.objects.get()
    before = Entry.objects.count()

    page = support_client.get(f"/prestashop/{account.pk}/")
    assert page.status_code == 200 and "Test connection" not in page.text and 'name="key"' not in page.text
    assert support_client.post(f"/prestashop/{account.pk}/", {"test": "1"}).status_code == 403
    assert support_client.post(f"/prestashop/{account.pk}/", {"url": shop.url, "key": OTHER_KEY}).status_code == 403
    assert support_client.get("/prestashop/add/").status_code == 403
    assert support_client.post("/prestashop/add/", {"url": shop.url, "key": KEY}).status_code == 403
    assert Entry.objects.count() == before and Account.objects.get().key == KEY

    client.force_login(charlie)  # no role at all
    assert client.get("/prestashop/").status_code == 403
    assert client.get(f"/prestashop/{account.pk}/").status_code == 403
    assert support_client.get("/prestashop/999999/").status_code == 404


def test_the_lists_take_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    from integrations.prestashop.models import SettingsTemplate

    accounts = [Account.objects.create(url=f"https://sklep{n}.example.pl", key=KEY) for n in range(5)]
    for n in range(5):
        SettingsTemplate.objects.create(account=accounts[0], name=f"T{n}", is_default=n == 0)
    with django_assert_max_num_queries(8):
        assert admin_client.get("/prestashop/").status_code == 200
    with django_assert_max_num_queries(12):
        assert admin_client.get(f"/prestashop/{accounts[0].pk}/templates/").status_code == 200


def test_a_shop_admin_deletes_an_account_and_its_records_stay(shop, admin_client, support_client):
    add(admin_client, shop.url)
    account = Account.objects.get()
    template = SettingsTemplate.objects.create(account=account, name="Standard", is_default=True)
    product = Product.objects.create(code="K-1", name="Kubek", price=10, content_hash="")
    Offer.objects.create(account=account, external_id=1, product=product, template=template)
    assert support_client.get(f"/prestashop/{account.pk}/delete/").status_code == 403
    assert support_client.post(f"/prestashop/{account.pk}/delete/").status_code == 403

    confirm = admin_client.get(f"/prestashop/{account.pk}/delete/")
    assert confirm.status_code == 200 and "links to products (1)" in confirm.text
    done = admin_client.post(f"/prestashop/{account.pk}/delete/", follow=True)

    assert done.redirect_chain[-1][0] == "/prestashop/"
    assert not Account.objects.exists() and not Offer.objects.exists()
    assert Product.objects.filter(pk=product.pk).exists()  # the local catalogue stays
    deleted = Entry.objects.get(message_code="PS_ACCOUNT_DELETED")
    assert deleted.account == account.label and deleted.actor == "alice"
    assert Entry.objects.filter(tab="prestashop", account=account.label).count() > 1  # its history stays
