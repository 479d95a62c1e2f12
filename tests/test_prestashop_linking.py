"""Linking local products to PrestaShop ones (issue 10 §1.7): automatically through the API, and by hand
with the catalogue as XLSX — downloaded, filled in, uploaded back — or a file built by hand.

Against the stand-in webservice over real HTTP (`StandIn(products=30)`: products 3, 6, 9, …
have combinations; 17 has no EAN).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eventlog.models import Entry, Run
from integrations.erp.models import Product
from integrations.prestashop import linking, tasks
from integrations.prestashop.models import Account, Offer, SettingsTemplate
from integrations.prestashop.standin import StandIn, ean13

HEADER = ["Local id", "Symbol", "EAN", "Catalogue number", "Name", "PrestaShop product id", "PrestaShop combination id"]


@pytest.fixture
def shop():
    with StandIn(products=30) as standin:
        yield standin


@pytest.fixture
def account(db, shop):
    account = Account.objects.create(url=shop.url, key=shop.key, connected=True)
    SettingsTemplate.objects.create(account=account, name="Standard", is_default=True)
    return account


def product(code: str, ean: str = "", name: str = "") -> Product:
    return Product.objects.create(code=code, name=name or code, ean=ean, price=10, content_hash="")


def combinations_of(shop: StandIn, pid: int) -> list[int]:
    return sorted(cid for cid, c in shop.data["combinations"].items() if c["id_product"] == str(pid))


def upload(client, account, book: openpyxl.Workbook, name: str = "linking.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile(name, buffer.getvalue())
    return client.post(f"/prestashop/{account.pk}/linking/", {"action": "upload", "file": file}, follow=True)


def test_automatic_linking_takes_the_lowest_id_and_reports_what_it_could_not_link(
    account, shop, alice, admin_client, django_capture_on_commit_callbacks
):
    first = product("A-1", ean13(1))
    product("A-1-bis", ean13(1))  # the same EAN: the lower id wins
    two = product("A-2", ean13(2))
    combination = combinations_of(shop, 3)[0]
    variant = product("A-3-1", shop.data["combinations"][combination]["ean13"])
    linked_before = product("A-4", ean13(4))
    Offer.objects.create(account=account, external_id=4, product=linked_before)
    taken = product("A-5", ean13(5))
    Offer.objects.create(account=account, external_id=29, product=taken)  # linked to another product

    with django_capture_on_commit_callbacks():
        response = admin_client.post(f"/prestashop/{account.pk}/linking/", {"action": "auto", "identifier": "ean"})
    assert response.status_code == 302
    run = Run.objects.get(kind="prestashop_link")
    tasks.link_products.apply(args=[run.pk])
    run.refresh_from_db()

    assert run.status == "succeeded", run.error
    offers = {(o.external_id, o.combination_id): o.product for o in Offer.objects.filter(account=account)}
    assert offers[(1, 0)] == first and offers[(2, 0)] == two and offers[(3, combination)] == variant
    assert (5, 0) not in offers  # its local product is linked to product 29
    assert Offer.objects.get(account=account, external_id=1).template.name == "Standard"
    remote = len([p for p in range(1, 31) if p % 3]) + sum(len(combinations_of(shop, p)) for p in range(3, 31, 3))
    assert run.counters == {"linked": 3, "already": 2, "unlinked": remote - 5}
    # The report: one entry per product not linked, with the reason.
    reasons = {e.object_id: e.text for e in Entry.objects.filter(run_id=run.pk, message_code="PS_LINK_NOT_LINKED")}
    assert "already linked to PrestaShop product 29" in reasons["5"]
    assert "no local product has the EAN" in reasons["7"] and "ean13" in reasons["17"]
    page = admin_client.get(f"/prestashop/{account.pk}/linking/")
    assert "Not linked" in page.text and "no local product has the EAN" in page.text
    assert Entry.objects.filter(run_id=run.pk, message_code="PS_LINK_SUMMARY", event_type="linking").count() == 1


def test_the_catalogue_round_trip_links_the_filled_in_rows(account, shop, admin_client):
    one = product("K-1", ean13(1), name='=HYPERLINK("http://evil","x")')
    two = product("K-2")
    combination = combinations_of(shop, 3)[1]

    download = admin_client.get(f"/prestashop/{account.pk}/linking/catalogue.xlsx")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in sheet[2]][:5] == [one.pk, "K-1", ean13(1), None, one.name]
    cell = sheet.cell(row=2, column=5)
    assert cell.data_type == "s" and cell.quotePrefix  # a name that looks like a formula stays text
    sheet.cell(row=2, column=6, value=1)
    sheet.cell(row=3, column=6, value="3")
    sheet.cell(row=3, column=7, value=combination)

    page = upload(admin_client, account, book)

    assert page.status_code == 200 and 'id="link-report"' in page.text
    assert {(o.external_id, o.combination_id, o.product) for o in Offer.objects.all()} == {
        (1, 0, one),
        (3, combination, two),
    }
    entry = Entry.objects.get(message_code="PS_LINK_UPLOAD_SUMMARY")
    assert (entry.data["linked"], entry.data["errors_total"], entry.actor) == (2, 0, "alice")
    # The same file again changes nothing; the catalogue now shows the ids.
    upload(admin_client, account, book)
    assert Entry.objects.filter(message_code="PS_LINK_UPLOAD_SUMMARY").latest("id").data["unchanged"] == 2
    again = openpyxl.load_workbook(
        io.BytesIO(admin_client.get(f"/prestashop/{account.pk}/linking/catalogue.xlsx").content)
    )
    assert [c.value for c in again.active[3]][5:] == [3, combination]


def test_a_file_built_by_hand_with_the_same_header_works(account, shop, admin_client):
    product("H-1")
    product("H-2")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["PrestaShop product id", "symbol", "PrestaShop combination id"])  # any order, any case
    sheet.append([2, "H-1", None])
    sheet.append(["6", "H-2", str(combinations_of(shop, 6)[0])])
    sheet.append([None, None, None])

    upload(admin_client, account, book, name="moj-plik.xlsx")

    assert sorted(Offer.objects.values_list("product__code", "external_id")) == [("H-1", 2), ("H-2", 6)]


def test_each_unusable_row_gets_its_own_error(account, shop, admin_client):
    a, b, c, d = product("R-1"), product("R-2"), product("R-3"), product("R-4")
    holder = product("R-5")
    Offer.objects.create(account=account, external_id=8, product=holder)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([a.pk, "", "", "", "", "abc", None])  # row 2: not a number
    sheet.append([999999, "", "", "", "", 1, None])  # row 3: no such local product
    sheet.append([b.pk, "", "", "", "", 9999, None])  # row 4: not in PrestaShop
    sheet.append([c.pk, "", "", "", "", 2, combinations_of(shop, 3)[0]])  # row 5: a combination of another product
    sheet.append([d.pk, "", "", "", "", 1, None])  # row 6: fine
    sheet.append([a.pk, "", "", "", "", 1, None])  # row 7: product 1 again
    sheet.append([c.pk, "", "", "", "", 8, None])  # row 8: product 8 is linked to R-5
    sheet.append([None, "", "", "", "", 4, None])  # row 9: no local id nor symbol

    page = upload(admin_client, account, book)

    entry = Entry.objects.get(message_code="PS_LINK_UPLOAD_SUMMARY")
    assert (entry.data["linked"], entry.data["errors_total"], entry.severity) == (1, 7, "warning")
    report = linking.report_of(entry)
    errors = dict(report["errors"])
    assert sorted(errors) == [2, 3, 4, 5, 7, 8, 9]
    assert "abc" in errors[2] and "999999" in errors[3] and "no product 9999" in errors[4]
    assert "has no combination" in errors[5] and "already in row 6" in errors[7]
    assert "linked to the local product R-5" in errors[8] and "neither the local id nor the symbol" in errors[9]
    assert "already in row 6" in page.text and "<td>8</td>" in page.text
    assert list(Offer.objects.filter(product=d).values_list("external_id", flat=True)) == [1]


def test_a_bad_file_is_refused_with_a_clear_error(account, admin_client):
    def post(content: bytes, name: str = "x.xlsx"):
        file = SimpleUploadedFile(name, content)
        return admin_client.post(f"/prestashop/{account.pk}/linking/", {"action": "upload", "file": file})

    not_xlsx = post(b"id;symbol\n1;A\n", "linking.csv")
    assert not_xlsx.status_code == 400 and "not an XLSX workbook" in not_xlsx.text
    book = openpyxl.Workbook()
    book.active.append(["Kod", "Ilość"])
    buffer = io.BytesIO()
    book.save(buffer)
    no_header = post(buffer.getvalue())
    assert no_header.status_code == 400 and "The first row must name the columns" in no_header.text
    assert admin_client.get(f"/prestashop/{account.pk}/linking/", {"report": "x"}).status_code == 400
    assert (
        admin_client.post(f"/prestashop/{account.pk}/linking/", {"action": "auto", "identifier": "?"}).status_code
        == 400
    )
    assert not Entry.objects.filter(event_type="linking").exists()


def test_support_may_look_but_not_link(account, support_client):
    assert support_client.get(f"/prestashop/{account.pk}/linking/").status_code == 200
    assert (
        support_client.post(f"/prestashop/{account.pk}/linking/", {"action": "auto", "identifier": "ean"}).status_code
        == 403
    )
