"""Reads from a PostgreSQL streaming replica (config/routers.py, eventlog/replica.py), for real.

The module starts its own primary, migrates it, makes a hot standby of it with `pg_basebackup -R`
(tests/servers.py `streaming_postgres`) and runs the panel under gunicorn against both
(DATABASE_URL = the primary, DATABASE_REPLICA_URL = the replica). Where a read went is seen two
ways: the replica's `pg_stat_activity` (a new query of the journal's table by the panel), and a
marker entry written through the writer while the replica's replay is paused — present on the
primary, absent on the replica until replay resumes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import requests
from django.conf import settings as django_settings

from config.routers import ReplicaRouter
from eventlog import replica
from eventlog.models import Entry
from tests.servers import (  # noqa: F401  (fixtures)
    PostgresServer,
    StreamingPair,
    WebServer,
    _project_env,
    log_of,
    streaming_postgres,
    web_server,
)
from tests.workers import wait_for

PASSWORD = "secret-pass-123"
CREATE_ADMIN = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user("alice", "alice@example.com", "{PASSWORD}")
user.groups.add(Group.objects.get(name="Shop admin"))
"""


def test_without_a_replica_everything_reads_and_writes_the_one_database():
    router = ReplicaRouter()
    with replica.reads("test") as used:
        assert used is False
        assert router.db_for_read(Entry) == router.db_for_write(Entry) == "default"
    assert router.allow_migrate("default", "eventlog") is True
    assert router.allow_migrate("replica", "eventlog") is False


