"""Private PostgreSQL and Redis servers for fault tests: started from the machine's binaries on
ports of their own, with data under a temporary folder, and stopped at the end of the test, so
that a test may kill or restart them without touching the shared servers on 5432 and 6379.

- `private_postgres` (module scope): `initdb` + `pg_ctl` from /usr/local/bin on 127.0.0.1:55432,
  `fsync=off` (its data is thrown away), the project migrated into database "dziennik" once per
  test module (`manage.py migrate`, the slow part). `restart()` is `pg_ctl restart -m fast`.
- `web_server` (module scope): `web_server(**env)` runs the panel under gunicorn on a free
  loopback port with the given environment (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL …).
- `private_redis` (function scope): `redis_server(port, appendonly=…)` starts redis-server with
  the settings docker-compose.yml runs in production (AOF, fsync every second, noeviction);
  `kill()` is SIGKILL, `start()` again on the same folder reads the AOF back.

Every wait is bounded (tests.workers.wait_for); nothing sleeps for a fixed time.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from django.conf import settings as django_settings

from tests.workers import wait_for

PG_BIN = Path("/usr/local/bin")
PG_PORT = 55432
REDIS_PORTS = (56379, 56380, 56381)
#: The Redis settings docker-compose.yml runs (and the README documents): every write is in the
#: append-only file within a second, and a full Redis refuses writes instead of dropping queued tasks.
REDIS_DURABLE = ("--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction")
#: What the compose file ran before (Redis' defaults with no snapshot): a killed Redis loses everything.
REDIS_VOLATILE = ("--appendonly", "no")


def _as_postgres() -> tuple[list[str], Callable[[Path], None]]:
    """PostgreSQL refuses to run as root: run its binaries as the `postgres` user then."""
    if os.geteuid() != 0:
        return [], lambda path: None
    user = pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"], lambda path: os.chown(path, user.pw_uid, user.pw_gid)


@dataclass
class PostgresServer:
    folder: Path
    port: int = PG_PORT
    database: str = "dziennik"
    prefix: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.prefix, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
             *args],
            check=True, stdout=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip

    def _options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def start(self) -> None:
        self._pg_ctl("-o", self._options(), "-w", "-t", "60", "start")

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every connection is cut, the server is back when this returns."""
        self._pg_ctl("-o", self._options(), "-m", "fast", "-w", "-t", "60", "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "-w", "-t", "60", "stop")

    def answers(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True


def _project_env(**env: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **env}


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL of the module's own on 127.0.0.1:55432, migrated; stopped and removed at the end."""
    prefix, chown = _as_postgres()
    with socket.socket() as probe:  # a server left on the port by a run that was killed
        assert probe.connect_ex(("127.0.0.1", PG_PORT)) != 0, f"something already listens on port {PG_PORT}"
    folder = Path(tempfile.mkdtemp(prefix="dz-postgres-"))
    chown(folder)
    server = PostgresServer(folder, prefix=prefix)
    subprocess.run(
        [*prefix, str(PG_BIN / "initdb"), "-D", str(server.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    server.start()
    try:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{server.port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {server.database}")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=django_settings.BASE_DIR, env=_project_env(DATABASE_URL=server.url), check=True, timeout=300,
        )  # fmt: skip
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class RedisServer:
    folder: Path
    port: int
    settings: tuple[str, ...]
    process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)

    def start(self) -> None:
        """Start (again) on the same folder: with AOF, what was written comes back."""
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", *self.settings],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for(self.answers, f"Redis on port {self.port} answers")
        # Loading the AOF answers PING with LOADING first: wait until the data is there.
        wait_for(lambda: self.client().info("persistence").get("loading") == 0, "Redis has loaded its data")

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except (redis.ConnectionError, redis.BusyLoadingError):
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown, no last save — what the kernel's OOM killer or a power cut does."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def private_redis() -> Iterator[Callable[..., RedisServer]]:
    """`private_redis(durable=True)`: a Redis of the test's own (ports 56379+), killed at the end."""
    started: list[RedisServer] = []
    folders: list[str] = []

    def make(*, durable: bool = True) -> RedisServer:
        folder = tempfile.mkdtemp(prefix="dz-redis-")
        folders.append(folder)
        server = RedisServer(Path(folder), REDIS_PORTS[len(started)], REDIS_DURABLE if durable else REDIS_VOLATILE)
        # A server left on the port by a run that was killed would be tested instead of ours.
        assert not server.answers(), f"something already answers on port {server.port}"
        started.append(server)
        server.start()
        return server

    yield make
    for server in started:
        if server.process is not None:
            server.kill()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class WebServer:
    process: subprocess.Popen
    url: str

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=30, allow_redirects=False, **kwargs)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def web_server(tmp_path_factory) -> Iterator[Callable[..., WebServer]]:
    """`web_server(**env)`: the panel under gunicorn (one worker) on loopback; stopped at the end of
    the module (starting Django takes seconds: tests of one module share their servers)."""
    started: list[WebServer] = []
    tmp_path = tmp_path_factory.mktemp("gunicorn")

    def start(**env: str) -> WebServer:
        port = _free_port()
        log = (tmp_path / f"gunicorn-{port}.log").open("wb")
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "4", "--timeout", "60"],
            cwd=django_settings.BASE_DIR, env=_project_env(**env), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        server = WebServer(process, f"http://127.0.0.1:{port}")
        started.append(server)

        def listening() -> bool:
            assert process.poll() is None, f"gunicorn stopped: {(tmp_path / f'gunicorn-{port}.log').read_text()}"
            try:
                server.get("/healthz")
            except requests.ConnectionError:
                return False
            return True

        wait_for(listening, "gunicorn answers")
        return server

    yield start
    for server in started:
        if server.process.poll() is None:  # a test server keeps nothing: no graceful shutdown to wait for
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)


# A primary and its streaming replica (tests/test_replica.py) -----------------------------------------
#: pg_basebackup is not linked into PG_BIN: it lives beside the binaries pg_ctl links to.
PG_LIBEXEC = (PG_BIN / "pg_ctl").resolve().parent


@dataclass
class StreamingPair:
    """A primary and a hot standby fed by streaming replication from it (both PostgresServer)."""

    primary: PostgresServer
    replica: PostgresServer

    def _one(self, server: PostgresServer, sql: str) -> object:
        with psycopg.connect(server.url, connect_timeout=5, autocommit=True) as conn:
            row = conn.execute(sql).fetchone()
        assert row is not None
        return row[0]

    def streaming(self) -> bool:
        """Whether the primary sees its replica's WAL receiver streaming."""
        return self._one(self.primary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1

    def wait_replayed(self) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        # A synchronous commit flushes all WAL before it: the primary (synchronous_commit=off) would
        # otherwise hold a last partial WAL page, unsent, until its next flush.
        with psycopg.connect(self.primary.url, connect_timeout=5) as conn:
            conn.execute("SET synchronous_commit = on")
            conn.execute("SELECT txid_current()")
            conn.commit()
            row = conn.execute("SELECT pg_current_wal_flush_lsn()::text").fetchone()
        assert row is not None
        written = row[0]
        wait_for(
            lambda: bool(self._one(self.replica, f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn")),
            f"the replica replayed the primary's WAL up to {written}",
        )

    def pause_replay(self) -> None:
        """The replica keeps receiving WAL but applies none of it: it answers, frozen in time."""
        self._one(self.replica, "SELECT pg_wal_replay_pause()")
        wait_for(lambda: self._one(self.replica, "SELECT pg_get_wal_replay_pause_state()") == "paused", "replay paused")

    def resume_replay(self) -> None:
        self._one(self.replica, "SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def streaming_postgres() -> Iterator[StreamingPair]:
    """A primary on a free port, migrated, and a replica made of it by `pg_basebackup -R` on another,
    streaming; both stopped and removed at the end of the module. initdb's default pg_hba.conf already
    trusts replication connections from 127.0.0.1, and wal_level=replica is the default."""
    prefix, chown = _as_postgres()
    # In memory where there is a tmpfs: removing the servers' files from disk took 5 s each (ext4's discard).
    memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    folders = [Path(tempfile.mkdtemp(prefix=f"dz-{role}-", dir=memory)) for role in ("primary", "replica")]
    for folder in folders:
        chown(folder)
    primary = PostgresServer(folders[0], port=_free_port(), prefix=prefix)
    replica = PostgresServer(folders[1], port=_free_port(), prefix=prefix)
    started: list[PostgresServer] = []
    try:
        subprocess.run(
            [*prefix, str(PG_BIN / "initdb"), "-D", str(primary.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip
        primary.start()
        started.append(primary)
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{primary.port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {primary.database}")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=django_settings.BASE_DIR, env=_project_env(DATABASE_URL=primary.url), check=True, timeout=300,
        )  # fmt: skip
        # -R writes standby.signal and primary_conninfo; a fast checkpoint starts the copy at once.
        subprocess.run(
            [*prefix, str(PG_LIBEXEC / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
             "-D", str(replica.data), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip
        replica.start()
        started.append(replica)
        pair = StreamingPair(primary, replica)
        wait_for(pair.streaming, "the replica streams from the primary")
        yield pair
    finally:
        for server in reversed(started):
            if (server.data / "postmaster.pid").exists():
                server.stop()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def log_of(server: WebServer) -> Path:
    """The file `web_server` sends that gunicorn's output to (its standard output, read from /proc)."""
    return Path(os.readlink(f"/proc/{server.process.pid}/fd/1"))
