"""`make run`'s demo of the messaging tabs comes from the real flows: failed e-mails journalled
by the backend, a mailing sent by its job to a local SMTP server that refuses a few addresses."""

import pytest

from eventlog.models import Entry, Run
from integrations.messaging import demo

pytestmark = pytest.mark.django_db


def test_the_demo_sends_for_real_once(admin_client):
    [run_id] = demo.seed_demo()

    assert Run.objects.get(pk=run_id).status == "succeeded"
    email = Entry.objects.filter(tab="email")
    assert set(email.values_list("message_code", flat=True)) >= {
        "SMTP_NO_MAILBOX",
        "SMTP_MAILBOX_FULL",
        "EMAIL_INVALID",
    }
    assert "jan.nowak@example.com" in admin_client.get("/journal/email/").content.decode()
    assert Entry.objects.filter(tab="bulk-mailing", run_id=run_id, severity="error").count() == 4
    assert demo.seed_demo() == []
