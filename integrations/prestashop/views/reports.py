"""Placeholder until its owner writes it (replace the whole file)."""

from django.views import View


class SyncReportListView(View):
    pass
