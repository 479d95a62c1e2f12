"""Problem items of a sync: written to the run's event register, tracked across runs, listed.

Each problem found by an import becomes one journal entry of the run (event type
product_problem / category_problem, the stable message code, the item's code as
object id) and keeps a `Problem` row open from the first run that found it. The
entry carries what changed: "new", or "still failing" with the run it has been
failing since; an open problem of an item that the next package sends again without
it is closed as fixed by that run. Items a package does not send are not judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog import messages, writer
from eventlog.models import Entry, Run

from . import codes
from .models import Problem, ProblemKind
from .tab import ERP_SYNC
from .validation import Checked

TAB = ERP_SYNC.slug
NEW = "new"
STILL_FAILING = "still_failing"
FIXED = "fixed"

#: Data fields of a problem entry that come from the package (text, cut to this size).
DATA_VALUE_MAX = 300


@dataclass
class Pending:
    kind: str
    item: Checked
    found_code: str
    params: dict[str, Any]
    product_id: int | None


class ProblemBook:
    """Collects one batch's problems, then writes their entries and problem rows together."""

    def __init__(self, run: Run, *, initiator: str, actor: str) -> None:
        self.run = run
        self.initiator = initiator
        self.actor = actor
        self.pending: list[Pending] = []
        #: (kind, item key, message code) -> (change, since run id), for repeats within this run.
        self.seen: dict[tuple[str, str, str], tuple[str, int]] = {}
        self.items_with_problems: Counter[str] = Counter()

    def add(self, item: Checked, product_id: int | None = None) -> None:
        if not item.problems:
            return
        self.items_with_problems[item.kind] += 1
        for found in item.problems:
            self.pending.append(Pending(item.kind, item, found.code, found.params, product_id))

    def flush(self) -> int:
        """Write the pending problems (inside the caller's transaction); returns how many."""
        if not self.pending:
            return 0
        keys = {(p.kind, p.item.key, p.found_code) for p in self.pending} - set(self.seen)
        if keys:
            self._track(keys)
        entries = [self._record(p) for p in self.pending]
        writer.write(writer.prepare(entries))
        count = len(self.pending)
        self.pending.clear()
        return count

    def _track(self, keys: set[tuple[str, str, str]]) -> None:
        run_id = self.run.pk
        # Uses index: erp_problem_one_open (kind, item_code, message_code) where open.
        condition = Q()
        for kind in {k[0] for k in keys}:
            condition |= Q(kind=kind, item_code__in={k[1] for k in keys if k[0] == kind})
        open_rows = {
            (kind, code, message): (pk, since)
            for pk, kind, code, message, since in Problem.objects.filter(condition, resolved_in_run__isnull=True)
            .values_list("pk", "kind", "item_code", "message_code", "first_seen_run_id")
            .iterator()
        }
        new_rows, still_failing = [], []
        names = {(p.kind, p.item.key, p.found_code): p.item.name for p in self.pending}
        for key in keys:
            if key in open_rows:
                pk, since = open_rows[key]
                self.seen[key] = (STILL_FAILING, since)
                still_failing.append(pk)
            else:
                self.seen[key] = (NEW, run_id)
                kind, code, message = key
                new_rows.append(
                    Problem(
                        kind=kind,
                        item_code=code[:128],
                        message_code=message,
                        name=names[key][:255],
                        first_seen_run_id=run_id,
                        last_seen_run_id=run_id,
                    )
                )
        Problem.objects.bulk_create(new_rows, batch_size=2000)
        if still_failing:
            Problem.objects.filter(pk__in=still_failing).update(last_seen_run_id=run_id)

    def _record(self, pending: Pending) -> dict[str, Any]:
        item = pending.item
        change, since = self.seen[(pending.kind, item.key, pending.found_code)]
        data: dict[str, Any] = {
            "code": item.code,
            "erp_id": item.erp_id,
            "name": item.name[:DATA_VALUE_MAX],
            "position": item.position,
            "change": change,
            "since_run": since,
        }
        if pending.product_id:
            data["product_id"] = pending.product_id
        for key in ("ean", "price", "stock", "category", "parent", "other", "path", "length"):
            if key in pending.params:
                data[key] = str(pending.params[key])[:DATA_VALUE_MAX]
        return {
            "tab": TAB,
            "run": self.run,
            "severity": codes.severity(pending.found_code),
            "event_type": f"{pending.kind}_problem",
            "message": codes.message(pending.found_code, **pending.params),
            "message_code": pending.found_code,
            "initiator": self.initiator,
            "actor": self.actor,
            "object_type": pending.kind,
            "object_id": item.key[:128],
            "data": data,
        }

    def close_fixed(self, sent: dict[str, set[str]]) -> int:
        """Close open problems of items this package sent again without them; returns how many."""
        run_id = self.run.pk
        fixed = [
            pk
            for pk, kind, code in Problem.objects.filter(resolved_in_run__isnull=True)
            .exclude(last_seen_run_id=run_id)
            .values_list("pk", "kind", "item_code")
            .iterator()
            # An item without a code is known only by its position: any complete run judges it.
            if code in sent.get(kind, ()) or code.startswith("#")
        ]
        for start in range(0, len(fixed), 5000):
            Problem.objects.filter(pk__in=fixed[start : start + 5000]).update(resolved_in_run_id=run_id)
        return len(fixed)


