SCRIPT = "<script>alert(1)</script>"


def test_outside_text_is_shown_as_text_everywhere(admin_client, make_entry):
    entry = make_entry(
        "offers", message=SCRIPT, object_id='"><img src=x onerror=alert(2)>', account=SCRIPT,
        data={SCRIPT: SCRIPT}, event_type="comment",
    )  # fmt: skip
    pages = [
        "/journal/offers/?group=0",
        "/journal/offers/",
        f"/journal/offers/{entry.pk}/",
        "/journal/search/?q=" + '"><img src=x onerror=alert(2)>',
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.text, url
        assert "<img src=x" not in response.text, url
    detail = admin_client.get(f"/journal/offers/{entry.pk}/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail.text


def test_pages_forbid_inline_scripts(admin_client, db):
    response = admin_client.get("/journal/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
