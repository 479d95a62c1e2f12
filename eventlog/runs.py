"""Job runs: their kinds, and the one lifecycle every background job goes through.

Kinds are declared by whoever starts them: what the run page calls a run, its
counters, the Celery task that runs it (by name, so that nothing here imports a
tasks module), and whether a run whose worker died may simply run again.

The lifecycle (Saleor's job + on_failure, NetBox's JobRunner): `queue` creates a run
and sends its task once the transaction commits; the task calls `Job.execute(run_id)`,
which claims the run with one conditional UPDATE (so two workers never run one run),
runs the job's `work`, and records the outcome — `finish`, `fail` (always with the
error) or `aborted` when a shop admin asked for it (`request_abort`, checked by the job
between batches with `check_abort`). While it works a run shows its progress, and each
progress write refreshes its heartbeat; `recover_stale` (beat, every minute) finds runs
whose heartbeat stopped — the worker was killed — and sends them again, a bounded
number of times, or fails them saying the worker stopped. Nothing is left "running".

Every state change is a conditional UPDATE on (status, attempts): a worker that was
presumed dead and comes back finds its run taken over and stops (`RunLost`) instead of
finishing it a second time.

Tasks are sent only once the transaction that created (or re-queued) the run commits
(`transaction.on_commit`): a transaction that rolls back leaves neither a run nor a task.
A broker that refuses the task leaves the run queued, and `recover_stale` sends it again.

A job that raises — retry at most JOURNAL_RUN_MAX_ATTEMPTS attempts in all, then fail:
- a passing fault (`RunKind.retry_on`, by default `TRANSIENT`: the database went away or
  deadlocked, a connection was refused or timed out) in a kind that may run twice
  (`resumable`) sends the run again after a back-off of JOURNAL_RUN_RETRY_SECONDS, doubled
  each attempt (30 s, 60 s by default), its summary saying which attempt failed and why;
  the job runs from the start, as after a worker death (`Job.resumed`). The attempts are
  the same budget a killed worker uses, so a poison task — one that raises every time, or
  kills its worker every time — ends "failed" after that many attempts, never looping;
- anything else is a bug or the input (the same input raises again: retrying would only
  delay the failure and repeat its side effects), as is a failure the job words itself
  (`Explained`) and the soft time limit (it would take as long again): the run fails at
  once, its error and summary recorded, and `Job.on_failure` cleans up and may write its
  entry — called once, for the attempt that ends the run.
The work queued behind a failing run goes on: a retry waits in the broker (a countdown),
not in the worker.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import messages, tabs
from .messages import Message
from .models import Run, RunStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

log = logging.getLogger(__name__)


#: Passing faults, worth another attempt of a resumable job (see the module's docstring): the
#: database went away or deadlocked (Django's OperationalError / InterfaceError), a socket was
#: refused, reset or timed out (the built-in ConnectionError / TimeoutError).
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@dataclass(frozen=True)
class RunKind:
    code: str
    label: StrOrPromise
    #: Counter key -> label, in the order the run page shows them.
    counters: tuple[tuple[str, StrOrPromise], ...] = ()
    #: The Celery task (its registered name) that runs a run of this kind, given the run's id.
    task: str = ""
    #: Safe to run again from the start after its worker died (the job is idempotent).
    resumable: bool = False
    #: A shop admin may abort it; the job checks between its batches.
    abortable: bool = False
    #: Errors after which a resumable run is tried again (with back-off) rather than failed at once.
    retry_on: tuple[type[BaseException], ...] = TRANSIENT


_kinds: dict[str, RunKind] = {}


def register(kind: RunKind) -> RunKind:
    _kinds[kind.code] = kind
    return kind


def kind_of(code: str) -> RunKind | None:
    return _kinds.get(code)


def all_kinds() -> list[RunKind]:
    """Every declared kind, in the order they were registered."""
    return list(_kinds.values())


def label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code


def labelled_counters(code: str, counters: Any) -> list[tuple[str, Any]]:
    """The declared counters in their order, then any others: a tab's slug (retention
    counts per tab) by the tab's title, anything else by its key."""
    if not isinstance(counters, dict):
        return []
    kind = _kinds.get(code)
    declared = kind.counters if kind else ()
    rows = [(str(text), counters[key]) for key, text in declared if key in counters]
    known = {key for key, _ in declared}
    for key, value in counters.items():
        if key not in known:
            tab = tabs.get(key)
            rows.append((str(tab.title) if tab else key.replace("_", " "), value))
    return rows


