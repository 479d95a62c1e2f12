"""The analysis after the first login: the shop's payment methods, carriers and order states.

A run of kind "prestashop_analysis" (task "prestashop.analyse") reads every order's
`module`, `payment`, `id_carrier` and `current_state` (paged, ids only otherwise), then
the `carriers` and `order_states` lists, and fills the account's `RemoteChoice` rows that
the Mappings section maps to the shop's own:

- payment methods: PrestaShop has no resource for them (PROTOCOLS.md §1.2), so each is an
  order's `module` (its id) with the `payment` label most orders show (its name);
- carriers: every carrier not deleted, and deleted ones that orders still use;
- order states: every state not deleted, named in the shop's language.

Rows are upserted on (account, kind, external id): names and `used_by_orders` are
refreshed, a mapping a shop admin made (`mapped_to`) is kept, and a choice no order uses
any more stays with 0. One "mapping" entry in the PrestaShop tab says what was found,
written in the transaction that saves the rows and finishes the run. Running it again
from the start gives the same result, so a run whose worker died simply runs again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.messages import Message
from eventlog.models import Run, Severity

from . import client, codes, journal
from .models import Account, MethodKind, RemoteChoice
from .tab import PRESTASHOP

ANALYSIS_RUN = runs.register(
    runs.RunKind(
        "prestashop_analysis",
        _("PrestaShop analysis"),
        (
            ("orders", _("Orders read")),
            ("payments", _("Payment methods")),
            ("carriers", _("Carriers")),
            ("states", _("Order states")),
        ),
        task="prestashop.analyse",
        resumable=True,
    )
)

#: Orders per request: only five short fields each (100 orders ≈ 15 kB of XML).
PAGE_SIZE = 500
_ORDER_FIELDS = ["id", "module", "payment", "id_carrier", "current_state"]


def queue_analysis(account: Account, user: Any = None) -> Run:
    """A queued analysis of `account`; its task is sent once the surrounding transaction commits."""
    return runs.queue(ANALYSIS_RUN, tab=PRESTASHOP.slug, params={"account": account.pk}, user=user)


def shop_language(api: client.Client) -> str | None:
    """The id of the shop's language matching ours (LANGUAGE_CODE, "pl"), or None (then the first one)."""
    wanted = settings.LANGUAGE_CODE.split("-")[0].lower()
    for language in api.list("languages", display=["id", "iso_code"]):
        if language.get("iso_code", "").lower() == wanted:
            return str(language["id"])
    return None


class Analysis(runs.Job):
    kind = ANALYSIS_RUN

    def work(self) -> Message:
        account = Account.objects.get(pk=self.run.params["account"])
        self.account = account
        api = client.Client.for_account(account)
        try:
            found = self._read(api)
        except client.PrestaShopError as error:
            raise Failed(error) from None
        finally:
            self.counters["requests"] = api.requests_made
            api.close()
        with transaction.atomic():
            summary = save(account, found)
            self.counters.update(payments=summary["payments"], carriers=summary["carriers"], states=summary["states"])
            message = Message(codes.ANALYSIS_DONE, summary)
            journal.record(
                account,
                "mapping",
                message,
                user=self.run.created_by,
                data={"requests": api.requests_made},
                run=self.run,
            )
            runs.finish(self.run, message, self.counters)
        return message

    def _read(self, api: client.Client) -> Found:
        found = Found()
        self.progress(0, None, force=True)
        for done, order in enumerate(
            api.iterate("orders", page_size=PAGE_SIZE, display=_ORDER_FIELDS, sort="[id_ASC]"), start=1
        ):
            found.add_order(order)
            if done % PAGE_SIZE == 0:
                self.counters["orders"] = done
                self.progress(done)
        self.counters["orders"] = found.orders
        self.progress(found.orders, found.orders, force=True)
        language = shop_language(api)
        found.carriers = api.list("carriers", display=["id", "name", "deleted"])
        if language:
            found.states = api.list("order_states", display=["id", "name", "deleted"], language=language)
        else:
            found.states = api.list("order_states", display=["id", "name", "deleted"])
        found.language = language
        return found

    def on_failure(self, exc: Exception) -> str | Message:
        if not isinstance(exc, Failed):
            return ""
        message = Message(codes.ANALYSIS_FAILED, {"reason": exc.error.reason.as_param()})
        account = getattr(self, "account", None)
        journal.record(account, "mapping", message, severity=Severity.ERROR, run=self.run)
        return message


