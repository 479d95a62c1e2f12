"""Placeholder until its owner writes it (replace the whole file)."""

from django.views import View


class AccountListView(View):
    pass


class AccountCreateView(View):
    pass


class ConnectionView(View):
    pass
