"""docker-compose.yml without Docker: its services' commands as processes, each in a mount namespace
of its own (`unshare`, the tests run as root), with only the volumes compose declares for it shared.

What the file says is read as compose reads it: YAML anchors and merge keys (PyYAML), `${VAR}`,
`${VAR:-default}`, `${VAR:?error}` and `$$` interpolated from the variables the test gives (not the
test's own environment), a `command` string split as compose splits it (no shell), health checks
`CMD` / `CMD-SHELL`, `depends_on` conditions. Each service runs as a container of the image would:

- its environment is only the Dockerfile's `ENV`, compose's `environment`, `HOME` and `HOSTNAME`
  (nothing leaks from the test process), its own host name (a UTS namespace, so Celery's node is
  `celery@$HOSTNAME` as in a container);
- the image's WORKDIR (/app) is a memory file system of the service's own holding the checkout's
  entries that `.dockerignore` lets into the image, each bound read-only (a write anywhere else
  than a volume or the service's own new folders such as `.run/` fails, as nothing else is shared);
  `staticfiles/` is the one build product, taken from the checkout (`make test` builds it with the
  Dockerfile's command);
- each named volume is a folder of the test's, bound at its target; a service that does not declare
  it does not see it; the checkout's own `.run/` is hidden under an empty memory file system;
- container paths are under a temporary root: `/app/var/...` in the environment is `<root>/app/var/...`.

Docker's networks are replaced, and only they: an address of a service that is not run (`db`,
`redis`: images) is replaced by its stand-in on loopback (`stand_ins`), and since the services share
the machine's network, web listens on a free port (PORT, GUNICORN_HOST=127.0.0.1 in `network_env`).
Every wait is bounded (tests.workers.wait_for); `down()` kills every process it started.
"""

from __future__ import annotations

import fnmatch
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from tests.workers import wait_for

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
#: What the Dockerfile's build adds to the copied checkout (its `RUN ... collectstatic`).
BUILD_PRODUCTS = ("staticfiles",)
#: The image's Python and the tools installed into it: here the project's virtual environment.
VENV_BIN = Path(sys.executable).parent

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<named>[A-Za-z_]\w*))"
)
#: The least time between two runs of one service's health check while waiting for it.
HEALTHCHECK_PAUSE_SECONDS = 1.0
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")


def interpolate(text: str, variables: Mapping[str, str]) -> str:
    """Compose's interpolation of one value: `$$` → `$`, `${A:-d}`/`${A-d}` defaults (empty or unset /
    unset), `${A:?e}`/`${A?e}` required (raises KeyError with the message), `${A:+r}`/`${A+r}`, `$A`."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        value = variables.get(name)
        op, arg = match["op"], match["arg"] or ""
        unset = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":-", "-"):
            return arg if unset else str(value)
        if op in (":?", "?"):
            if unset:
                raise KeyError(f"{name}: {arg}")
            return str(value)
        if op in (":+", "+"):
            return "" if unset else arg
        return value or ""

    return _VARIABLE.sub(replace, text)


def _interpolated(node: Any, variables: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, variables)
    if isinstance(node, dict):
        return {key: _interpolated(value, variables) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolated(value, variables) for value in node]
    return node


def load(variables: Mapping[str, str], path: Path = COMPOSE_FILE) -> dict[str, Any]:
    """The compose file as compose sees it: anchors and merge keys resolved, every value interpolated."""
    return _interpolated(yaml.safe_load(path.read_text()), variables)


def seconds(duration: str | int | float) -> float:
    """A compose duration ("1m30s", "500ms", "5s") in seconds."""
    if isinstance(duration, int | float):
        return float(duration)
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    parts = _DURATION.findall(duration)
    assert parts and "".join(a + b for a, b in parts) == duration, f"not a compose duration: {duration!r}"
    return sum(float(number) * units[unit] for number, unit in parts)


def environment(spec: dict[str, Any]) -> dict[str, str]:
    """A service's `environment`, as a mapping or a list of NAME=value, with values as strings."""
    raw = spec.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    return {name: "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            for name, value in raw.items()}  # fmt: skip


def depends_on(spec: dict[str, Any]) -> dict[str, str]:
    """Service → condition (a list form means `service_started`)."""
    raw = spec.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {name: (value or {}).get("condition", "service_started") for name, value in raw.items()}


def start_order(services: Mapping[str, dict[str, Any]]) -> list[str]:
    """The services in an order `depends_on` allows (each after what it depends on); a cycle raises."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        assert name not in visiting, f"depends_on has a cycle through {name}"
        visiting.add(name)
        for dependency in depends_on(services[name]):
            visit(dependency)
        order.append(name)

    for name in services:
        visit(name)
    return order


def volumes(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """A service's volumes as (source, container path), short ("files:/app/var:ro") or long syntax."""
    found = []
    for volume in spec.get("volumes") or []:
        if isinstance(volume, dict):
            found.append((volume["source"], volume["target"]))
        else:
            source, target, *_ = volume.split(":")
            found.append((source, target))
    return found


def healthcheck_argv(spec: dict[str, Any]) -> list[str] | None:
    """The health check's command as Docker runs it (CMD: as is; CMD-SHELL or a string: `/bin/sh -c`)."""
    test = (spec.get("healthcheck") or {}).get("test")
    if test is None or test == ["NONE"]:
        return None
    if isinstance(test, str):
        return ["/bin/sh", "-c", test]
    kind, *rest = test
    if kind == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(rest)]
    assert kind == "CMD", f"unknown health check form {kind!r}"
    return rest


