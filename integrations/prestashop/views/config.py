"""Placeholder until its owner writes it (replace the whole file)."""

from django.views import View


class MappingView(View):
    pass


class AnalyseView(View):
    pass


class OrderSettingsView(View):
    pass


class ProductFieldsView(View):
    pass
