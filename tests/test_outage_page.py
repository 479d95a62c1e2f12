"""A database outage: every page answers the panel's 503 in the reader's language, the API a 503
problem with Retry-After — never Django's bare "Server Error (500)".

The outage is real: the panel runs under gunicorn with DATABASE_URL pointing at a loopback port
that this test holds bound but not listening, so every connection is refused at once.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
import requests
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from eventlog import outage
from tests.servers import WebServer, web_server  # noqa: F401  (a fixture)

HEADING = {"en": "Journal temporarily unavailable", "pl": "Dziennik chwilowo niedostępny"}


@pytest.fixture(scope="module")
def refused_port() -> Iterator[int]:
    """A port nothing listens on for as long as the test runs (bound here, never listening)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture(scope="module")
def panel_without_database(web_server, refused_port) -> WebServer:  # noqa: F811
    return web_server(DATABASE_URL=f"postgres://postgres@127.0.0.1:{refused_port}/dziennik", CONN_MAX_AGE="0")


def assert_outage_page(response, language: str) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.text
    assert f'<h1 class="h4" id="error-title">{HEADING[language]}</h1>' in response.text
    assert 'href="/journal/"' in response.text  # the way back, once it is over
    assert "Server Error" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_signed_in_reader_gets_the_branded_503_page_in_their_language(panel_without_database, language):
    # The session cookie makes the login check read the session from the database, before any view.
    response = panel_without_database.get(
        "/journal/offers/?severity=error",
        headers={"Accept-Language": language},
        cookies={"sessionid": "0123456789abcdef0123456789abcdef"},
    )
    assert_outage_page(response, language)
    if language == "en":
        assert "cannot reach its database at the moment, so nothing you sent was saved" in response.text


def test_a_view_that_reaches_the_database_answers_503_and_signs_no_one_in(panel_without_database):
    # The login page needs no database; sending the form does (the password check reads the user).
    page = panel_without_database.get("/login/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = requests.post(
        panel_without_database.url + "/login/",
        data={"username": "alice", "password": "secret-pass-123", "csrfmiddlewaretoken": token},
        cookies=page.cookies, headers={"Accept-Language": "en", "Referer": panel_without_database.url + "/login/"},
        timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert_outage_page(response, "en")
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("path", ["/api/v1/entries?tab=sms", "/api/v1/entries"])
def test_the_api_answers_a_503_problem_with_retry_after(panel_without_database, path):
    response = panel_without_database.get(path, headers={"Authorization": "Bearer dz_somekey", "Accept-Language": "pl"})
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["Retry-After"] == "30"
    problem = response.json()
    assert problem["status"] == 503
    assert problem["type"] == "/api/v1/problems/database-unavailable"
    assert problem["title"] == "Dziennik chwilowo niedostępny"


@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_handler_answers_503_for_an_outage_raised_before_the_view(language):
    request = RequestFactory().get("/journal/", HTTP_ACCEPT_LANGUAGE=language)
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = outage.server_error(request)
    assert_outage_page(_Text(response), language)


def test_the_handler_keeps_the_500_page_for_any_other_error():
    try:
        raise ValueError("a bug")
    except ValueError:
        with translation.override("en"):
            response = outage.server_error(RequestFactory().get("/journal/"))
    assert response.status_code == 500
    assert '<h1 class="h4" id="error-title">Server error</h1>' in response.content.decode()


class _Text:
    """A Django response read like a requests one (status_code, headers, text)."""

    def __init__(self, response) -> None:
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = response.content.decode()


def test_the_health_probe_reports_the_database_down_and_nothing_more(panel_without_database):
    response = panel_without_database.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "fail", "cache": "ok", "broker": "ok", "storage": "ok"},
    }
