"""The SMS tests' shared steps: the stand-in SMSAPI pointed at by the settings, and a send run as beat starts it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from eventlog.models import Run
from integrations.sms import jobs, tasks
from integrations.sms.standin import StandIn

DEADLINE_SECONDS = 30


@contextmanager
def gateway_for(settings, **options) -> Iterator[StandIn]:
    """A stand-in SMSAPI on loopback, with SMSAPI_URL and SMSAPI_TOKEN pointing at it."""
    with StandIn(**options) as standin:
        settings.SMSAPI_URL = standin.url
        settings.SMSAPI_TOKEN = standin.token
        settings.SMSAPI_TIMEOUT_SECONDS = 5.0
        yield standin


def beat_send_run(capture) -> Run:
    """Beat's tick queues a send run once its transaction commits; its task runs it here, as a worker would."""
    with capture():  # the task is sent once the run is committed: here it is run below instead
        done = jobs.tick()
    assert done["send_run"] is not None, "beat queued no send run"
    tasks.send_queue.apply(args=[done["send_run"]])
    return Run.objects.get(pk=done["send_run"])


def wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)
