"""Login throttling (django-axes): 5 wrong passwords lock a username from an address for 15 minutes,
the panel's login and Django admin's alike, and the "Panel access" tab records each failure and lockout.

Issue 11 §1.11: 20 wrong passwords in a row used to lock nothing and leave no record.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from eventlog.models import Entry

PASSWORD = "secret-pass-123"  # the personas' password (tests/conftest.py)
WRONG = "zle-haslo-{}"


def _client(ip: str = "192.0.2.10") -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en")


def _login(client: Client, password: str, username: str = "alice", url: str = "/login/"):
    return client.post(url, {"username": username, "password": password})


def _events() -> list[str]:
    return list(Entry.objects.filter(tab="access").order_by("id").values_list("event_type", flat=True))


def test_twenty_wrong_passwords_lock_the_login_and_leave_a_record(alice):
    client = _client()
    answers = [_login(client, WRONG.format(i)).status_code for i in range(20)]
    # Four ordinary refusals (the form again), then the lockout page from the fifth on.
    assert answers == [200] * 4 + [429] * 16
    assert _events() == ["login_failed"] * 5 + ["locked_out"] + ["login_refused"] * 15

    # The right password does not get in while the lockout lasts.
    refused = _login(client, PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert "Too many failed logins as “alice” from this address." in refused.text

    lockout = Entry.objects.get(tab="access", event_type="locked_out")
    assert lockout.severity == "error" and lockout.object_id == "alice"
    assert lockout.data["ip"] == "192.0.2.10" and lockout.data["failures"] == 5
    until = dt.datetime.fromisoformat(lockout.data["until"])
    assert dt.timedelta(minutes=14) < until - timezone.now() <= dt.timedelta(minutes=15)
    assert "locked until" in lockout.text and "after 5 failed attempts" in lockout.text
    # No password is recorded, neither in the messages nor in the data fields.
    stored = json.dumps(list(Entry.objects.filter(tab="access").values("message", "message_params", "data")))
    assert "zle-haslo" not in stored and PASSWORD not in stored


def test_the_lockout_page_says_until_when_and_lasts_fifteen_minutes(alice):
    client = _client()
    for i in range(5):
        locked = _login(client, WRONG.format(i))
    assert locked.status_code == 429
    until = locked.context["until"]
    assert dt.timedelta(minutes=14) < until - timezone.now() <= dt.timedelta(minutes=15)
    assert "You can try again at" in locked.text
    assert '<html lang="en"' in locked.text and 'href="/login/"' in locked.text  # the panel's layout

    with time_machine.travel(until - dt.timedelta(seconds=30)):
        assert _login(client, PASSWORD).status_code == 429  # still locked, and the end does not move
    refused = Entry.objects.filter(tab="access", event_type="login_refused").get()
    assert dt.datetime.fromisoformat(refused.data["until"]) == until

    with time_machine.travel(until + dt.timedelta(seconds=1)):
        answer = _login(client, PASSWORD)
        assert answer.status_code == 302 and answer["Location"] == "/journal/"
        # A success forgets the failures: one more wrong password is an ordinary failure again.
        assert _login(_client(), WRONG.format("x")).status_code == 200


def test_the_lockout_is_per_username_and_address(alice, bob):
    attacker = _client("198.51.100.66")
    for i in range(5):
        _login(attacker, WRONG.format(i))
    assert _login(attacker, PASSWORD).status_code == 429
    # Alice from her own address still logs in; another username from the attacker's address too.
    assert _login(_client("192.0.2.10"), PASSWORD).status_code == 302
    assert _login(attacker, PASSWORD, username="bob").status_code == 302


def test_the_admin_login_is_guarded_too(admin_user):
    client = _client()
    answers = [_login(client, WRONG.format(i), username="admin", url="/admin/login/").status_code for i in range(6)]
    assert answers == [200] * 4 + [429] * 2
    assert _events() == ["login_failed"] * 5 + ["locked_out", "login_refused"]
    assert Entry.objects.filter(tab="access", event_type="locked_out").get().data["path"] == "/admin/login/"
    # Locked for the panel's login as well: one lockout per username and address.
    assert _login(client, "password", username="admin").status_code == 429


def test_an_unlock_before_the_end_is_recorded_and_lets_the_user_in(alice):
    client = _client()
    for i in range(5):
        _login(client, WRONG.format(i))
    call_command("axes_reset_username", "alice")
    unlock = Entry.objects.filter(tab="access", event_type="unlocked").get()
    assert unlock.object_id == "alice" and unlock.data["ip"] == "192.0.2.10"
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["x" * 400, "<script>alert(1)</script>", "a\x00b", ""])
def test_hostile_usernames_are_recorded_safely(db, admin_client, username):
    client = _client()
    answers = {_login(client, "nope", username=username).status_code for _ in range(6)}
    assert answers <= {200, 429}
    # The login form refuses an empty username and a NUL character itself: no attempt, nothing to record.
    if username and "\x00" not in username:
        assert answers == {200, 429}
        entry = Entry.objects.filter(tab="access", event_type="locked_out").get()
        assert len(entry.object_id) <= 128
        page = admin_client.get(entry.get_absolute_url())
        assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
        listed = admin_client.get("/journal/access/")
        assert listed.status_code == 200 and "<script>alert(1)</script>" not in listed.text
    else:
        assert answers == {200} and not Entry.objects.filter(tab="access").exists()
