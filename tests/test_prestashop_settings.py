"""An account's Mappings, Order settings and Product fields sections (issue 10 §1.2 to 1.4): what a
shop admin saves is kept and recorded in the section's activity log, order download is refused
while a used payment or delivery method is unmapped (the form names it), bad input is a 400."""

from __future__ import annotations

from html import unescape

import pytest
from django.utils import timezone

from eventlog.models import Entry, Run
from integrations.prestashop.models import Account, RemoteChoice, ShopMethod
from integrations.prestashop.standin import StandIn

KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


@pytest.fixture
def account(db) -> Account:
    return Account.objects.create(url="https://sklep.example.pl", key=KEY, connected=True, version="8.1.7")


def method(kind: str, code: str) -> ShopMethod:
    return ShopMethod.objects.get(kind=kind, code=code)


@pytest.fixture
def choices(account) -> dict[str, RemoteChoice]:
    """What the analysis collects: the shop's payment modules, carriers and order states."""
    rows = [
        ("payment", "ps_wirepayment", "Przelew bankowy", 12),
        ("payment", "przelewy24", "Przelewy24", 30),
        ("payment", "ps_checkpayment", "Czek", 0),  # offered, but no order uses it
        ("delivery", "3", "DPD kurier", 25),
        ("delivery", "7", "InPost Paczkomaty 24/7", 17),
        ("order_status", "2", "Płatność zaakceptowana", 20),
        ("order_status", "4", "Wysłane", 22),
    ]
    return {
        external_id: RemoteChoice.objects.create(
            account=account, kind=kind, external_id=external_id, name=name, used_by_orders=used
        )
        for kind, external_id, name, used in rows
    }


def section_records(account: Account, section: str) -> list[tuple[str, str]]:
    rows = Entry.objects.filter(tab="prestashop", account=account.label, event_type=section).order_by("id")
    return list(rows.values_list("severity", "message_code"))


def test_the_lists_say_they_are_empty_before_the_first_analysis(admin_client, account):
    page = admin_client.get(f"/prestashop/{account.pk}/mapping/")
    assert page.status_code == 200
    assert page.text.count("Nothing collected yet: the lists fill after the first successful connection test") == 3
    assert "Save mappings" not in page.text


def test_a_shop_admin_maps_the_shops_methods_and_the_activity_log_shows_it(
    admin_client, support_client, account, choices
):
    page = admin_client.get(f"/prestashop/{account.pk}/mapping/")
    assert page.status_code == 200
    for name in ("Przelewy24", "DPD kurier", "Wysłane", "Czek"):
        assert name in page.text
    assert "4 methods that orders use are not mapped" in page.text
    assert page.text.count("— not mapped —") == 7

    data = {
        f"m{choices['przelewy24'].pk}": method("payment", "online").pk,
        f"m{choices['ps_wirepayment'].pk}": method("payment", "transfer").pk,
        f"m{choices['3'].pk}": method("delivery", "courier").pk,
        f"m{choices['4'].pk}": method("order_status", "shipped").pk,
        f"m{choices['ps_checkpayment'].pk}": "",
    }
    saved = admin_client.post(f"/prestashop/{account.pk}/mapping/", data, follow=True)

    assert "Mappings saved: 4 changed." in saved.text
    assert RemoteChoice.objects.get(pk=choices["przelewy24"].pk).mapped_to.code == "online"
    assert RemoteChoice.objects.get(pk=choices["3"].pk).mapped_to.code == "courier"
    assert RemoteChoice.objects.get(pk=choices["7"].pk).mapped_to is None  # not posted: unmapped
    assert section_records(account, "mapping") == [("info", "PS_MAPPING_SAVED")]
    entry = Entry.objects.get(message_code="PS_MAPPING_SAVED")
    assert (entry.actor, entry.initiator) == ("alice", "manual")
    assert "Mappings saved: 4 changed, 3 still unmapped." in saved.text  # the activity log
    assert "1 method that orders use is not mapped" in saved.text  # InPost

    # Support sees the mapping but cannot change it.
    page = support_client.get(f"/prestashop/{account.pk}/mapping/")
    assert page.status_code == 200 and "Płatność online" in page.text and "Save mappings" not in page.text
    assert support_client.post(f"/prestashop/{account.pk}/mapping/", {}).status_code == 403
    assert support_client.post(f"/prestashop/{account.pk}/mapping/analyse/").status_code == 403


