import pytest
from django.contrib.auth.models import Group
from django.test import Client

PAGES = ["/journal/", "/journal/offers/", "/journal/search/?q=1", "/journal/runs/1/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_go_to_the_login_page(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_a_user_without_a_role_is_refused(charlie):
    client = Client()
    client.force_login(charlie)
    assert client.get("/journal/offers/").status_code == 403


def test_support_reads_but_cannot_delete_or_change_settings(bob):
    assert bob.has_perm("eventlog.view_entry")
    assert bob.has_perm("eventlog.export_entry")
    assert not bob.has_perm("eventlog.delete_entry")
    assert not bob.has_perm("eventlog.start_job")


def test_shop_admin_may_do_everything_in_the_journal(alice):
    for perm in ("view_entry", "delete_entry", "export_entry", "start_job", "view_run"):
        assert alice.has_perm(f"eventlog.{perm}")


def test_both_groups_come_from_a_migration(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Shop admin", "Support"}


def test_login_page_logs_in(db, alice):
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": "secret-pass-123"}, follow=True)
    assert response.redirect_chain[-1][0] == "/journal/"
    assert response.status_code == 200


def test_django_admin_only_for_superusers(admin_client, django_user_model):
    assert admin_client.get("/admin/").status_code == 302  # alice is not staff
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456-x")
    client = Client()
    client.force_login(root)
    assert client.get("/admin/eventlog/entry/").status_code == 200
