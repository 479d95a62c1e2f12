"""Exporting the shop's new orders to the ERP as an orders package in the outbox storage.

Orders are claimed by the run with one conditional UPDATE (only orders no run has
claimed), so two exports running at once never send an order twice. The package is
written into a local temporary file, then saved whole into the outbox (`STORAGES["erp_outbox"]`:
a folder, where it is saved under a temporary name and renamed, or the erp/outbox/ prefix of
a bucket, where an object appears only once uploaded), so the ERP never picks up half a file;
if writing fails, the claim is released and the orders wait for the next export.
"""

from __future__ import annotations

import logging
import tempfile
from typing import Any

from django.db import transaction
from django.utils import timezone

from eventlog import messages, runs, writer
from eventlog.models import Initiator, Run, RunStatus, Severity

from . import codes, package, storage
from .models import Order
from .problems import TAB
from .tab import EXPORT_RUN

log = logging.getLogger(__name__)

KIND = EXPORT_RUN.code
#: Orders in one package; the rest wait for the next export.
MAX_ORDERS = 10_000


def _params(source: str, user: Any) -> dict[str, Any]:
    manual = source in ("panel", "command")
    return {
        "direction": "export",
        "source": source,
        "initiator": Initiator.MANUAL if manual else Initiator.AUTOMATIC,
        "actor": user.get_username() if user is not None and user.is_authenticated else "",
    }


def queue_run(*, source: str, user: Any = None) -> Run:
    """A queued export run, its task sent on commit."""
    return runs.queue(EXPORT_RUN, tab=TAB, params=_params(source, user), user=user)


def new_run(*, source: str, user: Any = None) -> Run:
    """A queued export run to execute in this process (the command, beat, demo data)."""
    return runs.start(EXPORT_RUN, tab=TAB, params=_params(source, user), user=user)


def run_export(run: Run) -> Run:
    """Send the orders not yet sent, here and now; returns the run as it ended."""
    OrdersExport.execute(run.pk)
    run.refresh_from_db()
    return run


class WriteFailed(Exception):
    """The outbox could not be written: the run fails with ERP_EXPORT_FAILED."""


class OrdersExport(runs.Job):
    """Send the orders not yet sent; a run with nothing to send succeeds with an empty package skipped.

    Resumed after its worker died, it sends the orders its run had claimed (and any new
    ones) again, into the same file name, with the same package id.
    """

    kind = EXPORT_RUN

    def work(self) -> messages.Message:
        run = self.run
        self.initiator = initiator = run.params.get("initiator", Initiator.AUTOMATIC)
        self.actor = actor = run.params.get("actor", "")
        # Orders claimed by a run that ended without sending them (its worker died too often) wait again.
        Order.objects.filter(
            exported_at__isnull=True, export_run__status__in=(RunStatus.FAILED, RunStatus.ABORTED)
        ).update(export_run=None)
        waiting = Order.objects.filter(export_run__isnull=True).order_by("placed_at", "id")
        # Uses index: erp_order_unsent.
        claimed = Order.objects.filter(pk__in=list(waiting.values_list("pk", flat=True)[:MAX_ORDERS]), export_run=None)
        claimed.update(export_run=run)
        orders = Order.objects.filter(export_run=run).prefetch_related("lines").order_by("placed_at", "id")
        count = orders.count()
        created = run.created_at  # the same name and header when a resumed run writes it again
        name = f"orders-{timezone.localtime(created):%Y%m%d-%H%M%S}-run{run.pk}.xml"
        header = {
            "system": "Dziennik",
            "package-id": f"ORD-{run.pk}",
            "created-at": package.timestamp(timezone.localtime(created)),
        }
        self.counters = counts = {"orders": count, "lines": 0}
        size = 0
        if count:
            # On disk, not in memory: 10,000 orders of many lines make megabytes.
            with tempfile.TemporaryFile() as file:
                out = package.PackageWriter(file, package.ORDERS, header)
                out.section("orders", _order_items(orders, counts))
                out.close()
                size = file.tell()
                file.seek(0)
                try:
                    name = storage.save_whole(storage.outbox(), name, file)
                except OSError as exc:
                    raise WriteFailed(exc.strerror or str(exc)) from exc
        with transaction.atomic():
            Order.objects.filter(export_run=run).update(exported_at=timezone.now())
            if count:
                message = codes.message(codes.EXPORT_SUMMARY, **counts, file=name)
            else:
                message = codes.message(codes.EXPORT_NOTHING)
            writer.record(
                tab=TAB, run=run, severity=Severity.SUCCESS if count else Severity.INFO, event_type="export",
                message=message, initiator=initiator, actor=actor,
                data={
                    "direction": "export", "file_name": name if count else "", "size_bytes": size,
                    "file_version": package.FORMAT_VERSION, "erp": header, "counts": counts,
                },
            )  # fmt: skip
            run.progress_done = run.progress_total = count
            run.params = {**run.params, "file_version": package.FORMAT_VERSION, "size_bytes": size, "erp": header}
            if count:
                run.params["package"] = name  # its name in the outbox storage
            runs.finish(run, message, counts)
        return message

    def on_failure(self, exc: Exception) -> messages.Message:
        """The claim is released: the orders wait for the next export."""
        run = self.run
        Order.objects.filter(export_run=run, exported_at__isnull=True).update(export_run=None)
        reason = str(exc) if isinstance(exc, WriteFailed) else f"{type(exc).__name__}: {exc}"
        message = codes.message(codes.EXPORT_FAILED, reason=reason)
        writer.record(
            tab=TAB, run=run, severity=Severity.ERROR, event_type="export", message=message,
            initiator=getattr(self, "initiator", Initiator.AUTOMATIC),
            actor=getattr(self, "actor", ""),
            data={"direction": "export", "counts": self.counters},
        )  # fmt: skip
        return message


def _order_items(orders, counts: dict[str, int]):
    for order in orders.iterator(chunk_size=500):
        lines = list(order.lines.all())
        counts["lines"] += len(lines)
        total = sum((line.quantity * line.unit_price for line in lines), start=0)
        yield (
            "order",
            {"number": order.number},
            {
                "placed-at": package.timestamp(timezone.localtime(order.placed_at)),
                "customer-name": order.customer_name,
                "customer-email": order.customer_email,
                "currency": order.currency,
                "total": f"{total:.2f}",
                "lines": [
                    (
                        "line",
                        {
                            "product": line.product_code,
                            "name": line.name,
                            "quantity": f"{line.quantity.normalize():f}",
                            "unit-price": f"{line.unit_price:.2f}",
                        },
                    )
                    for line in lines
                ],
            },
        )
