"""Importing products from PrestaShop: two runs per import (issue 10 §1.6).

Stage 1, "prepare" (`Prepare`, run kind "prestashop_prepare"), lists only the ids and
names of the products the parameters select — an id range, given ids, changed since a
date (`filter[date_upd]` with `date=1`), only active ones — and the ids of their
combinations, and writes one `ImportItem` per product without combinations and per
combination ("prepared for import"). Stage 2 (`RunImport`, kind "prestashop_import")
reads the full data of the prepared items in batches (`display=full`,
`filter[id]=[a|b|c]`) and settles each item:

- a local product with the chosen identifier (the account's field mapping says which
  PrestaShop field holds it) → an `Offer` linking the two ("linked to existing");
- none → a new local product (code: the PrestaShop symbol when no local product has it,
  else "PS<account>-<id>[-<combination>]") and its offer ("created");
- no identifier, or the local product already linked to another PrestaShop product
  (two PrestaShop products with one EAN) → "skipped" with the reason;
- PrestaShop refusing the batch → "failed" with the API's error, as written.

Each offer gets the account's default settings template; an import is refused while
there is none. Each batch — its products, offers, items' statuses and entries — is one
transaction, so a worker killed mid-import leaves whole batches behind: the resumed run
(`runs.recover_stale`) starts again from the items still "prepared" and, with offers
unique on (account, external id, combination), creates nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Run, RunStatus
from integrations.erp.models import CODE_MAX, NAME_MAX, Product

from . import actions, journal, linking
from .client import ApiError, Client, text
from .models import Account, Import, ImportItem, ImportStatus, ItemStatus, Offer, SettingsTemplate
from .tab import PRESTASHOP

log = logging.getLogger(__name__)

COUNTERS = (
    ("created", _("Created")),
    ("linked", _("Linked to existing")),
    ("skipped", _("Skipped")),
    ("failed", _("Failed")),
)
PREPARE_RUN = runs.register(
    runs.RunKind(
        "prestashop_prepare",
        _("PrestaShop import: prepare"),
        (("items", _("Products and combinations")),),
        task="prestashop.prepare_import",
        resumable=True,
        abortable=True,
    )
)
IMPORT_RUN = runs.register(
    runs.RunKind(
        "prestashop_import",
        _("PrestaShop import"),
        COUNTERS,
        task="prestashop.run_import",
        resumable=True,
        abortable=True,
    )
)

#: Products listed per request in stage 1 (ids and names only).
PREPARE_PAGE = 500
#: Products read in full per batch (one transaction each) in stage 2: 50 products are ~85 items
#: with combinations. Measured on the stand-in: 2,000 products (3,332 items) with stock in 9.6 s
#: and 120 requests (3 a batch: products, combinations, stock rows), ~40 ms of each the stand-in's.
IMPORT_BATCH = 50
#: Given ids sent in one `filter[id]=[a|b|…]`.
IDS_PER_REQUEST = 100
#: PrestaShop's "no upper bound" for an id or date range filter.
_MAX_ID = 2_147_483_647
_MAX_DATE = "9999-12-31 23:59:59"


class Refused(Exception):
    """An import action that cannot be done now; `message` says why for people."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.stored())


def _code(code: str, /, **params: Any) -> Message:
    return Message(code, params)


# Actions (the views call these) -----------------------------------------------------


def sync_status(job: Import) -> Import:
    """An import whose run ended without telling it (aborted before it started, its worker
    gone for good) takes the run's outcome. Returns the import, refreshed."""
    run = job.import_run if job.status == ImportStatus.IMPORTING else None
    if job.status == ImportStatus.PREPARING:
        run = job.prepare_run
    if run is not None:
        run.refresh_from_db(fields=["status"])
        ended: dict[str, str] = {RunStatus.FAILED: ImportStatus.FAILED, RunStatus.ABORTED: ImportStatus.ABORTED}
        if run.status in ended:
            Import.objects.filter(pk=job.pk, status=job.status).update(status=ended[run.status])
            job.refresh_from_db()
    return job


def _require_template(job: Import) -> None:
    if actions.default_template(job.account) is None:
        raise Refused(_code("PS_IMPORT_NO_TEMPLATE"))


def may_prepare(job: Import) -> bool:
    return job.import_run_id is None and job.status in (ImportStatus.DRAFT, ImportStatus.FAILED, ImportStatus.ABORTED)


