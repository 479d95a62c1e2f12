"""Shop templates through their pages: every change lands in the Shop appearance tab with its diff."""

import re

import pytest
from django.conf import settings
from django.test import Client

from eventlog.models import Entry
from integrations.theme.models import ShopTemplate

HEADER = '<header>\n  <a href="/">Sklep</a>\n</header>\n'


def create(client: Client, name: str = "Nagłówek", kind: str = "header", content: str = HEADER) -> ShopTemplate:
    response = client.post("/appearance/new/", {"name": name, "kind": kind, "content": content})
    assert response.status_code == 302, response.text
    return ShopTemplate.objects.get(name=name)


def edit(client: Client, template: ShopTemplate, **changes):
    data = {"name": template.name, "kind": template.kind, "content": template.content, "version": template.version}
    return client.post(f"/appearance/{template.pk}/edit/", {**data, **changes})


def entry_of(event: str, part: str) -> Entry:
    return Entry.objects.get(tab="appearance", event_type=event, object_id=part)


def test_an_edit_posted_through_the_form_is_on_the_tab_and_its_diff_is_escaped(admin_client):
    template = create(admin_client)
    response = edit(admin_client, template, content=HEADER.replace("</header>", "<script>alert(1)</script>\n</header>"))
    assert response.status_code == 302

    listing = admin_client.get("/journal/appearance/")
    assert listing.status_code == 200
    edited = entry_of("template_edited", "content")
    assert f"/journal/appearance/{edited.pk}/" in listing.text
    assert "Template edited" in listing.text and "alice" in listing.text and "Nagłówek" in listing.text

    detail = admin_client.get(f"/journal/appearance/{edited.pk}/")
    assert detail.status_code == 200
    assert "Template “Nagłówek”: content edited (lines added: 1, removed: 0)." in detail.text
    added = '<span class="d-block px-2 diff-added bg-success-subtle text-success-emphasis">'
    assert added + "+&lt;script&gt;alert(1)&lt;/script&gt;</span>" in detail.text
    assert "<script>alert(1)" not in detail.text
    assert edited.actor == "alice" and edited.initiator == "manual" and edited.object_type == "template"


def test_create_rename_publish_and_delete_each_write_their_entry(admin_client):
    template = create(admin_client, name="Stopka", kind="footer", content="<footer>A</footer>\n")
    created = entry_of("template_created", "template")
    assert created.data["template"] == "Stopka" and "+<footer>A</footer>" in created.data["diff"]

    assert edit(admin_client, template, name="Stopka główna", kind="page_layout").status_code == 302
    renamed = entry_of("template_edited", "name")
    assert renamed.data["diff"].endswith("-Stopka\n+Stopka główna")
    kind = entry_of("template_edited", "kind")
    with_en = admin_client.get(f"/journal/appearance/{kind.pk}/")
    assert "kind changed from Footer to Page layout" in with_en.text
    assert not Entry.objects.filter(tab="appearance", object_id="content").exists()  # the content stayed

    template.refresh_from_db()
    assert template.version == 2
    assert admin_client.post(f"/appearance/{template.pk}/publish/", {"version": 2}).status_code == 302
    published = entry_of("template_published", "published")
    assert published.data["diff"].endswith("+<footer>A</footer>")  # nothing was live before
    edit(admin_client, template_now(template), content="<footer>B</footer>\n")
    admin_client.post(f"/appearance/{template.pk}/publish/", {"version": 3})
    second = Entry.objects.filter(tab="appearance", event_type="template_published").latest("id")
    assert "-<footer>A</footer>\n+<footer>B</footer>" in second.data["diff"]  # published before → published now

    page = admin_client.post(f"/appearance/{template.pk}/delete/", {"version": 3}, follow=True)
    assert "is live in the shop. Withdraw it from the shop (Unpublish) first" in page.text
    assert ShopTemplate.objects.filter(pk=template.pk).exists()
    admin_client.post(f"/appearance/{template.pk}/unpublish/", {"version": 3})
    assert entry_of("template_unpublished", "published").data["diff"].endswith("-<footer>B</footer>")
    page = admin_client.post(f"/appearance/{template.pk}/delete/", {"version": 3}, follow=True)
    assert "Template “Stopka główna” deleted." in page.text
    assert not ShopTemplate.objects.filter(pk=template.pk).exists()
    assert "-<footer>B</footer>" in entry_of("template_deleted", "template").data["diff"]


