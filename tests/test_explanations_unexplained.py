"""Shop admins see the codes the journal emits that have no explanation yet."""

import datetime as dt

from django.utils import timezone


def test_unexplained_codes_most_frequent_first_without_explained_ones(admin_client, make_entry):
    for _ in range(3):
        make_entry("offers", severity="error", message_code="ALLEGRO_TOKEN_EXPIRED")
    make_entry("amazon", severity="warning", message_code="AMAZON_ASIN_UNKNOWN")
    make_entry("sms", severity="info", message_code="SMS_INFO_ONLY")
    make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED")  # explained
    make_entry("offers", severity="error", message_code="TOO_OLD", occurred_at=timezone.now() - dt.timedelta(days=40))

    page = admin_client.get("/journal/codes/unexplained/")
    assert page.status_code == 200
    assert "last 30 days" in page.text
    assert page.text.index("ALLEGRO_TOKEN_EXPIRED") < page.text.index("AMAZON_ASIN_UNKNOWN")
    for hidden in ("SMS_INFO_ONLY", "PS_AUTH_FAILED", "TOO_OLD"):
        assert hidden not in page.text
    assert 'href="/journal/codes/new/?code=ALLEGRO_TOKEN_EXPIRED"' in page.text


def test_writing_an_explanation_starts_with_the_code_filled_in(admin_client, make_entry):
    make_entry("offers", severity="error", message_code="ALLEGRO_TOKEN_EXPIRED")
    form = admin_client.get("/journal/codes/new/?code=ALLEGRO_TOKEN_EXPIRED")
    assert 'value="ALLEGRO_TOKEN_EXPIRED"' in form.text
    data = {"code": "ALLEGRO_TOKEN_EXPIRED", "title_en": "Token expired"}
    admin_client.post("/journal/codes/new/", data, follow=True)
    assert "?code=ALLEGRO_TOKEN_EXPIRED" not in admin_client.get("/journal/codes/unexplained/").text


def test_only_shop_admins_see_the_unexplained_codes(support_client, admin_client):
    assert support_client.get("/journal/codes/unexplained/").status_code == 403
    assert "/journal/codes/unexplained/" not in support_client.get("/journal/codes/").text
    assert "/journal/codes/unexplained/" in admin_client.get("/journal/codes/").text


def test_unexplained_table_headers_and_cells(admin_client, make_entry):
    make_entry("offers", severity="error", message_code="ALLEGRO_TOKEN_EXPIRED")
    page = admin_client.get("/journal/codes/unexplained/")
    assert '<th scope="col" class="text-end">Entries</th>' in page.text
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in page.text
    assert '<td class="text-break"><code>ALLEGRO_TOKEN_EXPIRED</code></td><td class="text-end">1</td>' in page.text
    assert "?sort=" not in page.text  # most frequent first is the point: no other order