def may_import(job: Import) -> bool:
    started = job.status in (ImportStatus.FAILED, ImportStatus.ABORTED) and job.prepare_run_id is not None
    return job.status == ImportStatus.PREPARED or (started and job.items.exists())


def start_prepare(job: Import, user: Any) -> Run:
    """Queue stage 1. Raises Refused (no default template, already under way or imported)."""
    return _start(job, user, PREPARE_RUN, may_prepare, ImportStatus.PREPARING, "prepare_run")


def start_import(job: Import, user: Any) -> Run:
    """Queue stage 2 (again, after a failure or an abort: it goes on with the items left)."""
    return _start(job, user, IMPORT_RUN, may_import, ImportStatus.IMPORTING, "import_run")


def _start(job: Import, user: Any, kind: runs.RunKind, may: Callable[[Import], bool], status: str, field: str) -> Run:
    _require_template(job)
    with transaction.atomic():
        job = Import.objects.select_for_update().select_related("account").get(pk=job.pk)
        if not may(job):
            raise Refused(_code("PS_IMPORT_NOT_NOW"))
        run = runs.queue(kind, tab=PRESTASHOP.slug, params={"import": job.pk}, user=user)
        job.status = status
        setattr(job, field, run)
        job.save(update_fields=["status", field])
    return run


def current_run(job: Import) -> Run | None:
    """The run of the stage under way (or the last one)."""
    if job.status == ImportStatus.PREPARING or job.import_run_id is None:
        return job.prepare_run
    return job.import_run


def counts(job: Import) -> dict[str, int]:
    """Items by status: {"prepared": n, "created": n, "linked": n, "skipped": n, "failed": n}."""
    found = dict(job.items.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: found.get(status, 0) for status in ItemStatus.values}


# Stage 1 ----------------------------------------------------------------------------


def product_filters(job: Import) -> tuple[list[dict[str, str]], bool]:
    """The `filter[...]` parameters of the products the import selects — one set per request
    series (given ids go IDS_PER_REQUEST at a time, so that no URL grows long) — and whether
    `date=1` is needed.

    Given ids win over the range (the range then narrows them); the date is the shop's
    local time, as PrestaShop stores `date_upd` (PROTOCOLS.md §1.3).
    """
    common: dict[str, str] = {}
    if job.only_active:
        common["active"] = "[1]"
    if job.changed_since:
        since = timezone.localtime(job.changed_since).strftime("%Y-%m-%d %H:%M:%S")
        common["date_upd"] = f"[{since},{_MAX_DATE}]"
    low, high = job.id_from or 1, job.id_to or _MAX_ID
    if job.ids:
        ids = sorted({int(i) for i in job.ids if low <= int(i) <= high})
        chunks = [ids[i : i + IDS_PER_REQUEST] for i in range(0, len(ids), IDS_PER_REQUEST)]
        return [{"id": _ids(chunk), **common} for chunk in chunks], job.changed_since is not None
    if job.id_from or job.id_to:
        common = {"id": f"[{low},{high}]", **common}
    return [common], job.changed_since is not None


def _ids(values: Iterable[int]) -> str:
    return "[" + "|".join(str(v) for v in values) + "]"


class _ImportJob(runs.Job):
    def setup(self) -> tuple[Import, Client]:
        job = Import.objects.select_related("account").get(pk=self.run.params["import"])
        return job, Client.for_account(job.account)

    def _set_status(self, status: str) -> None:
        Import.objects.filter(pk=self.run.params["import"]).update(status=status)

    def on_failure(self, exc: Exception) -> str | Message:
        """The import fails with the run; an "import" entry says why (it can be started again)."""
        self._set_status(ImportStatus.FAILED)
        reason = exc.message if isinstance(exc, Refused) else getattr(exc, "reason", None)
        why: Any = reason.as_param() if isinstance(reason, Message) else f"{type(exc).__name__}: {exc}"[:300]
        job = Import.objects.select_related("account").get(pk=self.run.params["import"])
        summary = _code("PS_IMPORT_FAILED", **{"import": str(job.pk), "reason": why})
        journal.record(
            job.account,
            "import",
            summary,
            severity="error",
            run=self.run,
            initiator=_initiator(self.run),
            object_id=str(job.pk),
            data={"import": job.pk, "stage": self.kind.code},
        )
        return summary

    def on_abort(self, aborted: runs.Aborted) -> None:
        self._set_status(ImportStatus.ABORTED)


