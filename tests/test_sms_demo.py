"""The SMS tab's demo comes from its real flow: the stand-in gateway, the queue, two send runs."""

from collections import Counter

from eventlog import demo
from eventlog.models import Entry, Run
from integrations.sms.demo import send_demo_messages
from integrations.sms.models import Sms


def test_the_demo_sends_its_messages_through_the_stand_in_once(db):
    made = send_demo_messages()

    assert [Run.objects.get(pk=pk).status for pk in made] == ["failed", "succeeded"]  # a 503, then the rest
    assert Counter(Sms.objects.values_list("status", flat=True)) == {"sent": 4, "failed": 2, "waiting": 1}
    assert set(Sms.objects.filter(status="failed").values_list("gateway_error", flat=True)) == {13, 103}
    assert Counter(Entry.objects.filter(tab="sms").values_list("event_type", flat=True)) == {
        "waiting": 8, "sent": 4, "failed": 2,  # 7 queued, 1 waiting again after the 503
    }  # fmt: skip
    assert send_demo_messages() == []
    assert "integrations.sms.demo" in {g.make.__module__ for g in demo.generators() if g.volume_only}
