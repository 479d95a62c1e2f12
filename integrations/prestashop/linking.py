"""Linking local products to PrestaShop products (issue 10 §1.7), and the matching both import and linking use.

Matching: the identifier (EAN, symbol, catalogue number) is read from the PrestaShop
field the account's product field mapping names (PROTOCOLS.md §1.2; products and
combinations each have their own) and compared with the local product's `ean`, `code`
or `catalogue_number`. Several local products with one identifier: the one with the
lowest id. A product with combinations is linked through its combinations, as the
import creates them; one without, as itself (combination 0).

Automatic linking (`AutoLink`, run kind "prestashop_link") reads every PrestaShop
product and combination (ids and the identifier's field only, in pages) and links each
unlinked one whose identifier a free local product has; those it could not link are
entries of the run (the report), each with the reason.

By hand: `catalogue_xlsx` is the whole local catalogue with the PrestaShop ids of its
offers; `apply_upload` reads such a file back (or one built by hand with the same
header, in Polish or English), checks every row — the local product exists, the
PrestaShop product (and its combination) exists in PrestaShop, neither is linked
elsewhere — and links the good rows in one transaction. Each unusable row gets its own
error (row number and reason) in the upload's report, a "linking" entry.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Entry, Run
from eventlog.spreadsheet import xlsx_bytes
from integrations.erp.models import Product

from . import actions, journal
from .models import Account, Identifier, Offer
from .tab import PRESTASHOP

#: Identifier -> the local product's field.
LOCAL_FIELD = {
    Identifier.EAN: "ean",
    Identifier.SYMBOL: "code",
    Identifier.CATALOGUE_NUMBER: "catalogue_number",
}
_MAPPING_SUFFIX = {Identifier.EAN: "ean", Identifier.SYMBOL: "symbol", Identifier.CATALOGUE_NUMBER: "catalogue"}
_IDENTIFIER_CODES = {
    Identifier.EAN: "PS_IDENTIFIER_EAN",
    Identifier.SYMBOL: "PS_IDENTIFIER_SYMBOL",
    Identifier.CATALOGUE_NUMBER: "PS_IDENTIFIER_CATALOGUE_NUMBER",
}


# Matching ---------------------------------------------------------------------------


def remote_field(account: Account, identifier: str, *, combination: bool) -> str:
    """The PrestaShop field that carries `identifier` for this account ("ean13", "reference", …)."""
    prefix = "combination" if combination else "product"
    return str(getattr(account, f"{prefix}_{_MAPPING_SUFFIX[Identifier(identifier)]}_field"))


def identifier_name(identifier: str) -> Message:
    """ "EAN", "symbol", "catalogue number" as a message (for another message's parameter)."""
    return Message(_IDENTIFIER_CODES[Identifier(identifier)])


def value_of(obj: dict | None, name: str) -> str:
    """A field of a PrestaShop object as text, stripped ("" when absent)."""
    value = (obj or {}).get(name)
    return value.strip() if isinstance(value, str) else ""


def local_products(identifier: str, values: Iterable[str]) -> dict[str, Product]:
    """Local products by identifier value; of several with one value, the one with the lowest id."""
    local = LOCAL_FIELD[Identifier(identifier)]
    wanted = {v for v in values if v}
    found: dict[str, Product] = {}
    if wanted:
        for product in Product.objects.filter(**{f"{local}__in": wanted}).order_by("pk"):
            found.setdefault(getattr(product, local), product)
    return found


def linked_products(account: Account, product_ids: Iterable[int]) -> dict[int, str]:
    """Of these local products, those already linked on `account`: product id -> "5" / "5/12"."""
    rows = Offer.objects.filter(account=account, product_id__in=list(product_ids))
    return {pk: remote_label(e, c) for pk, e, c in rows.values_list("product_id", "external_id", "combination_id")}


def remote_label(external_id: int, combination_id: int) -> str:
    """A PrestaShop product as people name it: "5", or "5/12" for its combination 12."""
    return f"{external_id}/{combination_id}" if combination_id else str(external_id)


def _ids(values: Iterable[int]) -> str:
    return "[" + "|".join(str(v) for v in values) + "]"


# Automatic linking ------------------------------------------------------------------

LINK_RUN = runs.register(
    runs.RunKind(
        "prestashop_link",
        _("PrestaShop automatic linking"),
        (("linked", _("Linked")), ("already", _("Already linked")), ("unlinked", _("Not linked"))),
        task="prestashop.link_products",
        resumable=True,
        abortable=True,
    )
)
#: PrestaShop objects listed per request (ids and one field each).
LINK_PAGE = 500


def start_auto_link(account: Account, identifier: str, user: Any) -> Run:
    """Queue an automatic linking run of `account` by `identifier` (an `Identifier` value)."""
    Identifier(identifier)  # ValueError for anything else
    return runs.queue(
        LINK_RUN, tab=PRESTASHOP.slug, params={"account": account.pk, "identifier": identifier}, user=user
    )


def last_auto_link(account: Account) -> Run | None:
    return Run.objects.filter(kind=LINK_RUN.code, params__account=account.pk).order_by("-created_at", "-id").first()


class AutoLink(runs.Job):
    """Link every unlinked PrestaShop product and combination by the identifier (see the module)."""

    kind = LINK_RUN

    def work(self) -> Message:
        from .client import Client, text

        account = Account.objects.get(pk=self.run.params["account"])
        identifier = self.run.params["identifier"]
        client = Client.for_account(account)
        self.template = actions.default_template(account)
        self.account, self.identifier = account, identifier
        self.counters = {"linked": 0, "already": 0, "unlinked": 0}
        initiator = "manual" if self.run.created_by_id else "automatic"
        # Which products have combinations (those link through them, as the import creates them).
        combination_field = remote_field(account, identifier, combination=True)
        combinations: list[dict] = []
        for page in _pages(client, "combinations", ["id", "id_product", combination_field]):
            combinations.extend(page)
            self.check_abort()
            self.heartbeat()
        with_combinations = {int(c["id_product"]) for c in combinations}
        product_field = remote_field(account, identifier, combination=False)
        done = 0
        self.progress(0, force=True)
        for page in _pages(client, "products", ["id", "name", product_field]):
            names = {int(p["id"]): text(p.get("name")) for p in page}
            remote = [
                (int(p["id"]), 0, value_of(p, product_field)) for p in page if int(p["id"]) not in with_combinations
            ]
            remote += [
                (int(c["id_product"]), int(c["id"]), value_of(c, combination_field))
                for c in combinations
                if int(c["id_product"]) in names
            ]
            self._link(remote, names, initiator)
            done += len(page)
            self.progress(done)
            self.check_abort()
        summary = Message("PS_LINK_SUMMARY", {"identifier": identifier_name(identifier).as_param(), **self.counters})
        with transaction.atomic():
            journal.record(
                account,
                "linking",
                summary,
                severity="warning" if self.counters["unlinked"] else "success",
                run=self.run,
                initiator=initiator,
                data={"identifier": identifier, **self.counters},
            )
            self.progress(done, done, force=True)
            runs.finish(self.run, summary, self.counters)
        return summary

    def _link(self, remote: list[tuple[int, int, str]], names: dict[int, str], initiator: str) -> None:
        """One page: link what can be, one "not linked" entry for each of the rest; one transaction."""
        account, identifier = self.account, self.identifier
        entries = []
        with transaction.atomic():
            existing = set(
                Offer.objects.filter(account=account, external_id__in=names).values_list(
                    "external_id", "combination_id"
                )
            )
            local = local_products(identifier, (value for _e, _c, value in remote))
            taken = linked_products(account, [p.pk for p in local.values()])
            for external_id, combination_id, value in remote:
                if (external_id, combination_id) in existing:
                    self.counters["already"] += 1
                    continue
                product = local.get(value) if value else None
                if not value:
                    combination = bool(combination_id)
                    reason = Message(
                        "PS_REASON_NO_IDENTIFIER",
                        {
                            "identifier": identifier_name(identifier).as_param(),
                            "field": remote_field(account, identifier, combination=combination),
                        },
                    )
                elif product is None:
                    reason = Message(
                        "PS_REASON_NO_LOCAL", {"identifier": identifier_name(identifier).as_param(), "value": value}
                    )
                elif product.pk in taken:
                    reason = Message("PS_REASON_PRODUCT_TAKEN", {"code": product.code, "other": taken[product.pk]})
                else:
                    Offer.objects.create(
                        account=account,
                        external_id=external_id,
                        combination_id=combination_id,
                        product=product,
                        template=self.template,
                    )
                    taken[product.pk] = remote_label(external_id, combination_id)
                    self.counters["linked"] += 1
                    continue
                self.counters["unlinked"] += 1
                label = remote_label(external_id, combination_id)
                message = Message(
                    "PS_LINK_NOT_LINKED",
                    {"product": label, "name": names.get(external_id, ""), "reason": reason.as_param()},
                )
                entries.append(
                    journal.entry(
                        account,
                        "linking",
                        message,
                        severity="warning",
                        run=self.run,
                        initiator=initiator,
                        object_type="product",
                        object_id=str(external_id),
                        data={"external_id": external_id, "combination_id": combination_id},
                    )
                )
            if entries:
                writer.record_many(entries)


def _pages(client: Any, resource: str, display: list[str]) -> Iterator[list[dict]]:
    """`resource` in pages of LINK_PAGE, by id (PrestaShop gives no total: until a page is short)."""
    offset = 0
    while True:
        page = client.list(resource, display=display, sort="[id_ASC]", limit=(offset, LINK_PAGE))
        if page:
            yield page
        if len(page) < LINK_PAGE:
            return
        offset += len(page)


def link_products(run_id: int) -> Run | None:
    return AutoLink.execute(run_id)


# Linking by hand: the catalogue as XLSX ----------------------------------------------------------

#: (key, label) of the catalogue's columns, in order; a file is read back by these labels.
COLUMNS = (
    ("id", _("Local id")),
    ("code", _("Symbol")),
    ("ean", _("EAN")),
    ("catalogue_number", _("Catalogue number")),
    ("name", _("Name")),
    ("external_id", _("PrestaShop product id")),
    ("combination_id", _("PrestaShop combination id")),
)
#: The largest linking file accepted is settings.PRESTASHOP_LINKING_UPLOAD_MAX_BYTES (a 100,000-product
#: catalogue is about 5 MB); its parts may hold at most PRESTASHOP_LINKING_UNPACKED_MAX_BYTES unpacked.
#: Parts an XLSX may have (a workbook of one sheet has about ten).
ARCHIVE_MAX_MEMBERS = 1000
#: Rows a linking file may have.
UPLOAD_MAX_ROWS = 200_000
#: Row errors kept in the report entry (its data stays under the journal's 32 KB).
REPORT_ERRORS_KEPT = 150
#: Ids checked against PrestaShop per request.
CHECK_BATCH = 100


def catalogue_rows(account: Account) -> Iterator[list[Any]]:
    """The whole local catalogue, by id, with the PrestaShop ids of its offers on `account`."""
    offers = dict(
        (pk, (e, c))
        for pk, e, c in Offer.objects.filter(account=account).values_list("product_id", "external_id", "combination_id")
    )
    rows = Product.objects.order_by("pk").values_list("pk", "code", "ean", "catalogue_number", "name")
    for pk, code, ean, catalogue, name in rows.iterator(chunk_size=2000):
        external, combination = offers.get(pk, (None, None))
        yield [pk, code, ean, catalogue, name, external, combination]


def catalogue_xlsx(account: Account) -> bytes:
    """The catalogue workbook (every text written as text: no formula from a product name)."""
    return xlsx_bytes([str(label) for _key, label in COLUMNS], catalogue_rows(account), title="Catalogue")


class BadFile(Exception):
    """The file as a whole cannot be used (not an XLSX, no header); the message says why for people."""


def upload_max_bytes() -> int:
    from django.conf import settings

    return int(settings.PRESTASHOP_LINKING_UPLOAD_MAX_BYTES)


def _declares_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    if not part.filename.endswith((".xml", ".rels")):
        return False
    with archive.open(part) as file:
        return b"<!DOCTYPE" in file.read(4096).upper()


def check_archive(content: bytes) -> None:
    """Refuse a file that is not a ZIP, or whose parts would unpack to more than the limit (a "ZIP bomb").

    The sizes are the ones the archive declares; Python's zipfile (which openpyxl reads
    through) never unpacks more than a part declares, and fails a part whose data is longer.
    """
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            # openpyxl's read-only sheets are parsed without defusedxml: a part's DTD is refused here,
            # from its first bytes (a declaration comes before the root element).
            declares = any(_declares_dtd(archive, part) for part in parts[:ARCHIVE_MAX_MEMBERS])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise BadFile(_("The file is not an XLSX workbook.")) from exc
    if declares:
        raise BadFile(
            _("The workbook cannot be read: %(error)s")
            % {"error": _("it declares entities or a DTD, which are not allowed")}
        )
    limit = settings.PRESTASHOP_LINKING_UNPACKED_MAX_BYTES
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > ARCHIVE_MAX_MEMBERS or unpacked > limit:
        raise BadFile(
            _("Unpacked, the workbook would hold %(size)s; at most %(limit)s can be read.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )


@dataclass
class UploadReport:
    file: str
    linked: int = 0
    unchanged: int = 0
    #: (row number as the spreadsheet shows it, reason)
    errors: list[tuple[int, Message]] = field(default_factory=list)


def _header_keys() -> dict[str, str]:
    """Every language's label of each column (lower case) -> its key."""
    from django.conf import settings

    keys: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            keys |= {str(label).strip().lower(): key for key, label in COLUMNS}
    keys |= {key: key for key, _label in COLUMNS}
    return keys


def read_rows(content: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column key: value}) of a linking file; raises BadFile."""
    import openpyxl  # type: ignore[import-untyped]

    check_archive(content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _UNREADABLE as exc:
        raise BadFile(_("The file is not an XLSX workbook.")) from exc
    try:
        yield from _rows(book)
    except _UNREADABLE as exc:  # a sheet is read lazily: its faults surface while iterating
        raise BadFile(_("The workbook cannot be read: %(error)s") % {"error": _reason(exc)}) from exc


def _reason(exc: BaseException) -> Any:
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    if isinstance(exc, DefusedXmlException):
        return _("it declares entities or a DTD, which are not allowed")
    return _("it is damaged or cut short")


def _rows(book: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise BadFile(_("The workbook has no sheet."))
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    known = _header_keys()
    columns = {i: known[str(h).strip().lower()] for i, h in enumerate(header) if h and str(h).strip().lower() in known}
    found = set(columns.values())
    if "external_id" not in found or not found & {"id", "code"}:
        raise BadFile(
            _(
                "The first row must name the columns as the downloaded catalogue does: at least “%(external)s” and "
                "“%(local)s” or “%(symbol)s”."
            )
            % {"external": COLUMNS[5][1], "local": COLUMNS[0][1], "symbol": COLUMNS[1][1]}
        )
    for number, values in enumerate(rows, start=2):
        if number - 1 > UPLOAD_MAX_ROWS:
            raise BadFile(_("The file has more than %(rows)s rows.") % {"rows": UPLOAD_MAX_ROWS})
        row = {key: values[i] for i, key in columns.items() if i < len(values)}
        if any(v not in (None, "") for v in row.values()):
            yield number, row


def _unreadable_errors() -> tuple[type[BaseException], ...]:
    import zlib
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    # defusedxml's refusals (openpyxl parses through it when it is installed) are ValueErrors.
    return (
        zipfile.BadZipFile, InvalidFileException, DefusedXmlException, ParseError, zlib.error,
        KeyError, IndexError, TypeError, OSError, ValueError, EOFError,
    )  # fmt: skip


_UNREADABLE = _unreadable_errors()


def _whole(value: Any) -> int | None:
    """A cell as a whole number ≥ 0, None when empty; ValueError otherwise (12, 12.0, "12")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    number = int(str(value).strip())
    if number < 0:
        raise ValueError(value)
    return number


def _error(code: str, /, **params: Any) -> Message:
    return Message(code, params)


def apply_upload(account: Account, name: str, content: bytes, user: Any) -> tuple[UploadReport, Entry]:
    """Link the rows of a linking file; returns the report and its "linking" entry. Raises BadFile.

    PrestaShop is asked whether each product and combination exists (CHECK_BATCH ids a
    request); a PrestaShop error while checking raises `client.PrestaShopError`.
    """
    from .client import Client

    report = UploadReport(file=name)
    parsed: list[tuple[int, Any, str, int, int]] = []
    for number, row in read_rows(content):
        external = row.get("external_id")
        try:
            external_id = _whole(external)
        except ValueError:
            report.errors.append((number, _error("PS_ROW_BAD_EXTERNAL", value=str(external)[:40])))
            continue
        if external_id is None:
            continue  # not to be linked
        try:
            combination_id = _whole(row.get("combination_id")) or 0
        except ValueError:
            report.errors.append((number, _error("PS_ROW_BAD_COMBINATION", value=str(row.get("combination_id"))[:40])))
            continue
        if external_id == 0:
            report.errors.append((number, _error("PS_ROW_BAD_EXTERNAL", value="0")))
            continue
        try:
            local_id = _whole(row.get("id"))
        except ValueError:
            report.errors.append((number, _error("PS_ROW_BAD_LOCAL", value=str(row.get("id"))[:40])))
            continue
        code = str(row.get("code") or "").strip()
        if local_id is None and not code:
            report.errors.append((number, _error("PS_ROW_NO_LOCAL")))
            continue
        parsed.append((number, local_id, code, external_id, combination_id))
    by_id = Product.objects.in_bulk({p[1] for p in parsed if p[1] is not None})
    by_code = {p.code: p for p in Product.objects.filter(code__in={p[2] for p in parsed if p[1] is None})}
    client = Client.for_account(account)
    products_there = _existing(client, "products", {p[3] for p in parsed})
    combinations_there = _combinations(client, {p[4] for p in parsed if p[4]})
    template = actions.default_template(account)
    seen_remote: dict[tuple[int, int], int] = {}
    seen_local: dict[int, int] = {}
    with transaction.atomic():
        offers = {(o.external_id, o.combination_id): o for o in Offer.objects.filter(account=account)}
        by_product = {o.product_id: o for o in offers.values()}
        for number, local_id, code, external_id, combination_id in parsed:
            product = by_id.get(local_id) if local_id is not None else by_code.get(code)
            label = remote_label(external_id, combination_id)
            if product is None:
                reason = _error("PS_ROW_LOCAL_MISSING", value=str(local_id) if local_id is not None else code)
            elif external_id not in products_there:
                reason = _error("PS_ROW_REMOTE_MISSING", product=str(external_id))
            elif combination_id and combinations_there.get(combination_id) != external_id:
                reason = _error("PS_ROW_COMBINATION_MISSING", product=str(external_id), combination=str(combination_id))
            elif (external_id, combination_id) in seen_remote:
                reason = _error("PS_ROW_REPEATED", product=label, row=seen_remote[(external_id, combination_id)])
            elif product.pk in seen_local:
                reason = _error("PS_ROW_REPEATED_LOCAL", code=product.code, row=seen_local[product.pk])
            else:
                seen_remote[(external_id, combination_id)] = number
                seen_local[product.pk] = number
                there = offers.get((external_id, combination_id))
                mine = by_product.get(product.pk)
                if there is not None and there.product_id == product.pk:
                    report.unchanged += 1
                    continue
                if there is not None:
                    reason = _error("PS_ROW_REMOTE_TAKEN", product=label, code=there.product.code)
                elif mine is not None:  # linked elsewhere before: the file moves the link
                    offers.pop((mine.external_id, mine.combination_id), None)
                    mine.external_id, mine.combination_id = external_id, combination_id
                    mine.save(update_fields=["external_id", "combination_id"])
                    offers[(external_id, combination_id)] = mine
                    report.linked += 1
                    continue
                else:
                    offer = Offer.objects.create(
                        account=account,
                        external_id=external_id,
                        combination_id=combination_id,
                        product=product,
                        template=template,
                    )
                    offers[(external_id, combination_id)] = by_product[product.pk] = offer
                    report.linked += 1
                    continue
            report.errors.append((number, reason))
        report.errors.sort(key=lambda e: e[0])
        summary = _error(
            "PS_LINK_UPLOAD_SUMMARY",
            file=name[:200],
            linked=report.linked,
            unchanged=report.unchanged,
            errors=len(report.errors),
        )
        kept = [{"row": row, "error": reason.as_param()} for row, reason in report.errors[:REPORT_ERRORS_KEPT]]
        saved = journal.record(
            account,
            "linking",
            summary,
            severity="warning" if report.errors else "success",
            initiator="manual",
            actor=user.get_username() if user is not None else "",
            data={
                "file": name[:200],
                "linked": report.linked,
                "unchanged": report.unchanged,
                "errors": kept,
                "errors_total": len(report.errors),
            },
        )
    return report, saved


def _existing(client: Any, resource: str, ids: set[int]) -> set[int]:
    found: set[int] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHECK_BATCH):
        chunk = ordered[start : start + CHECK_BATCH]
        found |= {int(r["id"]) for r in client.list(resource, display=["id"], filters={"id": _ids(chunk)})}
    return found


def _combinations(client: Any, ids: set[int]) -> dict[int, int]:
    """Combination id -> its product's id, of those that exist."""
    found: dict[int, int] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHECK_BATCH):
        chunk = ordered[start : start + CHECK_BATCH]
        rows = client.list("combinations", display=["id", "id_product"], filters={"id": _ids(chunk)})
        found |= {int(r["id"]): int(r["id_product"]) for r in rows}
    return found


def report_of(entry: Entry) -> dict[str, Any] | None:
    """An upload's report from its entry, the errors in the reader's language: {file, linked, unchanged,
    errors: [(row, text)], errors_total}; None for any other entry."""
    from eventlog import messages

    data = entry.data or {}
    if entry.tab != PRESTASHOP.slug or entry.event_type != "linking" or "errors_total" not in data:
        return None
    errors = []
    for item in data.get("errors", []):
        error = item.get("error") or {}
        errors.append((item.get("row"), messages.render(error.get("code", ""), error.get("params") or {}, "")))
    return {**data, "errors": errors}