@pytest.mark.parametrize("value", ["abc", "999999", "kind"])
def test_a_mapping_to_something_not_offered_is_a_form_error(admin_client, account, choices, value):
    if value == "kind":  # an order status for a payment method
        value = str(method("order_status", "paid").pk)
    page = admin_client.post(f"/prestashop/{account.pk}/mapping/", {f"m{choices['przelewy24'].pk}": value})
    assert page.status_code == 400
    assert "Select a valid choice." in page.text
    assert RemoteChoice.objects.filter(mapped_to__isnull=False).count() == 0
    assert not Entry.objects.filter(tab="prestashop").exists()


def test_collect_again_queues_the_analysis(admin_client, account, settings):
    with StandIn(products=3, orders=2, key=KEY) as shop:
        account.url = shop.url
        account.save()
        page = admin_client.post(f"/prestashop/{account.pk}/mapping/analyse/", follow=True)
    entry = Entry.objects.get(tab="prestashop", message_code="PS_ANALYSIS_REQUESTED")
    run = Run.objects.get(pk=entry.run_id)
    assert run.status == "queued"
    assert f"Run #{run.pk} collects the payment methods, carriers and order states again" in page.text
    assert admin_client.get(f"/prestashop/{account.pk}/mapping/analyse/").status_code == 405


