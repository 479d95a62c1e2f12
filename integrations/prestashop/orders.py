"""Order download: the PrestaShop orders created or changed since the account's cursor.

Beat's `tick` (task "prestashop.orders_tick", every 300 s) queues one run of kind
"prestashop_orders" (task "prestashop.download_orders") per account with order download
on and a correct connection, unless one is queued or running already.

A run reads `GET /api/orders?filter[date_upd]=[<cursor>,2999-12-31 23:59:59]&date=1
&sort=[date_upd_ASC,id_ASC]` (PROTOCOLS.md §0.3: a date filter needs `date=1`) page by
page. The cursor is `account.orders_cursor`, the newest `date_upd` already read; before
the first run, `orders_from` or else the account's creation, in the shop's local time
(PrestaShop's dates are naive local times; Dziennik's TIME_ZONE is taken to be the shop's).
The range includes the cursor itself, so orders changed within the same second as the
last one read are not missed; one read again unchanged is left alone.

For each order (idempotent on account + PrestaShop id):

- new: created in `account.orders_into_status`, with the payment and delivery methods
  its `module` and `id_carrier` are mapped to (RemoteChoice.mapped_to); an unmapped one is
  left empty and the order gets a warning entry saying which;
- known, changed: updated (PrestaShop status, total, methods; the status follows a
  mapped PrestaShop state) only while its status is one of `account.orders_update_statuses`
  and not the first of them: an order in the first one counts as started and takes no
  more updates, nor does one in a status not listed (both counted as skipped).

Each page is one transaction that saves its orders, their warnings and the cursor
(under a lock on the account row, so two runs of one account never interleave): a run
whose worker died runs again from the cursor saved, creating nothing twice. A run that
did something writes one "orders" entry (created, updated, skipped); an empty run only
has its run record, so beat's every-five-minutes runs do not fill the tab.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import ObjectType, Run, RunStatus, Severity

from . import client, codes, journal
from .models import Account, MethodKind, Order, RemoteChoice
from .tab import PRESTASHOP

log = logging.getLogger(__name__)

ORDERS_RUN = runs.register(
    runs.RunKind(
        "prestashop_orders",
        _("PrestaShop order download"),
        (("created", _("Created")), ("updated", _("Updated")), ("skipped", _("Skipped"))),
        task="prestashop.download_orders",
        resumable=True,
    )
)

#: Orders per request (display of nine short fields: 100 orders ≈ 30 kB of XML).
PAGE_SIZE = 100
FAR_FUTURE = "2999-12-31 23:59:59"
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_FIELDS = ["id", "reference", "current_state", "module", "payment", "id_carrier", "total_paid", "date_add", "date_upd"]


def queue_download(account: Account, user: Any = None) -> Run:
    """A queued order download of `account`; sent once the surrounding transaction commits."""
    return runs.queue(ORDERS_RUN, tab=PRESTASHOP.slug, params={"account": account.pk}, user=user)


def pending(account: Account) -> bool:
    return Run.objects.filter(
        kind=ORDERS_RUN.code, status__in=(RunStatus.QUEUED, RunStatus.RUNNING), params__account=account.pk
    ).exists()


def tick() -> list[int]:
    """Beat: queue a download for each account with order download on and connected; returns the run ids."""
    queued = []
    for account in Account.objects.filter(orders_enabled=True, connected=True).order_by("pk"):
        with transaction.atomic():
            # Lock the account: two ticks at once queue one run.
            Account.objects.select_for_update().filter(pk=account.pk).first()
            if not pending(account):
                queued.append(queue_download(account).pk)
    return queued


def starting_point(account: Account) -> str:
    """Where the next download starts: the cursor, else `orders_from`, else the account's creation (local time)."""
    if account.orders_cursor:
        return account.orders_cursor
    since = account.orders_from or account.created_at or timezone.now()
    return timezone.localtime(since).strftime(_DATE_FORMAT)


