"""`make run`'s demo of the PrestaShop tab: the module walked from account to sync report, once."""

from __future__ import annotations

from eventlog.models import Entry, Run, RunStatus
from integrations.prestashop import demo
from integrations.prestashop.models import Account, Import, ImportStatus, Offer, Order, RemoteChoice


def test_the_demo_walks_every_section_against_the_stand_in_once(db):
    made = demo.walk_the_module()

    account = Account.objects.get()
    assert account.connected and account.version.startswith("8.")
    # Its entries name it, so each section's activity log shows them.
    assert set(Entry.objects.filter(tab="prestashop").values_list("account", flat=True)) == {account.label}
    assert not RemoteChoice.objects.filter(account=account, used_by_orders__gt=0, mapped_to=None).exists()
    assert Import.objects.get().status == ImportStatus.DONE
    assert Offer.objects.filter(account=account, template__is_default=True).count() > 120  # with combinations
    assert Order.objects.filter(account=account).exists()
    assert set(Run.objects.filter(pk__in=made).values_list("status", flat=True)) == {RunStatus.SUCCEEDED}
    sections = set(Entry.objects.filter(tab="prestashop").values_list("event_type", flat=True))
    assert {"connection", "mapping", "order_settings", "templates", "import", "sync_report", "orders"} <= sections
    report = Entry.objects.get(tab="prestashop", event_type="sync_report")
    assert report.data["accepted"] == 12 and report.severity != "error"

    assert demo.walk_the_module() == []