def run_project(pair: StreamingPair, *args: str, replica_url: bool = False) -> subprocess.CompletedProcess[str]:
    """A project process (`manage.py …` or `-c` code) against the pair; what it printed is in the result."""
    urls = {"DATABASE_URL": pair.primary.url, **({"DATABASE_REPLICA_URL": pair.replica.url} if replica_url else {})}
    done = subprocess.run(
        [sys.executable, *args], cwd=django_settings.BASE_DIR, env=_project_env(**urls),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def write_marker(pair: StreamingPair) -> tuple[int, str]:
    """One SMS entry written through the writer (`manage.py journal_record`) on the primary: (id, text)."""
    text = f"replica marker {uuid.uuid4().hex}"
    printed = run_project(
        pair, "manage.py", "journal_record", "--tab", "sms", "--severity", "error", "--message", text,
        "--object-type", "product", "--object-id", text.split()[-1],
    )  # fmt: skip
    return int(printed.stdout.split()[0]), text


def entry_queries(server: PostgresServer) -> set[tuple[int, dt.datetime]]:
    """(backend, start) of the last query of each of the panel's connections that read the journal's table."""
    with psycopg.connect(server.url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid, query_start FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid() AND query LIKE '%%\"eventlog_entry\"%%'",
            (server.database,),
        ).fetchall()
    return {(pid, started) for pid, started in rows}


def sign_in(panel: WebServer) -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    page = session.get(panel.url + "/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    response = session.post(
        panel.url + "/login/", data={"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": panel.url + "/login/"}, timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 302, response.text[:500]
    # The login is a write (the session, the user's last login): its first seconds read the primary.
    assert replica.COOKIE in response.cookies
    return session


def later(session: requests.Session) -> requests.Session:
    """The same user DATABASE_REPLICA_FRESH_SECONDS later: the browser has let the cookie expire."""
    session.cookies.pop(replica.COOKIE, None)
    return session


@pytest.fixture(scope="module")
def pair(streaming_postgres) -> StreamingPair:  # noqa: F811
    return streaming_postgres


@pytest.fixture(scope="module")
def panel(pair, web_server) -> WebServer:  # noqa: F811
    run_project(pair, "manage.py", "shell", "-c", CREATE_ADMIN)
    write_marker(pair)  # the replica holds an entry from the start
    pair.wait_replayed()
    # A generous lag bound: while a test holds replay paused, the replica must stay in use.
    return web_server(
        DATABASE_URL=pair.primary.url, DATABASE_REPLICA_URL=pair.replica.url, CONN_MAX_AGE="60",
        DATABASE_REPLICA_MAX_LAG_SECONDS="3600",
    )  # fmt: skip


@pytest.fixture
def paused(pair) -> Iterator[StreamingPair]:
    """The replica with its replay paused for the test (resumed, and caught up, after it)."""
    pair.pause_replay()
    try:
        yield pair
    finally:
        pair.resume_replay()
        pair.wait_replayed()


def test_the_list_reads_the_replica_and_shows_a_written_entry_once_it_is_replayed(panel, paused):
    pair = paused
    # Signed in while the replica is frozen: the session is read from the primary, or this would fail.
    user = later(sign_in(panel))
    entry_id, text = write_marker(pair)
    object_id = text.split()[-1]

    before = entry_queries(pair.replica)
    listed = user.get(panel.url + "/journal/sms/", timeout=30)
    assert listed.status_code == 200
    assert entry_queries(pair.replica) - before, "the list's query did not run on the replica"
    # The replica has not replayed the entry yet, so the list, its page, the search and the export lack it.
    assert text not in listed.text
    assert user.get(f"{panel.url}/journal/sms/{entry_id}/", timeout=30).status_code == 404
    assert text not in user.get(panel.url + "/journal/search/", params={"q": object_id}, timeout=30).text
    exported = user.get(panel.url + "/journal/sms/export.csv", timeout=30)
    assert exported.status_code == 200 and text not in exported.content.decode("utf-8-sig")
    # A cookie the panel did not sign keeps no one on the primary.
    forged = user.get(panel.url + "/journal/sms/", cookies={replica.COOKIE: "1"}, timeout=30)
    assert forged.status_code == 200 and text not in forged.text
    # The runs' pages always read the primary: their queries never reach the replica.
    before = entry_queries(pair.replica)
    assert user.get(panel.url + "/journal/runs/", timeout=30).status_code == 200
    assert entry_queries(pair.replica) == before

    # A change (here: the language) and the next page of the same user read the primary.
    changed = user.post(
        panel.url + "/i18n/setlang/", data={"language": "en", "csrfmiddlewaretoken": user.cookies["csrftoken"]},
        headers={"Referer": panel.url + "/journal/sms/"}, timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert changed.status_code == 302 and replica.COOKIE in changed.cookies
    before = entry_queries(pair.replica)
    fresh = user.get(panel.url + "/journal/sms/", timeout=30)
    assert fresh.status_code == 200 and text in fresh.text
    assert entry_queries(pair.replica) == before
    assert user.get(f"{panel.url}/journal/sms/{entry_id}/", timeout=30).status_code == 200

    # Replayed, the entry is on the replica too: the list shows it to everyone.
    later(user)
    pair.resume_replay()
    pair.wait_replayed()
    before = entry_queries(pair.replica)
    replayed = user.get(panel.url + "/journal/sms/", timeout=30)
    assert replayed.status_code == 200 and text in replayed.text
    assert entry_queries(pair.replica) - before
    assert text in user.get(panel.url + "/journal/search/", params={"q": object_id}, timeout=30).text


ROUTING = """
import io, json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, router, transaction
from django.http import QueryDict
from eventlog import exports, replica, tabs
from eventlog.models import Entry

marker, text = int(sys.argv[1]), sys.argv[2]

def read():
    alias = router.db_for_read(Entry)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        standby = cursor.fetchone()[0]
    return [alias, standby, Entry.objects.filter(pk=marker).exists()]

def exported():
    export = exports.build(tabs.get("sms"), QueryDict(""))
    out = io.BytesIO()
    exports.write(export, "csv", out)
    return text in out.getvalue().decode("utf-8-sig")

seen = {"outside": read(), "export_outside": exported()}
with replica.reads("test") as used:
    seen.update(used=used, inside=read(), export_inside=exported(), user=router.db_for_read(User))
    with transaction.atomic():
        seen["in_transaction"] = read()
    entry = Entry.objects.exclude(pk=marker).first()
    seen.update(read_from=entry._state.db, write_to=router.db_for_write(Entry, instance=entry))
# A replica further behind than this is not read from (this process only; see eventlog/replica.py).
settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0.000001
with replica.reads("test") as used:
    seen.update(lagging_used=used, lagging=read(), export_lagging=exported())
print(json.dumps(seen))
"""


def test_transactions_writes_users_and_the_export_job_read_side(panel, paused):
    pair = paused
    entry_id, text = write_marker(pair)
    done = run_project(pair, "-c", ROUTING, str(entry_id), text, replica_url=True)
    seen = json.loads(done.stdout)
    assert seen["used"] is True
    # Not opted in: the primary, which has the entry.
    assert seen["outside"] == ["default", False, True] and seen["export_outside"] is True
    # Opted in (a page or an export job): the replica, paused before the entry.
    assert seen["inside"] == ["replica", True, False] and seen["export_inside"] is False
    # Users (and sessions, permissions) never leave the primary; a transaction reads what it wrote.
    assert seen["user"] == "default"
    assert seen["in_transaction"] == ["default", False, True]
    # An entry read from the replica is written back to the primary, never to the read-only standby.
    assert (seen["read_from"], seen["write_to"]) == ("replica", "default")
    # A replica further behind than DATABASE_REPLICA_MAX_LAG_SECONDS is not used, and the log says so.
    assert seen["lagging_used"] is False and seen["lagging"] == ["default", False, True] and seen["export_lagging"]
    assert "The database replica is" in done.stderr and "test reads use the primary" in done.stderr


def test_with_the_replica_stopped_the_panel_reads_the_primary_and_comes_back(pair, panel):
    user = later(sign_in(panel))
    assert user.get(panel.url + "/journal/sms/", timeout=30).status_code == 200  # the replica's connection is open
    entry_id, text = write_marker(pair)
    pair.replica.stop()
    try:
        listed = user.get(panel.url + "/journal/sms/", timeout=30)
        assert listed.status_code == 200 and text in listed.text
        assert user.get(f"{panel.url}/journal/sms/{entry_id}/", timeout=30).status_code == 200
        assert user.get(panel.url + "/journal/sms/export.csv", timeout=30).status_code == 200
        log = log_of(panel).read_text()
        assert "The database replica does not answer" in log and "reads use the primary" in log
    finally:
        pair.replica.start()
    wait_for(pair.streaming, "the replica streams again")
    pair.wait_replayed()

    def on_the_replica() -> bool:
        before = entry_queries(pair.replica)
        assert user.get(panel.url + "/journal/sms/", timeout=30).status_code == 200
        return bool(entry_queries(pair.replica) - before)

    # Within replica.RETRY_SECONDS of its return the panel reads from it again, by itself.
    wait_for(on_the_replica, "the panel reads the replica again")