RETENTION = register(
    RunKind(
        "retention",
        _("Retention"),
        (
            ("partitions_dropped", _("Months dropped whole")),
            ("rows_in_dropped_partitions", _("Entries in the dropped months")),
            ("rollup_rows", _("Rows added to the rollups")),
        ),
    )
)
EXPORT = register(RunKind("export", _("Export"), task="eventlog.tasks.export_entries", resumable=True, abortable=True))


# The lifecycle ---------------------------------------------------------------------

# What the lifecycle itself says about a run, in the reader's language (see messages.py).
JOB_FAILED = "RUN_FAILED"
ABORTED_AFTER = "RUN_ABORTED_AFTER"
ABORTED = "RUN_ABORTED"
ABORTED_BEFORE_START = "RUN_ABORTED_BEFORE_START"
ABORTED_WORKER_GONE = "RUN_ABORTED_WORKER_GONE"
WORKER_STOPPED = "RUN_WORKER_STOPPED"
WORKER_STOPPED_RETRIED = "RUN_WORKER_STOPPED_RETRIED"
TASK_LOST = "RUN_TASK_LOST"
TASK_LOST_RETRIED = "RUN_TASK_LOST_RETRIED"
RETRYING = "RUN_RETRYING"
JOB_FAILED_RETRIED = "RUN_FAILED_RETRIED"
messages.register(
    {
        RETRYING: _("Attempt %(attempt)s of %(attempts)s failed: %(error)s. Trying again in %(seconds)s s."),
        # Only ever with two attempts or more.
        JOB_FAILED_RETRIED: _("The job failed: %(error)s. Tried %(attempts)s times."),
        JOB_FAILED: _("The job failed: %(error)s"),
        ABORTED_AFTER: _("Aborted by %(user)s after %(done)s of %(total)s."),
        ABORTED: _("Aborted by %(user)s."),
        ABORTED_BEFORE_START: _("Aborted by %(user)s before it started."),
        ABORTED_WORKER_GONE: _("Aborted: the worker stopped before it could stop the run itself."),
        WORKER_STOPPED: _("The worker stopped before the run finished."),
        # Only ever with two attempts or more.
        WORKER_STOPPED_RETRIED: _("The worker stopped before the run finished. Tried %(attempts)s times."),
        TASK_LOST: _("No worker started the run: its task was lost."),
        TASK_LOST_RETRIED: _("No worker started the run: its task was lost. Tried %(attempts)s times."),
    }
)


def _summary(summary: str | Message) -> dict[str, Any]:
    """The run's summary fields: its text as stored and, for a message, the message itself."""
    if isinstance(summary, Message):
        return {"summary": summary.stored(), "summary_message": summary.as_param()}
    return {"summary": summary, "summary_message": None}


#: A running job saves its progress (and so its heartbeat) at most this often.
PROGRESS_EVERY_SECONDS = 2.0


class Aborted(Exception):
    """Raised by `check_abort` between batches: a shop admin asked the run to stop."""

    def __init__(self, by: str) -> None:
        self.by = by
        super().__init__(f"aborted by {by or '?'}")


class Explained(Exception):
    """A failure the job puts into words for people itself (a package it cannot read): the
    run's error is that sentence, not a Python exception."""


class RunLost(Exception):
    """This worker's claim on a run is gone: the run was taken over (presumed dead) or aborted."""


