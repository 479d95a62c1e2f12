"""Deleting entries from a list: a confirmation that says how many will go, and "select all on this page"."""

from eventlog.models import Entry


def failed_emails(make_entry, n):
    return [make_entry("email", severity="error", object_id=f"klient{i}@example.com") for i in range(n)]


def test_a_delete_without_confirm_shows_the_count_and_deletes_nothing(admin_client, make_entry):
    entries = failed_emails(make_entry, 4)
    response = admin_client.post(
        "/journal/email/delete/", {"ids": [e.pk for e in entries[:3]], "next": "/journal/email/?severity=error"}
    )
    assert response.status_code == 200
    assert '<h2 class="h5" id="delete-confirm-title">Delete 3 entries?</h2>' in response.text
    assert "Delete 3 entries</button>" in response.text
    assert '<input type="hidden" name="confirm" value="1">' in response.text
    assert 'href="/journal/email/?severity=error"' in response.text  # Cancel goes back to the list as filtered
    assert response.text.count('<input type="hidden" name="ids"') == 3
    assert Entry.objects.filter(pk__in=[e.pk for e in entries]).count() == 4
    assert not Entry.objects.filter(event_type="records_deleted").exists()


def test_the_count_is_of_the_entries_that_would_go(admin_client, make_entry):
    [entry] = failed_emails(make_entry, 1)
    kept = make_entry("email", severity="info")  # the e-mail tab deletes failed e-mails only
    response = admin_client.post("/journal/email/delete/", {"ids": [entry.pk, kept.pk, 987654321]})
    assert "Delete 1 entry?" in response.text
    assert response.text.count('<input type="hidden" name="ids"') == 1


def test_confirming_deletes_exactly_the_selected(admin_client, make_entry):
    entries = failed_emails(make_entry, 5)
    chosen = [entries[0].pk, entries[3].pk]
    response = admin_client.post(
        "/journal/email/delete/", {"ids": chosen, "next": "/journal/email/", "confirm": "1"}, follow=True
    )
    assert "Deleted 2 entries." in response.text
    assert not Entry.objects.filter(pk__in=chosen).exists()
    assert Entry.objects.filter(pk__in=[e.pk for e in entries]).count() == 3
    audit = Entry.objects.get(tab="email", event_type="records_deleted")
    assert sorted(audit.data["ids"]) == sorted(chosen) and audit.actor == "alice"


def test_the_confirmation_from_the_list_comes_as_a_box_under_it(admin_client, make_entry):
    entries = failed_emails(make_entry, 2)
    response = admin_client.post("/journal/email/delete/", {"ids": [e.pk for e in entries]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Delete 2 entries?" in response.text
    assert "<html" not in response.text  # the box only, swapped under the table
    nothing = admin_client.post("/journal/email/delete/", {}, HTTP_HX_REQUEST="true")
    assert "Nothing to delete: select the entries to delete first." in nothing.text
    assert Entry.objects.filter(pk__in=[e.pk for e in entries]).count() == 2


def test_nothing_selected_without_javascript_goes_back_saying_so(admin_client, make_entry):
    failed_emails(make_entry, 1)
    response = admin_client.post("/journal/email/delete/", {"next": "/journal/email/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/journal/email/"
    assert "Nothing was deleted: select the entries to delete first." in response.text


def test_select_all_is_offered_to_shop_admins_only(admin_client, support_client, make_entry):
    failed_emails(make_entry, 2)
    admin_page = admin_client.get("/journal/email/")
    assert "data-select-all" in admin_page.text and 'aria-label="Select all on this page"' in admin_page.text
    assert 'hx-post="/journal/email/delete/"' in admin_page.text
    assert "/static/js/select_all." in admin_page.text
    swapped = admin_client.get("/journal/email/", {"severity": "error"}, HTTP_HX_REQUEST="true")
    assert "data-select-all" in swapped.text  # after htmx swaps the results too
    support_page = support_client.get("/journal/email/")
    assert "data-select-all" not in support_page.text and "select_all." not in support_page.text


def test_the_script_is_served(admin_client):
    from django.contrib.staticfiles import finders

    path = finders.find("js/select_all.js")
    assert path
    with open(path, encoding="utf-8") as script:
        assert "data-select-all" in script.read()


def test_support_cannot_reach_the_confirmation(support_client, make_entry):
    [entry] = failed_emails(make_entry, 1)
    assert support_client.post("/journal/email/delete/", {"ids": [entry.pk]}).status_code == 403


def test_too_many_ids_are_refused_with_the_reason(admin_client):
    response = admin_client.post("/journal/email/delete/", {"ids": [str(i) for i in range(1, 502)]})
    assert response.status_code == 400 and "At most 500 entries can be deleted at once." in response.text
