"""An entry's page links a warning or error with a known code to its explanation."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

LINK_TEXT = "What does this mean and how to fix it"


def test_error_with_a_known_code_links_to_its_explanation(support_client, make_entry):
    entry = make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED", message="401 Unauthorized")
    with CaptureQueriesContext(connection) as queries:
        page = support_client.get(f"/journal/prestashop/{entry.pk}/")
    assert page.status_code == 200
    assert LINK_TEXT in page.text
    assert 'href="/journal/codes/PS_AUTH_FAILED/"' in page.text
    assert "PrestaShop refused the API key (401 Unauthorized)" in page.text
    assert sum("explanations_explanation" in q["sql"] for q in queries.captured_queries) == 1


def test_unknown_code_and_info_entries_have_no_link(support_client, make_entry):
    unknown = make_entry("offers", severity="error", message_code="SOMETHING_NEW", message="Nowy błąd")
    info = make_entry("prestashop", severity="info", message_code="PS_AUTH_FAILED", message="Tylko informacja")
    for entry in (unknown, info):
        page = support_client.get(f"/journal/{entry.tab}/{entry.pk}/")
        assert page.status_code == 200
        assert LINK_TEXT not in page.text