def command_argv(spec: dict[str, Any]) -> list[str]:
    """`command` as compose passes it: a list as is, a string split like a shell would (no shell runs)."""
    command = spec["command"]
    return list(command) if isinstance(command, list) else shlex.split(command)


def dockerignore_patterns(path: Path = DOCKERIGNORE) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def ignored(name: str, patterns: Iterable[str]) -> bool:
    """Whether `.dockerignore` keeps a top-level entry of the checkout out of the build context
    (the last matching pattern decides, `!` lets in again; `**/` matches at the top too)."""
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        pattern = pattern.removeprefix("**/")
        if fnmatch.fnmatchcase(name, pattern):
            result = not negate
    return result


@dataclass(frozen=True)
class Image:
    """What the Dockerfile gives a container: its WORKDIR and its ENV."""

    workdir: str
    env: dict[str, str]

    @classmethod
    def read(cls, path: Path = DOCKERFILE) -> Image:
        workdir, env = "/", {}
        for line in path.read_text().splitlines():
            instruction, _, rest = line.strip().partition(" ")
            if instruction == "WORKDIR":
                workdir = rest.strip()
            elif instruction == "ENV":
                env.update(item.split("=", 1) for item in shlex.split(rest))
        return cls(workdir, env)


@dataclass
class Service:
    name: str
    spec: dict[str, Any]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


