"""The run page speaks the user's language: kinds and counters by their labels."""

from eventlog.models import Run


def test_run_page_names_the_kind_and_every_counter(admin_client):
    run = Run.objects.create(
        kind="erp_import",
        tab="erp-sync",
        status="succeeded",
        counters={"products_received": 14, "offers": 3, "odd_key": 1},
    )
    page = admin_client.get(f"/journal/runs/{run.pk}/").text
    assert "Import from ERP" in page
    assert "Products received" in page and "products_received" not in page
    # Retention counts per tab are keyed by the tab: shown by its title.
    assert "Offers" in page
    assert "odd key" in page


def test_a_run_of_an_unknown_kind_still_shows(admin_client):
    run = Run.objects.create(kind="made_up", status="failed", counters={"x": 1})
    assert "made_up" in admin_client.get(f"/journal/runs/{run.pk}/").text
