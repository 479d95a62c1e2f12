"""The hostile corpus (tests/hostile_corpus.py) as journal entries, for the browser tests."""

from __future__ import annotations

from eventlog import tabs, writer
from tests import hostile_corpus


def hostile_entries() -> list[tuple[str, int]]:
    """Every value of the corpus as message, object id and data of an entry, the tabs taking turns; (tab, id)."""
    rows: list[writer.EntryFields] = []
    for n, value in enumerate(hostile_corpus.CORPUS):
        spec = tabs.all_tabs()[n % len(tabs.all_tabs())]
        rows.append({"tab": spec.slug, "severity": "error", "event_type": next(iter(spec.event_types)),
                     "message": hostile_corpus.fit(value, 4000), "object_id": hostile_corpus.fit(value, 128),
                     "data": {"text": hostile_corpus.fit(value, 2000), "url": value[:500]}})  # fmt: skip
    return [(row["tab"], pk) for row, pk in zip(rows, writer.record_many(rows), strict=True)]
