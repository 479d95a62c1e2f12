"""gunicorn's settings, read from the environment: `gunicorn -c config/gunicorn.py config.wsgi`.

Read as strictly as the project's settings (config/environment.py): a mistyped number stops the start
naming the variable, an empty value counts as unset.

- `PORT` (8000) and `GUNICORN_HOST` (0.0.0.0, every address of the container): where it listens.
- `WEB_CONCURRENCY` (3): worker processes, each with `GUNICORN_THREADS` (4) threads; a request
  takes one thread, so a slow download does not hold up the other requests of its process.
- `GUNICORN_TIMEOUT` (60 s): a worker process silent this long is killed and replaced (a thread
  streaming a large export keeps its process answering: the limit is for a hung process, not a
  long request); `GUNICORN_GRACEFUL_TIMEOUT` (30 s): how long a stop waits for running requests.
- `GUNICORN_MAX_REQUESTS` (0: never): a worker process is replaced after that many requests
  (with a jitter of a tenth), should memory grow.
- `GUNICORN_ACCESS_LOG` ("-", the standard output, where `docker compose logs` reads it; "off":
  none).
- `FORWARDED_ALLOW_IPS`: read by gunicorn itself (the proxies trusted for X-Forwarded-*).
"""

from __future__ import annotations

from pathlib import Path

from config.environment import Env

env = Env()

bind = [f"{env.str('GUNICORN_HOST', default='') or '0.0.0.0'}:{env.int('PORT', default=8000, minimum=1)}"]
workers = env.int("WEB_CONCURRENCY", default=3, minimum=1)
threads = env.int("GUNICORN_THREADS", default=4, minimum=1)
# With more than one thread gunicorn runs its threaded worker ("gthread"); named so it does not depend on that rule.
worker_class = "gthread"
timeout = env.int("GUNICORN_TIMEOUT", default=60, minimum=1)
graceful_timeout = env.int("GUNICORN_GRACEFUL_TIMEOUT", default=30, minimum=1)
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=0, minimum=0)
max_requests_jitter = max_requests // 10
_access_log = env.str("GUNICORN_ACCESS_LOG", default="") or "-"
accesslog = None if _access_log.lower() == "off" else _access_log
errorlog = "-"
# The workers' heartbeat files on a memory file system where there is one: on a container's overlay
# file system a heartbeat can block for seconds, and gunicorn then kills a healthy worker.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# No control socket (gunicornc): a container is stopped and scaled by compose; by default the socket
# would be ~/.gunicorn/gunicorn.ctl, one path for every gunicorn its user starts on the machine.
control_socket_disable = True
