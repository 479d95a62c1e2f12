"""An account's settings templates (issue 10 §1.5): the first is the default, there is always
exactly one default (making another the default swaps them), a template offers use cannot be
deleted (the message says how many) but can be edited, and the default cannot be deleted while
other templates exist. Import asks `actions.default_template`."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from eventlog.models import Entry
from integrations.erp.models import Product
from integrations.prestashop import actions
from integrations.prestashop.models import Account, Offer, SettingsTemplate

KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


@pytest.fixture
def account(db) -> Account:
    return Account.objects.create(url="https://sklep.example.pl", key=KEY)


def add(client, account: Account, name: str, **parts: str):
    return client.post(f"/prestashop/{account.pk}/templates/add/", {"name": name, **parts}, follow=True)


def defaults(account: Account) -> list[str]:
    return list(SettingsTemplate.objects.filter(account=account, is_default=True).values_list("name", flat=True))


def messages_of(account: Account) -> list[str]:
    rows = Entry.objects.filter(tab="prestashop", account=account.label, event_type="templates").order_by("id")
    return list(rows.values_list("message_code", flat=True))


def offers(account: Account, template: SettingsTemplate, count: int) -> None:
    for n in range(count):
        product = Product.objects.create(code=f"P{template.pk}-{n}", name=f"Kubek {n}", price=Decimal("10.00"))
        Offer.objects.create(account=account, external_id=100 + n, product=product, template=template)


def test_the_first_template_is_the_default_and_make_default_swaps(admin_client, account):
    assert actions.default_template(account) is None
    empty = admin_client.get(f"/prestashop/{account.pk}/templates/")
    assert "This account has no default template, so products cannot be imported" in empty.text

    page = add(admin_client, account, "Wszystko", sync_description="on", sync_price="on", sync_stock="on")
    assert "Template “Wszystko” added; as the account's first, it is the default." in unescape(page.text)
    add(admin_client, account, "Tylko stany", sync_stock="on")
    assert defaults(account) == ["Wszystko"]
    first = SettingsTemplate.objects.get(name="Wszystko")
    stock = SettingsTemplate.objects.get(name="Tylko stany")
    assert (first.sync_description, first.sync_delivery_prices, first.sync_price, first.sync_stock) == (
        True,
        False,
        True,
        True,
    )
    assert actions.default_template(account) == first

    page = admin_client.post(f"/prestashop/{account.pk}/templates/{stock.pk}/default/", follow=True)
    assert "“Tylko stany” is now the default template." in page.text
    assert defaults(account) == ["Tylko stany"] and actions.default_template(account) == stock
    assert "“Tylko stany” is now the default settings template (instead of “Wszystko”)." in page.text  # the log
    again = admin_client.post(f"/prestashop/{account.pk}/templates/{stock.pk}/default/", follow=True)
    assert "is the default template already" in again.text and defaults(account) == ["Tylko stany"]
    assert messages_of(account) == ["PS_TEMPLATE_CREATED_DEFAULT", "PS_TEMPLATE_CREATED", "PS_TEMPLATE_DEFAULT"]

    # Another account's templates are its own: its first is its default too.
    other = Account.objects.create(url="https://drugi.example.pl", key=KEY)
    add(admin_client, other, "Wszystko")
    assert defaults(other) == ["Wszystko"] and defaults(account) == ["Tylko stany"]
    assert admin_client.post(f"/prestashop/{other.pk}/templates/{stock.pk}/default/").status_code == 404


def test_a_template_used_by_offers_cannot_be_deleted_but_can_be_edited(admin_client, account):
    add(admin_client, account, "Domyślny")
    add(admin_client, account, "Ceny")
    used = SettingsTemplate.objects.get(name="Ceny")
    offers(account, used, 3)

    listing = admin_client.get(f"/prestashop/{account.pk}/templates/")
    assert listing.status_code == 200 and ">3<" in listing.text.replace(" ", "")

    confirm = admin_client.get(f"/prestashop/{account.pk}/templates/{used.pk}/delete/")
    refusal = "The template “Ceny” is used by 3 offers, so it cannot be deleted."
    assert refusal in confirm.text and 'class="btn btn-danger' not in confirm.text
    refused = admin_client.post(f"/prestashop/{account.pk}/templates/{used.pk}/delete/")
    assert refused.status_code == 409 and refusal in refused.text
    assert SettingsTemplate.objects.filter(pk=used.pk).exists()

    edited = admin_client.post(
        f"/prestashop/{account.pk}/templates/{used.pk}/",
        {"name": "Ceny i stany", "sync_price": "on", "sync_stock": "on"},
        follow=True,
    )
    assert "Template “Ceny i stany” saved." in edited.text
    used.refresh_from_db()
    assert (used.name, used.sync_price, used.sync_stock, used.offers.count()) == ("Ceny i stany", True, True, 3)
    assert messages_of(account)[-1] == "PS_TEMPLATE_UPDATED"


def test_the_default_cannot_be_deleted_while_others_exist(admin_client, account):
    add(admin_client, account, "A")
    add(admin_client, account, "B")
    a, b = SettingsTemplate.objects.get(name="A"), SettingsTemplate.objects.get(name="B")

    refused = admin_client.post(f"/prestashop/{account.pk}/templates/{a.pk}/delete/")
    assert refused.status_code == 409
    assert "The template “A” is the default, so it cannot be deleted. Make another template the default first." in (
        refused.text
    )

    deleted = admin_client.post(f"/prestashop/{account.pk}/templates/{b.pk}/delete/", follow=True)
    assert "Template “B” deleted." in deleted.text and defaults(account) == ["A"]
    # The only template can go; the account then has no default and import refuses.
    confirm = admin_client.get(f"/prestashop/{account.pk}/templates/{a.pk}/delete/")
    assert "It is the account's only template" in unescape(confirm.text)
    admin_client.post(f"/prestashop/{account.pk}/templates/{a.pk}/delete/")
    assert not SettingsTemplate.objects.exists() and actions.default_template(account) is None
    assert messages_of(account)[-2:] == ["PS_TEMPLATE_DELETED", "PS_TEMPLATE_DELETED"]
    # A new one becomes the default again.
    add(admin_client, account, "C")
    assert defaults(account) == ["C"]


def test_template_input_is_validated(admin_client, account):
    add(admin_client, account, "Stany")
    for name, error in (
        ("", "This field is required."),
        ("stany", "This account has a template with this name already."),
        ("x" * 101, "Ensure this value has at most 100 characters"),
    ):
        page = admin_client.post(f"/prestashop/{account.pk}/templates/add/", {"name": name})
        assert page.status_code == 400 and error in page.text
    assert SettingsTemplate.objects.count() == 1
    assert admin_client.get(f"/prestashop/{account.pk}/templates/999999/").status_code == 404


def test_support_sees_templates_but_cannot_change_them(admin_client, support_client, account):
    add(admin_client, account, "Stany")
    template = SettingsTemplate.objects.get()
    page = support_client.get(f"/prestashop/{account.pk}/templates/")
    assert page.status_code == 200 and "Stany" in page.text
    assert "Add template" not in page.text and "Make default" not in page.text and "Delete" not in page.text
    for url, data in (
        (f"/prestashop/{account.pk}/templates/add/", {"name": "X"}),
        (f"/prestashop/{account.pk}/templates/{template.pk}/", {"name": "X"}),
        (f"/prestashop/{account.pk}/templates/{template.pk}/delete/", {}),
        (f"/prestashop/{account.pk}/templates/{template.pk}/default/", {}),
    ):
        assert support_client.post(url, data).status_code == 403, url
    assert SettingsTemplate.objects.get().name == "Stany"
