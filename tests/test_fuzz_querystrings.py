"""Generated query strings on every GET page of the panel: never a 5xx, and a rejected request writes nothing.

The fixed list of test_hostile_input.py, grown by Hypothesis: each case is one page, a query string of
generated pairs over the names that page reads (its GET forms' fields, the query keys of its own links,
the paging and ordering keys of every list), with duplicate keys, missing and stray keys, values past
their types and bytes that are not UTF-8 (`%ff`); as a page and as htmx's partial.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import fuzz_support as fz

#: Keys every list may read whether or not the page links them: its paging cursor and day, django-tables2's
#: paging and ordering, grouping, and the filters of the journal.
COMMON = ["older", "newer", "at", "page", "per_page", "sort", "group", "q", "date_from", "date_to", "severity",
          "event_type", "status", "kind", "code", "report"]  # fmt: skip
EXAMPLES = 800


@pytest.fixture
def pages(admin_client, alice) -> dict[str, tuple[list[str], dict[str, list[str]]]]:
    """Each GET page of the panel with the names it reads and the values it offers for them."""
    found = {}
    for path in fz.build_panel(alice)["get"]:
        response = admin_client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        names, samples = set(COMMON), {}
        if response.get("Content-Type", "").startswith("text/html"):
            forms, links = fz.forms_on(response.text, path)
            for form in forms:
                if form.method == "get":
                    names |= set(form.fields)
                    for name, values in form.fields.items():
                        samples.setdefault(name, []).extend(values)
            for link in links:
                parts = urlsplit(link)
                if parts.path == path:
                    for name, value in parse_qsl(parts.query):
                        names.add(name)
                        samples.setdefault(name, []).append(value)
        found[path] = (sorted(names), {name: sorted(set(values))[:20] for name, values in samples.items()})
    return found


def _cases(pages):
    return st.sampled_from(sorted(pages)).flatmap(
        lambda path: st.tuples(st.just(path), fz.pairs(*pages[path]), st.booleans())
    )


def test_generated_query_strings_never_fail_and_rejected_ones_write_nothing(admin_client, pages):
    rows = fz.Rows()

    @fz.fuzz_settings(EXAMPLES)
    @given(case=_cases(pages))
    def send(case):
        path, items, htmx = case
        query = fz.encode(items)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        before = rows.last()
        response = admin_client.get(f"{path}?{query}", **headers)
        fz.check(response, before, rows.count(), (path, query, htmx))
        fz.CASES["querystrings"] += 1

    send()
    print(f"\nfuzz: {fz.CASES['querystrings']} generated query strings on {len(pages)} pages")
    assert fz.CASES["querystrings"] >= EXAMPLES
