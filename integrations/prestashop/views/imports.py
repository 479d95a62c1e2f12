"""An account's Import products section: the imports (a table), one import's form while it is a
draft, and its page — Prepare / Import / Abort, the live progress of its run, the report."""

from __future__ import annotations

import re
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from eventlog import runs
from eventlog.messages import Message, render
from eventlog.tables.base import EMPTY, WIDE_ONLY, DziennikTable, cell_attrs, short_datetime

from .. import actions, imports
from ..models import Import, ImportItem, ImportStatus, ItemStatus
from .base import AccountSectionMixin

CHANGE = "prestashop.change_account"
#: Given ids one import may list.
MAX_IDS = 5000

_STATUS_BADGES: dict[str, str] = {
    ImportStatus.DRAFT: "text-bg-secondary",
    ImportStatus.PREPARING: "text-bg-info",
    ImportStatus.PREPARED: "text-bg-primary",
    ImportStatus.IMPORTING: "text-bg-info",
    ImportStatus.DONE: "text-bg-success",
    ImportStatus.FAILED: "text-bg-danger",
    ImportStatus.ABORTED: "text-bg-warning",
    ItemStatus.CREATED: "text-bg-success",
    ItemStatus.LINKED: "text-bg-primary",
    ItemStatus.SKIPPED: "text-bg-warning",
}


def _badge(status: str, label: str) -> str:
    badge = "text-bg-danger" if status == ItemStatus.FAILED else _STATUS_BADGES.get(status, "text-bg-secondary")
    return format_html('<span class="badge {}">{}</span>', badge, label)


# Forms -------------------------------------------------------------------------------


class ImportForm(forms.ModelForm):
    """An import's parameters; given ids as text ("5, 8 12-14" is not a range: ids only)."""

    ids = forms.CharField(
        label=gettext_lazy("Given IDs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("PrestaShop product ids separated by commas or spaces; empty: every product."),
    )

    class Meta:
        model = Import
        fields = ["id_from", "id_to", "ids", "changed_since", "identifier", "with_stock", "only_active"]
        widgets = {"changed_since": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.instance.ids, list):  # shown as typed ("" for none), not as a JSON list
            self.initial["ids"] = ", ".join(str(i) for i in self.instance.ids)
        for field in self.fields.values():
            css = (
                "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control form-control-sm"
            )
            if isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)
        self.fields["id_from"].help_text = _("Empty: from the first product.")
        self.fields["id_to"].help_text = _("Empty: to the last product.")
        self.fields["changed_since"].help_text = _("Only products changed in PrestaShop since then.")
        self.fields["identifier"].help_text = _(
            "Matches PrestaShop products to local ones, by the product field mapping."
        )

    def clean_ids(self) -> list[int]:
        text = self.cleaned_data.get("ids") or ""
        parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
        bad = [p for p in parts if not p.isdigit() or int(p) == 0]
        if bad:
            raise forms.ValidationError(
                _("These are not PrestaShop product ids: %(ids)s.") % {"ids": ", ".join(bad[:10])}, code="bad_ids"
            )
        if len(parts) > MAX_IDS:
            raise forms.ValidationError(_("At most %(count)s ids.") % {"count": MAX_IDS}, code="too_many")
        return sorted({int(p) for p in parts})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("id_from"), data.get("id_to")
        if low is not None and high is not None and low > high:
            self.add_error("id_to", _("“To ID” must not be below “From ID”."))
        return data


class ReportFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", gettext_lazy("All")), *ItemStatus.choices]
    )


# Tables ------------------------------------------------------------------------------


class ImportTable(DziennikTable):
    id = tables.Column(verbose_name=gettext_lazy("Import"), orderable=False)
    created_at = tables.Column(verbose_name=gettext_lazy("Created"), orderable=False)
    status = tables.Column(verbose_name=gettext_lazy("Status"), orderable=False)
    identifier = tables.Column(
        verbose_name=gettext_lazy("Unique identifier"), orderable=False, attrs=cell_attrs(WIDE_ONLY)
    )
    items_count = tables.Column(verbose_name=gettext_lazy("Products and combinations"), orderable=False)
    created_by = tables.Column(verbose_name=gettext_lazy("Created by"), orderable=False, attrs=cell_attrs(WIDE_ONLY))

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No import yet.")
        per_page = 50

    def render_id(self, value: int, record: Import) -> str:
        url = reverse("prestashop:import", args=[record.account_id, value])
        return format_html('<a href="{}">#{}</a>', url, value)

    def render_created_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_status(self, value: str, record: Import) -> str:
        return _badge(record.status, record.get_status_display())

    def render_identifier(self, value: str, record: Import) -> str:
        return str(record.get_identifier_display())

    def render_created_by(self, value: Any) -> str:
        return value.get_username() if value else EMPTY