def queue(kind: RunKind, *, tab: str = "", params: dict[str, Any] | None = None, user: Any = None) -> Run:
    """A queued run of `kind`; its task is sent once the surrounding transaction commits."""
    run = start(kind, tab=tab, params=params, user=user)
    _send_on_commit(kind, run.pk)
    return run


def start(kind: RunKind, *, tab: str = "", params: dict[str, Any] | None = None, user: Any = None) -> Run:
    """A queued run to execute right here with `Job.execute` (beat's own job, a command): sent nowhere."""
    return Run.objects.create(
        kind=kind.code,
        tab=tab,
        params=params or {},
        created_by=user if user is not None and user.is_authenticated else None,
        heartbeat_at=timezone.now(),
        attempts=1,
    )


def _send_on_commit(kind: RunKind, run_id: int, countdown: float = 0) -> None:
    if not kind.task:
        raise ValueError(f"run kind {kind.code!r} declares no task")
    transaction.on_commit(lambda: _send(kind.task, run_id, countdown))


def _send(task: str, run_id: int, countdown: float = 0) -> None:
    # By name: the lifecycle never imports a tasks module (tasks import the jobs they run).
    app = current_app
    if app.conf.task_always_eager:
        app.loader.import_default_modules()  # the tasks modules, as a worker imports them
        app.tasks[task].apply(args=(run_id,))
        return
    try:
        app.send_task(task, args=(run_id,), countdown=countdown or None)
    except Exception:
        # The run is committed and stays queued: beat's recover_stale sends it again once its
        # heartbeat is old, so a broker outage costs a delay, never the request (a 500) or the run.
        log.exception("run %s: its task %s could not be sent; recover_stale sends it again", run_id, task)


def claim(run_id: int, kind: str | None = None) -> Run | None:
    """Take a queued run for this worker: one conditional UPDATE, so only one worker gets it.

    Returns the run, now "running", or None when it was claimed already, finished or aborted.
    """
    now = timezone.now()
    runs = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED, abort_requested_at__isnull=True)
    if kind is not None:
        runs = runs.filter(kind=kind)
    if not runs.update(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress_done=0, error=""):
        return None
    return Run.objects.select_related("created_by").get(pk=run_id)


def _mine(run: Run):
    """This worker's run, as long as it is still ours (see RunLost)."""
    return Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts)


