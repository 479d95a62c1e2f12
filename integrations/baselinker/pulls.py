"""The journal's side of BaseLinker's pulls (PROTOCOLS.md §2.2): one full pull = one export run.

A pull opens with page 1 of an unfiltered ProductsList (a filtered one is a look-up, served
but not counted) and is one `Pull` row a shop-local day, unique, so two requests opening a
pull at once make one (the second joins it) and a second pull the same day — after the
first was closed — is refused in BaseLinker's error shape with a warning entry (e-Sklep
serves one pull a day). Each page of the listing is counted once, under the pull's row
lock: every product on it is hashed as ProductsData would serve it and compared with what
was served before (`ServedProduct`) — first served ("added"), served again with changes
("updated") or unchanged — and its problems become warning entries; products left out of
the file (no name, no price) are error entries of page 1. The pull closes when every page
was counted and every listed product's data was served (ProductsData), or after
BASELINKER_PULL_QUIET_SECONDS with no request (beat, `close_quiet`): then the run
succeeds with its counters and the summary entry `product_export`.

Every request of the pull refreshes the run's heartbeat, and the quiet timeout used is at
most half of JOURNAL_RUN_STALE_SECONDS, so the stale-run check never takes an idle pull for
a dead worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Run, RunStatus
from integrations.erp.models import Product
from integrations.erp.validation import ean_is_valid

from . import codes, server
from .models import Pull, ServedProduct
from .tab import BASELINKER, EXPORT_RUN

log = logging.getLogger(__name__)


def quiet_seconds() -> float:
    """Seconds without a request after which an open pull is closed (see the module's docstring)."""
    return min(float(settings.BASELINKER_PULL_QUIET_SECONDS), settings.JOURNAL_RUN_STALE_SECONDS / 2)


def content_hash(record: dict[str, Any]) -> str:
    """32 hex digits of what was served of a product (its ProductsData record)."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def counters(pull: Pull) -> dict[str, int]:
    return {"listed": pull.listed, "added": pull.added, "updated": pull.updated, "unchanged": pull.unchanged,
            "problems": pull.problems}  # fmt: skip


# Problems -------------------------------------------------------------------------------


def _problem(product: Product, severity: str, code: str, run_id: int, now: dt.datetime, **params: Any) -> dict:
    return {
        "tab": BASELINKER.slug, "occurred_at": now, "severity": severity, "event_type": "product_problem",
        "message": Message(code, {"name": product.name, "code": product.code, **params}),
        "object_type": "product", "object_id": product.code, "run_id": run_id,
        "data": {"code": product.code, "name": product.name, "baselinker_id": product.pk, "ean": product.ean,
                 "price": f"{product.price:.2f}"},
    }  # fmt: skip


def served_problems(product: Product, run_id: int, now: dt.datetime) -> list[dict]:
    """Warnings of a product served with something missing or wrong."""
    found = []
    if not product.ean:
        found.append(_problem(product, "warning", codes.NO_EAN, run_id, now))
    elif not ean_is_valid(product.ean):
        found.append(_problem(product, "warning", codes.EAN_INVALID, run_id, now, ean=product.ean))
    if product.category_id is None:
        found.append(_problem(product, "warning", codes.NO_CATEGORY, run_id, now))
    if product.stock < 0:
        found.append(
            _problem(product, "warning", codes.STOCK_NEGATIVE, run_id, now, stock=f"{product.stock.normalize():f}")
        )
    return found


def unserved_problems(product: Product, run_id: int, now: dt.datetime) -> list[dict]:
    """Errors of a product left out of the file."""
    found = []
    if not product.name:
        found.append(_problem(product, "error", codes.NO_NAME, run_id, now))
    if product.price <= 0:
        found.append(_problem(product, "error", codes.NO_PRICE, run_id, now))
    return found


# The pull's lifecycle -----------------------------------------------------------------------


def begin(now: dt.datetime | None = None) -> Pull:
    """Page 1 of a full ProductsList: today's open pull (joined), or a new one with its run.

    Raises server.Refusal("daily_limit") — and writes a warning entry — when today's pull is over.
    """
    now = now or timezone.now()
    close_quiet(now)
    day = timezone.localdate(now)
    pull = Pull.objects.filter(day=day).first()
    if pull is None:
        try:
            with transaction.atomic():
                run = runs.start(EXPORT_RUN, tab=BASELINKER.slug, params={"day": day.isoformat()})
                runs.claim(run.pk, EXPORT_RUN.code)
                pull = Pull.objects.create(run=run, day=day, last_request_at=now)
        except IntegrityError:  # another request opened it a moment ago: this one joins it
            pull = Pull.objects.get(day=day)
    if not pull.is_open:
        writer.record(
            tab=BASELINKER.slug, occurred_at=now, severity="warning", event_type="product_export",
            message=Message(codes.DAILY_LIMIT, {"day": day.isoformat()}),
            data={"day": day.isoformat(), "pull_run": pull.run_id},
        )  # fmt: skip
        raise server.Refusal(
            "daily_limit",
            f"The product list was already pulled today ({day.isoformat()}): the shop serves one full pull a day. "
            "Try again tomorrow.",
        )
    return pull


def _save_run(pull: Pull, now: dt.datetime, total: int | None = None) -> None:
    """The run's counters and progress as the pull stands, and its heartbeat (only while it runs)."""
    fields: dict[str, Any] = {"counters": counters(pull), "progress_done": pull.listed, "heartbeat_at": now}
    if total is not None:
        fields["progress_total"] = total
    Run.objects.filter(pk=pull.run_id, status=RunStatus.RUNNING).update(**fields)


def count_page(pull: Pull, listing: server.Listing, now: dt.datetime | None = None) -> None:
    """Count one page of the pull's listing (once: a repeated page only refreshes the pull)."""
    now = now or timezone.now()
    with transaction.atomic():
        pull = Pull.objects.select_for_update().get(pk=pull.pk)
        pull.last_request_at = now
        if not pull.is_open or listing.page in pull.pages_counted or listing.page > listing.pages:
            pull.save(update_fields=["last_request_at"])
            _save_run(pull, now)
            return
        paths = server.category_paths()
        hashes = {p.pk: content_hash(server.data_record(p, paths)) for p in listing.products}
        before = dict(ServedProduct.objects.filter(product_id__in=hashes).values_list("product_id", "content_hash"))
        for pk, digest in hashes.items():
            if pk not in before:
                pull.added += 1
            elif before[pk] != digest:
                pull.updated += 1
            else:
                pull.unchanged += 1
        ServedProduct.objects.bulk_create(
            [ServedProduct(product_id=pk, content_hash=digest, first_served_at=now, last_served_at=now, listed_in=pull)
             for pk, digest in hashes.items()],
            update_conflicts=True, unique_fields=["product"],
            update_fields=["content_hash", "last_served_at", "listed_in"],
        )  # fmt: skip
        rows: list[dict] = []
        problem_products = 0
        for product in listing.products:
            found = served_problems(product, pull.run_id, now)
            rows += found
            problem_products += bool(found)
        if listing.page == 1:
            for product in server.unservable().order_by("pk"):
                found = unserved_problems(product, pull.run_id, now)
                rows += found
                problem_products += bool(found)
        if rows:
            writer.record_many(rows)
        pull.problems += problem_products
        pull.listed += len(hashes)
        pull.pages = listing.pages
        pull.pages_counted = sorted({*pull.pages_counted, listing.page})
        pull.save()
        _save_run(pull, now, total=listing.total)
        _close_if_complete(pull, now)


def count_data(ids: Iterable[int], now: dt.datetime | None = None) -> None:
    """ProductsData served these products: the open pull that listed them counts them; the last one closes it."""
    now = now or timezone.now()
    with transaction.atomic():
        pull = Pull.objects.select_for_update().filter(closed_at__isnull=True).order_by("-day").first()
        if pull is None:
            return
        served = (
            ServedProduct.objects.filter(product_id__in=list(ids), listed_in=pull)
            .exclude(data_in=pull)
            .update(data_in=pull, last_served_at=now)
        )
        pull.data_served += served
        pull.last_request_at = now
        pull.save(update_fields=["data_served", "last_request_at"])
        _save_run(pull, now)
        _close_if_complete(pull, now)


def touch(now: dt.datetime | None = None) -> None:
    """Any other request of BaseLinker's: the open pull is still going (its quiet timeout restarts)."""
    now = now or timezone.now()
    pulls = Pull.objects.filter(closed_at__isnull=True)
    if pulls.update(last_request_at=now):
        Run.objects.filter(baselinker_pull__in=pulls, status=RunStatus.RUNNING).update(heartbeat_at=now)


def _close_if_complete(pull: Pull, now: dt.datetime) -> None:
    if len(pull.pages_counted) >= pull.pages and pull.data_served >= pull.listed:
        _close(pull, now, quiet=False)


def _close(pull: Pull, now: dt.datetime, *, quiet: bool) -> None:
    """Within the transaction holding the pull's lock: the pull is over, its run succeeds."""
    pull.closed_at = now
    pull.save(update_fields=["closed_at"])
    counts = counters(pull)
    if quiet:
        summary = Message(codes.PULL_DONE_QUIET, {**counts, "seconds": int(quiet_seconds())})
    else:
        summary = Message(codes.PULL_DONE, counts)
    run = Run.objects.get(pk=pull.run_id)
    try:
        with transaction.atomic():
            runs.finish(run, summary, counts)
            writer.record(
                tab=BASELINKER.slug, occurred_at=now, severity="warning" if pull.problems else "success",
                event_type="product_export", message=summary, run=run,
                data={**counts, "pages": pull.pages, "data_served": pull.data_served,
                      "closed": "quiet" if quiet else "complete"},
            )  # fmt: skip
    except runs.RunLost:
        log.warning("BaseLinker pull %s: its run %s was no longer running; closed without a summary", pull.pk, run.pk)


def close_quiet(now: dt.datetime | None = None) -> list[int]:
    """Beat: close the pulls with no request for quiet_seconds(); returns their runs' ids."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=quiet_seconds())
    closed = []
    # Uses index: bl_pull_open.
    for pk in Pull.objects.filter(closed_at__isnull=True, last_request_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            pull = Pull.objects.select_for_update().get(pk=pk)
            if pull.is_open and pull.last_request_at < cutoff:
                _close(pull, now, quiet=True)
                closed.append(pull.run_id)
    return closed


def open_pull() -> Pull | None:
    """The pull still open, if any (pages after the first join it, even past midnight)."""
    return Pull.objects.filter(closed_at__isnull=True).order_by("-day").first()
