"""docker-compose.yml comes up healthy, proven without Docker (tests/compose.py says how): web, worker
and beat run their compose commands in mount namespaces of their own, sharing only the declared volumes,
against PostgreSQL (a database of this module's own) and Redis (database 4) on loopback standing in for
`db` and `redis`; then a shop admin uploads an ERP package through web over HTTP and the worker imports it.

Also here: what the compose file, the Dockerfile, .dockerignore and config/gunicorn.py must agree on.
"""

from __future__ import annotations

import copy
import os
import re
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from tests import compose
from tests.servers import _free_port
from tests.workers import wait_for

EXAMPLES = compose.ROOT / "examples" / "erp"
#: The machine's servers standing in for compose's `db` and `redis`.
POSTGRES = "postgres://postgres@127.0.0.1:5432"
STACK_DATABASE = "dz_compose_stack"
REDIS_DB = 4
REDIS = f"redis://127.0.0.1:6379/{REDIS_DB}"
#: Part B2's beat heartbeat command (manage.py check_beat), beat's health check.
CHECK_BEAT = compose.ROOT / "eventlog" / "management" / "commands" / "check_beat.py"
#: What a shell gives compose to interpolate: only what has no default in the file.
VARIABLES = {"SECRET_KEY": f"compose-test-{secrets.token_hex(16)}"}
PASSWORD = "compose-pass-8472"


def compose_file() -> dict:
    return compose.load(VARIABLES)


@pytest.fixture(scope="module")
def stack_database() -> Iterator[str]:
    """An empty database of the module's own (migrated by web's command), and an empty Redis database 4."""

    def drop(conn: psycopg.Connection) -> None:
        conn.execute(f"DROP DATABASE IF EXISTS {STACK_DATABASE} WITH (FORCE)")

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        drop(conn)
        conn.execute(f"CREATE DATABASE {STACK_DATABASE}")
    redis.Redis.from_url(REDIS).flushdb()
    yield f"{POSTGRES}/{STACK_DATABASE}"
    redis.Redis.from_url(REDIS).flushdb()
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        drop(conn)


@pytest.fixture
def stack(stack_database, tmp_path) -> Iterator[Callable[..., compose.Stack]]:
    """`stack(compose_dict=None)`: the stack of docker-compose.yml (or of a changed copy), not yet up;
    every process it starts is killed at the end of the test."""
    made: list[compose.Stack] = []

    def make(spec: dict | None = None) -> compose.Stack:
        port = str(_free_port())
        built = compose.Stack(
            spec or compose_file(),
            tmp_path / f"stack-{len(made)}",
            stand_ins={"db": stack_database, "redis": REDIS},
            # The containers share no network namespace here, but the machine's: web on a free loopback port.
            network_env={"web": {"PORT": port, "GUNICORN_HOST": "127.0.0.1"}},
        )
        made.append(built)
        return built

    yield make
    for built in made:
        built.down()
    redis.Redis.from_url(REDIS).flushdb()  # no queued task of this test for the next one


def beat_check_exists() -> bool:
    return CHECK_BEAT.exists()


def web_url(stack: compose.Stack) -> str:
    return f"http://127.0.0.1:{stack.services['web'].env['PORT']}"


def shop_admin_session(stack: compose.Stack, username: str) -> requests.Session:
    """A shop admin made as an operator would (`docker compose exec web python manage.py ...`), logged
    in through the login form (its CSRF token) with an English panel."""
    created = stack.exec("web", ["python", "manage.py", "shell", "-c", (
        "from django.contrib.auth.models import Group, User; "
        f"user = User.objects.create_user({username!r}, password={PASSWORD!r}); "
        "user.groups.add(Group.objects.get(name='Shop admin'))"
    )])  # fmt: skip
    assert created.returncode == 0, created.stderr
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    base = web_url(stack)
    assert session.get(f"{base}/login/", timeout=30).status_code == 200
    login = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert login.status_code == 302, login.text[:2000]
    return session