def progress(run: Run, done: int, total: int | None = None, *, force: bool = False) -> None:
    """Save how far the run is (at most every PROGRESS_EVERY_SECONDS unless forced); refreshes the heartbeat."""
    run.progress_done = done
    if total is not None:
        run.progress_total = total
    last = getattr(run, "_saved_at", 0.0)
    if not force and time.monotonic() - last < PROGRESS_EVERY_SECONDS:
        return
    fields: dict[str, Any] = {"progress_done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["progress_total"] = total
    if not _mine(run).update(**fields):
        raise RunLost(run.pk)
    run._saved_at = time.monotonic()  # type: ignore[attr-defined]


def heartbeat(run: Run) -> None:
    """A sign of life for work that has no progress to show (waiting on a lock, a long query)."""
    last = getattr(run, "_saved_at", 0.0)
    if time.monotonic() - last < PROGRESS_EVERY_SECONDS:
        return
    if not _mine(run).update(heartbeat_at=timezone.now()):
        raise RunLost(run.pk)
    run._saved_at = time.monotonic()  # type: ignore[attr-defined]


def check_abort(run: Run) -> None:
    """Between batches: raise Aborted if a shop admin asked this run to stop."""
    if pause := settings.JOURNAL_RUN_BATCH_PAUSE_SECONDS:
        time.sleep(pause)  # a deliberately slow job (tests kill its worker half-way)
    asked = Run.objects.filter(pk=run.pk).values_list("abort_requested_at", "abort_requested_by__username").first()
    if asked is not None and asked[0] is not None:
        raise Aborted(asked[1] or "")


def _end(run: Run, status: str, summary: str | Message, counters: dict[str, Any] | None, **fields: Any) -> None:
    """Record a run's outcome, if the run is still this worker's (else RunLost)."""
    run.status, run.finished_at = status, timezone.now()
    for name, value in {**_summary(summary), **fields}.items():
        setattr(run, name, value)
    if counters is not None:
        run.counters = counters
    if run.progress_total is None:
        run.progress_total = run.progress_done
    saved = ["status", "finished_at", "summary", "summary_message", "counters", "progress_done", "progress_total"]
    saved += ["params", *fields]
    if not _mine(run).update(**{name: getattr(run, name) for name in saved}, heartbeat_at=run.finished_at):
        raise RunLost(run.pk)


def finish(run: Run, summary: str | Message, counters: dict[str, Any] | None = None) -> None:
    """The run succeeded. Call it inside the transaction that writes the job's last entry,
    so that a run taken over by another worker (RunLost) leaves no entry behind."""
    _end(run, RunStatus.SUCCEEDED, summary, counters)


def fail(
    run: Run, error: BaseException | str, summary: str | Message = "", counters: dict[str, Any] | None = None
) -> None:
    """The run failed: its error is always recorded, and its summary says why (by default the error).

    A failure the job words itself (`Explained`) keeps that sentence as the error."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    if not summary and run.attempts > 1:
        summary = Message(JOB_FAILED_RETRIED, {"error": text[:500], "attempts": run.attempts})
    summary = summary or Message(JOB_FAILED, {"error": text[:500]})
    if isinstance(error, Explained):
        text = summary.stored() if isinstance(summary, Message) else summary
    _end(run, RunStatus.FAILED, summary, counters, error=text[:4000])


def _aborted(run: Run, by: str, counters: dict[str, Any] | None) -> None:
    if run.progress_total:
        summary = Message(ABORTED_AFTER, {"user": by or "?", "done": run.progress_done, "total": run.progress_total})
    else:
        summary = Message(ABORTED, {"user": by or "?"})
    _end(run, RunStatus.ABORTED, summary, counters)


class Job(abc.ABC):
    """One kind of background job: subclasses declare `kind` and write `work`, nothing else.

    `execute(run_id)` claims the run, calls `work()`, and records the outcome: `work`'s
    return value is the summary of a run that succeeded (unless `work` called `finish`
    itself, inside its last transaction); `Aborted` ends it "aborted" with its progress and
    counters kept; any other exception ends it "failed" with the error. `on_failure` and
    `on_abort` clean up what the job leaves behind (a half-written file) and may record it.
    """

    kind: ClassVar[RunKind]

    def __init__(self, run: Run, **options: Any) -> None:
        self.run = run
        self.options = options
        #: Saved with the run whatever its outcome (the page shows what was done so far).
        self.counters: dict[str, Any] = {}

    @abc.abstractmethod
    def work(self) -> str | Message:
        """The job itself; returns the summary of a run that succeeded."""

    def on_failure(self, exc: Exception) -> str | Message:
        """Clean up after an error; returns the summary for people ("" for the default one)."""
        return ""

    def on_abort(self, aborted: Aborted) -> None:
        """Clean up after an abort (nothing, unless the job leaves something behind)."""
        return None

    # What `work` calls.

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        progress(self.run, done, total, force=force)

    def check_abort(self) -> None:
        check_abort(self.run)

    def heartbeat(self) -> None:
        heartbeat(self.run)

    @property
    def resumed(self) -> bool:
        """This is not the run's first attempt: a worker died while running it."""
        return self.run.attempts > 1

    # The lifecycle.

    @classmethod
    def execute(cls, run_id: int, **options: Any) -> Run | None:
        """Run the job for a queued run; None if another worker has it or it is over (safe to call twice)."""
        run = claim(run_id, cls.kind.code)
        if run is None:
            log.info("%s run %s: already claimed or finished", cls.kind.code, run_id)
            return None
        job = cls(run, **options)
        try:
            summary = job.work()
            if run.status == RunStatus.RUNNING:
                finish(run, summary, job.counters)
        except RunLost:
            log.warning("%s run %s was taken over; this worker stops", cls.kind.code, run.pk)
        except Aborted as aborted:
            job.on_abort(aborted)
            _record_quietly(functools.partial(_aborted, run, aborted.by, job.counters))
        except Exception as exc:
            if cls._retry(run, exc):
                return run
            if isinstance(exc, Explained):  # an outcome the job put into words, not a bug: no traceback
                log.warning("%s run %s failed: %s", cls.kind.code, run.pk, exc)
            else:
                log.exception("%s run %s failed", cls.kind.code, run.pk)
            failure: str | Message = ""
            try:
                failure = job.on_failure(exc)
            except Exception:
                log.exception("%s run %s: on_failure failed too", cls.kind.code, run.pk)
            _record_quietly(functools.partial(fail, run, exc, failure, job.counters))
        return run

    @classmethod
    def _retry(cls, run: Run, exc: Exception) -> bool:
        """Send the run again after a passing fault, if its kind allows and attempts remain (see the module).

        True when the run is taken care of: queued again, taken over meanwhile, or — the database
        still down — left "running" for `recover_stale` to send again or fail once its heartbeat is old.
        """
        kind = cls.kind
        if not (kind.resumable and kind.task and isinstance(exc, kind.retry_on)) or isinstance(exc, Explained):
            return False
        if run.attempts >= settings.JOURNAL_RUN_MAX_ATTEMPTS:
            return False
        delay = retry_delay(run.attempts)
        log.warning("%s run %s, attempt %s: %r; trying again in %s s", kind.code, run.pk, run.attempts, exc, delay)
        try:
            if not transaction.get_connection().in_atomic_block:  # (a caller's transaction is never closed)
                close_old_connections()  # a connection the fault broke is replaced by the next query
            retry(run, kind, exc, delay)
        except RunLost:
            log.warning("%s run %s was taken over; this worker stops", kind.code, run.pk)
        except DatabaseError:
            log.exception("%s run %s: the retry could not be recorded; recover_stale will", kind.code, run.pk)
        return True


def retry_delay(attempt: int) -> float:
    """Seconds to wait before attempt `attempt + 1`: JOURNAL_RUN_RETRY_SECONDS, doubled each attempt."""
    return float(settings.JOURNAL_RUN_RETRY_SECONDS) * 2 ** max(0, attempt - 1)


def retry(run: Run, kind: RunKind, error: BaseException, delay: float) -> None:
    """Queue this worker's run again, its task sent `delay` seconds after commit (else RunLost).

    Its summary says which attempt failed and why. Its heartbeat is set to when the task is due,
    so `recover_stale` does not take the wait for a lost task.
    """
    text = f"{type(error).__name__}: {error}"
    limit = settings.JOURNAL_RUN_MAX_ATTEMPTS
    shown = int(delay) if float(delay).is_integer() else delay
    summary = Message(RETRYING, {"attempt": run.attempts, "attempts": limit, "error": text[:500], "seconds": shown})
    due = timezone.now() + dt.timedelta(seconds=delay)
    fields = {"error": text[:4000], **_summary(summary)}
    if not _requeue(_mine(run), kind, run.pk, heartbeat_at=due, countdown=delay, **fields):
        raise RunLost(run.pk)
    run.status, run.attempts = RunStatus.QUEUED, run.attempts + 1


def _requeue(
    runs: QuerySet[Run], kind: RunKind, run_id: int, *, heartbeat_at: dt.datetime, countdown: float = 0, **fields: Any
) -> bool:
    """Put the run `runs` selects back in the queue for one more attempt, its task sent `countdown` s after
    commit; False (nothing sent) if it moved on meanwhile (the UPDATE is conditional on `runs`)."""
    with transaction.atomic():
        if not runs.update(status=RunStatus.QUEUED, attempts=F("attempts") + 1, heartbeat_at=heartbeat_at, **fields):
            return False
        _send_on_commit(kind, run_id, countdown)
    return True


def _record_quietly(record: Callable[[], None]) -> None:
    try:
        record()
    except RunLost:
        log.warning("run outcome not recorded: the run was taken over")
    except DatabaseError:
        # The database is gone: the run stays "running" with an old heartbeat, and recover_stale
        # fails it (or sends it again) once the database is back, instead of this worker crashing.
        log.exception("run outcome not recorded: the database refused it")


# Aborting ----------------------------------------------------------------------------


def may_abort(user: Any, run: Run) -> bool:
    """Shop admins (who may start jobs) abort a run of a kind that checks for it, while it is not over."""
    kind = _kinds.get(run.kind)
    return bool(kind and kind.abortable and run.pending and user.has_perm("eventlog.start_job"))


def request_abort(run: Run, user: Any) -> bool:
    """Ask a run to stop: a queued run ends "aborted" at once, a running one at its next batch.

    Returns False when the run was over already (or an abort was asked for before).
    """
    now = timezone.now()
    who = user.get_username()
    with transaction.atomic():
        asked = Run.objects.filter(
            pk=run.pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING), abort_requested_at__isnull=True
        ).update(abort_requested_at=now, abort_requested_by=user)
        if not asked:
            return False
        # Not started yet: nothing to stop, so it ends here (claim skips a run with an abort asked).
        Run.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.ABORTED, finished_at=now, **_summary(Message(ABORTED_BEFORE_START, {"user": who}))
        )
    log.info("run %s: abort requested by %s", run.pk, who)
    return True


