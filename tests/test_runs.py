"""Job runs: the run page speaks the user's language (kinds and counters by their labels),
and the one lifecycle of every job (eventlog.runs): claim, progress, finish, fail, abort,
and runs whose worker died."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

from eventlog import retention, runs
from eventlog.models import Run, RunStatus, TabRetention


def test_run_page_names_the_kind_and_every_counter(admin_client):
    run = Run.objects.create(
        kind="erp_import",
        tab="erp-sync",
        status="succeeded",
        counters={"products_received": 14, "offers": 3, "odd_key": 1},
    )
    page = admin_client.get(f"/journal/runs/{run.pk}/").text
    assert "Import from ERP" in page
    assert "Products received" in page and "products_received" not in page
    # Retention counts per tab are keyed by the tab: shown by its title.
    assert "Offers" in page
    assert "odd key" in page


def test_a_run_of_an_unknown_kind_still_shows(admin_client):
    run = Run.objects.create(kind="made_up", status="failed", counters={"x": 1})
    assert "made_up" in admin_client.get(f"/journal/runs/{run.pk}/").text


# The lifecycle (eventlog.runs) ------------------------------------------------------

#: A job of its own for these tests: batches of work, abortable, safe to run again.
BATCHES = runs.register(runs.RunKind("test_batches", "Test batches", task="tests.none", resumable=True, abortable=True))


class Batches(runs.Job):
    """Five batches; the test says after which one a shop admin asks it to stop, or which one breaks."""

    kind = BATCHES

    def work(self) -> str:
        for done in range(1, 6):
            self.check_abort()
            if done == self.options.get("broken"):
                raise RuntimeError(f"batch {done} is broken")
            self.counters["batches"] = done
            self.progress(done, 5, force=True)
            if done == self.options.get("abort_after"):
                runs.request_abort(self.run, self.options["by"])
        return "five batches"


def queued(kind: runs.RunKind = BATCHES, **fields) -> Run:
    fields.setdefault("attempts", 1)
    return Run.objects.create(kind=kind.code, heartbeat_at=timezone.now(), **fields)


def test_a_run_is_claimed_once(db):
    run = queued()
    assert runs.claim(run.pk).status == RunStatus.RUNNING
    assert runs.claim(run.pk) is None  # a second worker gets nothing
    run.refresh_from_db()
    assert run.started_at is not None and run.heartbeat_at is not None


def test_a_job_that_succeeds_records_its_summary_counters_and_progress(db):
    run = Batches.execute(queued().pk)
    run.refresh_from_db()
    assert (run.status, run.summary, run.counters) == ("succeeded", "five batches", {"batches": 5})
    assert (run.progress_done, run.progress_total) == (5, 5) and run.finished_at is not None
    assert Batches.execute(run.pk) is None  # finished: never run again


def test_a_failed_run_records_its_error_and_says_why_on_its_page(db, admin_client):
    run = Batches.execute(queued().pk, broken=3)
    run.refresh_from_db()
    assert run.status == "failed" and run.error == "RuntimeError: batch 3 is broken"
    assert "batch 3 is broken" in run.summary
    assert run.counters == {"batches": 2} and run.progress_done == 2  # what it had done stays
    assert "batch 3 is broken" in admin_client.get(f"/journal/runs/{run.pk}/").text


def test_an_abort_stops_the_job_between_batches_and_keeps_its_progress(db, alice):
    run = Batches.execute(queued().pk, abort_after=2, by=alice)
    run.refresh_from_db()
    assert run.status == "aborted" and run.abort_requested_by == alice
    assert (run.progress_done, run.progress_total, run.counters) == (2, 5, {"batches": 2})
    assert "alice" in run.summary and "2" in run.summary


def test_a_queued_run_aborts_at_once_and_is_never_claimed(db, alice):
    run = queued()
    assert runs.request_abort(run, alice)
    run.refresh_from_db()
    assert run.status == "aborted" and "alice" in run.summary
    assert runs.claim(run.pk) is None
    assert not runs.request_abort(run, alice)  # over already


def test_a_worker_that_lost_its_run_records_nothing(db):
    run = runs.claim(queued().pk)
    Run.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, attempts=2)  # taken over meanwhile
    with pytest.raises(runs.RunLost):
        runs.progress(run, 1, force=True)
    with pytest.raises(runs.RunLost):
        runs.finish(run, "done twice")
    run.refresh_from_db()
    assert run.status == "queued" and run.summary == ""


def test_a_retention_error_fails_its_run_instead_of_leaving_it_running(db):
    # Days no date can go back by (written past the settings form, which would refuse them).
    TabRetention.objects.create(tab="sms", days=999_999_999)
    run = retention.run_retention()
    assert run.status == "failed" and "OverflowError" in run.error
    assert Run.objects.get(pk=run.pk).status == "failed" and run.finished_at is not None


# Runs whose worker died --------------------------------------------------------------


def test_a_running_run_with_an_old_heartbeat_is_sent_again(db, settings, django_capture_on_commit_callbacks):
    settings.JOURNAL_RUN_STALE_SECONDS = 60
    run = runs.claim(queued().pk)
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=61))
    fresh = runs.claim(queued().pk)

    with django_capture_on_commit_callbacks() as sent:
        recovered = runs.recover_stale()

    assert recovered.resumed == [run.pk] and recovered.failed == [] and len(sent) == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("queued", 2)
    assert Run.objects.get(pk=fresh.pk).status == "running"  # alive: left alone
    assert Batches.execute(run.pk).status == "succeeded"


def test_a_run_out_of_attempts_fails_saying_the_worker_stopped(db, settings, admin_client):
    settings.JOURNAL_RUN_STALE_SECONDS = 60
    settings.JOURNAL_RUN_MAX_ATTEMPTS = 2
    run = runs.claim(queued(attempts=2).pk)
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))

    assert runs.recover_stale().failed == [run.pk]

    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None
    with translation.override(django_settings.LANGUAGE_CODE):
        assert run.error.startswith(translation.gettext("The worker stopped before the run finished."))
    page = admin_client.get(f"/journal/runs/{run.pk}/").text  # in English, the reader's language
    assert "The worker stopped before the run finished. Tried 2 times." in page


def test_a_run_that_may_not_run_twice_fails_at_once(db, settings):
    settings.JOURNAL_RUN_STALE_SECONDS = 60
    run = runs.claim(queued(runs.RETENTION).pk)
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    assert runs.recover_stale().failed == [run.pk]
    assert Run.objects.get(pk=run.pk).status == "failed"


def test_a_queued_run_whose_task_was_lost_is_sent_again(db, settings, django_capture_on_commit_callbacks):
    settings.JOURNAL_RUN_STALE_SECONDS = 60
    run = queued(runs.EXPORT, tab="sms", params={"query": "", "format": "csv"})
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=2))
    with django_capture_on_commit_callbacks() as sent:
        assert runs.recover_stale().resumed == [run.pk]
    assert len(sent) == 1 and Run.objects.get(pk=run.pk).attempts == 2


def test_a_dead_run_with_an_abort_asked_ends_aborted(db, settings, alice):
    settings.JOURNAL_RUN_STALE_SECONDS = 60
    run = runs.claim(queued().pk)
    runs.request_abort(run, alice)
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    runs.recover_stale()
    assert Run.objects.get(pk=run.pk).status == "aborted"


# Jobs that raise: a passing fault is tried again, a bug fails at once ---------------------

ONCE = runs.register(runs.RunKind("test_once", "Test once", task="tests.none"))


class Refused(runs.Job):
    """Its outside service refuses every connection: a passing fault, each time."""

    kind = BATCHES

    def work(self) -> str:
        raise ConnectionRefusedError(111, "Connection refused")


class RefusedOnce(Refused):
    kind = ONCE


def test_a_passing_fault_is_tried_again_with_back_off_then_fails_saying_how_often(
    db, settings, django_capture_on_commit_callbacks
):
    settings.JOURNAL_RUN_RETRY_SECONDS = 30
    run = queued()
    for attempt, seconds in ((1, 30), (2, 60)):
        with django_capture_on_commit_callbacks() as sent:
            Refused.execute(run.pk)
        run.refresh_from_db()
        assert (run.status, run.attempts, len(sent)) == ("queued", attempt + 1, 1)
        error = "ConnectionRefusedError: [Errno 111] Connection refused"
        assert run.summary_message == {
            "code": runs.RETRYING,
            "params": {"attempt": attempt, "attempts": 3, "error": error, "seconds": seconds},
        }
        # Waiting for its back-off is no sign of a lost task.
        assert runs.stale(timezone.now() + dt.timedelta(seconds=seconds - 5)) == []

    with django_capture_on_commit_callbacks() as sent:
        Refused.execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts, sent) == ("failed", 3, [])
    assert run.summary_message == {"code": runs.JOB_FAILED_RETRIED, "params": {"error": error, "attempts": 3}}


def test_a_bug_or_a_job_that_may_not_run_twice_fails_at_once(db, django_capture_on_commit_callbacks):
    broken, once = queued(), queued(ONCE)
    with django_capture_on_commit_callbacks() as sent:
        Batches.execute(broken.pk, broken=2)
        RefusedOnce.execute(once.pk)
    assert sent == []
    assert Run.objects.get(pk=broken.pk).error == "RuntimeError: batch 2 is broken"
    assert Run.objects.get(pk=once.pk).error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert {Run.objects.get(pk=pk).status for pk in (broken.pk, once.pk)} == {"failed"}
