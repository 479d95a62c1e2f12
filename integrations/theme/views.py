"""Pages of the shop templates: everyone with the view permission reads, shop admins change.

The views parse the form, call an action (actions.py, which writes the journal entry)
and render; a refused change (stale version, taken name, live template) is shown as
a clear message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View
from django_tables2 import SingleTableMixin

from . import actions, diffs
from .forms import TemplateForm, VersionForm
from .models import CONTENT_MAX_CHARS, ShopTemplate
from .tab import APPEARANCE
from .tables import TemplateTable

#: A page's diff (draft against live, or a conflict) is capped like a journal entry's, but larger.
PAGE_DIFF_BYTES = 4 * CONTENT_MAX_CHARS


def journal_url(template: ShopTemplate) -> str:
    """The appearance tab filtered to entries naming this template (its name is in each message)."""
    return reverse("eventlog:tab", args=[APPEARANCE.slug]) + "?" + urlencode({"q": template.name, "group": "0"})


def page_diff(before: str, after: str, before_label: str, after_label: str) -> diffs.Diff:
    return diffs.unified(before, after, before_label=before_label, after_label=after_label, budget=PAGE_DIFF_BYTES)


class TemplateListView(PermissionRequiredMixin, SingleTableMixin, ListView):
    permission_required = "theme.view_shoptemplate"
    template_name = "theme/list.html"
    table_class = TemplateTable

    def get_queryset(self) -> QuerySet[ShopTemplate]:
        return ShopTemplate.objects.select_related("updated_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(journal_url=reverse("eventlog:tab", args=[APPEARANCE.slug]), **kwargs)


class TemplateDetailView(PermissionRequiredMixin, TemplateView):
    """A template read-only: its draft, what is not published yet, and the buttons of its changes."""

    permission_required = "theme.view_shoptemplate"
    template_name = "theme/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        template = get_object_or_404(ShopTemplate.objects.select_related("updated_by"), pk=kwargs["pk"])
        pending = None
        if template.has_unpublished_changes:
            pending = page_diff(template.published_content or "", template.content, "published", "draft")
        return super().get_context_data(template=template, pending=pending, journal_url=journal_url(template), **kwargs)


class TemplateCreateView(PermissionRequiredMixin, TemplateView):
    permission_required = "theme.add_shoptemplate"
    template_name = "theme/form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=TemplateForm(creating=True)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TemplateForm(request.POST, creating=True)
        if form.is_valid():
            try:
                template = actions.create_template(
                    name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                    content=form.cleaned_data["content"], user=request.user,
                )  # fmt: skip
            except actions.NameTaken as exc:
                form.add_error("name", str(exc))
            else:
                messages.success(request, _("Template “%(name)s” created as a draft.") % {"name": template.name})
                return redirect(template)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateEditView(PermissionRequiredMixin, TemplateView):
    permission_required = "theme.change_shoptemplate"
    template_name = "theme/form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = get_object_or_404(ShopTemplate, pk=kwargs["pk"])
        initial = {"name": template.name, "kind": template.kind, "content": template.content,
                   "version": template.version}  # fmt: skip
        return self.render_to_response(self.get_context_data(form=TemplateForm(initial=initial), template=template))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = get_object_or_404(ShopTemplate, pk=kwargs["pk"])
        form = TemplateForm(request.POST)
        conflict = None
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                template, changed = actions.edit_template(
                    template_id=template.pk, version=data["version"], name=data["name"], kind=data["kind"],
                    content=data["content"], user=request.user,
                )  # fmt: skip
            except actions.StaleVersion as exc:
                # Their text stays in the form; the diff shows what the other save put there.
                form.add_error(None, str(exc))
                template, status = exc.current, 409
                conflict = page_diff(exc.current.content, data["content"], "saved", "yours")
            except actions.NameTaken as exc:
                form.add_error("name", str(exc))
            except actions.TemplateGone as exc:
                messages.error(request, str(exc))
                return redirect("theme:list")
            else:
                if changed:
                    messages.success(request, _("Template “%(name)s” saved.") % {"name": template.name})
                else:
                    messages.info(request, _("Nothing changed, so nothing was saved."))
                return redirect(template)
        context = self.get_context_data(form=form, template=template, conflict=conflict)
        return self.render_to_response(context, status=status)


class _VersionedChange(PermissionRequiredMixin, View):
    """POST with the version the admin saw: run an action on the template, then back to its page."""

    http_method_names = ["post"]
    #: The action run (`actions.publish_template`…), called with template_id, version and user.
    action: Callable[..., Any]
    #: What the admin is told once it is done (with the template's name).
    done: Any = ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = get_object_or_404(ShopTemplate, pk=kwargs["pk"])
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was not complete: open the template again and retry."))
        else:
            try:
                type(self).action(template_id=template.pk, version=form.cleaned_data["version"], user=request.user)
            except actions.TemplateGone as exc:
                messages.error(request, str(exc))
                return redirect("theme:list")
            except actions.TemplateError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, self.done % {"name": template.name})
        return redirect(template)


class TemplatePublishView(_VersionedChange):
    permission_required = "theme.publish_shoptemplate"
    action = actions.publish_template
    done = gettext_lazy("Template “%(name)s” published: the shop shows it now.")


class TemplateUnpublishView(_VersionedChange):
    permission_required = "theme.publish_shoptemplate"
    action = actions.unpublish_template
    done = gettext_lazy("Template “%(name)s” withdrawn from the shop; its draft is kept.")


class TemplateDeleteView(PermissionRequiredMixin, TemplateView):
    """GET: the confirmation (or why a live template cannot go); POST: delete."""

    permission_required = "theme.delete_shoptemplate"
    template_name = "theme/delete_confirm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        template = get_object_or_404(ShopTemplate, pk=kwargs["pk"])
        return super().get_context_data(template=template, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = get_object_or_404(ShopTemplate, pk=kwargs["pk"])
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was not complete: open the template again and retry."))
            return redirect(template)
        try:
            name = actions.delete_template(template_id=template.pk, version=form.cleaned_data["version"],
                                           user=request.user)  # fmt: skip
        except actions.TemplateGone as exc:
            messages.error(request, str(exc))
        except actions.TemplateError as exc:
            messages.error(request, str(exc))
            return redirect(template)
        else:
            messages.success(request, _("Template “%(name)s” deleted.") % {"name": name})
        return redirect("theme:list")