# Runs whose worker died ----------------------------------------------------------------


@dataclass
class Recovered:
    resumed: list[int]
    failed: list[int]


def stale(now: dt.datetime | None = None) -> list[Run]:
    """Runs queued or running whose last sign of life is older than JOURNAL_RUN_STALE_SECONDS.

    Read whole before any of them is changed (a few rows): no read stays open across the
    writes, which SQLite would refuse. Uses index: run_unfinished.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.JOURNAL_RUN_STALE_SECONDS)
    return list(
        Run.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        .annotate(alive_at=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(alive_at__lt=cutoff)
        .order_by("pk")
    )


def recover_stale(now: dt.datetime | None = None) -> Recovered:
    """Beat, every minute: a run whose worker died runs again (resumable kinds, a bounded number
    of attempts) or fails saying the worker stopped. A queued run whose task was lost is sent again.
    """
    now = now or timezone.now()
    recovered = Recovered([], [])
    for run in stale(now):
        kind = _kinds.get(run.kind)
        # Conditional on what we saw: a run that moved on meanwhile is left alone.
        seen = Run.objects.filter(pk=run.pk, status=run.status, attempts=run.attempts, heartbeat_at=run.heartbeat_at)
        if run.abort_requested_at is not None:
            if seen.update(status=RunStatus.ABORTED, finished_at=now, **_summary(Message(ABORTED_WORKER_GONE))):
                recovered.failed.append(run.pk)
            continue
        resumable = kind is not None and kind.task and (kind.resumable or run.status == RunStatus.QUEUED)
        if resumable and run.attempts < settings.JOURNAL_RUN_MAX_ATTEMPTS:
            assert kind is not None
            if _requeue(seen, kind, run.pk, heartbeat_at=now):
                recovered.resumed.append(run.pk)
                log.warning("run %s (%s) showed no sign of life: sent again", run.pk, run.status)
            continue
        if run.status == RunStatus.RUNNING:
            code = WORKER_STOPPED_RETRIED if run.attempts > 1 else WORKER_STOPPED
        else:
            code = TASK_LOST_RETRIED if run.attempts > 1 else TASK_LOST
        reason = Message(code, {"attempts": run.attempts})
        error = reason.stored()
        if seen.update(status=RunStatus.FAILED, finished_at=now, error=error, **_summary(reason)):
            recovered.failed.append(run.pk)
            log.warning("run %s failed: %s", run.pk, error)
    return recovered
