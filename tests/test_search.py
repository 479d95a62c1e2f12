from eventlog import writer


def test_search_finds_an_object_in_every_tab_it_appears_in(admin_client, make_entry):
    make_entry("offers", object_id="123456", message="Zamówienie utworzone", event_type="order_created")
    make_entry("amazon", object_id="123456", message="Zamówienie z Amazon", event_type="order")
    make_entry("baselinker", object_id="123456", message="Zamówienie w BaseLinker", event_type="order_import")
    make_entry("sms", object_id="+48600100200", message="Inny obiekt")

    response = admin_client.get("/journal/search/?q=123456")
    assert response.status_code == 200
    for title, text in (("Offers", "Zamówienie utworzone"), ("Amazon", "Zamówienie z Amazon"),
                        ("BaseLinker", "Zamówienie w BaseLinker")):  # fmt: skip
        assert title in response.text
        assert text in response.text
    assert "Inny obiekt" not in response.text


def test_search_by_email_ignores_case(admin_client, make_entry):
    make_entry("email", object_id="jan.kowalski@example.com", message="550 Skrzynka nie istnieje")
    response = admin_client.get("/journal/search/?q=Jan.Kowalski@example.com")
    assert "550 Skrzynka nie istnieje" in response.text


def test_search_without_hits_says_so(admin_client, db):
    response = admin_client.get("/journal/search/?q=nothing-here")
    assert "No entry concerns this object" in response.text


def test_search_is_capped_and_says_so(admin_client, db):
    from eventlog import journal

    writer.record_many([{"tab": "sms", "message": f"m{i}", "object_id": "X"} for i in range(journal.SEARCH_LIMIT + 5)])
    response = admin_client.get("/journal/search/?q=X")
    assert f"Showing the newest {journal.SEARCH_LIMIT} entries" in response.text
