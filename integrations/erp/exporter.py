"""Exporting the shop's new orders to the ERP as an orders package in the outbox folder.

Orders are claimed by the run with one conditional UPDATE (only orders no run has
claimed), so two exports running at once never send an order twice. The package is
written under a temporary name and renamed, so the ERP never picks up half a file;
if writing fails, the claim is released and the orders wait for the next export.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eventlog import writer
from eventlog.models import Initiator, Run, RunStatus, Severity

from . import codes, package
from .models import Order
from .problems import TAB
from .tab import EXPORT_RUN

log = logging.getLogger(__name__)

KIND = EXPORT_RUN.code
#: Orders in one package; the rest wait for the next export.
MAX_ORDERS = 10_000


def new_run(*, source: str, user: Any = None) -> Run:
    manual = source in ("panel", "command")
    return Run.objects.create(
        kind=KIND,
        tab=TAB,
        created_by=user if user is not None and user.is_authenticated else None,
        params={
            "direction": "export",
            "source": source,
            "initiator": Initiator.MANUAL if manual else Initiator.AUTOMATIC,
            "actor": user.get_username() if user is not None and user.is_authenticated else "",
        },
    )


def run_export(run: Run) -> Run:
    """Send the orders not yet sent; a run with nothing to send succeeds with an empty package skipped."""
    run.refresh_from_db()
    if run.status != RunStatus.QUEUED:
        return run
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    initiator, actor = run.params.get("initiator", Initiator.AUTOMATIC), run.params.get("actor", "")
    waiting = Order.objects.filter(export_run__isnull=True).order_by("placed_at", "id")
    # Uses index: erp_order_unsent.
    claimed = Order.objects.filter(pk__in=list(waiting.values_list("pk", flat=True)[:MAX_ORDERS]), export_run=None)
    count = claimed.update(export_run=run)
    orders = Order.objects.filter(export_run=run).prefetch_related("lines").order_by("placed_at", "id")
    outbox = Path(settings.ERP_OUTBOX_DIR)
    created = timezone.now()
    name = f"orders-{timezone.localtime(created):%Y%m%d-%H%M%S}-run{run.pk}.xml"
    header = {
        "system": "Dziennik",
        "package-id": f"ORD-{run.pk}",
        "created-at": package.timestamp(timezone.localtime(created)),
    }
    counts = {"orders": count, "lines": 0}
    size = 0
    try:
        if count:
            outbox.mkdir(parents=True, exist_ok=True)

            def write(file: IO[bytes]) -> None:
                out = package.PackageWriter(file, package.ORDERS, header)
                out.section("orders", _order_items(orders, counts))
                out.close()

            size = package.write_atomically(outbox / name, write)
    except OSError as exc:
        Order.objects.filter(export_run=run).update(export_run=None)
        with translation.override(settings.LANGUAGE_CODE):
            message = codes.message(codes.EXPORT_FAILED, reason=exc.strerror or str(exc))
        writer.record(
            tab=TAB, run=run, severity=Severity.ERROR, event_type="export", message=message,
            message_code=codes.EXPORT_FAILED, initiator=initiator, actor=actor,
            data={"direction": "export", "outbox": str(outbox), "counts": counts},
        )  # fmt: skip
        run.status, run.summary = RunStatus.FAILED, message
        run.finished_at = timezone.now()
        run.save()
        return run
    with transaction.atomic():
        Order.objects.filter(export_run=run).update(exported_at=timezone.now())
        with translation.override(settings.LANGUAGE_CODE):
            if count:
                message = _("Export to ERP: %(orders)s orders (%(lines)s lines) in %(file)s.") % {
                    **counts,
                    "file": name,
                }
            else:
                message = _("Export to ERP: no new orders to send.")
        writer.record(
            tab=TAB, run=run, severity=Severity.SUCCESS if count else Severity.INFO, event_type="export",
            message=message, initiator=initiator, actor=actor,
            data={
                "direction": "export", "file_name": name if count else "", "size_bytes": size,
                "file_version": package.FORMAT_VERSION, "erp": header, "counts": counts,
            },
        )  # fmt: skip
        run.counters = counts
        run.progress_done = run.progress_total = count
        run.summary = message
        run.params = {**run.params, "file_version": package.FORMAT_VERSION, "size_bytes": size, "erp": header}
        if count:
            run.params["path"] = str(outbox / name)
        run.status, run.finished_at = RunStatus.SUCCEEDED, timezone.now()
        run.save()
    return run


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
