"""The PrestaShop client against the stand-in webservice, over real HTTP (PROTOCOLS.md §1).

Every cause a connection test names, the XML shapes (i18n fields, associations), paging,
filters with `date=1`, writes of stock, retries and the key kept out of logs and errors.
"""

from __future__ import annotations

import logging
import socket

import pytest
import requests
from django.utils import translation

from eventlog import messages
from integrations.prestashop import client as ps
from integrations.prestashop.standin import StandIn


@pytest.fixture
def fast_retries(settings):
    settings.PRESTASHOP_RETRIES = 2
    settings.PRESTASHOP_BACKOFF_SECONDS = 0.01
    return settings


@pytest.fixture
def shop(fast_retries):
    with StandIn(products=50, orders=20) as shop:
        yield shop


def connect(shop: StandIn, **kwargs) -> ps.Client:
    return ps.Client(shop.url, shop.key, **kwargs)


# The connection test and its causes ---------------------------------------------------


def test_check_returns_the_version_and_sends_the_key_as_basic_auth(shop):
    shop.version = "8.1.7"
    assert connect(shop).check() == "8.1.7"
    [request] = shop.requests
    assert (request.method, request.path) == ("GET", "/api/")
    assert "ws_key" not in request.query  # the key travels in the Authorization header only


def test_a_plain_http_address_is_refused_before_anything_is_sent(shop, settings):
    with pytest.raises(ps.NotHttps) as caught:
        ps.Client("http://sklep.example.pl", shop.key).check()
    assert "https://" in caught.value.reason.stored()
    settings.PRESTASHOP_ALLOW_HTTP_LOOPBACK = False
    with pytest.raises(ps.NotHttps):
        connect(shop).check()
    assert shop.requests == []


def test_no_connection_is_unreachable(fast_retries):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ps.Unreachable) as caught:
        ps.Client(f"http://127.0.0.1:{port}", "K" * 32).check()
    assert f"127.0.0.1:{port}" in caught.value.reason.stored()


def test_https_to_a_server_that_speaks_plain_http_names_the_tls_failure(shop):
    with pytest.raises(ps.TlsFailed) as caught:
        ps.Client(shop.url.replace("http://", "https://"), shop.key).check()
    reason = caught.value.reason
    with translation.override("en"):
        assert "secure connection (TLS)" in messages.text(reason.code, reason.params)


def test_an_answer_too_slow_is_a_timeout(shop, settings):
    settings.PRESTASHOP_RETRIES = 0
    shop.slow(1.0)
    with pytest.raises(ps.TimedOut) as caught:
        connect(shop, timeout=0.2).check()
    assert caught.value.reason.params["seconds"] == 0.2


def test_a_key_of_the_wrong_length_is_refused_without_sending_it(shop):
    with pytest.raises(ps.BadKey) as caught:
        ps.Client(shop.url, "too-short").check()
    assert caught.value.code == 18
    assert "32" in caught.value.reason.stored()
    with pytest.raises(ps.BadKey) as empty:
        ps.Client(shop.url, "").check()
    assert empty.value.code == 17
    assert shop.requests == []


def test_an_unknown_or_inactive_key_is_a_bad_key(shop):
    with pytest.raises(ps.BadKey) as caught:
        ps.Client(shop.url, "X" * 32).check()
    assert caught.value.code == 20
    assert "Authentification key is not active" in caught.value.reason.stored()  # PrestaShop's text, sic
    shop.inactive_keys.add(shop.key)
    with pytest.raises(ps.BadKey):
        connect(shop).check()


def test_the_stand_in_answers_401_as_prestashop_does(shop):
    """No credentials: WWW-Authenticate and plain text; a bad key: the envelope; never PSWS-Version."""
    bare = requests.get(shop.url + "/api/", timeout=5)
    assert bare.status_code == 401
    assert "PrestaShop Webservice" in bare.headers["WWW-Authenticate"]
    assert bare.text == "401 Unauthorized"
    short = requests.get(shop.url + "/api/", params={"ws_key": "abc"}, timeout=5)
    assert short.status_code == 401 and "<code><![CDATA[18]]></code>" in short.text
    for answer in (bare, short):
        assert "PSWS-Version" not in answer.headers
    by_query = requests.get(shop.url + "/api/", params={"ws_key": shop.key}, timeout=5)
    assert by_query.status_code == 200 and by_query.headers["PSWS-Version"] == shop.version


