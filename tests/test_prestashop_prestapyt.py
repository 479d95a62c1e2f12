"""The stand-in PrestaShop driven by someone else's client: `prestapyt` (PyPI), over real HTTP.

prestapyt reads the protocol its own way (PROTOCOLS.md §5): Basic auth with the key and
an empty password, XML, and `edit()` PUTs to `/api/{resource}` without the id, so the
server must take the id from the body. If the stand-in passes here as well as with our
client, it is not merely agreeing with our own reading of the protocol.
"""

from __future__ import annotations

import pytest
from prestapyt import PrestaShopAuthenticationError, PrestaShopWebServiceDict, PrestaShopWebServiceError

from integrations.prestashop.standin import StandIn

# prestapyt 0.11 knows PrestaShop up to 1.7.8 and warns about 8.x; that is its caveat, not a failure.
pytestmark = pytest.mark.filterwarnings("ignore:This library may not be compatible:UserWarning")


@pytest.fixture
def shop():
    with StandIn(products=30, orders=5) as shop:
        yield shop


@pytest.fixture
def ws(shop):
    return PrestaShopWebServiceDict(shop.url + "/api", shop.key)


def test_search_and_get_a_stock_row(shop, ws):
    ids = ws.search("stock_availables", options={"filter[id_product]": "[5]", "filter[id_product_attribute]": "[0]"})
    assert ids == [int(shop.stock(5)["id"])]
    row = ws.get("stock_availables", ids[0])["stock_available"]
    assert row["id_product"] == "5" and row["id_product_attribute"] == "0"
    assert row["quantity"] == shop.stock(5)["quantity"]


def test_edit_puts_without_the_id_in_the_path_and_the_shop_takes_the_bodys(shop, ws):
    row = ws.get("stock_availables", int(shop.stock(6, 0)["id"]))
    row["stock_available"]["quantity"] = "42"
    saved = ws.edit("stock_availables", row)
    assert saved["prestashop"]["stock_available"]["quantity"] == "42"
    put = shop.requests[-1]
    assert (put.method, put.path) == ("PUT", "/api/stock_availables")  # no id in the URL
    assert shop.stock(6)["quantity"] == "42"


def test_products_with_languages_and_associations(shop, ws):
    product = ws.get("products", 6)["product"]
    assert product["reference"] == "PS-00006"
    names = {language["attrs"]["id"]: language["value"] for language in product["name"]["language"]}
    assert names == {"1": "Plakat 6", "2": "Poster 6"}
    combinations = product["associations"]["combinations"]["combination"]
    expected = shop.data["products"][6]["associations"]["combinations"]
    assert [c["id"] for c in combinations] == [c["id"] for c in expected]
    assert ws.search("products", options={"filter[id]": "[10,12]"}) == [10, 11, 12]


def test_errors_as_prestapyt_sees_them(shop):
    with pytest.raises(PrestaShopAuthenticationError) as refused:
        PrestaShopWebServiceDict(shop.url + "/api", "X" * 32).get("products")
    assert refused.value.error_code == 401
    ws = PrestaShopWebServiceDict(shop.url + "/api", shop.key)
    with pytest.raises(PrestaShopWebServiceError, match="empty"):  # 404 with an empty body
        ws.get("products", 999)
    with pytest.raises(PrestaShopWebServiceError) as bad:
        ws.get("products", options={"sort": "[date_upd_ASC]"})  # sorting on a date needs date=1
    assert bad.value.error_code == 400
