"""Hostile uploads — the ERP package and the PrestaShop linking workbook: oversize, a ZIP bomb, entity
expansion, truncated, the wrong type, empty. Each gets a clear error and writes nothing; the next good
file goes through as usual."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from eventlog.models import Entry, Run
from integrations.erp import jobs
from integrations.erp.models import Category, Product
from integrations.prestashop.models import Offer

from .test_prestashop_linking import account, shop  # noqa: F401 -- fixtures

CLEAN = (Path(django_settings.BASE_DIR) / "examples" / "erp" / "catalogue.xml").read_bytes()
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<erp-package format-version="1.0"><header/><products><product code="A"><name>&lol2;</name></product>'
    b"</products></erp-package>"
)
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><erp-package>&e;</erp-package>'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50


def zip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * size)
    return buffer.getvalue()


# (content, where it is refused: "form" before any run, "run" by the import, what the shop admin reads)
ERP_CASES = {
    "oversize": (CLEAN, "form", "packages of at most 1000"),
    "zip-bomb": (zip_bomb(5_000_000), "form", "compressed archive"),
    "entity-expansion": (LAUGHS, "run", "document type declaration"),
    "external-entity": (EXTERNAL, "run", "document type declaration"),
    "truncated": (CLEAN[: len(CLEAN) // 2], "run", "not well-formed"),
    "wrong-type": (PNG, "form", "binary file"),
    "empty": (b"", "form", "The submitted file is empty"),
}


@pytest.mark.parametrize(("content", "where", "says"), list(ERP_CASES.values()), ids=list(ERP_CASES))
def test_a_hostile_erp_upload_is_refused_and_the_next_package_imports(admin_client, settings, content, where, says):
    settings.LANGUAGE_CODE = "en"
    if content is CLEAN:
        settings.ERP_UPLOAD_MAX_BYTES = 1000
    response = admin_client.post("/erp/upload/", {"package": SimpleUploadedFile("p.xml", content)}, follow=True)

    assert response.status_code == 200
    if where == "form":
        assert says in response.text and not Run.objects.exists()
    else:
        run = Run.objects.get()
        jobs.import_file(run.pk)  # what the worker does with the queued run
        run.refresh_from_db()
        assert run.status == "failed" and says in run.summary
        assert Entry.objects.get(run=run).message_code == "ERP_PACKAGE_UNREADABLE"
    assert not Product.objects.exists() and not Category.objects.exists()

    settings.ERP_UPLOAD_MAX_BYTES = 200 * 1024 * 1024
    admin_client.post("/erp/upload/", {"package": SimpleUploadedFile("good.xml", CLEAN)})
    good = Run.objects.latest("pk")
    jobs.import_file(good.pk)
    good.refresh_from_db()
    assert good.status == "succeeded" and Product.objects.count() == 6


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_BOOK = workbook([["PrestaShop product id", "Symbol"], [2, "H-1"]])


def with_entities(book: bytes) -> bytes:
    """The same workbook, its sheet declaring a billion-laughs entity."""
    source = zipfile.ZipFile(io.BytesIO(book))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                root = data.split(b"?>", 1)[-1]
                data = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + root
            target.writestr(part, data)
    return buffer.getvalue()


LINKING_CASES = {
    "oversize": (GOOD_BOOK, "at most 1000"),
    "zip-bomb": (zip_bomb(5_000_000), "Unpacked, the workbook would hold"),
    "entity-expansion": (with_entities(GOOD_BOOK), "The workbook cannot be read"),
    "truncated": (GOOD_BOOK[: len(GOOD_BOOK) // 2], "not an XLSX workbook"),
    "wrong-type": (PNG, "not an XLSX workbook"),
    "empty": (b"", "The submitted file is empty"),
}


@pytest.mark.parametrize(("content", "says"), list(LINKING_CASES.values()), ids=list(LINKING_CASES))
def test_a_hostile_linking_workbook_is_refused_and_the_next_one_links(account, admin_client, settings, content, says):  # noqa: F811
    from integrations.erp.models import Product as LocalProduct

    LocalProduct.objects.create(code="H-1", name="H-1", price=10, content_hash="")
    settings.PRESTASHOP_LINKING_UNPACKED_MAX_BYTES = 1_000_000
    if content is GOOD_BOOK:
        settings.PRESTASHOP_LINKING_UPLOAD_MAX_BYTES = 1000
    url = f"/prestashop/{account.pk}/linking/"
    response = admin_client.post(url, {"action": "upload", "file": SimpleUploadedFile("l.xlsx", content)})

    assert response.status_code == 400 and says in response.text
    assert not Offer.objects.exists() and not Entry.objects.filter(event_type="linking").exists()

    settings.PRESTASHOP_LINKING_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    response = admin_client.post(url, {"action": "upload", "file": SimpleUploadedFile("l.xlsx", GOOD_BOOK)})
    assert response.status_code == 302
    assert list(Offer.objects.values_list("product__code", "external_id")) == [("H-1", 2)]
