"""`journal_bench`'s render measurement: the offers list page of 50 in-memory rows, no database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from eventlog.bench.render import measure_render, render_page, sample_rows


def test_render_bench_renders_the_whole_list_page_without_the_database(db):
    rows = sample_rows()
    with CaptureQueriesContext(connection) as ctx:
        html = render_page(rows)
        result = measure_render(repeat=3)
    assert not ctx.captured_queries
    # The page a user gets: the layout with its navigation, the filter form, 50 rows and the pager.
    assert "<nav" in html and 'class="card card-body filter-form' in html
    assert html.count('<tr class="severity-row-') == 50
    assert 'rel="next"' in html
    assert result["render_p50_ms"] > 0
