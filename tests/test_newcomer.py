"""A newcomer's path, for real: a fresh clone, `make run`, log in with the printed password, stop it
(Ctrl+C), `make run` again: the same password works and the first run's session is still valid.

The clone is the project's files as `git ls-files` lists them (with the working tree's content and
the files not committed yet, so what is being changed is what runs; CI runs on a clean clone
anyway), in a temporary folder, with no database, `.run` or environment of its own: SQLite and the
file-system broker, the embedded defaults. Only the venv is the checkout's (a symlink), and make is
told not to remake `.venv/.installed`: an install from the clone would point the checkout's editable
install into the temporary folder. Every port is free and chosen here, so this runs beside another
`make run` (and beside the suite's own servers). Every wait is bounded (tests.workers.wait_for).

Measured on the 2-core machine: about 75 s for the module (the first start migrates and makes the
demo data, ~40 s; the second ~15 s; each stop up to 5 s, honcho's grace for the worker).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests
from django.conf import settings

from tests.servers import _free_port
from tests.workers import wait_for

ROOT = Path(settings.BASE_DIR)
#: What a newcomer's shell has; nothing of the suite's (DATABASE_URL, DEBUG=0, DJANGO_SETTINGS_MODULE,
#: make's MAKEFLAGS with the test run's variables).
KEPT_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER")
#: Seconds for `make run` to end after Ctrl+C (honcho gives its processes 5 s, then kills them).
STOP_SECONDS = 60
BANNER = re.compile(r"Shop admin:\s+admin / (\S+)")


def fresh_clone(target: Path) -> Path:
    """Copy the checkout's listed files into `target`, link its venv; returns `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    for name in filter(None, listed.split(b"\0")):
        source = ROOT / os.fsdecode(name)
        if not source.is_file():  # deleted in the working tree, not committed yet
            continue
        destination = target / os.fsdecode(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


@dataclass
class MakeRun:
    """One `make run` in the clone, in a process group of its own; its output goes to `log`."""

    process: subprocess.Popen
    log: Path
    port: int

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def passwords(self) -> list[str]:
        """The admin password of each banner printed so far."""
        return BANNER.findall(self.output())

    def stop(self) -> None:
        """Ctrl+C, as a terminal sends it (SIGINT to the foreground group); wait until everything it
        started has ended, and fail if anything outlives the bound."""
        family = [self.process.pid, *(child.pid for child in psutil.Process(self.process.pid).children(recursive=True))]
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=STOP_SECONDS)
        _, alive = psutil.wait_procs([p for p in map(_process, family) if p], timeout=STOP_SECONDS)
        for leftover in alive:
            leftover.kill()
        assert not alive, f"still running after Ctrl+C: {[p.cmdline() for p in alive]}"


def _process(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    return fresh_clone(tmp_path_factory.mktemp("clone"))


@pytest.fixture
def make_run(clone, tmp_path) -> Iterator:
    """`make_run(PORT=…, …)`: start `make run` with these variables; every run is killed at the end."""
    started: list[MakeRun] = []
    environment = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}

    def start(**variables: int) -> MakeRun:
        log = tmp_path / f"make-run-{len(started) + 1}.log"
        process = subprocess.Popen(
            ["make", "-o", ".venv/.installed", "run", *(f"{name}={value}" for name, value in variables.items())],
            cwd=clone, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        run = MakeRun(process, log, variables["PORT"])
        started.append(run)
        return run

    yield start
    for run in started:
        if run.process.poll() is None:
            for child in psutil.Process(run.process.pid).children(recursive=True):
                child.kill()
            os.killpg(run.process.pid, signal.SIGKILL)
        run.process.wait(timeout=STOP_SECONDS)


def _ports() -> dict[str, int]:
    ports: set[int] = set()
    while len(ports) < 3:
        ports.add(_free_port())
    port, prestashop, allegro = sorted(ports)
    return {"PORT": port, "PRESTASHOP_STANDIN_PORT": prestashop, "ALLEGRO_STANDIN_PORT": allegro}


def _until_both_banners(run: MakeRun) -> str:
    """Wait for demo_setup's banner and Procfile.dev's `login` one; returns the admin password."""

    def printed() -> bool:
        assert run.process.poll() is None, f"make run ended ({run.process.returncode}):\n{run.output()[-3000:]}"
        return len(run.passwords()) >= 2

    wait_for(printed, "make run printed its login twice")
    first, second = run.passwords()[:2]
    assert first == second
    assert f"Dziennik: http://127.0.0.1:{run.port}/" in run.output()
    return first


def _log_in(base: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:2000]
    answer = session.post(
        f"{base}/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": "admin", "password": password},
        headers={"Referer": f"{base}/login/"},
        timeout=60,
    )
    assert answer.status_code == 200 and answer.url == f"{base}/journal/", (answer.status_code, answer.url)
    assert ">admin</span>" in answer.text  # the overview, as the logged-in admin
    return session


def test_a_newcomer_runs_logs_in_stops_and_runs_again(make_run):
    ports = _ports()
    base = f"http://127.0.0.1:{ports['PORT']}"

    first = make_run(**ports)
    password = _until_both_banners(first)
    session = _log_in(base, password)
    # The login banner came after the web server's start; the newcomer sees it near the end.
    assert first.output().rindex("Shop admin:") > first.output().index("web.1 started")
    first.stop()

    second = make_run(**ports)
    assert _until_both_banners(second) == password
    # The first run's session is still valid: the password was kept, not set again.
    overview = session.get(f"{base}/journal/", timeout=60, allow_redirects=False)
    assert overview.status_code == 200 and ">admin</span>" in overview.text
    _log_in(base, password)
    second.stop()


def test_a_busy_port_fails_before_the_banner_saying_so(make_run):
    ports = _ports()
    with socket.socket() as other:  # another program on the panel's port
        other.bind(("127.0.0.1", ports["PORT"]))
        other.listen()
        run = make_run(**ports)
        run.process.wait(timeout=120)
    assert run.process.returncode != 0
    output = run.output()
    assert f"make run: Port {ports['PORT']} (PORT) is already in use" in output
    assert f"make run PORT={ports['PORT'] + 1}" in output
    assert "Shop admin:" not in output and "migrate" not in output
