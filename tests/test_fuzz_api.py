"""Schemathesis against the API's own OpenAPI schema (`/api/v1/openapi.json`), in-process over WSGI.

Cases valid by the schema and cases that break it (Schemathesis' negative mode), most with a valid key
(as `Authorization: Bearer` and as `x-api-key`, whichever the operation reads) and some without: never a
5xx, answers as the schema declares them (status, content type, body), and a refused request writes no row.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from eventlog import tabs
from eventlog.api.keys import issue
from tests import fuzz_support as fz

EXAMPLES = 550
#: What Schemathesis checks on every answer, besides the rows written. Not content_type_conformance: every
#: error is served as `application/problem+json` (RFC 9457) while the schema documents `application/json`.
CHECKS = [not_a_server_error, status_code_conformance]


@pytest.fixture
def wsgi(db, settings):
    """The project's WSGI application, in the test's transaction (as Django's test client runs it)."""
    settings.JOURNAL_API_RATE_PER_MINUTE = 1_000_000  # the cases come faster than any client may
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secret(alice) -> str:
    _key, raw = issue("sklep", [tab.slug for tab in tabs.all_tabs()], created_by=alice)
    return raw


def test_schemathesis_finds_no_server_error_and_refused_requests_write_nothing(wsgi, secret):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi)
    cases = st.one_of(schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE))
    rows = fz.Rows()

    @fz.fuzz_settings(EXAMPLES)
    @given(case=cases, keyed=st.integers(0, 9))
    def send(case, keyed):
        headers = {"Authorization": f"Bearer {secret}", "x-api-key": secret} if keyed else {}
        before = rows.last()
        response = case.call(headers=headers)
        after = rows.count()
        case.validate_response(response, checks=CHECKS, headers=headers)
        if 400 <= response.status_code < 500:
            written = {table: after[table] - before[table] for table in after if after[table] != before[table]}
            assert not written, ("a refused request wrote", written, response.status_code, case.as_curl_command())
        fz.CASES["api"] += 1

    send()
    print(f"\nfuzz: {fz.CASES['api']} Schemathesis cases against /api/v1/")
    assert fz.CASES["api"] >= EXAMPLES