class Prepare(_ImportJob):
    """Stage 1: the selected products' ids and names and their combinations' ids (see the module)."""

    kind = PREPARE_RUN

    def work(self) -> Message:
        job, client = self.setup()
        _require_template(job)
        series, by_date = product_filters(job)
        done = 0
        self.counters = {"items": 0}
        self.progress(0, force=True)
        for filters in series:
            offset = 0
            while True:
                self.check_abort()
                page = client.list(
                    "products",
                    display=["id", "name", "active", "date_upd"],
                    filters=filters,
                    sort="[id_ASC]",
                    limit=(offset, PREPARE_PAGE),
                    date=by_date,
                )
                offset += len(page)
                if page:
                    self._collect(job, client, page)
                    done += len(page)
                    self.counters["items"] = job.items.count()
                    self.progress(done)
                if len(page) < PREPARE_PAGE:
                    break
        count = job.items.count()
        self.counters["items"] = count
        summary = _code("PS_IMPORT_PREPARED", **{"import": str(job.pk), "count": count})
        with transaction.atomic():
            Import.objects.filter(pk=job.pk).update(status=ImportStatus.PREPARED)
            data = {"import": job.pk, "stage": "prepare", "items": count}
            journal.record(
                job.account,
                "import",
                summary,
                run=self.run,
                initiator=_initiator(self.run),
                object_id=str(job.pk),
                data=data,
            )
            self.progress(done, done, force=True)
            runs.finish(self.run, summary, self.counters)
        return summary

    def _collect(self, job: Import, client: Client, page: list[dict[str, Any]]) -> None:
        """One page of products: their combinations' ids, and a row for each product or combination."""
        names = {int(p["id"]): text(p.get("name")) or "—" for p in page}
        combinations: dict[int, list[int]] = {}
        for combination in client.list(
            "combinations", display=["id", "id_product"], filters={"id_product": _ids(names)}
        ):
            combinations.setdefault(int(combination["id_product"]), []).append(int(combination["id"]))
        items = [
            ImportItem(job=job, external_id=product_id, combination_id=combination_id, name=name[:255])
            for product_id, name in names.items()
            for combination_id in sorted(combinations.get(product_id, [])) or [0]
        ]
        # A resumed run lists the same products again: what it wrote before stays.
        ImportItem.objects.bulk_create(items, ignore_conflicts=True)


def _initiator(run: Run) -> str:
    return "manual" if run.created_by_id else "automatic"


# Stage 2 ----------------------------------------------------------------------------


def _decimal(value: object, places: str = "0.01") -> Decimal:
    try:
        return Decimal(str(value or "0")).quantize(Decimal(places))
    except InvalidOperation:
        return Decimal("0").quantize(Decimal(places))


class RunImport(_ImportJob):
    """Stage 2: full data in batches, each item created, linked, skipped or failed (see the module)."""

    kind = IMPORT_RUN

    def work(self) -> Message:
        job, client = self.setup()
        template = actions.default_template(job.account)
        if template is None:
            raise Refused(_code("PS_IMPORT_NO_TEMPLATE"))
        total = job.items.count()
        if not self.resumed and not job.items.exclude(status=ItemStatus.PREPARED).exists():
            journal.record(
                job.account,
                "import",
                _code("PS_IMPORT_STARTED", **{"import": str(job.pk), "count": total}),
                run=self.run,
                initiator=_initiator(self.run),
                object_id=str(job.pk),
                data={"import": job.pk, "stage": "import"},
            )
        self._count(job)
        self.progress(total - counts(job)["prepared"], total, force=True)
        while True:
            self.check_abort()
            product_ids = list(
                job.items.filter(status=ItemStatus.PREPARED)
                .order_by("external_id")
                .values_list("external_id", flat=True)
                .distinct()[:IMPORT_BATCH]
            )
            if not product_ids:
                break
            items = list(job.items.filter(status=ItemStatus.PREPARED, external_id__in=product_ids))
            Batch(job, client, template, self.run).settle(items)
            self._count(job)
            self.progress(total - self.counters_left, total)
        summary = _code("PS_IMPORT_SUMMARY", **{"import": str(job.pk)}, **{k: self.counters[k] for k, _l in COUNTERS})
        with transaction.atomic():
            Import.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
            severity = "success" if not (self.counters["skipped"] or self.counters["failed"]) else "warning"
            journal.record(
                job.account,
                "import",
                summary,
                severity=severity,
                run=self.run,
                initiator=_initiator(self.run),
                object_id=str(job.pk),
                data={"import": job.pk, "stage": "import", **self.counters},
            )
            self.progress(total, total, force=True)
            runs.finish(self.run, summary, self.counters)
        return summary

    def _count(self, job: Import) -> None:
        found = counts(job)
        self.counters = {key: found[key] for key, _label in COUNTERS}
        self.counters_left = found["prepared"]


