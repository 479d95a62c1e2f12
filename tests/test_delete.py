from eventlog.models import Entry


def test_shop_admin_deletes_failed_emails_and_the_deletion_is_recorded(admin_client, make_entry):
    failed = [make_entry("email", severity="error", object_id=f"klient{i}@example.com") for i in range(3)]
    kept = make_entry("email", severity="error")
    response = admin_client.post(
        "/journal/email/delete/",
        {"ids": [e.pk for e in failed[:2]], "next": "/journal/email/", "confirm": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Deleted 2 entries" in response.text
    assert not Entry.objects.filter(pk__in=[failed[0].pk, failed[1].pk]).exists()
    assert Entry.objects.filter(pk__in=[failed[2].pk, kept.pk]).count() == 2
    audit = Entry.objects.get(tab="email", event_type="records_deleted")
    assert audit.actor == "alice" and audit.initiator == "manual"
    assert audit.data["count"] == 2 and sorted(audit.data["ids"]) == sorted(e.pk for e in failed[:2])


def test_email_list_offers_selection_to_shop_admins_only(admin_client, support_client, make_entry):
    make_entry("email", severity="error")
    assert 'name="ids"' in admin_client.get("/journal/email/").text
    assert 'name="ids"' not in support_client.get("/journal/email/").text


def test_support_staff_get_403_on_delete(support_client, make_entry):
    entry = make_entry("email", severity="error")
    assert support_client.post("/journal/email/delete/", {"ids": [entry.pk]}).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_tabs_without_manual_deletion_refuse_it(admin_client, make_entry):
    entry = make_entry("offers", event_type="account_deactivated", service="allegro")
    assert admin_client.post("/journal/offers/delete/", {"ids": [entry.pk]}).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()