class Failed(runs.Explained):
    """The shop could not be read: the run fails saying why (the client's reason)."""

    def __init__(self, error: client.PrestaShopError) -> None:
        self.error = error
        super().__init__(str(error))


class Found:
    """What the analysis read from the shop."""

    def __init__(self) -> None:
        self.orders = 0
        #: module → Counter of its `payment` labels.
        self.payments: dict[str, Counter[str]] = {}
        self.carrier_use: Counter[str] = Counter()
        self.state_use: Counter[str] = Counter()
        self.carriers: list[dict[str, Any]] = []
        self.states: list[dict[str, Any]] = []
        self.language: str | None = None

    def add_order(self, order: dict[str, Any]) -> None:
        self.orders += 1
        module = (order.get("module") or "").strip()
        if module:
            self.payments.setdefault(module, Counter())[(order.get("payment") or module).strip()] += 1
        if order.get("id_carrier"):
            self.carrier_use[str(order["id_carrier"])] += 1
        if order.get("current_state"):
            self.state_use[str(order["current_state"])] += 1


def save(account: Account, found: Found) -> dict[str, int]:
    """Upsert the account's RemoteChoice rows from `found`; returns the counts the summary shows."""
    rows: list[tuple[str, str, str, int]] = []  # kind, external id, name, used by orders
    for module, labels in found.payments.items():
        rows.append((MethodKind.PAYMENT, module, labels.most_common(1)[0][0], sum(labels.values())))
    carriers = {str(c["id"]): c for c in found.carriers}
    for carrier_id, carrier in carriers.items():
        used = found.carrier_use.get(carrier_id, 0)
        if carrier.get("deleted") == "1" and not used:
            continue
        name = client.text(carrier.get("name")).strip()
        rows.append((MethodKind.DELIVERY, carrier_id, account.label if name in ("", "0") else name, used))
    for carrier_id, used in found.carrier_use.items():
        if carrier_id not in carriers:  # an order's carrier the shop no longer lists
            rows.append((MethodKind.DELIVERY, carrier_id, f"#{carrier_id}", used))
    states = {str(s["id"]): s for s in found.states}
    for state_id, state in states.items():
        used = found.state_use.get(state_id, 0)
        if state.get("deleted") == "1" and not used:
            continue
        rows.append((MethodKind.ORDER_STATUS, state_id, client.text(state.get("name"), found.language), used))
    for state_id, used in found.state_use.items():
        if state_id not in states:
            rows.append((MethodKind.ORDER_STATUS, state_id, f"#{state_id}", used))

    existing = {(c.kind, c.external_id): c for c in RemoteChoice.objects.filter(account=account)}
    new = 0
    for kind, external_id, name, used in rows:
        choice = existing.pop((kind, external_id), None)
        if choice is None:
            new += 1
            RemoteChoice.objects.create(
                account=account, kind=kind, external_id=external_id[:64], name=name[:200], used_by_orders=used
            )
        elif (choice.name, choice.used_by_orders) != (name[:200], used):
            choice.name, choice.used_by_orders = name[:200], used
            choice.save(update_fields=["name", "used_by_orders"])
    # Choices the shop no longer shows or uses: kept (with their mapping), used by no order.
    RemoteChoice.objects.filter(pk__in=[c.pk for c in existing.values()]).update(used_by_orders=0)
    unmapped = RemoteChoice.objects.filter(
        account=account, kind__in=(MethodKind.PAYMENT, MethodKind.DELIVERY), used_by_orders__gt=0, mapped_to=None
    ).count()
    counts = Counter(kind for kind, *_rest in rows)
    return {
        "orders": found.orders,
        "payments": counts[MethodKind.PAYMENT],
        "carriers": counts[MethodKind.DELIVERY],
        "states": counts[MethodKind.ORDER_STATUS],
        "new": new,
        "unmapped": unmapped,
    }
