"""The 403, 404 and 500 pages are the panel's own, in the reader's language."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error


@pytest.mark.parametrize(
    ("language", "title", "back"),
    [("en", "Page not found", "Back to the overview"), ("pl", "Nie znaleziono strony", "Wróć do przeglądu")],
)
def test_an_unknown_address_shows_the_panels_404(alice, language, title, back):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(alice)
    response = client.get("/journal/offers/999999999/")
    assert response.status_code == 404
    assert f'lang="{language}"' in response.text
    assert title in response.text
    assert f'href="/journal/"><i class="bi bi-grid" aria-hidden="true"></i> {back}</a>' in response.text
    assert "alice" in response.text  # the panel's header: base.html with its context


@pytest.mark.parametrize(
    ("language", "title", "back"),
    [("en", "Access denied", "Back to the overview"), ("pl", "Brak dostępu", "Wróć do przeglądu")],
)
def test_a_user_without_a_role_sees_the_panels_403(charlie, language, title, back):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(charlie)
    response = client.get("/journal/offers/")
    assert response.status_code == 403
    assert f'lang="{language}"' in response.text
    assert title in response.text
    assert back in response.text


@pytest.mark.parametrize(("language", "title"), [("en", "Server error"), ("pl", "Błąd serwera")])
def test_the_500_page_renders_without_a_request_context(language, title):
    with translation.override(language):
        response = server_error(RequestFactory().get("/journal/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert f'lang="{language}"' in text
    assert f'<h1 class="h4" id="error-title">{title}</h1>' in text
    assert 'href="/journal/"' in text
    assert 'href="/static/css/dziennik.' in text  # the panel's own styles, hashed in production


def test_a_form_sent_without_its_csrf_token_gets_the_panels_page(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/journal/email/delete/", {"ids": ["1"]})
    assert response.status_code == 403
    assert '<h1 class="h4" id="error-title">The form has expired</h1>' in response.text
    assert "DEBUG" not in response.text
