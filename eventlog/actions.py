"""Changes people make to the journal, and the jobs they start.

Each action owns its transaction (Zulip's `do_*`): a deletion writes its audit entry
in the same transaction; a job's run is created in it and its task sent once it
commits (`runs.queue`). Views parse the request, call an action, render.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from . import exports, messages, runs, tabs, writer
from .models import Entry, Initiator, Run, RunStatus, Severity

#: Ids kept in the audit entry of one deletion.
AUDIT_IDS = 1000


def entries_to_delete(*, tab: tabs.Tab, ids: Iterable[int], user: User | AnonymousUser) -> QuerySet[Entry]:
    """Of the selected entries, those a deletion by this user would take (what the confirmation counts).

    Raises PermissionDenied when the tab keeps its entries or the user may not delete.
    """
    rule = tab.deletable_by_hand
    if rule is None or not user.has_perm("eventlog.delete_entry"):
        raise PermissionDenied
    # Uses the primary key's index ((id, occurred_at) per partition, id first): one probe per id.
    return Entry.objects.filter(tab=tab.slug, pk__in=sorted(set(ids))).filter(rule)


def delete_entries(*, tab: tabs.Tab, ids: Iterable[int], user: User | AnonymousUser) -> int:
    """Delete the selected entries a shop admin may delete; returns how many went."""
    selected = entries_to_delete(tab=tab, ids=ids, user=user)
    who = user.get_username()
    with transaction.atomic():
        gone = list(selected.values_list("pk", flat=True))
        count = writer.delete(Entry.objects.filter(tab=tab.slug, pk__in=gone))
        if count:
            writer.record(
                tab=tab.slug, severity=Severity.INFO, event_type="records_deleted", initiator=Initiator.MANUAL,
                actor=who, message=messages.Message(messages.ENTRIES_DELETED, {"count": count, "user": who}),
                data={"count": count, "ids": gone[:AUDIT_IDS]},
            )  # fmt: skip
    return count


def start_export(*, export: exports.Export, fmt: str, user: User | AnonymousUser) -> Run:
    """A large export: a queued run, its job sent once the run is committed."""
    if fmt not in exports.CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    params = {"query": export.query, "format": fmt, "language": translation.get_language()}
    with transaction.atomic():
        # The same export asked for twice (a double click, a resent form) is the run already under way.
        pending = Run.objects.filter(
            kind=runs.EXPORT.code, tab=export.tab.slug, created_by=user.pk, params=params,
            status__in=(RunStatus.QUEUED, RunStatus.RUNNING),
        ).first()  # fmt: skip
        return pending or runs.queue(runs.EXPORT, tab=export.tab.slug, params=params, user=user)


def abort_run(*, run: Run, user: User | AnonymousUser) -> bool:
    """A shop admin stops a job: at once if it has not started, else at its next batch."""
    kind = runs.kind_of(run.kind)
    if kind is None or not kind.abortable or not user.has_perm("eventlog.start_job"):
        raise PermissionDenied
    return runs.request_abort(run, user)
