"""The benchmark hook that `journal_bench` calls runs on a small journal."""

from eventlog.bench.export import measure_export


def test_measure_export_reports_the_three_rates(make_entry):
    for i in range(30):
        make_entry("sms", message=f"=SMS {i}")
    lines = []
    figures = measure_export("sms", 20, lines.append)
    assert set(figures) == {"export_rows_per_s", "xlsx_raw_rows_per_s", "csv_rows_per_s"}
    assert all(value > 0 for value in figures.values())
    assert any("20 rows" in line for line in lines)
