"""The integration file as BaseLinker reads it: every action over real HTTP, paging a 5,000-product
catalogue, the password, unknown actions and bad parameters (answers in BaseLinker's error shape)."""

from __future__ import annotations

import time

import pytest
import requests
from django.core.cache import cache

from eventlog.models import Entry, Run
from integrations.baselinker.models import Pull
from integrations.baselinker.standin import Refused
from tests.baselinker_standin import PASSWORD, catalogue, client_for, gtin13, set_password

# live_server commits; serialized rollback leaves the roles and content types for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_pull_walks_every_action_through_5000_products(live_server, capsys):
    special = catalogue(5000)
    set_password()
    client = client_for(live_server)

    started = time.perf_counter()
    pulled = client.pull(batch=100)
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nBaseLinker pull of 5,000 products: {seconds:.2f} s, {pulled.requests} requests")

    assert pulled.version == {"platform": "Dziennik", "version": "4.0.0", "standard": 4}
    assert pulled.methods == ["FileVersion", "SupportedMethods", "ProductsCategories", "ProductsList",
                              "ProductsData", "ProductsQuantity", "ProductsPrices"]  # fmt: skip
    assert sorted(pulled.categories.values()) == ["Dom i ogród", "Dom i ogród/Kuchnia", "Elektronika"]
    # 5,000 + the four served with a problem; no price, no name or inactive: not served.
    served = 5004
    assert pulled.pages == 6 and len(pulled.products) == served
    assert not {str(special[k].pk) for k in ("free", "nameless", "inactive")} & set(pulled.products)
    assert set(pulled.data) == set(pulled.quantities) == set(pulled.prices) == set(pulled.products)
    assert pulled.requests == 3 + 6 + 51 + 6 + 6

    first = min(pulled.products, key=int)
    assert pulled.products[first] == {"name": "Kubek 1", "quantity": 1, "price": "11.00", "sku": "K-00001",
                                      "ean": gtin13(1)}  # fmt: skip
    assert pulled.data[first] == {
        "name": "Kubek 1", "ean": gtin13(1), "sku": "K-00001", "description": "", "weight": 0, "quantity": 1,
        "man_name": "", "category_id": pulled.data[first]["category_id"], "category_name": "Dom i ogród/Kuchnia",
        "tax": 23, "price": 11.0, "images": [], "features": [], "variants": {},
    }  # fmt: skip
    assert pulled.quantities[first] == {"0": 1} and pulled.prices[first] == {"0": 11.0}
    assert pulled.data[str(special["negative"].pk)]["quantity"] == 0
    assert pulled.data[str(special["bad_ean"].pk)]["ean"] == ""

    # One pull, one export run: closed by the last ProductsData batch.
    run = Run.objects.get(kind="baselinker_export")
    assert run.status == "succeeded", run.error
    assert run.counters == {"listed": served, "added": served, "updated": 0, "unchanged": 0, "problems": 6}
    assert (run.progress_done, run.progress_total) == (served, served)
    summary = Entry.objects.get(tab="baselinker", event_type="product_export")
    assert (summary.severity, summary.run_id) == ("warning", run.pk)
    assert {k: summary.data[k] for k in ("added", "updated", "problems")} == {"added": served, "updated": 0,
                                                                              "problems": 6}  # fmt: skip
    problems = Entry.objects.filter(tab="baselinker", event_type="product_problem", run=run)
    assert sorted(problems.values_list("object_id", "severity", "message_code")) == [
        ("P-bad_ean", "warning", "BASELINKER_EAN_INVALID"),
        ("P-free", "error", "BASELINKER_NO_PRICE"),
        ("P-nameless", "error", "BASELINKER_NO_NAME"),
        ("P-negative", "warning", "BASELINKER_STOCK_NEGATIVE"),
        ("P-no_category", "warning", "BASELINKER_NO_CATEGORY"),
        ("P-no_ean", "warning", "BASELINKER_NO_EAN"),
    ]
    assert problems.get(object_id="P-negative").message_params == {"name": "Produkt negative", "code": "P-negative",
                                                                   "stock": "-3"}  # fmt: skip


def test_each_page_of_products_list_holds_1000_and_says_how_many_pages(live_server):
    catalogue(2500)
    set_password()
    client = client_for(live_server)
    pages = [client.call("ProductsList", page=n) for n in (1, 2, 3, 4)]
    assert [p.pop("pages") for p in pages] == [3, 3, 3, 3]
    assert [len(p) for p in pages] == [1000, 1000, 504, 0]
    ids = [int(i) for p in pages for i in p]
    assert ids == sorted(ids) and len(set(ids)) == 2504