class Batch:
    """One batch of stage 2: the full data of a few products, settled in one transaction."""

    def __init__(self, job: Import, client: Client, template: SettingsTemplate, run: Run) -> None:
        self.job, self.client, self.template, self.run = job, client, template, run
        self.account: Account = job.account
        self.entries: list[dict[str, Any]] = []

    def settle(self, items: list[ImportItem]) -> None:
        try:
            products, combinations, stock = self._read(items)
        except ApiError as error:
            with transaction.atomic():
                for item in items:
                    self._fail(item, error.reason)
                self._save(items)
            return
        identifier = self.job.identifier
        values: dict[int, str] = {}
        for item in items:
            data = combinations.get(item.combination_id) if item.combination_id else products.get(item.external_id)
            field = linking.remote_field(self.account, identifier, combination=bool(item.combination_id))
            values[item.pk] = linking.value_of(data, field) if data else ""
        with transaction.atomic():
            local = linking.local_products(identifier, values.values())
            taken = linking.linked_products(self.account, [p.pk for p in local.values()])
            # Local products this import linked already: a second PrestaShop product with their identifier.
            mine = set(
                self.job.items.filter(product__in=list(local.values()))
                .exclude(status=ItemStatus.PREPARED)
                .values_list("product_id", flat=True)
            )
            existing = {
                (o.external_id, o.combination_id): o
                for o in Offer.objects.filter(account=self.account, external_id__in={i.external_id for i in items})
            }
            self.codes = self._codes_in_use(items, products, combinations)
            used: set[str] = set()  # identifiers this batch linked or created
            links: list[tuple[ImportItem, Product]] = []
            for item in items:
                product = products.get(item.external_id)
                combination = combinations.get(item.combination_id) if item.combination_id else None
                if product is None or (item.combination_id and combination is None):
                    self._fail(item, _code("PS_REASON_GONE"))
                    continue
                offer = existing.get((item.external_id, item.combination_id))
                if offer is not None:  # linked before (an earlier import, linking by hand)
                    item.status, item.product_id = ItemStatus.LINKED, offer.product_id
                    continue
                value = values[item.pk]
                if not value:
                    field = linking.remote_field(self.account, identifier, combination=bool(item.combination_id))
                    self._skip(item, _code("PS_REASON_NO_IDENTIFIER", identifier=_identifier(identifier), field=field))
                    continue
                match = local.get(value)
                if value in used or (match is not None and match.pk in mine):
                    self._skip(item, _code("PS_REASON_DUPLICATE", identifier=_identifier(identifier), value=value))
                    continue
                if match is not None and match.pk in taken:
                    self._skip(item, _code("PS_REASON_PRODUCT_TAKEN", code=match.code, other=taken[match.pk]))
                    continue
                if match is None:
                    try:
                        match = self._new_product(item, product, combination, stock)
                    except ValueError as bad:
                        self._skip(item, _code("PS_REASON_INVALID", error=str(bad)))
                        continue
                    item.status = ItemStatus.CREATED
                else:
                    item.status = ItemStatus.LINKED
                used.add(value)
                links.append((item, match))
            # Uses the primary keys PostgreSQL returns from a bulk insert.
            Product.objects.bulk_create([p for i, p in links if i.status == ItemStatus.CREATED])
            Offer.objects.bulk_create(
                Offer(
                    account=self.account,
                    external_id=i.external_id,
                    combination_id=i.combination_id,
                    product=p,
                    template=self.template,
                    # A product created with PrestaShop's stock has nothing to push until that stock changes.
                    pushed_stock=p.stock if i.status == ItemStatus.CREATED and self.job.with_stock else None,
                )
                for i, p in links
            )
            for item, match in links:
                item.product_id = match.pk
            self._save(items)

    def _save(self, items: list[ImportItem]) -> None:
        """The items' outcome (one statement per item, sent together) and the batch's entries."""
        ImportItem.objects.bulk_update(items, ["status", "reason", "reason_message", "product"])
        if self.entries:
            writer.record_many(self.entries)

    def _codes_in_use(self, items: list[ImportItem], products: dict[int, dict], combinations: dict[int, dict]) -> set:
        """Of the codes new products of this batch could get, those local products have (one query)."""
        wanted = set()
        for item in items:
            data = combinations.get(item.combination_id) if item.combination_id else products.get(item.external_id)
            wanted.add(
                linking.value_of(
                    data, linking.remote_field(self.account, "symbol", combination=bool(item.combination_id))
                )
            )
            wanted.add(self._fallback_code(item))
        return set(Product.objects.filter(code__in=wanted - {""}).values_list("code", flat=True))

    def _fallback_code(self, item: ImportItem) -> str:
        suffix = f"-{item.combination_id}" if item.combination_id else ""
        return f"PS{self.account.pk}-{item.external_id}{suffix}"

    def _read(self, items: list[ImportItem]) -> tuple[dict[int, dict], dict[int, dict], dict[tuple[int, int], str]]:
        """The batch's products, combinations (by id) and stock ((product, combination) -> quantity)."""
        product_ids = sorted({i.external_id for i in items})
        combination_ids = sorted({i.combination_id for i in items if i.combination_id})
        products = {
            int(p["id"]): p for p in self.client.list("products", display="full", filters={"id": _ids(product_ids)})
        }
        combinations: dict[int, dict] = {}
        if combination_ids:
            rows = self.client.list("combinations", display="full", filters={"id": _ids(combination_ids)})
            combinations = {int(c["id"]): c for c in rows}
        stock: dict[tuple[int, int], str] = {}
        if self.job.with_stock:
            rows = self.client.list(
                "stock_availables",
                display=["id", "id_product", "id_product_attribute", "quantity"],
                filters={"id_product": _ids(product_ids)},
            )
            stock = {(int(r["id_product"]), int(r["id_product_attribute"])): r.get("quantity", "0") for r in rows}
        return products, combinations, stock

    def _new_product(
        self, item: ImportItem, product: dict, combination: dict | None, stock: dict[tuple[int, int], str]
    ) -> Product:
        """A new local product (not saved yet) from PrestaShop's data. Raises ValueError when a value does not fit."""
        account, combo = self.account, bool(combination)
        data = combination or product

        def field(identifier: str) -> str:
            return linking.value_of(data, linking.remote_field(account, identifier, combination=combo))

        ean, symbol, catalogue = field("ean"), field("symbol"), field("catalogue_number")
        if len(ean) > 14:
            raise ValueError(f"EAN {ean[:40]!r} is longer than 14 characters")
        code = symbol if symbol and len(symbol) <= CODE_MAX and symbol not in self.codes else ""
        if not code:
            code = self._fallback_code(item)
            if code in self.codes:
                raise ValueError(f"the local code {code} is taken")
        self.codes.add(code)
        price = _decimal(product.get("price"))
        if combination is not None:
            price += _decimal(combination.get("price"))
        quantity = _decimal(stock.get((item.external_id, item.combination_id), "0"), "0.001")
        return Product(
            code=code,
            name=(item.name or text(product.get("name")) or code)[:NAME_MAX],
            ean=ean,
            catalogue_number=catalogue[:64],
            price=max(price, Decimal("0.00")),
            stock=quantity,
            active=linking.value_of(product, "active") != "0",
            content_hash="",
        )

    def _skip(self, item: ImportItem, reason: Message) -> None:
        self._settle(item, ItemStatus.SKIPPED, reason, "PS_IMPORT_ITEM_SKIPPED", "warning")

    def _fail(self, item: ImportItem, reason: Message) -> None:
        self._settle(item, ItemStatus.FAILED, reason, "PS_IMPORT_ITEM_FAILED", "error")

    def _settle(self, item: ImportItem, status: str, reason: Message, code: str, severity: str) -> None:
        item.status, item.reason, item.reason_message = status, reason.stored(), reason.as_param()
        label = linking.remote_label(item.external_id, item.combination_id)
        message = _code(code, product=label, name=item.name, reason=reason.as_param())
        self.entries.append(
            journal.entry(
                self.account,
                "import",
                message,
                severity=severity,
                run=self.run,
                initiator=_initiator(self.run),
                object_type="product",
                object_id=str(item.external_id),
                data={"import": self.job.pk, "external_id": item.external_id, "combination_id": item.combination_id},
            )
        )


def _identifier(identifier: str) -> dict[str, Any]:
    """The identifier's name as a message parameter (shown in the reader's language)."""
    return linking.identifier_name(identifier).as_param()


def prepare_import(run_id: int) -> Run | None:
    return Prepare.execute(run_id)


def run_import(run_id: int) -> Run | None:
    return RunImport.execute(run_id)
