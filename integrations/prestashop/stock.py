"""Pushing local stock to PrestaShop, and the sync report of each push (issue 10 §1.8).

Beat runs `tick` every minute. For each connected account that syncs stock
(`Account.sync_stock`), the offers whose settings template syncs stock and whose
product's stock differs from what PrestaShop last accepted (`Offer.pushed_stock`) are
pushed in a run ("prestashop_stock_push"), in batches of PUSH_BATCH products: the batch's
stock rows are read with one `GET /api/stock_availables?filter[id_product]=[a|b|…]
&display=full`, and each row is written back whole with its new quantity by
`PUT /api/stock_availables/{id}` (the id in the body; PROTOCOLS.md §1.5).

PrestaShop's quantities are whole numbers: a local stock of 2.5 is sent as 2. An
accepted row updates the offer's `pushed_stock` (so it is not sent again); a refused
one keeps it, so the next push tries again. Each push is ONE "sync_report" entry with
its report in `data`: `{"sent": n, "accepted": n, "refused": [{"product", "external_id",
"combination_id", "error"}], "refused_count": n}` (the list cut at REFUSED_KEPT);
the tab opens it with its details link, and the entry page shows the table.
"""

from __future__ import annotations

import logging
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.messages import Message
from eventlog.models import Run, RunStatus

from . import journal, linking
from .models import Account, Offer
from .tab import PRESTASHOP

log = logging.getLogger(__name__)

PUSH_RUN = runs.register(
    runs.RunKind(
        "prestashop_stock_push",
        _("PrestaShop stock push"),
        (("sent", _("Sent")), ("accepted", _("Accepted")), ("refused", _("Refused"))),
        task="prestashop.push_account_stock",
        resumable=True,  # pushing a stock twice sets it twice to the same value
    )
)
#: Products whose stock rows one GET reads (and then PUTs one by one). Measured on the stand-in:
#: 3,240 rows in 3,305 requests, 16 s (151 s with the stand-in's 44 ms Nagle delay per request).
PUSH_BATCH = 50
#: Refused products listed in a report's data (the entry's data stays under 32 KB).
REFUSED_KEPT = 200


def due(account: Account) -> QuerySet[Offer]:
    """The account's offers whose stock PrestaShop does not have yet (their template syncs stock)."""
    return (
        Offer.objects.filter(account=account, template__sync_stock=True)
        .filter(Q(pushed_stock__isnull=True) | ~Q(pushed_stock=F("product__stock")))
        .select_related("product")
        .order_by("external_id", "combination_id")
    )


def accounts_due() -> list[Account]:
    """Connected accounts that sync stock and have offers to push."""
    accounts = Account.objects.filter(connected=True, sync_stock=True).order_by("pk")
    return [account for account in accounts if due(account).exists()]


def quantity(stock: Decimal) -> int:
    """PrestaShop's whole quantity for a local stock (rounded down: never promise what is not there)."""
    return int(Decimal(stock).to_integral_value(rounding=ROUND_FLOOR))


class PushStock(runs.Job):
    """Push one account's changed stock (see the module); writes the push's sync report."""

    kind = PUSH_RUN

    def work(self) -> Message:
        from .client import ApiError, Client, PrestaShopError

        account = Account.objects.get(pk=self.run.params["account"])
        client = Client.for_account(account)
        offers = list(due(account))
        sent = accepted = 0
        refused: list[dict[str, Any]] = []
        self.progress(0, len(offers), force=True)
        for start in range(0, len(offers), PUSH_BATCH):
            batch = offers[start : start + PUSH_BATCH]
            product_ids = sorted({o.external_id for o in batch})
            try:
                rows = client.list(
                    "stock_availables", display="full", filters={"id_product": linking._ids(product_ids)}
                )
            except PrestaShopError as error:
                for offer in batch:
                    sent += 1
                    refused.append(_refusal(offer, str(error)))
                continue
            by_key = {(int(r["id_product"]), int(r["id_product_attribute"])): r for r in rows}
            done: list[Offer] = []
            for offer in batch:
                sent += 1
                row = by_key.get((offer.external_id, offer.combination_id))
                if row is None:
                    refused.append(_refusal(offer, Message("PS_STOCK_NO_ROW").stored()))
                    continue
                wanted = quantity(offer.product.stock)
                try:
                    client.put("stock_availables", {**_writable(row), "quantity": str(wanted)})
                except ApiError as error:
                    refused.append(_refusal(offer, str(error)))
                    continue
                except PrestaShopError as error:  # no answer: the next push tries again
                    refused.append(_refusal(offer, str(error)))
                    continue
                offer.pushed_stock, offer.pushed_at = offer.product.stock, timezone.now()
                done.append(offer)
                accepted += 1
            Offer.objects.bulk_update(done, ["pushed_stock", "pushed_at"])
            self.progress(start + len(batch), len(offers))
        self.counters = {"sent": sent, "accepted": accepted, "refused": len(refused)}
        summary = Message("PS_STOCK_PUSH_SUMMARY", {"sent": sent, "accepted": accepted, "refused": len(refused)})
        with transaction.atomic():
            journal.record(
                account,
                "sync_report",
                summary,
                severity="warning" if refused else "success",
                run=self.run,
                data={
                    "sent": sent,
                    "accepted": accepted,
                    "refused": refused[:REFUSED_KEPT],
                    "refused_count": len(refused),
                },
            )
            self.progress(len(offers), len(offers), force=True)
            runs.finish(self.run, summary, self.counters)
        return summary


def _writable(row: dict[str, Any]) -> dict[str, Any]:
    """The stock row as PUT takes it: every field it was read with, plain values only."""
    return {name: value for name, value in row.items() if isinstance(value, str)}


def _refusal(offer: Offer, error: str) -> dict[str, Any]:
    return {
        "product": offer.product.code,
        "name": offer.product.name,
        "external_id": offer.external_id,
        "combination_id": offer.combination_id,
        "stock": str(offer.product.stock),
        "error": error[:500],
    }


def push_account(run_id: int) -> Run | None:
    return PushStock.execute(run_id)


def tick() -> list[int]:
    """Beat, every minute: a push run for each account with stock to push (not while one is under way).

    Returns the ids of the runs queued.
    """
    queued = []
    for account in accounts_due():
        busy = Run.objects.filter(
            kind=PUSH_RUN.code, params__account=account.pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
        )
        if busy.exists():
            continue
        queued.append(runs.queue(PUSH_RUN, tab=PRESTASHOP.slug, params={"account": account.pk}).pk)
    return queued


def report_of(entry: Any) -> dict[str, Any] | None:
    """A sync report entry's report ({sent, accepted, refused: [...], refused_count}); None for other entries."""
    data = entry.data or {}
    if entry.tab != PRESTASHOP.slug or entry.event_type != "sync_report" or "accepted" not in data:
        return None
    return data