def test_filters_sort_and_limit_are_look_ups_not_pulls(live_server):
    special = catalogue(30)
    set_password()
    client = client_for(live_server)
    by_sku = client.call("ProductsList", filter_sku="K-0001")
    assert sorted(p["sku"] for p in by_sku.values()) == [f"K-{i:05d}" for i in range(10, 20)]
    [by_ean] = client.call("ProductsList", filter_ean=gtin13(7)).values()
    assert by_ean["sku"] == "K-00007"
    dearest_first = client.call("ProductsList", filter_sku="K-", filter_sort="price DESC", filter_limit="2, 3")
    assert [p["price"] for p in dearest_first.values()] == ["38.00", "37.00", "36.00"]
    kitchen = client.call("ProductsList", category_id=special["no_ean"].category_id)
    assert len(kitchen) == 15 + 3  # the odd K-…, and the problem products served (not the one with no category)
    priced = client.call("ProductsList", filter_price_from="15", filter_price_to="16.50", filter_available="1")
    assert sorted(p["sku"] for p in priced.values()) == ["K-00005", "K-00006"]
    assert client.call("ProductsList", filter_id=special["free"].pk) == {}
    assert not Pull.objects.exists() and not Run.objects.exists()


def test_products_data_gives_only_the_fields_asked(live_server):
    special = catalogue(3)
    set_password()
    client = client_for(live_server)
    ids = list(client.call("ProductsList"))[:2]
    answer = client.call("ProductsData", products_id=",".join(ids), fields="name,price")
    assert answer == {ids[0]: {"name": "Kubek 1", "price": 11.0}, ids[1]: {"name": "Kubek 2", "price": 12.0}}
    with pytest.raises(Refused) as refused:
        client.call("ProductsData", products_id=f"{special['free'].pk},999999")
    assert refused.value.code == "unknown_product"
    assert refused.value.text.startswith("No product: ")


REFUSALS = [
    ({}, "no_password", "No password given (bl_pass)."),
    ({"bl_pass": "wrong", "action": "FileVersion"}, "incorrect_password", "Incorrect password (bl_pass)."),
    ({"bl_pass": PASSWORD[:-1], "action": "FileVersion"}, "incorrect_password", "Incorrect password (bl_pass)."),
    ({"bl_pass": PASSWORD, "action": "OrdersGet"}, "unsupported_action", "No action: OrdersGet"),
    ({"bl_pass": PASSWORD}, "unsupported_action", "No action: "),
    ({"bl_pass": PASSWORD, "action": "ProductsList", "page": "zero"}, "invalid_parameter", "page: "),
    ({"bl_pass": PASSWORD, "action": "ProductsList", "filter_sort": "id; DROP"}, "invalid_parameter",
     "filter_sort: must be one of"),
    ({"bl_pass": PASSWORD, "action": "ProductsList", "category_id": "x"}, "invalid_parameter", "category_id: "),
    ({"bl_pass": PASSWORD, "action": "ProductsList", "filter_limit": "-1"}, "invalid_parameter", "filter_limit: "),
    ({"bl_pass": PASSWORD, "action": "ProductsData", "products_id": "1,a"}, "invalid_parameter",
     "products_id: must be product ids"),
    ({"bl_pass": PASSWORD, "action": "ProductsData"}, "invalid_parameter", "products_id: This field is required."),
    ({"bl_pass": PASSWORD, "action": "ProductsPrices", "page": "0"}, "invalid_parameter", "page: "),
]  # fmt: skip


def test_refusals_come_in_baselinkers_error_shape_with_http_200(live_server):
    cache.delete("baselinker:wrong-password:127.0.0.1")
    set_password()
    for fields, code, text in REFUSALS:
        # In English, whatever the shop's language and the sender's Accept-Language.
        headers = {"Accept-Language": "pl"}
        response = requests.post(f"{live_server.url}/baselinker/", data=fields, headers=headers, timeout=10)
        assert response.status_code == 200, fields
        answer = response.json()
        assert set(answer) == {"error", "error_code", "error_text"}, fields
        assert answer["error"] is True and answer["error_code"] == code, (fields, answer)
        assert answer["error_text"].startswith(text), (fields, answer)
    # Two wrong passwords: one warning (at most one every 10 minutes), naming where the request came from.
    [warning] = Entry.objects.all()
    assert (warning.severity, warning.event_type, warning.message_code) == (
        "warning", "request_refused", "BASELINKER_WRONG_PASSWORD")  # fmt: skip
    assert warning.message_params == {"address": "127.0.0.1"}


def test_a_browser_gets_no_password_and_the_environment_password_overrides_the_panels(live_server, settings):
    response = requests.get(f"{live_server.url}/baselinker/", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"error": True, "error_code": "no_password", "error_text": "No password given (bl_pass)."}

    with pytest.raises(Refused) as refused:  # no password set anywhere: everything is refused
        client_for(live_server, "anything").call("FileVersion")
    assert refused.value.code == "incorrect_password" and "No password is set" in refused.value.text

    set_password()
    settings.BASELINKER_PASSWORD = "from-the-environment"
    assert client_for(live_server, "from-the-environment").call("FileVersion")["standard"] == 4
    with pytest.raises(Refused) as refused:
        client_for(live_server).call("FileVersion")
    assert refused.value.code == "incorrect_password"
