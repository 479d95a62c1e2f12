"""The list of job runs: /journal/runs/."""

import re

import pytest

from eventlog.models import Run


def run_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<a href="/journal/runs/(\d+)/">#\d+</a>', response.text)]


@pytest.fixture
def some_runs(alice):
    return [
        Run.objects.create(kind="erp_import", tab="erp-sync", status="succeeded", progress_done=12, progress_total=12),
        Run.objects.create(kind="erp_export", tab="erp-sync", status="failed", created_by=alice),
        Run.objects.create(kind="retention", status="running", progress_done=3, progress_total=10),
    ]


def test_runs_are_listed_newest_first_with_what_a_user_needs(support_client, some_runs):
    page = support_client.get("/journal/runs/")
    assert page.status_code == 200
    assert run_ids(page) == [r.pk for r in reversed(some_runs)]
    headers = re.findall(r"<th [^>]*>(?:<a [^>]*>)?([^<]*)", page.text)
    assert headers == ["Run", "Kind", "Tab", "Status", "Started", "Finished", "Progress", "Started by"]
    assert "Import from ERP" in page.text and "ERP sync" in page.text
    assert '<span class="badge run-status-failed">Failed</span>' in page.text
    assert '<progress class="w-100" max="10" value="3">30%</progress>' in page.text
    assert "alice" in page.text


def test_the_run_list_is_in_the_navigation(support_client, charlie, client):
    assert 'href="/journal/runs/"' in support_client.get("/journal/").text
    client.force_login(charlie)
    assert client.get("/journal/runs/").status_code == 403


@pytest.mark.parametrize(("query", "index"), [("status=failed", 1), ("kind=retention", 2)])
def test_each_filter_narrows_the_run_list(support_client, some_runs, query, index):
    page = support_client.get(f"/journal/runs/?{query}")
    assert run_ids(page) == [some_runs[index].pk]
    assert "filter-chip" in page.text


def test_a_bad_run_filter_is_a_400_that_lists_nothing(support_client, some_runs):
    page = support_client.get("/journal/runs/?status=exploded")
    assert page.status_code == 400
    assert run_ids(page) == []


def test_runs_are_ordered_by_a_column_and_paged(support_client, db):
    runs = [Run.objects.create(kind="retention", status="succeeded") for _ in range(55)]
    first = support_client.get("/journal/runs/")
    assert len(run_ids(first)) == 50
    assert "Page 1 of 2" in first.text
    second = support_client.get("/journal/runs/?page=2")
    assert run_ids(second) == [r.pk for r in reversed(runs[:5])]
    oldest_first = support_client.get("/journal/runs/?sort=run")
    assert run_ids(oldest_first)[:3] == [r.pk for r in runs[:3]]
    assert 'aria-sort="ascending"' in oldest_first.text


def test_htmx_gets_only_the_run_results(support_client, some_runs):
    page = support_client.get("/journal/runs/?status=failed", headers={"HX-Request": "true"})
    assert "<html" not in page.text and run_ids(page) == [some_runs[1].pk]


def test_run_list_query_count_baseline(support_client, some_runs, django_assert_max_num_queries):
    # Session, user, permissions, the kinds for the filter, the count and the page (with its users).
    with django_assert_max_num_queries(7):
        assert support_client.get("/journal/runs/").status_code == 200
