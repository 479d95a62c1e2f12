from eventlog.models import TabRetention


def test_shop_admin_changes_how_long_a_tab_keeps_entries(admin_client, db):
    page = admin_client.get("/journal/settings/")
    assert page.status_code == 200
    assert "Messages still waiting after 24 hours are removed" in page.text
    data = {field: value for field, value in page.context["form"].initial.items()}
    data.update({name: field.initial for name, field in page.context["form"].fields.items()})
    data["sms"] = 14
    response = admin_client.post("/journal/settings/", data, follow=True)
    assert "Journal settings saved" in response.text
    assert TabRetention.objects.get(tab="sms").days == 14
    assert not TabRetention.objects.filter(tab="offers").exists()  # unchanged default is not stored


def test_bad_value_is_refused_and_nothing_saved(admin_client, db):
    page = admin_client.get("/journal/settings/")
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data["sms"] = 0
    data["offers"] = 10
    assert admin_client.post("/journal/settings/", data).status_code == 400
    assert not TabRetention.objects.exists()


def test_support_cannot_open_the_settings(support_client):
    assert support_client.get("/journal/settings/").status_code == 403