# --- Reading: the Details view and its spreadsheets ----------------------------------

#: Rows the Details page shows per list; the spreadsheet always has them all.
PAGE_LIMIT = 1000

CHANGE_LABELS = {NEW: gettext_lazy("New"), STILL_FAILING: gettext_lazy("Still failing"), FIXED: gettext_lazy("Fixed")}


@dataclass
class ProblemRow:
    entry_id: int
    kind: str
    erp_id: str
    code: str
    name: str
    #: In the reader's language.
    message: str
    message_code: str
    severity: str
    change: str
    since_run: int | None

    @property
    def change_text(self) -> str:
        if self.change == STILL_FAILING and self.since_run:
            return _("Still failing since run #%(run)s") % {"run": self.since_run}
        return str(CHANGE_LABELS.get(self.change, self.change))


def problem_entries(run: Run, kind: str):
    """The run's problem entries of one kind, in package order. Uses index: entry_run."""
    return Entry.objects.filter(run_id=run.pk, event_type=f"{kind}_problem").order_by("occurred_at", "id")


def problem_rows(run: Run, kind: str, limit: int | None = None) -> Iterator[ProblemRow]:
    entries = problem_entries(run, kind).values_list(
        "id", "object_id", "message", "message_code", "message_params", "severity", "data"
    )
    if limit is not None:
        entries = entries[:limit]
    for pk, object_id, message, message_code, params, severity, data in entries.iterator(chunk_size=2000):
        yield ProblemRow(
            entry_id=pk, kind=kind, erp_id=data.get("erp_id", ""), code=data.get("code") or object_id,
            name=data.get("name", ""), message=messages.render(message_code, params, message),
            message_code=message_code, severity=severity,
            change=data.get("change", ""), since_run=data.get("since_run"),
        )  # fmt: skip


def fixed_in(run: Run) -> list[Problem]:
    """Problems this run found fixed (their items were sent again without them)."""
    return list(Problem.objects.filter(resolved_in_run=run).order_by("kind", "item_code", "message_code")[:PAGE_LIMIT])


def counts(run: Run) -> dict[str, int]:
    """Items with problems per kind, from the run's counters (no count over the journal)."""
    counters = {ProblemKind.PRODUCT: "products_with_problems", ProblemKind.CATEGORY: "categories_with_problems"}
    return {kind: int(run.counters.get(counter, 0)) for kind, counter in counters.items()}
