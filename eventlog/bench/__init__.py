"""Measurements behind `manage.py journal_bench`, one module per part of the journal."""