def test_a_site_that_is_not_prestashop(shop):
    shop.html = True  # a 200 HTML page for everything
    with pytest.raises(ps.NotPrestaShop) as caught:
        connect(shop).check()
    assert caught.value.status == 200
    shop.html = False
    with pytest.raises(ps.NotPrestaShop) as missing:  # /shop/api/ is a 404 HTML page
        ps.Client(shop.url + "/shop", shop.key).check()
    assert missing.value.status == 404
    assert "/shop/api/" in missing.value.reason.stored()


def test_webservice_switched_off_is_said_so_and_not_asked_again(shop):
    shop.enabled = False
    api = connect(shop)
    with pytest.raises(ps.WebserviceOff) as caught:
        api.check()
    assert "Webservice" in caught.value.reason.stored()
    assert len(shop.requests) == 1 and api.requests_made == 1


def test_prestashop_older_than_8_is_too_old(shop):
    shop.version = "1.7.8.9"
    with pytest.raises(ps.TooOld) as caught:
        connect(shop).check()
    assert caught.value.version == "1.7.8.9"
    said = caught.value.reason.stored()
    assert "1.7.8.9" in said and "8.0" in said
    shop.version = "8.0.0"
    assert connect(shop).check() == "8.0.0"


# Reading ------------------------------------------------------------------------------


def test_objects_are_read_from_xml_with_i18n_fields_and_associations(shop):
    api = connect(shop)
    product = api.get("products", 6)
    assert product is not None
    assert product["id"] == "6" and product["reference"] == "PS-00006"
    assert product["name"] == {"1": "Plakat 6", "2": "Poster 6"}
    assert ps.text(product["name"], "2") == "Poster 6" and ps.text(product["name"]) == "Plakat 6"
    combinations = product["associations"]["combinations"]
    assert [c["id"] for c in combinations] == [
        c["id"] for c in shop.data["products"][6]["associations"]["combinations"]
    ]
    assert len(combinations) >= 2
    assert product["isbn"] == ""  # an empty field stays, empty (JSON would drop it)
    combination = api.get("combinations", combinations[0]["id"])
    assert combination is not None and combination["id_product"] == "6"
    assert api.get("products", 9999) is None  # 404 with an empty body


def test_lists_show_ids_by_default_and_the_fields_asked_for(shop):
    api = connect(shop)
    assert api.list("products", display=None, limit=3) == [{"id": "1"}, {"id": "2"}, {"id": "3"}]
    assert api.list("products", display=["id", "ean13"], limit=(16, 2)) == [
        {"id": "17", "ean13": ""},  # every 17th product has no EAN
        {"id": "18", "ean13": shop.data["products"][18]["ean13"]},
    ]


def test_iterate_pages_until_a_short_page(shop):
    api = connect(shop)
    ids = [p["id"] for p in api.iterate("products", page_size=7, display=["id"], sort="[id_ASC]")]
    assert ids == [str(i) for i in range(1, 51)]
    limits = [r.query["limit"] for r in shop.requests]
    assert limits == [f"{offset},7" for offset in range(0, 50, 7)]  # 8 pages, the last one short


def test_filters_and_date_filters(shop):
    api = connect(shop)
    assert [p["id"] for p in api.list("products", display=["id"], filters={"id": "[3|5|8]"})] == ["3", "5", "8"]
    assert [p["id"] for p in api.list("products", display=["id"], filters={"id": "[10,12]"})] == ["10", "11", "12"]
    assert [p["id"] for p in api.list("products", display=["id"], filters={"id": ">[48]"})] == ["49", "50"]
    assert api.list("products", display=["id"], filters={"reference": "[ps-00007]"}) == [{"id": "7"}]
    orders = shop.data["orders"].values()
    start, end = "2026-01-02 00:00:00", "2026-01-04 23:59:59"
    expected = sorted((o["date_upd"], o["id"]) for o in orders if start <= o["date_upd"] <= end)
    found = api.list(
        "orders",
        display=["id", "date_upd"],
        filters={"date_upd": f"[{start},{end}]"},
        sort="[date_upd_ASC,id_ASC]",
        date=True,
    )
    assert [(o["date_upd"], o["id"]) for o in found] == expected and expected
    assert shop.requests[-1].query["date"] == "1"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"filters": {"date_upd": "[2026-01-01 00:00:00,2026-02-01 00:00:00]"}}, 400, 32),  # without date=1
        ({"sort": "[date_upd_ASC]"}, 400, 38),
        ({"sort": "date_upd"}, 400, 37),
        ({"display": ["id", "colour"]}, 400, 35),
        ({"display": "id,name"}, 400, 36),
        ({"filters": {"colour": "[red]"}}, 400, 32),
        ({"filters": {"quantity": "[1]"}}, 400, 34),
        ({"limit": "1,2,3"}, 400, 39),
    ],
)
def test_list_errors_carry_prestashops_codes(shop, kwargs, status, code):
    with pytest.raises(ps.ApiError) as caught:
        connect(shop).list("products", **kwargs)
    assert caught.value.status == status
    assert caught.value.codes == [code]
    assert f"HTTP {status}" in caught.value.reason.stored()


