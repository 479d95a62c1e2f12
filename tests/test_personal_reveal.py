"""Showing a customer's personal data in full on an entry's page is a recorded act (eventlog/personal.py).

Shop admins (eventlog.view_personal_data) see the entry page of a tab about customers masked,
with "Show personal data": a POST that records who showed which entry in the "Panel access"
tab and answers the page with that entry's values in full. Support never gets the button,
and its POST is refused with nothing recorded.
"""

import pytest
from django.test import Client

from eventlog.models import Entry

EMAIL = "jan.kowalski@example.com"
MASKED = "j***@example.com"
PHONE = "+48 600 100 789"


@pytest.fixture
def sms(make_entry) -> Entry:
    return make_entry("sms", object_id=PHONE, object_type="phone", message="Twoja paczka czeka", event_type="sent")


@pytest.fixture
def email(make_entry) -> Entry:
    return make_entry("email", object_id=EMAIL, object_type="email", severity="error",
                      message=f"550 <{EMAIL}>: Recipient address rejected", data={"to": EMAIL})  # fmt: skip


def _reveal_url(entry: Entry) -> str:
    return f"/journal/{entry.tab}/{entry.pk}/reveal/"


def _reveals() -> list[Entry]:
    return list(Entry.objects.filter(tab="access", event_type="personal_data_revealed"))


def test_a_shop_admin_sees_the_entry_masked_until_revealing_it(admin_client, email):
    page = admin_client.get(email.get_absolute_url())
    assert page.status_code == 200
    assert EMAIL not in page.text and MASKED in page.text
    assert "Show personal data" in page.text and f'action="{_reveal_url(email)}"' in page.text

    shown = admin_client.post(_reveal_url(email))
    assert shown.status_code == 200
    assert EMAIL in shown.text and f"&lt;{EMAIL}&gt;" in shown.text  # the object, the message and the data fields
    assert "Show personal data" not in shown.text and "This was recorded in the Panel access tab." in shown.text
    [reveal] = _reveals()
    assert reveal.actor == "alice" and reveal.object_id == "alice"
    assert reveal.data == {"entry": email.pk, "tab": "email"}
    assert reveal.text == f"alice showed the customer's personal data of entry #{email.pk} (tab email)."
    # Showing it again is another recorded reveal; the plain page is masked again.
    admin_client.post(_reveal_url(email))
    assert len(_reveals()) == 2
    assert EMAIL not in admin_client.get(email.get_absolute_url()).text


def test_phone_numbers_too(admin_client, sms):
    assert PHONE not in admin_client.get(sms.get_absolute_url()).text
    assert PHONE in admin_client.post(_reveal_url(sms)).text


def test_support_never_sees_the_button_and_cannot_reveal(support_client, email):
    page = support_client.get(email.get_absolute_url())
    assert page.status_code == 200 and MASKED in page.text
    assert "Show personal data" not in page.text
    refused = support_client.post(_reveal_url(email))
    assert refused.status_code == 403 and EMAIL not in refused.text
    assert _reveals() == []


def test_the_reveal_is_a_csrf_protected_post(alice, email):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    assert client.get(_reveal_url(email)).status_code == 405  # a link never reveals
    refused = client.post(_reveal_url(email))
    assert refused.status_code == 403 and "The form has expired" in refused.text
    assert _reveals() == []
    page = client.get(email.get_absolute_url())
    token = page.cookies["csrftoken"].value
    assert EMAIL in client.post(_reveal_url(email), {"csrfmiddlewaretoken": token}).text
    assert len(_reveals()) == 1


def test_lists_stay_as_they_were(admin_client, support_client, email):
    assert EMAIL in admin_client.get("/journal/email/").text
    assert EMAIL not in support_client.get("/journal/email/").text
    assert _reveals() == []


def test_nothing_to_reveal_in_a_tab_without_personal_data(admin_client, make_entry):
    entry = make_entry("offers", message="Oferta zakończona")
    page = admin_client.get(entry.get_absolute_url())
    assert "Show personal data" not in page.text
    assert admin_client.post(_reveal_url(entry)).status_code == 404
    assert admin_client.post("/journal/email/999999999/reveal/").status_code == 404
    assert _reveals() == []
