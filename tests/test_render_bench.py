"""`journal_bench`'s render measurement: the offers table of 50 in-memory rows, no database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from eventlog.bench.render import measure_render, render_page, sample_rows


def test_render_bench_renders_the_list_table_without_the_database(db):
    rows = sample_rows()
    with CaptureQueriesContext(connection) as ctx:
        html = render_page(rows)
        result = measure_render(repeat=3)
    assert not ctx.captured_queries
    assert html.count('<tr class="severity-row-') == 50
    assert result["render_p50_ms"] > 0
