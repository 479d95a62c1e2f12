"""A mailing's sending job in REAL Celery workers (tests/workers.py) against a real SMTP server:
killed half-way it resumes without sending anyone twice; aborted it stops between batches,
says what is still waiting, and "Send the rest" finishes it."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import Client

from eventlog import runs
from eventlog.models import Entry, Run
from integrations.messaging import actions
from integrations.messaging.models import Mailing

from .smtp_server import smtp
from .workers import kill, wait_for, worker

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["smtp", "worker"]


RECIPIENTS = [f"klient{i:03d}@example.com" for i in range(60)]


def start(smtp, **refuse: str):
    server = smtp(refuse=refuse)
    admin = User.objects.create_user("alice", "alice@example.com", "secret-pass-123")
    admin.groups.add(Group.objects.get(name="Shop admin"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    mailing = actions.save_mailing(
        Mailing(name="Black Friday", kind="discount_coupons", subject="Kupon -30%", body_text="Kod BF30"), RECIPIENTS
    )
    # Batches of 5 with a 0.3 s pause before each: 12 batches, long enough to act half-way.
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_TIMEOUT": "5",
           "MAILING_BATCH_SIZE": "5", "JOURNAL_RUN_BATCH_PAUSE_SECONDS": "0.3"}  # fmt: skip
    return server, client, mailing, env


def state(run: Run) -> Run:
    run.refresh_from_db()
    return run


def test_a_mailing_whose_worker_was_killed_resumes_and_sends_everyone_once(worker, smtp, settings):
    server, client, mailing, env = start(smtp)
    first = worker("mailing-1", **env)
    client.post(f"/mailings/{mailing.pk}/send/")
    run = Run.objects.get(kind="mailing")
    wait_for(lambda: 10 <= len(server.received) < 60, "the job sent a few batches")
    kill(first)
    assert state(run).status == "running"
    sent_before = len(server.received)

    settings.JOURNAL_RUN_STALE_SECONDS = 1
    wait_for(lambda: run.pk in runs.recover_stale().resumed, "the stale run was sent again")
    worker("mailing-2", **{**env, "JOURNAL_RUN_BATCH_PAUSE_SECONDS": "0"})
    wait_for(lambda: not state(run).pending, "the resumed mailing finished")

    assert run.status == "succeeded" and run.attempts == 2, (run.summary, run.error)
    assert run.counters == {"added": 60, "sent": 60, "failed": 0, "remaining": 0}
    delivered = server.delivered()
    assert set(delivered) == set(RECIPIENTS) and sent_before < 60
    # The one-message window (jobs.py): a kill between the server's "250" and the commit may send
    # that one recipient again; nobody else is ever sent twice.
    assert sum(delivered.values()) - 60 <= 1, [a for a, n in delivered.items() if n > 1]
    page = client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="mailing-status">Sent' in page


def test_an_aborted_mailing_says_what_waits_and_send_the_rest_finishes_it(worker, smtp):
    server, client, mailing, env = start(smtp, **{"klient007@example.com": "550 5.1.1 No such user"})
    worker("mailing-abort", **env)
    client.post(f"/mailings/{mailing.pk}/send/")
    run = Run.objects.get(kind="mailing")
    wait_for(lambda: len(server.received) >= 10, "the job sent a few batches")
    client.post(f"/journal/runs/{run.pk}/abort/")
    wait_for(lambda: not state(run).pending, "the aborted run stopped")

    assert run.status == "aborted"
    counts = actions.counts(mailing)
    assert counts["remaining"] > 0 and counts["sent"] == len(server.received)
    stopped = Entry.objects.get(tab="bulk-mailing", run_id=run.pk, severity="warning")
    assert stopped.data["remaining"] == counts["remaining"] and "alice" in stopped.message
    listed = client.get("/journal/bulk-mailing/").content.decode()
    assert "Black Friday" in listed and "klient007@example.com" in listed
    page = client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="mailing-status">Stopped' in page and "Send the rest" in page

    client.post(f"/mailings/{mailing.pk}/send/")
    rest = Run.objects.filter(kind="mailing").exclude(pk=run.pk).get()
    wait_for(lambda: not state(rest).pending, "the rest was sent")
    assert rest.status == "succeeded", (rest.summary, rest.error)
    assert server.delivered() == {address: 1 for address in RECIPIENTS if address != "klient007@example.com"}
    assert Entry.objects.filter(tab="bulk-mailing", object_id="klient007@example.com").count() == 1
