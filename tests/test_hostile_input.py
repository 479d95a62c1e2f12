"""Query strings and forms from anyone: a bad value is a 400 (or is ignored), never a 500."""

import pytest

from eventlog.models import Run
from integrations.custom_events.models import CustomEvent
from integrations.messaging.actions import save_mailing
from integrations.messaging.models import Mailing, MailingKind
from integrations.messaging.tab import EMAIL
from integrations.sms.tab import SMS
from integrations.theme.actions import create_template
from integrations.theme.kinds import Kind

HOSTILE = [
    ("date_from", "0001-01-01"),
    ("date_to", "9999-12-31"),
    ("date_from", "2026-02-30"),
    ("at", "9999-12-31"),
    ("at", "0001-01-01"),
    ("at", "yesterday"),
    ("older", "99999999999999999999999_1"),
    ("newer", "1_99999999999999999999999"),
    ("older", "xyz"),
    ("per_page", "-1"),
    ("per_page", "0"),
    ("per_page", "10000000"),
    ("page", "-5"),
    ("page", "99999999999999999999"),
    ("sort", "-nonexistent"),
    ("severity", "<script>alert(1)</script>"),
    ("q", "x" * 5000),
    ("q", "'; DROP TABLE eventlog_entry; --"),
    ("q", "\x00"),
    ("status", "nope"),
    ("kind", "nope"),
]


@pytest.fixture
def pages(db, alice):
    run = Run.objects.create(kind="export", tab=SMS.slug, status="succeeded", params={"format": "csv"})
    event = CustomEvent.objects.create(event_id=7, name="porzucony_koszyk")
    mailing = save_mailing(Mailing(name="Nowości", kind=MailingKind.NEWSLETTER, subject="Nowości"), ["a@example.com"])
    template = create_template(name="Stopka", kind=Kind.choices[0][0], content="<p>x</p>", user=alice)
    return [
        f"/journal/{SMS.slug}/",
        f"/journal/{SMS.slug}/export.csv",
        f"/journal/{SMS.slug}/export.xlsx",
        "/journal/runs/",
        f"/journal/runs/{run.pk}/",
        "/journal/codes/",
        "/journal/codes/unexplained/",
        "/journal/search/",
        "/journal/",
        # The producers' own pages.
        "/journal/api-keys/",
        "/journal/api/",
        "/custom-events/",
        "/custom-events/scenarios/",
        f"/custom-events/{event.event_id}/log/",
        f"/custom-events/{event.event_id}/edit/",
        "/mailings/",
        f"/mailings/{mailing.pk}/",
        "/sms/",
        "/appearance/",
        f"/appearance/{template.pk}/",
        f"/appearance/{template.pk}/edit/",
    ]


@pytest.mark.parametrize(("name", "value"), HOSTILE, ids=[f"{n}={v[:12]!r}" for n, v in HOSTILE])
def test_no_page_answers_500_to_a_hostile_query_string(admin_client, pages, name, value):
    for path in pages:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = admin_client.get(path, {name: value}, **headers)
            assert response.status_code in (200, 302, 400), (path, response.status_code)


def test_a_list_refuses_a_day_it_cannot_hold_with_the_reason(admin_client):
    response = admin_client.get(f"/journal/{SMS.slug}/", {"date_to": "9999-12-31"})
    assert response.status_code == 400
    assert "less than or equal to" in response.text
    assert admin_client.get(f"/journal/{SMS.slug}/", {"at": "9999-12-31"}).status_code == 400


@pytest.mark.parametrize("ids", ["99999999999999999999", "-1", "abc", "0"])
def test_deleting_a_bad_id_is_a_400_saying_which(admin_client, make_entry, ids):
    entry = make_entry(EMAIL.slug, severity="error")
    response = admin_client.post(f"/journal/{EMAIL.slug}/delete/", {"ids": [entry.pk, ids]})
    assert response.status_code == 400
    assert "is not an entry id" in response.text
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_a_bad_jump_date_says_it_is_the_date(admin_client):
    response = admin_client.get(f"/journal/{SMS.slug}/", {"at": "notadate"})
    assert response.status_code == 400
    assert "Jump to date: Enter a valid date." in response.text
    stale = admin_client.get(f"/journal/{SMS.slug}/", {"older": "xyz"})
    assert stale.status_code == 400
    assert "The page link is not valid any more." in stale.text
