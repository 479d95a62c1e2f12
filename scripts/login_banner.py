"""A process of Procfile.dev: once the web server answers, print `make run`'s login banner again.

The first banner (demo_setup, before honcho starts) scrolls away under the worker's and beat's
start-up logs; this one comes after the web server's first answer, when the panel can be opened.

    python scripts/login_banner.py 8000

Polls http://127.0.0.1:PORT/healthz (any HTTP answer counts: a 503 names the failing part in its
body, the panel still opens), then runs `manage.py demo_setup --banner`, then waits until honcho
stops it: a Procfile process that ends would make honcho stop every other one.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Between polls of the web server (it starts in a few seconds; an answer is seen within this).
POLL_SECONDS = 0.5
#: Give up printing after this long without an answer (the web process's own errors say why).
PATIENCE_SECONDS = 600


def answers(url: str) -> bool:
    """Whether an HTTP server answers `url` at all (any status)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def main(port: int) -> int:
    """Wait for the web server on `port`, print the banner, then wait for a signal; returns the exit status."""
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not answers(url):
        if time.monotonic() > deadline:
            print(f"The web server did not answer {url} within {PATIENCE_SECONDS} s: see the web lines above.")
            break
        time.sleep(POLL_SECONDS)
    else:
        subprocess.run([sys.executable, "manage.py", "demo_setup", "--banner", "--port", str(port)], cwd=ROOT)
    sys.stdout.flush()
    signal.pause()  # until honcho's SIGTERM ends the process
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8000))
