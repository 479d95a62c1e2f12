"""The knowledge base pages: list, one explanation with its recent entries, editing."""

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from explanations.models import Explanation


def test_every_logged_in_user_reads_the_list_and_searches_it(client, charlie):
    client.force_login(charlie)
    page = client.get("/journal/codes/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    first = Explanation.objects.order_by("code").values_list("code", flat=True).first()
    assert first in page.text  # by code, first page first
    assert "New explanation" not in page.text  # no role: reading only
    found = client.get("/journal/codes/?q=mailbox", HTTP_ACCEPT_LANGUAGE="en")
    assert "SMTP_NO_MAILBOX" in found.text
    assert "PS_AUTH_FAILED" not in found.text


def test_the_list_is_in_the_navigation(support_client):
    page = support_client.get("/journal/")
    assert 'href="/journal/codes/"' in page.text


def test_explanation_page_lists_recent_problems_with_the_code_across_tabs(support_client, make_entry):
    make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED", message="Klucz odrzucony w sklepie A")
    make_entry("offers", severity="warning", message_code="PS_AUTH_FAILED", message="Ten sam kod w ofertach")
    make_entry("prestashop", severity="info", message_code="PS_AUTH_FAILED", message="Informacja, nie problem")
    make_entry("prestashop", severity="error", message_code="PS_UNMAPPED_CATEGORY", message="Inny kod")
    newest = make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED", message="Najnowszy",
                        occurred_at=timezone.now())  # fmt: skip

    page = support_client.get("/journal/codes/PS_AUTH_FAILED/")
    assert page.status_code == 200
    assert "PrestaShop refused the API key" in page.text
    assert "Advanced Parameters → Webservice" in page.text  # how to fix it
    assert "Klucz odrzucony w sklepie A" in page.text
    assert "Ten sam kod w ofertach" in page.text and "Offers" in page.text
    assert "Informacja, nie problem" not in page.text
    assert "Inny kod" not in page.text
    assert f'href="/journal/prestashop/{newest.pk}/"' in page.text
    assert page.text.index("Najnowszy") < page.text.index("Klucz odrzucony w sklepie A")
    assert 'href="/journal/codes/PS_AUTH_FAILED/edit/"' not in page.text  # support does not edit


def test_explanation_page_escapes_outside_text(admin_client, make_entry):
    make_entry("sms", severity="error", message_code="SMS_GATEWAY_REJECTED",
               message="<script>alert('sms')</script>", object_id="<b>+48600</b>")  # fmt: skip
    Explanation.objects.filter(code="SMS_GATEWAY_REJECTED").update(meaning_en="<img src=x onerror=alert(1)>")
    page = admin_client.get("/journal/codes/SMS_GATEWAY_REJECTED/")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#x27;sms&#x27;)&lt;/script&gt;" in page.text
    assert "<b>+48600</b>" not in page.text
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_entries_are_not_shown_to_people_who_cannot_read_the_journal(client, charlie, make_entry):
    make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED", message="Poufny wpis dziennika")
    client.force_login(charlie)
    page = client.get("/journal/codes/PS_AUTH_FAILED/")
    assert page.status_code == 200
    assert "Poufny wpis dziennika" not in page.text


def test_unknown_code_is_404(support_client):
    assert support_client.get("/journal/codes/NO_SUCH_CODE/").status_code == 404


def edit_data(**overrides) -> dict:
    data = {"title_pl": "Tytuł PL", "title_en": "Title EN", "meaning_pl": "Znaczy PL", "meaning_en": "Means EN",
            "fix_pl": "Napraw PL", "fix_en": "Fix EN"}  # fmt: skip
    data.update(overrides)
    return data


def test_shop_admin_edits_and_readers_see_their_language(admin_client, alice):
    form = admin_client.get("/journal/codes/TRACKING_MISSING/edit/")
    assert form.status_code == 200
    assert "Order without a tracking number after 48 hours" in form.text
    response = admin_client.post("/journal/codes/TRACKING_MISSING/edit/", edit_data(), follow=True)
    assert "Explanation of TRACKING_MISSING saved" in response.text
    assert "Title EN" in response.text and "Fix EN" in response.text
    assert "Tytuł PL" not in response.text
    saved = Explanation.objects.get(code="TRACKING_MISSING")
    assert saved.edited and saved.updated_by == alice

    polish = Client(HTTP_ACCEPT_LANGUAGE="pl")
    polish.force_login(alice)
    page = polish.get("/journal/codes/TRACKING_MISSING/")
    assert "Tytuł PL" in page.text and "Napraw PL" in page.text
    assert "Title EN" not in page.text


def test_a_text_missing_in_one_language_falls_back_to_the_other(admin_client):
    admin_client.post("/journal/codes/TRACKING_MISSING/edit/", edit_data(title_en="", fix_en=""))
    page = admin_client.get("/journal/codes/TRACKING_MISSING/")
    assert "Tytuł PL" in page.text and "Napraw PL" in page.text and "Means EN" in page.text