class DownloadOrders(runs.Job):
    kind = ORDERS_RUN

    def work(self) -> Message:
        account = Account.objects.get(pk=self.run.params["account"])
        self.account = account
        previous = self.run.counters if self.resumed and isinstance(self.run.counters, dict) else {}
        self.counters = {key: int(previous.get(key, 0)) for key in ("created", "updated", "skipped")}
        self.since = starting_point(account)
        self.run.params = {**self.run.params, "since": self.since}
        api = client.Client.for_account(account)
        try:
            self._download(api)
        except client.PrestaShopError as error:
            raise Failed(error) from None
        finally:
            self.counters["requests"] = self.counters.get("requests", 0) + api.requests_made
            api.close()
        message = Message(codes.ORDERS_DONE, {**self._counts(), "since": self.since})
        if any(self._counts().values()):
            with transaction.atomic():
                self._entry(Severity.SUCCESS if not self.counters["skipped"] else Severity.INFO, message)
                runs.finish(self.run, message, self.counters)
        return message

    def _counts(self) -> dict[str, int]:
        return {key: self.counters[key] for key in ("created", "updated", "skipped")}

    def _download(self, api: client.Client) -> None:
        cursor = starting_point(self.account)
        seen_at_cursor = 0  # orders of this run whose date_upd is the cursor: skipped by the next page's offset
        done = 0
        self.progress(0, None, force=True)
        while True:
            self.check_abort()
            page = api.list(
                "orders",
                display=_FIELDS,
                filters={"date_upd": f"[{cursor},{FAR_FUTURE}]"},
                sort="[date_upd_ASC,id_ASC]",
                limit=(seen_at_cursor, PAGE_SIZE),
                date=True,
            )
            if page:
                with transaction.atomic():
                    account = Account.objects.select_for_update().get(pk=self.account.pk)
                    self._save(account, page)
                    newest = max(order["date_upd"] for order in page)
                    if newest >= (account.orders_cursor or ""):
                        Account.objects.filter(pk=account.pk).update(orders_cursor=newest)
                    self.run.counters = self.counters
                    Run.objects.filter(pk=self.run.pk).update(counters=self.counters)
                if newest == cursor:  # a whole page changed in the cursor's second: page on within it
                    seen_at_cursor += len(page)
                else:
                    cursor, seen_at_cursor = newest, sum(1 for order in page if order["date_upd"] == newest)
                done += len(page)
                self.progress(done)
            if len(page) < PAGE_SIZE:
                self.progress(done, done, force=True)
                return

    def _save(self, account: Account, page: list[dict[str, Any]]) -> None:
        mapping = _mapping(account)
        update_statuses = [int(s) for s in account.orders_update_statuses or [] if str(s).isdigit()]
        started = update_statuses[0] if update_statuses else None
        known = {o.external_id: o for o in Order.objects.filter(account=account, external_id__in=_ids(page))}
        warnings: list[dict[str, Any]] = []
        for remote in page:
            external_id = int(remote["id"])
            payment = mapping.get((MethodKind.PAYMENT, remote.get("module", "")))
            delivery = mapping.get((MethodKind.DELIVERY, remote.get("id_carrier", "")))
            order = known.get(external_id)
            if order is None:
                order = Order.objects.create(
                    account=account,
                    external_id=external_id,
                    reference=(remote.get("reference") or "")[:32],
                    external_state=(remote.get("current_state") or "")[:16],
                    status=account.orders_into_status,
                    payment=payment,
                    delivery=delivery,
                    total_paid=_money(remote.get("total_paid")),
                    external_updated_at=remote.get("date_upd", "")[:19],
                )
                known[external_id] = order
                self.counters["created"] += 1
                warnings += self._unmapped(account, remote, payment, delivery)
                continue
            if order.external_updated_at == remote.get("date_upd") and order.external_state == remote.get(
                "current_state"
            ):
                continue  # read again at the cursor, unchanged
            if order.status_id not in update_statuses or order.status_id == started:
                self.counters["skipped"] += 1
                continue
            order.reference = (remote.get("reference") or order.reference)[:32]
            order.external_state = (remote.get("current_state") or "")[:16]
            order.payment = payment or order.payment
            order.delivery = delivery or order.delivery
            order.total_paid = _money(remote.get("total_paid"))
            order.external_updated_at = remote.get("date_upd", "")[:19]
            status = mapping.get((MethodKind.ORDER_STATUS, order.external_state))
            if status is not None:
                order.status = status
            order.save()
            self.counters["updated"] += 1
        if warnings:
            writer.record_many(warnings)

    def _unmapped(self, account: Account, remote: dict[str, Any], payment: Any, delivery: Any) -> list[dict[str, Any]]:
        problems = []
        if payment is None:
            problems.append((_("payment method"), remote.get("payment") or remote.get("module") or "?"))
        if delivery is None:
            problems.append((_("delivery method"), _carrier_name(account, remote.get("id_carrier", ""))))
        reference = remote.get("reference", "")
        return [
            journal.entry(
                account,
                "orders",
                Message(codes.ORDER_UNMAPPED, {"reference": reference, "id": remote["id"], "kind": str(kind),
                                               "name": name}),
                severity=Severity.WARNING,
                object_type=ObjectType.ORDER,
                object_id=reference or remote["id"],
                data={"prestashop_id": remote["id"], "module": remote.get("module", ""),
                      "id_carrier": remote.get("id_carrier", "")},
                run=self.run,
            )
            for kind, name in problems
        ]  # fmt: skip

    def _entry(self, severity: str, message: Message) -> None:
        journal.record(self.account, "orders", message, severity=severity, user=self.run.created_by, run=self.run)

    def on_failure(self, exc: Exception) -> str | Message:
        if not isinstance(exc, Failed) or not hasattr(self, "account"):
            return ""
        message = Message(codes.ORDERS_FAILED, {**self._counts(), "reason": exc.error.reason.as_param()})
        self._entry(Severity.ERROR, message)
        return message


class Failed(runs.Explained):
    """The shop could not be read: the run fails saying why; the orders saved so far stay, with the cursor."""

    def __init__(self, error: client.PrestaShopError) -> None:
        self.error = error
        super().__init__(str(error))


def _mapping(account: Account) -> dict[tuple[str, str], Any]:
    """(kind, PrestaShop id) → the shop's own ShopMethod, for the mapped choices of the account."""
    choices = RemoteChoice.objects.filter(account=account, mapped_to__isnull=False).select_related("mapped_to")
    return {(c.kind, c.external_id): c.mapped_to for c in choices}


def _carrier_name(account: Account, carrier_id: str) -> str:
    choice = RemoteChoice.objects.filter(account=account, kind=MethodKind.DELIVERY, external_id=carrier_id).first()
    return choice.name if choice else f"#{carrier_id}"


def _ids(page: list[dict[str, Any]]) -> list[int]:
    return [int(order["id"]) for order in page]


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value or "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return Decimal("0")