def template_now(template: ShopTemplate) -> ShopTemplate:
    return ShopTemplate.objects.get(pk=template.pk)


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_text(admin_client, alice):
    template = create(admin_client)
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(alice)
    assert edit(other, template, content=HEADER + "<!-- first -->\n").status_code == 302
    stale = edit(admin_client, template, content=HEADER + "<!-- second -->\n")  # opened at version 1 too
    assert stale.status_code == 409
    assert "was changed by alice after you opened it" in stale.text and "Nothing was saved" in stale.text
    assert "&lt;!-- second --&gt;" in stale.text  # the refused text is still in the form
    saved = template_now(template)
    assert saved.version == 2 and "first" in saved.content and "second" not in saved.content
    assert Entry.objects.filter(tab="appearance", event_type="template_edited").count() == 1


def test_a_stale_publish_is_refused(admin_client):
    template = create(admin_client)
    edit(admin_client, template, content="<header>v2</header>\n")
    page = admin_client.post(f"/appearance/{template.pk}/publish/", {"version": 1}, follow=True)
    assert "after you opened it" in page.text
    assert not template_now(template).is_published


def test_a_huge_diff_is_truncated_under_the_data_limit_and_says_so(admin_client):
    content = "".join(f"<p>linia {i} {'ż' * 40}</p>\n" for i in range(3000))
    template = create(admin_client, name="Długi", kind="page_layout", content=content)
    created = entry_of("template_created", "template")
    assert created.data["diff_truncated"] is True and created.data["diff_lines"] == 3003
    assert len(Entry.objects.filter(pk=created.pk).values_list("data", flat=True)[0]["diff"]) < 32 * 1024
    detail = admin_client.get(f"/journal/appearance/{created.pk}/")
    assert "Diff truncated" in detail.text and "3003 lines in all" in detail.text
    assert template.content == content
    assert settings.JOURNAL_DATA_MAX_BYTES == 32 * 1024


def test_bad_input_gets_a_clear_error_not_a_500(admin_client):
    create(admin_client, name="Karta")
    taken = admin_client.post("/appearance/new/", {"name": "karta", "kind": "header", "content": ""})
    assert taken.status_code == 400 and "exists already" in taken.text
    bad_kind = admin_client.post("/appearance/new/", {"name": "X", "kind": "nope", "content": ""})
    assert bad_kind.status_code == 400 and "Select a valid choice" in bad_kind.text
    template = ShopTemplate.objects.get(name="Karta")
    no_version = admin_client.post(f"/appearance/{template.pk}/edit/", {"name": "Karta", "kind": "header"})
    assert no_version.status_code == 400 and "open the template again" in no_version.text
    assert admin_client.post(f"/appearance/{template.pk}/publish/", {"version": "x"}).status_code == 302
    assert admin_client.get("/appearance/999999/").status_code == 404
    assert not Entry.objects.filter(tab="appearance").exclude(event_type="template_created").exists()


def test_support_reads_templates_but_changes_nothing(admin_client, support_client):
    template = create(admin_client, content="<b>Witaj</b> <script>x()</script>\n")
    listing = support_client.get("/appearance/")
    assert listing.status_code == 200 and "Nagłówek" in listing.text
    page = support_client.get(f"/appearance/{template.pk}/")
    assert page.status_code == 200 and "&lt;script&gt;x()&lt;/script&gt;" in page.text
    assert not re.search(r'action="/appearance/\d+/publish/"', page.text)
    assert support_client.get(f"/appearance/{template.pk}/edit/").status_code == 403
    assert support_client.post(f"/appearance/{template.pk}/publish/", {"version": 1}).status_code == 403
    assert support_client.post(f"/appearance/{template.pk}/delete/", {"version": 1}).status_code == 403
    assert support_client.post("/appearance/new/", {"name": "Y", "kind": "header"}).status_code == 403
    assert not template_now(template).is_published


def test_shop_admins_see_the_sidebar_link(admin_client):
    assert 'href="/appearance/"' in admin_client.get("/journal/").text


@pytest.mark.django_db
def test_demo_makes_templates_through_the_real_flow_once():
    from integrations.theme import demo

    assert demo.seed_templates() == []
    assert ShopTemplate.objects.count() == 4
    events = set(Entry.objects.filter(tab="appearance").values_list("event_type", flat=True))
    assert events == {"template_created", "template_edited", "template_published", "template_deleted"}
    assert set(Entry.objects.filter(tab="appearance").values_list("actor", flat=True)) == {"gosia", "marek.grafik"}
    count = Entry.objects.count()
    demo.seed_templates()
    assert Entry.objects.count() == count