class ItemTable(DziennikTable):
    external_id = tables.Column(verbose_name=gettext_lazy("PrestaShop id"), orderable=False)
    combination_id = tables.Column(
        verbose_name=gettext_lazy("Combination"), orderable=False, attrs=cell_attrs(WIDE_ONLY)
    )
    name = tables.Column(verbose_name=gettext_lazy("Name"), orderable=False, attrs=cell_attrs("col-message"))
    status = tables.Column(verbose_name=gettext_lazy("Status"), orderable=False)
    product = tables.Column(verbose_name=gettext_lazy("Local product"), orderable=False, default=EMPTY)
    reason = tables.Column(verbose_name=gettext_lazy("Reason"), orderable=False, attrs=cell_attrs("col-message"))

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No product in this import.")
        per_page = 100

    def render_combination_id(self, value: int) -> str:
        return str(value) if value else EMPTY

    def render_status(self, value: str, record: ImportItem) -> str:
        return _badge(record.status, record.get_status_display())

    def render_product(self, value: Any) -> str:
        return value.code if value else EMPTY

    def render_reason(self, value: str, record: ImportItem) -> str:
        shown = record.reason_message or {}
        return render(shown.get("code", ""), shown.get("params"), value or "")


# Views -------------------------------------------------------------------------------


class _ImportMixin(AccountSectionMixin):
    section = "import"
    kwargs: dict[str, Any]

    def job(self) -> Import:
        return get_object_or_404(Import.objects.select_related("account"), pk=self.kwargs["pk"], account=self.account)

    def context(self, **kwargs: Any) -> dict[str, Any]:
        context = self.get_context_data(**kwargs)
        context["no_template"] = actions.default_template(self.account) is None
        context["no_template_text"] = _text(Message("PS_IMPORT_NO_TEMPLATE"))
        return context


class ImportListView(_ImportMixin, TemplateView):
    template_name = "prestashop/imports.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rows = (
            Import.objects.filter(account=self.account)
            .select_related("created_by")
            .annotate(items_count=Count("items"))
            .order_by("-created_at", "-id")
        )
        table = ImportTable(rows)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return self.render_to_response(self.context(table=table))


class ImportCreateView(_ImportMixin, TemplateView):
    """Shop admins: GET the form of a new import; POST save it as a draft, then its page.

    Support reads the imports on their pages; the form is for those who may submit it.
    """

    permission_required = CHANGE
    template_name = "prestashop/import_form.html"

    def instance(self) -> Import:
        return Import(account=self.account)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.context(form=ImportForm(instance=self.instance())))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.instance()
        if instance.pk and not instance.editable:
            messages.error(request, _("The import has started: it cannot be edited any more."))
            response = self.render_to_response(self.context(form=ImportForm(instance=instance), locked=True))
            response.status_code = 409
            return response
        form = ImportForm(request.POST, instance=instance)
        if not form.is_valid():
            return self.render_to_response(self.context(form=form), status=400)
        job = form.save(commit=False)
        if not job.pk:
            job.created_by = request.user
        job.save()
        messages.success(request, _("Import #%(id)s saved. Prepare it to see what it will import.") % {"id": job.pk})
        return redirect("prestashop:import", self.account.pk, job.pk)


class ImportEditView(ImportCreateView):
    """The same form for a draft import; refused (409) once the import has started."""

    def instance(self) -> Import:
        return self.job()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.job()
        return self.render_to_response(self.context(form=ImportForm(instance=job), locked=not job.editable))


class ImportDetailView(_ImportMixin, TemplateView):
    """GET: the import, its run's progress (htmx reloads it while the run works) and the report,
    filtered by ?status=. POST (shop admins): action=prepare|import|abort."""

    template_name = "prestashop/import_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = imports.sync_status(self.job())
        run = imports.current_run(job)
        report = ReportFilter(request.GET)
        status = 200
        rows = job.items.select_related("product").order_by("external_id", "combination_id")
        if not report.is_valid():
            status, rows = 400, rows.none()
        elif report.cleaned_data["status"]:
            rows = rows.filter(status=report.cleaned_data["status"])
        table = ItemTable(rows)
        RequestConfig(request, paginate={"per_page": 100}).configure(table)
        pending = run is not None and run.pending
        context = self.context(
            job=job,
            run=run,
            table=table,
            report=report,
            counts=imports.counts(job),
            pending=pending,
            may_prepare=imports.may_prepare(job),
            may_import=imports.may_import(job),
            may_abort=pending and run is not None and runs.may_abort(request.user, run),
            status_badge=_badge(job.status, job.get_status_display()),
        )
        return self.render_to_response(context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        job = imports.sync_status(self.job())
        action = request.POST.get("action")
        try:
            if action == "prepare":
                run = imports.start_prepare(job, request.user)
                messages.success(request, _("Preparing the import: run #%(run)s lists the products.") % {"run": run.pk})
            elif action == "import":
                run = imports.start_import(job, request.user)
                messages.success(request, _("Importing: run #%(run)s reads the products.") % {"run": run.pk})
            elif action == "abort":
                current = imports.current_run(job)
                if (
                    current is None
                    or not runs.may_abort(request.user, current)
                    or not runs.request_abort(current, request.user)
                ):
                    messages.warning(request, _("The run had already finished."))
                else:
                    messages.info(request, _("The run will stop after the batch it is working on."))
            else:
                return HttpResponse(_("Unknown action."), status=400, content_type="text/plain; charset=utf-8")
        except imports.Refused as refused:
            messages.error(request, _text(refused.message))
        return redirect("prestashop:import", self.account.pk, job.pk)


def _text(message: Message) -> str:
    """A message in the reader's language."""
    from eventlog import messages as catalogue

    return catalogue.text(message.code, message.params)
