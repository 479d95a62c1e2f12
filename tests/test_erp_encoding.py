"""ERP packages whose encoding or identifiers are ambiguous: refused with their reason, or normalised by
the documented rule (docs/erp-package.md, "Encoding" and "Codes") — never stored as mojibake."""

import codecs
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation

from eventlog import messages
from eventlog.models import Entry, Run
from integrations.erp import importer, jobs
from integrations.erp.models import Category, Product

NAME = "Źdźbło"
DECLARATION = '<?xml version="1.0" encoding="{}"?>'


def body(products: str = f'<product code="ZDZ-1"><name>{NAME}</name><price>9.99</price></product>',
         categories: str = "") -> str:  # fmt: skip
    return (
        '<erp-package format-version="1.0" type="catalogue"><header><system>Test</system></header>'
        f"<categories>{categories}</categories><products>{products}</products></erp-package>"
    )


def sync(tmp_path: Path, content: bytes) -> Run:
    path = tmp_path / "package.xml"
    path.write_bytes(content)
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    return run


def declared(name: str, encode: str | None = None) -> bytes:
    return (DECLARATION.format(name) + body()).encode(encode or name)


REFUSED = {
    # The case: a UTF-8 BOM and a windows-1250 declaration over UTF-8 bytes.
    "utf8-bom-says-1250": (
        codecs.BOM_UTF8 + (DECLARATION.format("windows-1250") + body()).encode(),
        "ERP_PACKAGE_UNREADABLE", "ERP_REASON_BOM_CONFLICT",
        "the byte order mark says UTF-8, the declaration says windows-1250",
    ),
    "utf16le-bom-says-1250": (
        codecs.BOM_UTF16_LE + (DECLARATION.format("windows-1250") + body()).encode("utf-16-le"),
        "ERP_PACKAGE_UNREADABLE", "ERP_REASON_BOM_CONFLICT",
        "the byte order mark says UTF-16LE, the declaration says windows-1250",
    ),
    "utf16be-bom-says-utf8": (
        codecs.BOM_UTF16_BE + (DECLARATION.format("UTF-8") + body()).encode("utf-16-be"),
        "ERP_PACKAGE_UNREADABLE", "ERP_REASON_BOM_CONFLICT", "the byte order mark says UTF-16BE",
    ),
    "utf32-bom": (
        codecs.BOM_UTF32_LE + body().encode("utf-32-le"), "ERP_PACKAGE_ENCODING_UNKNOWN", None, "“UTF-32LE”",
    ),
    "unknown-name": (declared("klingon-42", "utf-8"), "ERP_PACKAGE_ENCODING_UNKNOWN", None, "“klingon-42”"),
    # Python knows these, the parser cannot read them (they were "unexpected errors").
    "shift-jis": (declared("shift_jis", "utf-8"), "ERP_PACKAGE_ENCODING_UNKNOWN", None, "“shift_jis”"),
    "utf-7": (declared("utf-7", "utf-8"), "ERP_PACKAGE_ENCODING_UNKNOWN", None, "“utf-7”"),
    "ebcdic": (declared("cp037", "utf-8"), "ERP_PACKAGE_ENCODING_UNKNOWN", None, "“cp037”"),
    "utf16-declared-without-bom": (
        declared("UTF-16", "utf-8"), "ERP_PACKAGE_UNREADABLE", "ERP_REASON_NO_BOM", "the declaration says UTF-16",
    ),
    "1250-declared-over-utf8": (
        declared("windows-1250", "utf-8"), "ERP_PACKAGE_UNREADABLE", "ERP_REASON_LOOKS_UTF8",
        "the declaration says windows-1250, but the text is UTF-8",
    ),
    "1250-bytes-without-declaration": (
        body().encode("cp1250"), "ERP_PACKAGE_UNREADABLE", "ERP_REASON_NOT_UTF8", "the text is not UTF-8 (byte",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("content", "code", "reason", "says"), list(REFUSED.values()), ids=list(REFUSED))
def test_an_ambiguous_encoding_is_refused_with_its_reason_and_nothing_is_written(
    db, tmp_path, settings, content, code, reason, says
):
    settings.LANGUAGE_CODE = "en"
    run = sync(tmp_path, content)

    assert run.status == "failed"
    assert not Product.objects.exists() and not Category.objects.exists()
    [record] = Entry.objects.filter(run=run)
    assert (record.severity, record.message_code) == ("error", code)
    assert says in record.message and "Nothing was imported" in record.message
    assert "unexpected error" not in record.message
    # Rendered from its code in the reader's language: the reason is a message of its own.
    if reason:
        assert record.message_params["reason"]["code"] == reason
    assert messages.render(record.message_code, record.message_params, "") == record.message
    with translation.override("pl"):  # a Polish reader gets the sentence, and its reason, in Polish
        polish = messages.render(code, record.message_params, "")
    assert polish != record.message and "package.xml" in polish and "Nothing was imported" not in polish


ACCEPTED = {
    "utf8-bom-and-utf8": codecs.BOM_UTF8 + declared("UTF-8"),
    "utf8-bom-no-declaration": codecs.BOM_UTF8 + body().encode(),
    "utf16le-bom": codecs.BOM_UTF16_LE + (DECLARATION.format("UTF-16") + body()).encode("utf-16-le"),
    "utf16be-bom": codecs.BOM_UTF16_BE + (DECLARATION.format("UTF-16") + body()).encode("utf-16-be"),
    "windows-1250": declared("windows-1250"),
    "iso-8859-2": declared("ISO-8859-2"),
    "no-declaration-utf8": body().encode(),
}


@pytest.mark.parametrize("content", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_an_unambiguous_encoding_is_read_right(db, tmp_path, content):
    run = sync(tmp_path, content)

    assert run.status == "succeeded", run.summary
    assert Product.objects.get().name == NAME


def product(code: str, name: str = "Kubek", category: str = "DOM-KUCH") -> str:
    return f'<product code="{code}"><name>{name}</name><price>9.99</price><category>{category}</category></product>'


def test_identifiers_are_normalised_or_refused_by_the_documented_rules(db, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"  # the shop's language, in which the records are stored
    nfd = unicodedata.normalize("NFD", "ŹRÓDŁO-1")
    assert nfd != "ŹRÓDŁO-1"
    Product.objects.create(code="LAMP-1", name="Lampa", price="10.00", content_hash="x")
    products = "".join(
        [
            product("  KUB-001\u00a0 ", category=" dom-kuch "),  # surrounding whitespace; a reference in another case
            product(nfd, "Źródło (NFD)"),
            product("ŹRÓDŁO-1", "Źródło (NFC)"),  # the same code once normalised: a duplicate
            product("KUB\u200b002"),  # a zero-width space inside
            product("KUB\u00a0003"),  # a non-breaking space inside
            product("abc-1"),
            product("ABC-1"),  # differs from abc-1 only in case
            product("lamp-1"),  # the shop has LAMP-1
        ]
    )
    categories = (
        '<category code="DOM-KUCH"><name>Kuchnia</name></category><category code="dom-kuch"><name>x</name></category>'
    )
    run = sync(tmp_path, body(products, categories).encode())

    assert run.status == "succeeded"
    kub = Product.objects.get(code="KUB-001")
    assert kub.category.code == "DOM-KUCH"
    assert Product.objects.get(code="ŹRÓDŁO-1").name == "Źródło (NFD)"  # stored in NFC; the first one won
    assert set(Product.objects.values_list("code", flat=True)) == {"KUB-001", "ŹRÓDŁO-1", "abc-1", "LAMP-1"}
    assert list(Category.objects.values_list("code", flat=True)) == ["DOM-KUCH"]
    problems = {
        (e.data["position"], e.message_code): e for e in Entry.objects.filter(run=run).exclude(event_type="import")
    }
    assert set(problems) == {
        (3, "ERP_PRODUCT_CODE_DUPLICATE"),
        (4, "ERP_PRODUCT_CODE_INVISIBLE"),
        (5, "ERP_PRODUCT_CODE_INVISIBLE"),
        (7, "ERP_PRODUCT_CODE_CASE_CLASH"),
        (8, "ERP_PRODUCT_CODE_CASE_CLASH"),
        (2, "ERP_CATEGORY_CODE_CASE_CLASH"),
    }
    hidden = problems[(4, "ERP_PRODUCT_CODE_INVISIBLE")].message
    assert "KUB[U+200B]002" in hidden and "(U+200B)" in hidden
    assert "(U+00A0)" in problems[(5, "ERP_PRODUCT_CODE_INVISIBLE")].message
    assert (
        "differs from product code abc-1, which the package already has"
        in problems[(7, "ERP_PRODUCT_CODE_CASE_CLASH")].message
    )
    assert (
        "differs from product code LAMP-1, which the shop already has"
        in problems[(8, "ERP_PRODUCT_CODE_CASE_CLASH")].message
    )
    assert "category code DOM-KUCH" in problems[(2, "ERP_CATEGORY_CODE_CASE_CLASH")].message
    assert Entry.objects.get(run=run, event_type="import").severity == "error"  # items were skipped
