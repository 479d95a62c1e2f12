"""Reading Allegro's event feeds into the Offers tab: one run per account, every minute (beat).

Allegro has no webhooks (PROTOCOLS.md §0.8): `tick` (beat, every 60 s) queues a run of kind
"allegro_poll" for each active account that has none pending and is not paused by a 429.
The run (`PollAccount`) refreshes the access token when it is near expiry, then reads
`GET /sale/offer-events` and `GET /order/events` from the account's cursor, page after
page (ALLEGRO_PAGE_SIZE events, Allegro's most is 1,000), maps each event to the tab's
event types (`MAPPING`) and writes them through the journal's writer.

Exactly once: a page's entries and the cursor's move to its last event commit in ONE
transaction, which also holds the cursor's row (`select_for_update`) and checks that the
run is still this worker's (`runs.progress`, RunLost otherwise). A worker killed
mid-page leaves neither; the resumed run reads that page again from the same cursor.
A run claim (`runs.claim`) and `tick`'s "none pending" keep one poller per account.

Faults become entries in the tab, never a traceback: 401 (after one token refresh) is an
error and the run fails explained; 429 a warning, the account paused for Retry-After and
the run ends partially succeeded (the next run reads on); no answer a warning; a refresh
token Allegro no longer accepts (invalid_grant) deactivates the account ("account
deactivated", error). A cursor last read longer ago than the feed keeps events (offers
24 h, orders 60 days) means events may be missing: a warning, and the offers are read
again (`GET /sale/offers`, "offer fetched" entries).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Run, RunStatus
from integrations.marketplaces.tab import OFFERS

from . import accounts, client, codes, oauth
from .models import AllegroAccount, Cursor, Feed

log = logging.getLogger(__name__)

POLL_RUN = runs.register(
    runs.RunKind(
        "allegro_poll",
        _("Allegro events"),
        (
            ("offer_events", _("Offer events read")),
            ("order_events", _("Order events read")),
            ("written", _("Entries written")),
            ("skipped", _("Events skipped")),
            ("offers_fetched", _("Offers read again")),
        ),
        task="allegro.poll_account",
        resumable=True,
    )
)

#: How long Allegro keeps each feed's events (PROTOCOLS.md §4): a cursor older than that may have missed some.
FEED_LIFETIME: dict[str, dt.timedelta] = {Feed.OFFER: dt.timedelta(hours=24), Feed.ORDER: dt.timedelta(days=60)}

# Faults of reading have no event type of their own in the Offers tab: they are filed under
# "offer fetched" (our reading from Allegro).
READ_EVENT = "offer_fetched"
CHANGED_EVENT = "offer_changed"

#: Allegro's event type -> (the Offers tab's event type, severity, message code).
#: Types not here are skipped and counted (auction bids: the shop sells at fixed prices).
MAPPING: dict[str, tuple[str, str, str]] = {
    "OFFER_ACTIVATED": ("offer_listed", "success", codes.OFFER_ACTIVATED),
    "OFFER_CHANGED": (CHANGED_EVENT, "info", codes.OFFER_CHANGED),
    "OFFER_ENDED": ("offer_ended", "info", codes.OFFER_ENDED),
    "OFFER_ARCHIVED": ("offer_ended", "info", codes.OFFER_ARCHIVED),
    "OFFER_PRICE_CHANGED": ("price_change", "info", codes.OFFER_PRICE_CHANGED),
    "OFFER_STOCK_CHANGED": ("stock_check", "info", codes.OFFER_STOCK_CHANGED),
    "OFFER_VISIBILITY_CHANGED": (CHANGED_EVENT, "info", codes.OFFER_VISIBILITY_CHANGED),
    "OFFER_TRANSLATION_UPDATED": (CHANGED_EVENT, "info", codes.OFFER_TRANSLATION_UPDATED),
    "OFFER_DELIVERY_COUNTRIES_BLOCKED": (CHANGED_EVENT, "warning", codes.OFFER_DELIVERY_COUNTRIES_BLOCKED),
    "BOUGHT": ("order_created", "success", codes.ORDER_BOUGHT),
    "FILLED_IN": ("order_status_change", "info", codes.ORDER_FILLED_IN),
    "READY_FOR_PROCESSING": ("order_status_change", "info", codes.ORDER_READY),
    "BUYER_CANCELLED": ("order_status_change", "warning", codes.ORDER_BUYER_CANCELLED),
    "AUTO_CANCELLED": ("order_status_change", "warning", codes.ORDER_AUTO_CANCELLED),
    "FULFILLMENT_STATUS_CHANGED": ("order_status_change", "info", codes.ORDER_FULFILLMENT),
    "BUYER_MODIFIED": ("order_status_change", "info", codes.ORDER_BUYER_MODIFIED),
}
#: The event's data is kept whole up to this size (the journal's limit is 32 KB).
DATA_MAX_BYTES = 24 * 1024


class Stopped(runs.Explained):
    """The run stops and fails with `message` (401, no answer): the cursor stays where the last page left it."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.stored())