def test_an_explanation_needs_a_title(admin_client):
    response = admin_client.post("/journal/codes/TRACKING_MISSING/edit/", edit_data(title_pl="", title_en=""))
    assert response.status_code == 400
    assert "Give a title in at least one language" in response.text


def test_shop_admin_creates_an_explanation(admin_client):
    response = admin_client.post("/journal/codes/new/", {"code": "ALLEGRO_TOKEN_EXPIRED", **edit_data()}, follow=True)
    assert "Explanation of ALLEGRO_TOKEN_EXPIRED saved" in response.text
    assert Explanation.objects.get(code="ALLEGRO_TOKEN_EXPIRED").edited
    again = admin_client.post("/journal/codes/new/", {"code": "ALLEGRO_TOKEN_EXPIRED", **edit_data()})
    assert again.status_code == 400  # one explanation per code
    bad = admin_client.post("/journal/codes/new/", {"code": "a/b c", **edit_data()})
    assert bad.status_code == 400


def test_support_and_people_without_a_role_cannot_edit(support_client, client, charlie):
    client.force_login(charlie)
    for c in (support_client, client):
        assert c.get("/journal/codes/TRACKING_MISSING/edit/").status_code == 403
        assert c.post("/journal/codes/TRACKING_MISSING/edit/", edit_data()).status_code == 403
        assert c.post("/journal/codes/new/", {"code": "X_NEW", **edit_data()}).status_code == 403
    assert Explanation.objects.get(code="TRACKING_MISSING").title_en != "Title EN"
    assert not Explanation.objects.filter(code="X_NEW").exists()


def test_old_entries_still_listed_newest_first_up_to_the_limit(support_client, make_entry):
    from explanations import queries

    base = timezone.now() - dt.timedelta(days=200)
    for i in range(queries.RECENT_LIMIT + 3):
        make_entry("prestashop", severity="warning", message_code="PS_UNMAPPED_CATEGORY",
                   message=f"Kategoria nr {i:03d}", occurred_at=base + dt.timedelta(minutes=i))  # fmt: skip
    page = support_client.get("/journal/codes/PS_UNMAPPED_CATEGORY/")
    assert f"Kategoria nr {queries.RECENT_LIMIT + 2:03d}" in page.text
    assert "Kategoria nr 002" not in page.text


def test_superusers_have_the_django_admin_too(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "secret-pass-123"))
    page = client.get("/admin/explanations/explanation/?q=PS_AUTH", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "PS_AUTH_FAILED" in page.text


def listed_codes(response) -> list[str]:
    return re.findall(r'<a href="/journal/codes/[^"]+/"><code>([^<]+)</code></a>', response.text)


def test_the_code_list_is_ordered_and_paged_by_its_table(support_client):
    Explanation.objects.all().delete()
    for i in range(55):
        Explanation.objects.create(code=f"CODE_{i:02d}", title_en=f"Title {54 - i:02d}", title_pl=f"Tytuł {54 - i:02d}")
    first = support_client.get("/journal/codes/")
    assert listed_codes(first) == [f"CODE_{i:02d}" for i in range(50)]
    assert "Page 1 of 2" in first.text
    headers = re.findall(r"<th [^>]*>(?:<a [^>]*>)?([^<]*)", first.text)
    assert headers == ["Code", "Title"]
    assert listed_codes(support_client.get("/journal/codes/?page=2")) == [f"CODE_{i:02d}" for i in range(50, 55)]
    by_title = support_client.get("/journal/codes/?sort=title")  # in the reader's language
    assert listed_codes(by_title)[:2] == ["CODE_54", "CODE_53"]
    newest_code_first = support_client.get("/journal/codes/?sort=-code&q=CODE_5")
    assert listed_codes(newest_code_first) == ["CODE_54", "CODE_53", "CODE_52", "CODE_51", "CODE_50"]


def test_recent_entries_table_shows_severity_date_tab_object_and_message(support_client, make_entry):
    entry = make_entry("offers", severity="warning", message_code="PS_AUTH_FAILED", message="Klucz " * 60)
    page = support_client.get("/journal/codes/PS_AUTH_FAILED/")
    headers = re.findall(r"<th [^>]*>(.*?)</th>", page.text)
    assert headers == ['<span class="visually-hidden">Severity</span>', "Date", "Tab", "Object", "Message"]
    assert re.search(r'<tr class="severity-row-warning[^"]*"><td class="col-severity">', page.text)
    assert '<span class="severity severity-warning" title="Warning">' in page.text
    assert f'<a href="/journal/offers/{entry.pk}/">' in page.text
    # Tab and object from md up; a phone shows the date, severity and message.
    assert (
        '<td class="d-md-table-cell d-none">Offers</td><td class="d-md-table-cell d-none text-nowrap">—</td>'
        in page.text
    )
    shown = re.search(r'<td class="col-message">([^<]*)</td>', page.text).group(1)
    assert len(shown) == 200 and shown.endswith("…")  # cut at 200 characters