def upload(session: requests.Session, base: str, package: Path) -> str:
    """Upload through the ERP tab's form; returns the run page's path it redirects to."""
    session.get(f"{base}/journal/erp-sync/", timeout=30)  # the page that holds the form (and the token)
    response = session.post(
        f"{base}/erp/upload/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"package": (package.name, package.read_bytes(), "text/xml")},
        timeout=60, allow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    location = response.headers["Location"]
    assert re.fullmatch(r"/journal/runs/\d+/", location), location
    return location


def run_status(session: requests.Session, base: str, run_page: str) -> str:
    """The status badge of the run page, as web shows it."""
    page = session.get(base + run_page, timeout=30)
    assert page.status_code == 200
    found = re.search(r'Status</dt>\s*<dd[^>]*>\s*<span class="badge[^"]*">([^<]+)</span>', page.text)
    assert found, page.text[:3000]
    return found[1]


def finished_status(session: requests.Session, base: str, run_page: str, stack: compose.Stack) -> str:
    seen: list[str] = []

    def finished() -> bool:
        for service in ("web", "worker"):
            stack.alive(service)
        seen[:] = [run_status(session, base, run_page)]
        return seen[0] not in ("Queued", "Running")

    wait_for(finished, f"the run at {run_page} has finished")
    return seen[0]


def test_the_stack_comes_up_healthy_in_order_and_imports_a_package_uploaded_through_web(stack):
    wait_for(beat_check_exists, "manage.py check_beat exists (part B2)")
    running = stack()

    order = running.up()

    assert order.index("db") < order.index("web") and order.index("redis") < order.index("web")
    assert order.index("web") < order.index("worker") and order.index("web") < order.index("beat")
    assert {service.name for service in running} == {"web", "worker", "beat"}
    base = web_url(running)
    health = requests.get(f"{base}/healthz", timeout=30)
    assert health.status_code == 200 and health.json()["status"] == "ok", health.text
    # Each service sees its own .run/ (a memory file system) and the one shared volume.
    assert running.exec("worker", ["sh", "-c", "mkdir -p .run && touch .run/worker-was-here"]).returncode == 0
    assert running.exec("web", ["test", "-e", ".run/worker-was-here"]).returncode == 1
    assert running.exec("web", ["touch", "var/web-was-here"]).returncode == 0
    assert running.exec("worker", ["test", "-e", "var/web-was-here"]).returncode == 0
    # The image is read-only where compose declares no volume: state kept there would be lost.
    assert running.exec("web", ["touch", "config/written"]).returncode != 0

    session = shop_admin_session(running, "alice")
    run_page = upload(session, base, EXAMPLES / "catalogue.xml")

    assert finished_status(session, base, run_page, running) == "Succeeded", running.services["worker"].log_text()
    page = session.get(base + run_page, timeout=30).text
    assert "catalogue.xml" in page
    # The package web stored is on the volume every service shares (filed away by the worker).
    inbox = running.root / "volumes" / "files" / "erp" / "inbox"
    assert any("catalogue" in path.name for path in inbox.rglob("*.xml"))

    # The worker's health check is a real liveness check: a stopped worker fails it, and passes again.
    worker = running.services["worker"].process
    assert worker is not None
    os.killpg(worker.pid, signal.SIGSTOP)
    try:
        assert not running.healthy("worker")
    finally:
        os.killpg(worker.pid, signal.SIGCONT)
    running.wait_healthy("worker")
    running.wait_healthy("beat")


def test_without_the_shared_volume_the_worker_cannot_read_what_web_stored(stack):
    spec = copy.deepcopy(compose_file())
    spec["services"]["worker"]["volumes"] = []
    running = stack(spec)
    running.up(["web", "worker"])
    base = web_url(running)

    session = shop_admin_session(running, "carol")
    run_page = upload(session, base, EXAMPLES / "catalogue.xml")

    assert finished_status(session, base, run_page, running) == "Failed"
    assert "catalogue.xml cannot be read" in session.get(base + run_page, timeout=30).text


# --- what the files must agree on ---------------------------------------------------------------


def test_web_worker_and_beat_share_the_files_volume_and_wait_for_web_to_have_migrated():
    services = compose_file()["services"]
    for name in ("web", "worker", "beat"):
        assert ("files", "/app/var") in compose.volumes(services[name]), name
        env = compose.environment(services[name])
        assert env["JOURNAL_EXPORT_DIR"].startswith("/app/var/")
        assert env["ERP_INBOX_DIR"].startswith("/app/var/") and env["ERP_OUTBOX_DIR"].startswith("/app/var/")
    for name in ("worker", "beat"):
        assert compose.depends_on(services[name])["web"] == "service_healthy", name
    assert "check_beat" in compose.healthcheck_argv(services["beat"])
    assert "ping" in " ".join(compose.healthcheck_argv(services["worker"]) or [])
    assert "/healthz" in " ".join(compose.healthcheck_argv(services["web"]) or [])


def test_the_apps_addresses_are_the_services_and_the_databases_credentials():
    spec = compose_file()
    env = compose.environment(spec["services"]["web"])
    database = compose.environment(spec["services"]["db"])
    expected = (
        f"postgres://{database['POSTGRES_USER']}:{database['POSTGRES_PASSWORD']}@db:5432/{database['POSTGRES_DB']}"
    )
    assert env["DATABASE_URL"] == expected
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert env["REDIS_URL"].startswith("redis://redis:6379/") and env["REDIS_URL"] != env["CELERY_BROKER_URL"]


def test_compose_refuses_to_start_without_a_secret_key():
    with pytest.raises(KeyError, match="SECRET_KEY"):
        compose.load({})


def test_interpolation_follows_compose():
    variables = {"SET": "x", "EMPTY": ""}
    assert compose.interpolate("$$HOSTNAME ${SET} $SET ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d}", variables) == (
        "$HOSTNAME x x d d "
    )
    assert compose.interpolate("${SET:+yes}${UNSET:+no}", variables) == "yes"


def test_the_image_runs_the_python_of_development_and_ci():
    image = re.search(r"^FROM python:(\d+\.\d+)-slim$", compose.DOCKERFILE.read_text(), re.MULTILINE)
    script = re.search(r"^VERSION=(\d+\.\d+)$", (compose.ROOT / "scripts" / "find-python.sh").read_text(), re.MULTILINE)
    assert image and script and image[1] == script[1] == f"{sys.version_info.major}.{sys.version_info.minor}"
    found = subprocess.run([str(compose.ROOT / "scripts" / "find-python.sh")], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr


def test_the_image_installs_the_makefiles_django_celery_beat_without_dependencies():
    makefile = re.search(r"^CELERY_BEAT_VERSION := (\S+)$", (compose.ROOT / "Makefile").read_text(), re.MULTILINE)
    dockerfile = compose.DOCKERFILE.read_text()
    assert makefile and f"ARG CELERY_BEAT_VERSION={makefile[1]}" in dockerfile
    assert '--no-deps "django-celery-beat==${CELERY_BEAT_VERSION}"' in dockerfile


def test_dockerignore_keeps_local_state_out_of_the_image_and_the_code_in():
    patterns = compose.dockerignore_patterns()
    for name in (".venv", ".git", ".run", "db.sqlite3", "db.sqlite3-wal", "staticfiles", "__pycache__",
                 ".pytest_cache", "var", ".env"):  # fmt: skip
        assert compose.ignored(name, patterns), name
    for name in ("manage.py", "config", "eventlog", "integrations", "templates", "static", "locale", "pyproject.toml",
                 ".env.example", "examples", "docs"):  # fmt: skip
        assert not compose.ignored(name, patterns), name


def test_gunicorn_takes_its_settings_from_the_environment():
    def printed(**env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(compose.VENV_BIN / "gunicorn"), "-c", "config/gunicorn.py", "--print-config", "config.wsgi"],
            cwd=compose.ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    config = printed(PORT="8123", WEB_CONCURRENCY="5", GUNICORN_THREADS="3", GUNICORN_TIMEOUT="90").stdout
    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", config, re.MULTILINE))
    assert settings["bind"] == "['0.0.0.0:8123']"
    assert (settings["workers"], settings["threads"], settings["timeout"]) == ("5", "3", "90")
    assert settings["accesslog"] == "-"
    defaults = dict(re.findall(r"^(\w+)\s+= (.*)$", printed().stdout, re.MULTILINE))
    assert (defaults["bind"], defaults["workers"], defaults["threads"]) == ("['0.0.0.0:8000']", "3", "4")
    typo = printed(GUNICORN_THREADS="four")
    assert typo.returncode != 0 and "GUNICORN_THREADS='four' is not a whole number" in typo.stderr