def queue_poll(account: AllegroAccount, *, user: Any = None, source: str = "schedule") -> Run:
    """A queued poll run of `account`; its task is sent once the surrounding transaction commits."""
    return runs.queue(POLL_RUN, tab=OFFERS.slug, params={"account": account.pk, "source": source}, user=user)


def pending_accounts() -> set[int]:
    """Accounts with a poll run queued or running. Uses index: run_unfinished."""
    runs_ = Run.objects.filter(kind=POLL_RUN.code, status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
    return {int(a) for a in runs_.values_list("params__account", flat=True) if isinstance(a, int | str)}


def tick() -> list[int]:
    """Beat, every minute: a poll run for each active account without one pending and not paused; their ids."""
    now = timezone.now()
    busy = pending_accounts()
    queued = []
    for account in AllegroAccount.objects.filter(active=True).exclude(paused_until__gt=now).order_by("pk"):
        if account.pk not in busy:
            queued.append(queue_poll(account).pk)
    return queued


def parse_time(value: Any) -> dt.datetime | None:
    """Allegro's occurredAt ("2026-12-02T08:15:00.123Z") as an aware datetime; None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of Allegro's answer, or {} for anything else (a field missing, null, of another shape)."""
    return value if isinstance(value, dict) else {}


def _data(event: dict[str, Any]) -> dict[str, Any]:
    if len(json.dumps(event, ensure_ascii=False).encode()) <= DATA_MAX_BYTES:
        return event
    # A huge order (hundreds of line items): its heading, which is what the journal shows.
    return {key: event.get(key) for key in ("id", "type", "occurredAt")} | {"truncated": True}


def entry_for(login: str, feed: str, event: dict[str, Any], run: Run | None = None) -> dict[str, Any] | None:
    """The Offers tab's entry of one Allegro event, or None for a type the tab does not show (see MAPPING)."""
    kind = str(event.get("type") or "")
    mapped = MAPPING.get(kind)
    if mapped is None:
        return None
    event_type, severity, code = mapped
    now = timezone.now()
    occurred = parse_time(event.get("occurredAt")) or now
    occurred = min(occurred, now)
    if feed == Feed.OFFER:
        offer = _object(event.get("offer"))
        object_type, object_id = "offer", str(offer.get("id") or "")
        params: dict[str, Any] = {"offer": object_id}
    else:
        order = _object(event.get("order"))
        form = _object(order.get("checkoutForm"))
        object_type, object_id = "order", str(form.get("id") or "")
        params = {"order": object_id}
        if kind == "BOUGHT":
            items = [i for i in order.get("lineItems") or [] if isinstance(i, dict)]
            names = [str(_object(i.get("offer")).get("name") or _object(i.get("offer")).get("id") or "") for i in items]
            params["items"] = ", ".join(n for n in names if n)[:300] or "—"
        fulfillment = _object(order.get("fulfillment"))
        if kind == "FULFILLMENT_STATUS_CHANGED" and fulfillment.get("status"):
            code, params["status"] = codes.ORDER_FULFILLMENT_TO, str(fulfillment["status"])[:40]
    return {
        "tab": OFFERS.slug, "severity": severity, "event_type": event_type, "message": Message(code, params),
        "service": "allegro", "account": login, "object_type": object_type, "object_id": object_id[:200],
        "occurred_at": occurred, "data": _data(event), "run": run,
    }  # fmt: skip


class PollAccount(runs.Job):
    """Read one account's two feeds into the Offers tab (see the module's docstring). Option `api_url`:
    another Allegro than the settings' (the demo's stand-in)."""

    kind = POLL_RUN

    def work(self) -> Message:
        account = AllegroAccount.objects.get(pk=self.run.params["account"])
        self.account = account
        previous = self.run.counters if self.resumed and isinstance(self.run.counters, dict) else {}
        self.counters = {key: previous.get(key, 0) for key, _label in POLL_RUN.counters}
        if not account.active:
            return codes.message(codes.POLL_INACTIVE, login=account.login)
        try:
            self.api = self._api(accounts.fresh_token(account))
            for feed in (Feed.OFFER, Feed.ORDER):
                self._read(feed)
        except client.RateLimited as limited:
            return self._rate_limited(limited)
        except oauth.TokenExpired as expired:
            reason = codes.message(codes.DEACTIVATED_TOKEN, login=account.login, error=expired.error)
            accounts.deactivate(account, reason, severity="error")
            raise Stopped(self._stopped(reason)) from None
        except client.Unauthorized as refused:
            fault = codes.message(codes.UNAUTHORIZED, login=account.login, error=refused.error or "401")
            raise Stopped(self._fault("error", fault)) from None
        except client.Refused as refused:
            fault = codes.message(codes.REFUSED, login=account.login, status=refused.status, error=refused.error)
            raise Stopped(self._fault("error", fault)) from None
        except oauth.NotConfigured as missing:
            raise Stopped(self._fault("error", missing.reason)) from None
        except client.Unavailable as down:
            fault = codes.message(codes.UNAVAILABLE, login=account.login, reason=down.reason.as_param())
            raise Stopped(self._fault("warning", fault)) from None
        return codes.message(codes.POLL_SUMMARY, login=account.login, **{k: self.counters[k] for k in
                             ("offer_events", "order_events", "written", "skipped")})  # fmt: skip

    def _api(self, token: str) -> client.Api:
        return client.Api(token, url=self.options.get("api_url"))

    def _get(self, call: str, *args: Any) -> Any:
        """One API call; a 401 refreshes the token once and tries again (it may have been revoked meanwhile)."""
        try:
            return getattr(self.api, call)(*args)
        except client.Unauthorized:
            self.api = self._api(accounts.fresh_token(self.account, force=True))
            return getattr(self.api, call)(*args)

    def _read(self, feed: str) -> None:
        account = self.account
        cursor, _created = Cursor.objects.get_or_create(account=account, feed=feed)
        started = timezone.now()
        if cursor.last_event_id and cursor.last_read_at and cursor.last_read_at < started - FEED_LIFETIME[feed]:
            self._gap(cursor, feed)
        size = settings.ALLEGRO_PAGE_SIZE
        call = "offer_events" if feed == Feed.OFFER else "order_events"
        while True:
            self.check_abort()
            page = self._get(call, cursor.last_event_id, size)
            ids = [event["id"] for event in page]
            # Allegro answers events *after* `from`; should it ever repeat that event, it is not written twice.
            events = page[ids.index(cursor.last_event_id) + 1 :] if cursor.last_event_id in ids else page
            if not events:
                break
            rows = [row for event in events if (row := entry_for(account.login, feed, event, self.run)) is not None]
            with transaction.atomic():
                locked = Cursor.objects.select_for_update().get(pk=cursor.pk)
                if locked.last_event_id != cursor.last_event_id:
                    raise runs.RunLost(self.run.pk)  # another poller moved it: this one stops, writing nothing
                ids = writer.record_many(rows)
                locked.last_event_id, locked.last_read_at = events[-1]["id"], timezone.now()
                locked.save(update_fields=["last_event_id", "last_read_at"])
                self.counters[f"{feed}_events"] += len(events)
                self.counters["written"] += len(ids)
                self.counters["skipped"] += len(events) - len(rows)
                done = self.counters["offer_events"] + self.counters["order_events"]
                # Still this worker's run? Otherwise RunLost rolls the page back (a taken-over run writes nothing).
                self.progress(done, force=True)
            cursor = locked
            if len(page) < size:
                break
        Cursor.objects.filter(pk=cursor.pk).update(last_read_at=started)

    def _gap(self, cursor: Cursor, feed: str) -> None:
        """The feed was not read for longer than Allegro keeps its events: warn, and read the offers again."""
        if feed == Feed.OFFER:
            self._fetch_offers()
        since = formats.date_format(timezone.localtime(cursor.last_read_at), "DATETIME_FORMAT")
        hours = int(FEED_LIFETIME[feed].total_seconds() // 3600)
        feed_name = codes.message(codes.FEED_NAMES[feed]).as_param()
        code = codes.FEED_GAP if feed == Feed.OFFER else codes.ORDER_FEED_GAP
        warning = codes.message(code, feed=feed_name, login=self.account.login, since=since, hours=hours)
        with transaction.atomic():
            self._record("warning", warning, data={"feed": feed, "last_event_id": cursor.last_event_id})
            # Said once: from now on the feed is read from the oldest event Allegro still has.
            Cursor.objects.filter(pk=cursor.pk).update(last_read_at=timezone.now())

    def _fetch_offers(self) -> None:
        offset = 0
        while True:
            self.check_abort()
            offers, total = self._get("offers", offset, client.MAX_LIMIT)
            rows = [self._offer_row(offer) for offer in offers]
            writer.record_many(rows)
            self.counters["offers_fetched"] += len(rows)
            self.counters["written"] += len(rows)
            offset += len(offers)
            self.progress(offset, force=True)
            if not offers or offset >= total:
                return

    def _offer_row(self, offer: dict[str, Any]) -> dict[str, Any]:
        selling = _object(offer.get("sellingMode"))
        price = _object(selling.get("price"))
        stock = _object(offer.get("stock"))
        publication = _object(offer.get("publication"))
        params = {
            "offer": str(offer.get("id") or ""), "name": str(offer.get("name") or "—")[:200],
            "status": str(publication.get("status") or "—")[:40],
            "price": f"{price.get('amount', '—')} {price.get('currency', '')}".strip()[:40],
            "stock": str(stock.get("available", "—"))[:20],
        }  # fmt: skip
        return {
            "tab": OFFERS.slug, "severity": "info", "event_type": "offer_fetched",
            "message": Message(codes.OFFER_FETCHED, params), "service": "allegro", "account": self.account.login,
            "object_type": "offer", "object_id": params["offer"][:200], "data": _data(offer), "run": self.run,
        }  # fmt: skip

    def _record(self, severity: str, reason: Message, *, event_type: str = READ_EVENT, **fields: Any) -> None:
        writer.record(
            tab=OFFERS.slug, severity=severity, event_type=event_type, message=reason, service="allegro",
            account=self.account.login, run=self.run, **fields,
        )  # fmt: skip

    def _fault(self, severity: str, reason: Message) -> Message:
        """Write the fault's entry; the run's summary, which says how far it got."""
        self._record(severity, reason)
        return self._stopped(reason)

    def _stopped(self, reason: Message) -> Message:
        return codes.message(codes.POLL_STOPPED, login=self.account.login, written=self.counters["written"],
                             reason=reason.as_param())  # fmt: skip

    def _rate_limited(self, limited: client.RateLimited) -> Message:
        until = timezone.now() + dt.timedelta(seconds=limited.retry_after)
        AllegroAccount.objects.filter(pk=self.account.pk).update(paused_until=until)
        seconds = limited.retry_after
        warning = codes.message(codes.RATE_LIMITED, login=self.account.login, seconds=seconds)
        self._record("warning", warning, data={"retry_after": seconds})
        return codes.message(codes.POLL_RATE_LIMITED, login=self.account.login, written=self.counters["written"],
                             seconds=limited.retry_after)  # fmt: skip

    def on_failure(self, exc: Exception) -> str | Message:
        return exc.message if isinstance(exc, Stopped) else ""


def poll_account(run_id: int) -> Run | None:
    """Run a queued poll run here (the task); None if another worker has it or it is over."""
    return PollAccount.execute(run_id)
