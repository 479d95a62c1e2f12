from django.test import Client


def test_polish_is_the_default(alice):
    client = Client()
    client.force_login(alice)
    response = client.get("/journal/offers/")
    assert "Oferty" in response.text
    assert 'lang="pl"' in response.text


def test_the_browser_can_ask_for_english(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    client.force_login(alice)
    response = client.get("/journal/offers/")
    assert "Offers" in response.text
    assert 'lang="en"' in response.text


def test_the_switcher_changes_the_language(alice):
    client = Client()
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/journal/"})
    assert 'lang="en"' in client.get("/journal/").text


def test_the_language_can_be_switched_before_logging_in(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    assert "Log in to the event journal" in response.text