@dataclass
class Stack:
    """`Stack(compose, root, stand_ins=..., network_env=...)`, then `up()`, `exec()`, `down()`.

    - `compose`: what `load()` returned (a test may change it, e.g. drop a service's volume);
    - `root`: a temporary folder: the container paths of every service, and the volumes' folders;
    - `stand_ins`: service name → the address that replaces an address of that service (a URL whose
      host is the service, e.g. "db" → "postgres://postgres@127.0.0.1:5432/dz_compose_stack");
    - `network_env`: service → variables standing in for Docker's network (its own port).
    """

    compose: dict[str, Any]
    root: Path
    stand_ins: dict[str, str]
    network_env: dict[str, dict[str, str]] = field(default_factory=dict)
    image: Image = field(default_factory=Image.read)
    services: dict[str, Service] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        for name in self.compose.get("volumes") or {}:
            (self.root / "volumes" / name).mkdir(parents=True, exist_ok=True)

    # --- paths ------------------------------------------------------------------------------------

    def host_path(self, container_path: str) -> Path:
        """Where a container path of a service lives on the machine (under `root`)."""
        assert container_path.startswith("/"), container_path
        return self.root / "container" / container_path.lstrip("/")

    def _map(self, value: str) -> str:
        """A container path under WORKDIR or HOME in a value becomes its place under `root`."""
        for prefix in (self.image.workdir, "/home/dziennik"):
            if value == prefix or value.startswith(prefix + "/"):
                return str(self.host_path(value))
        return value

    def _stand_in(self, value: str) -> str:
        try:
            host = urlsplit(value).hostname
        except ValueError:
            return value
        return self.stand_ins.get(host, value) if host else value

    # --- one service ------------------------------------------------------------------------------

    def is_run(self, name: str) -> bool:
        """Web, worker and beat are run (built from the checkout); the images' services are stand-ins."""
        return "build" in self.compose["services"][name]

    def _environment(self, name: str, hostname: str) -> dict[str, str]:
        spec = self.compose["services"][name]
        env = {
            # What python:3.13-slim sets, with the project's environment as the image's Python.
            "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.host_path("/home/dziennik")),
            "HOSTNAME": hostname,
            **self.image.env,
        }
        for key, value in environment(spec).items():
            env[key] = self._map(self._stand_in(value))
        env.update(self.network_env.get(name, {}))
        return env

    def _mounts(self, name: str) -> list[list[str]]:
        """The mount commands that make the service's file system (run inside its namespace)."""
        spec = self.compose["services"][name]
        workdir = self.host_path(self.image.workdir)
        home = self.host_path("/home/dziennik")
        for folder in (workdir, home):
            folder.mkdir(parents=True, exist_ok=True)
        commands = [["mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", str(workdir)],
                    ["mount", "-t", "tmpfs", "-o", "mode=0700", "tmpfs", str(home)]]  # fmt: skip
        if (ROOT / ".run").exists():
            commands.append(["mount", "-t", "tmpfs", "-o", "mode=0700", "tmpfs", str(ROOT / ".run")])
        patterns = dockerignore_patterns()
        for entry in sorted(ROOT.iterdir()):
            if ignored(entry.name, patterns) and entry.name not in BUILD_PRODUCTS:
                continue
            target = workdir / entry.name
            make = ["mkdir", str(target)] if entry.is_dir() else ["touch", str(target)]
            commands += [make, ["mount", "--bind", "-o", "ro", str(entry), str(target)]]
        for source, target in volumes(spec):
            assert source in (self.compose.get("volumes") or {}), f"{name}: volume {source} is not declared"
            mount_point = str(self.host_path(target))
            commands += [
                ["mkdir", "-p", mount_point],
                ["mount", "--bind", str(self.root / "volumes" / source), mount_point],
            ]
        return commands

    def start(self, name: str) -> Service:
        """Start one service's command in its own mount and UTS namespace (returns at once)."""
        spec = self.compose["services"][name]
        hostname = f"{name}-{secrets.token_hex(6)}"
        service = Service(name, spec, self._environment(name, hostname), self.root / "logs" / f"{name}.log")
        script = "\n".join([
            "set -e",
            *(shlex.join(command) for command in self._mounts(name)),
            shlex.join(["hostname", hostname]),
            shlex.join(["cd", str(self.host_path(self.image.workdir))]),
            'exec "$@"',
        ])  # fmt: skip
        argv = [self._map(arg) for arg in command_argv(spec)]
        with service.log.open("wb") as log:
            service.process = subprocess.Popen(
                ["unshare", "--mount", "--uts", "--propagation", "private", "--", "/bin/sh", "-c", script, name, *argv],
                env=service.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self.services[name] = service
        return service

    def exec(self, name: str, argv: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
        """`docker compose exec`: a command in the running service's namespaces, with its environment."""
        service = self.services[name]
        assert service.process is not None and service.process.poll() is None, f"{name} stopped:\n{service.log_text()}"
        workdir = str(self.host_path(self.image.workdir))
        return subprocess.run(
            ["nsenter", "--target", str(service.process.pid), "--mount", "--uts", "--",
             "/bin/sh", "-c", f"cd {shlex.quote(workdir)} && exec \"$@\"", name, *argv],
            env=service.env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip

    def healthy(self, name: str) -> bool:
        """One run of the service's health check: inside it for a run service, on the machine (against
        the stand-in on loopback) for a stand-in. A service without a health check counts as healthy."""
        spec = self.compose["services"][name]
        argv = healthcheck_argv(spec)
        if argv is None:
            return True
        timeout = seconds(spec["healthcheck"].get("timeout", "30s"))
        try:
            if self.is_run(name):
                outcome = self.exec(name, argv, timeout=timeout)
            else:
                outcome = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return False
        return outcome.returncode == 0

    def alive(self, name: str) -> None:
        service = self.services.get(name)
        if service is not None and service.process is not None:
            assert service.process.poll() is None, f"{name} stopped:\n{service.log_text()}"

    def wait_healthy(self, name: str) -> None:
        """Until the health check passes, run at most once a second (Docker: every `interval`; a
        check may start a Python, and a tight loop would take the CPU the starting service needs)."""
        last = [0.0]

        def check() -> bool:
            self.alive(name)
            if time.monotonic() - last[0] < HEALTHCHECK_PAUSE_SECONDS:
                return False
            last[0] = time.monotonic()
            return self.healthy(name)

        wait_for(check, f"{name}'s health check passes")

    # --- the stack --------------------------------------------------------------------------------

    def up(self, names: Iterable[str] | None = None) -> list[str]:
        """Start the run services (all, or `names` and what they need) in `depends_on` order, each
        once what it depends on is healthy (or started); returns the order, stand-ins included."""
        services = self.compose["services"]
        wanted: set[str] = set()
        pending = list(names or services)
        while pending:  # the services asked for and everything they depend on
            name = pending.pop()
            if name not in wanted:
                wanted.add(name)
                pending += depends_on(services[name])
        order = [name for name in start_order(services) if name in wanted]
        healthy: set[str] = set()
        for name in order:
            for dependency, condition in depends_on(services[name]).items():
                if condition == "service_healthy" and dependency not in healthy:
                    self.wait_healthy(dependency)
                    healthy.add(dependency)
            if self.is_run(name):
                self.start(name)
        for name in order:
            if name not in healthy:
                self.wait_healthy(name)
        return order

    def down(self) -> None:
        for service in self.services.values():
            if service.process is not None and service.process.poll() is None:
                os.killpg(service.process.pid, signal.SIGKILL)
            if service.process is not None:
                service.process.wait(timeout=30)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services.values())
