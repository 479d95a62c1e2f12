"""`GET /healthz`: ok or fail per check, 200 or 503, for the probe from inside the deployment —
whatever its Host header, over plain HTTP, without a login — and nothing else in the body.

The database outage itself is in tests/test_outage_page.py (a panel with no database), the
Redis outage in tests/test_fault_redis.py (a Redis killed and restarted), and the storage check
against S3 in tests/test_storage_s3_exports.py.
"""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

ALL_OK = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"}}


def test_a_healthy_panel_answers_200_with_each_check_ok(db):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-store" in response["Cache-Control"]
    assert [query["sql"] for query in queries] == ["SELECT 1"]  # nothing written
    assert not response.cookies  # no session, no CSRF cookie: the probe is not a visitor


def test_the_probe_is_answered_whatever_its_host_header(db):
    # A load balancer probes the pod's own address, which ALLOWED_HOSTS rightly does not list.
    client = Client(HTTP_HOST="10.42.0.17:8000")
    assert client.get("/healthz").json() == ALL_OK
    assert client.get("/login/").status_code == 400  # every other page still refuses that host


def test_the_probe_is_answered_over_plain_http_when_https_is_enforced(db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()  # a new client builds its middleware with the setting on
        response = client.get("/healthz")
        redirected = client.get("/login/")
    assert response.status_code == 200
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")


def test_head_works_and_other_methods_are_refused(db):
    client = Client()
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_cache_that_does_not_answer_fails_the_cache_check_only(db):
    with socket.socket() as held:  # a port bound here and never listening: connections are refused
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
        with override_settings(CACHES={"default": cache}):
            response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {**ALL_OK["checks"], "cache": "fail"}}
    assert str(port) not in response.text  # what failed is logged, never shown to the caller


def test_a_storage_folder_that_cannot_be_created_fails_the_storage_check(db, file_storages):
    file_storages["exports"].write_text("a file where the exports folder should be")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {**ALL_OK["checks"], "storage": "fail"}}
    assert "exports" not in response.text


def test_a_storage_folder_not_there_yet_is_fine_when_it_can_be_created(db, file_storages):
    # A fresh volume: the first export or upload creates the folders.
    assert not any(folder.exists() for folder in file_storages.values())
    assert Client().get("/healthz").json() == ALL_OK
    assert not any(folder.exists() for folder in file_storages.values())  # the probe wrote nothing


@pytest.mark.parametrize("path", ["/healthz/", "/healthz/extra", "/HEALTHZ"])
def test_only_the_one_path_is_the_probe(admin_client, path):
    assert admin_client.get(path).status_code == 404