# Writing stock ------------------------------------------------------------------------


def test_put_replaces_the_stock_row_by_the_id_in_the_body(shop):
    api = connect(shop)
    [row] = api.list("stock_availables", filters={"id_product": "[5]", "id_product_attribute": "[0]"})
    saved = api.put("stock_availables", {**row, "quantity": "42"})
    assert saved["quantity"] == "42" and saved["id"] == row["id"]
    assert shop.stock(5)["quantity"] == "42"
    assert api.get("products", 5)["quantity"] == "42"  # PrestaShop recomputes the product's quantity
    patched = api.patch("stock_availables", {"id": row["id"], "quantity": "7"})
    assert patched["quantity"] == "7" and patched["out_of_stock"] == "2"  # the rest kept


def test_stock_write_errors(shop):
    api = connect(shop)
    with pytest.raises(ps.ApiError) as missing:  # a PUT without the required fields
        api.put("stock_availables", {"id": "1", "quantity": "3"})
    assert (missing.value.status, missing.value.codes) == (400, [41])
    with pytest.raises(ps.ApiError) as unknown:
        api.put("stock_availables", {**shop.stock(1), "id": "99999"})
    assert (unknown.value.status, unknown.value.codes) == (404, [92])
    body = ps.to_xml("stock_availables", {"quantity": "1"})
    auth = (shop.key, "")
    no_id = requests.put(shop.url + "/api/stock_availables", data=body, auth=auth, timeout=5)
    assert no_id.status_code == 400 and "<![CDATA[90]]>" in no_id.text
    post = requests.post(shop.url + "/api/stock_availables", data=body, auth=auth, timeout=5)
    assert post.status_code == 405 and "<![CDATA[101]]>" in post.text


def test_json_output_has_its_quirks_behind_the_switch(shop):
    auth = (shop.key, "")
    empty = requests.get(
        shop.url + "/api/products", params={"output_format": "JSON", "filter[id]": "[9999]"}, auth=auth, timeout=5
    )
    assert empty.json() == []  # not {"products": []}
    one = requests.get(shop.url + "/api/products/17", headers={"Output-Format": "JSON"}, auth=auth, timeout=5)
    product = one.json()["product"]
    assert product["id"] == 17 and "ean13" not in product and "isbn" not in product  # "" fields dropped
    assert product["name"] == [{"id": "1", "value": "Koszulka 17"}, {"id": "2", "value": "T-shirt 17"}]
    shop.json_quirks = False
    empty = requests.get(
        shop.url + "/api/products", params={"output_format": "JSON", "filter[id]": "[9999]"}, auth=auth, timeout=5
    )
    assert empty.json() == {"products": []}


# Retries and the key -------------------------------------------------------------------


def test_a_proxy_503_is_retried_then_succeeds(shop):
    api = connect(shop)
    shop.fail_next(503, times=2)
    assert api.check() == shop.version
    assert len(shop.requests) == 3 and api.requests_made == 3


def test_retries_give_up_with_a_server_error(shop):
    api = connect(shop)
    shop.fail_next(502, times=5)
    with pytest.raises(ps.ServerError) as caught:
        api.list("products")
    assert caught.value.status == 502
    assert len(shop.requests) == 3 and api.requests_made == 3  # once and PRESTASHOP_RETRIES=2 more


def test_the_key_is_in_no_log_line_and_no_error(shop, caplog):
    caplog.set_level(logging.DEBUG)
    texts = []
    api = connect(shop)
    api.check()
    shop.fail_next(503, times=1)
    api.list("products", limit=1)
    shop.fail_next(500, times=5)
    for failing in (
        lambda: api.check(),
        lambda: ps.Client(shop.url, shop.key[:-1] + "Z").check(),
        lambda: api.list("products", sort="[date_upd_ASC]"),
        lambda: ps.Client("http://sklep.example.pl", shop.key).check(),
        lambda: connect(shop, timeout=0.05).check() if shop.slow(0.3) is None else None,
    ):
        with pytest.raises(ps.PrestaShopError) as caught:
            failing()
        texts += [str(caught.value), repr(caught.value), caught.value.reason.stored(), repr(caught.value.reason)]
    shop.slow(0)
    assert caplog.records  # urllib3 logged its retries
    texts += [caplog.text, repr(api), repr(api.session.adapters)]
    for text in texts:
        assert shop.key not in text
