"""Changes people make to the journal; each writes its own audit record in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import tabs, writer
from .models import Entry, Initiator, Severity
from .retention import deletable

#: Ids kept in the audit record of one deletion.
AUDIT_IDS = 1000


def delete_records(*, tab: tabs.Tab, ids: Iterable[int], user: AbstractBaseUser) -> int:
    """Delete the selected records a shop admin may delete; returns how many went."""
    if tab.deletable is None or not user.has_perm("eventlog.delete_entry"):
        raise PermissionDenied
    ids = sorted(set(ids))
    selected = deletable(tab, Entry.objects.filter(tab=tab.slug, pk__in=ids).filter(tab.deletable))
    who = user.get_username()
    with transaction.atomic():
        gone = list(selected.values_list("pk", flat=True))
        count = Entry.objects.filter(tab=tab.slug, pk__in=gone).delete()[0]
        if count:
            writer.record(
                tab=tab.slug, severity=Severity.INFO, event_type="records_deleted", initiator=Initiator.MANUAL,
                actor=who, message=f"Usunięto ręcznie wpisy: {count} (użytkownik {who}).",
                data={"count": count, "ids": gone[:AUDIT_IDS]},
            )  # fmt: skip
    return count
