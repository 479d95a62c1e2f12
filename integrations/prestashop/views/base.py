"""What every section page of an account shares: the account, its section nav and activity log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from .. import sections
from ..models import Account


class AccountSectionMixin(PermissionRequiredMixin):
    """A page of one account's section (URL kwarg `account`); templates extend prestashop/account_base.html.

    `section` is the slug of the section (and of its entries' event type); `activity_types`
    the event types its activity log shows (default: the section's own).
    """

    permission_required = "prestashop.view_account"
    section: str = ""
    activity_types: tuple[str, ...] = ()
    kwargs: dict[str, Any]

    @cached_property
    def account(self) -> Account:
        return get_object_or_404(Account, pk=self.kwargs["account"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        types = self.activity_types or (self.section,)
        context.update(
            account=self.account,
            section=self.section,
            sections=sections.nav(self.account),
            activity=sections.activity(self.account, *types),
            activity_url=sections.activity_url(self.account, types[0]),
            may_change=self.request.user.has_perm("prestashop.change_account"),  # type: ignore[attr-defined]
        )
        return context