def test_order_download_is_refused_while_used_methods_are_unmapped(admin_client, account, choices):
    page = admin_client.get(f"/prestashop/{account.pk}/orders/")
    assert page.status_code == 200
    assert "an order in the first selected status counts as started and takes no more updates" in page.text
    created = timezone.localtime(account.created_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{created}"' in page.text  # the default: the account's creation

    data = {
        "orders_enabled": "on",
        "orders_from": "2026-11-01T00:00",
        "orders_into_status": method("order_status", "new").pk,
    }
    refused = admin_client.post(f"/prestashop/{account.pk}/orders/", data)

    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Order download cannot be switched on while methods that orders use are unmapped" in text
    for name in (
        "Payment method “Przelew bankowy” (12 orders)",
        "Payment method “Przelewy24” (30 orders)",
        "Delivery method “DPD kurier” (25 orders)",
        "Delivery method “InPost Paczkomaty 24/7” (17 orders)",
    ):
        assert name in text
    assert "Czek" not in text.split("unmapped:")[1].split("</div>")[0]  # unused: not in the way
    account.refresh_from_db()
    assert not account.orders_enabled and not Entry.objects.filter(event_type="order_settings").exists()

    for row, (kind, code) in {
        "ps_wirepayment": ("payment", "transfer"),
        "przelewy24": ("payment", "online"),
        "3": ("delivery", "courier"),
        "7": ("delivery", "inpost_locker"),
    }.items():
        RemoteChoice.objects.filter(pk=choices[row].pk).update(mapped_to=method(kind, code))
    paid, processing, shipped = (method("order_status", c).pk for c in ("paid", "processing", "shipped"))
    data |= {"orders_update_statuses": [shipped, "", paid, processing], "send_tracking_numbers": "on"}
    saved = admin_client.post(f"/prestashop/{account.pk}/orders/", data, follow=True)

    assert "Order settings saved." in saved.text
    account.refresh_from_db()
    assert account.orders_enabled and account.orders_into_status.code == "new"
    assert account.orders_update_statuses == [shipped, paid, processing]  # in the order chosen
    assert timezone.localtime(account.orders_from).strftime("%Y-%m-%d %H:%M") == "2026-11-01 00:00"
    assert (account.send_tracking_numbers, account.sync_order_status, account.sync_stock) == (True, False, False)
    assert section_records(account, "order_settings") == [("info", "PS_ORDER_SETTINGS_ON")]
    assert "Order settings saved: order download is on, for orders changed since 2026-11-01 00:00" in saved.text
    # The page shows the saved order again.
    page = admin_client.get(f"/prestashop/{account.pk}/orders/").text
    selected = [page.index(f'<option value="{pk}" selected>') for pk in (shipped, paid, processing)]
    assert selected == sorted(selected)


def test_order_settings_validate_their_input(admin_client, support_client, account):
    new = method("order_status", "new").pk
    cases = [
        ({"orders_enabled": "on"}, "Choose the status downloaded orders get."),
        ({"orders_from": "yesterday"}, "Enter a valid date/time."),
        ({"orders_update_statuses": [new, new]}, "Choose each status once."),
        ({"orders_update_statuses": ["x"]}, "Select a valid choice."),
        ({"orders_into_status": method("payment", "cod").pk}, "Select a valid choice."),
    ]
    for data, error in cases:
        page = admin_client.post(f"/prestashop/{account.pk}/orders/", data)
        assert page.status_code == 400, data
        assert error in page.content.decode(), data
    # Off, with no date: downloads would start from the account's creation.
    saved = admin_client.post(f"/prestashop/{account.pk}/orders/", {"orders_from": ""}, follow=True)
    assert "Order settings saved: order download is off." in saved.text
    account.refresh_from_db()
    assert account.orders_from == account.created_at
    assert support_client.get(f"/prestashop/{account.pk}/orders/").status_code == 200
    assert support_client.post(f"/prestashop/{account.pk}/orders/", {"orders_from": ""}).status_code == 403


def test_product_field_mapping_defaults_and_changes(admin_client, support_client, account):
    page = admin_client.get(f"/prestashop/{account.pk}/product-fields/")
    assert page.status_code == 200
    assert page.text.count('<option value="ean13" selected>') == 2
    assert page.text.count('<option value="reference" selected>') == 2
    assert page.text.count('<option value="mpn" selected>') == 2

    data = {
        "product_ean_field": "ean13",
        "product_symbol_field": "reference",
        "product_catalogue_field": "supplier_reference",
        "combination_ean_field": "upc",
        "combination_symbol_field": "reference",
        "combination_catalogue_field": "supplier_reference",
    }
    saved = admin_client.post(f"/prestashop/{account.pk}/product-fields/", data, follow=True)
    assert "Product field mapping saved." in saved.text
    account.refresh_from_db()
    assert (account.product_catalogue_field, account.combination_ean_field) == ("supplier_reference", "upc")
    assert section_records(account, "product_fields") == [("info", "PS_PRODUCT_FIELDS_SAVED")]
    assert "catalogue number supplier_reference; combinations: EAN upc" in saved.text

    bad = admin_client.post(f"/prestashop/{account.pk}/product-fields/", {**data, "product_ean_field": "price"})
    assert bad.status_code == 400 and "Select a valid choice." in bad.text
    assert support_client.post(f"/prestashop/{account.pk}/product-fields/", data).status_code == 403
    assert support_client.get(f"/prestashop/{account.pk}/product-fields/").status_code == 200


def test_the_first_login_fills_the_mapping_lists_and_order_download_can_then_be_switched_on(
    admin_client, settings, django_capture_on_commit_callbacks
):
    from integrations.prestashop import tasks

    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=5, orders=8, key=KEY) as shop:
        with django_capture_on_commit_callbacks() as callbacks:  # the analysis's task, not sent here
            admin_client.post("/prestashop/add/", {"url": shop.url, "key": KEY})
        assert callbacks, "no task was queued"
        account = Account.objects.get()
        run = Run.objects.get(pk=Entry.objects.get(message_code="PS_CONNECTION_OK_FIRST").run_id)
        tasks.analyse.apply(args=[run.pk])  # what the worker does with it
    run.refresh_from_db()
    assert run.status == "succeeded", run.error

    rows = RemoteChoice.objects.filter(account=account)
    kinds = set(rows.values_list("kind", flat=True))
    assert kinds == {"payment", "delivery", "order_status"}
    page = admin_client.get(f"/prestashop/{account.pk}/mapping/")
    assert "Nothing collected yet" not in page.text
    for row in rows:
        assert row.name in unescape(page.text)
    in_use = [row for row in rows if row.kind in ("payment", "delivery") and row.used_by_orders]
    assert in_use, "the stand-in's orders use no method"

    # Map every row to the first of the shop's own of its kind, then order download may start.
    data = {f"m{row.pk}": ShopMethod.objects.filter(kind=row.kind).first().pk for row in rows}
    admin_client.post(f"/prestashop/{account.pk}/mapping/", data)
    new = method("order_status", "new").pk
    saved = admin_client.post(
        f"/prestashop/{account.pk}/orders/", {"orders_enabled": "on", "orders_from": "", "orders_into_status": new}
    )
    assert saved.status_code == 302
    account.refresh_from_db()
    assert account.orders_enabled and account.orders_from == account.created_at
