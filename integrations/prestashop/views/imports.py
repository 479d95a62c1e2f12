"""Placeholder until its owner writes it (replace the whole file)."""

from django.views import View


class ImportListView(View):
    pass


class ImportCreateView(View):
    pass


class ImportDetailView(View):
    pass
