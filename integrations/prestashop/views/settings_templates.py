"""Placeholder until its owner writes it (replace the whole file)."""

from django.views import View


class TemplateListView(View):
    pass


class TemplateCreateView(View):
    pass


class TemplateUpdateView(View):
    pass


class TemplateDeleteView(View):
    pass


class TemplateDefaultView(View):
    pass
