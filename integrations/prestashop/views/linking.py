"""An account's Link products section: automatic linking (a run), and by hand — the catalogue
as XLSX to download, filled in and uploaded back, with the upload's report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from eventlog.models import Entry

from .. import linking
from ..client import PrestaShopError
from ..models import Identifier
from .base import AccountSectionMixin

CHANGE = "prestashop.change_account"
#: "Not linked" entries of the last automatic run shown on the page (the run page has them all).
NOT_LINKED_SHOWN = 50


class AutoLinkForm(forms.Form):
    identifier = forms.ChoiceField(
        label=gettext_lazy("Unique identifier"),
        choices=Identifier.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in catalogue (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = linking.upload_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file has %(size)s; at most %(limit)s can be uploaded.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


class ReportQuery(forms.Form):
    report = forms.IntegerField(required=False, min_value=1)


class LinkingView(AccountSectionMixin, TemplateView):
    """GET: the section (?report=<entry id> shows an upload's report). POST (shop admins):
    action=auto (start automatic linking) or action=upload (a linking file)."""

    section = "linking"
    template_name = "prestashop/linking.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(request)

    def page(
        self,
        request: HttpRequest,
        *,
        auto: AutoLinkForm | None = None,
        upload: UploadForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        query = ReportQuery(request.GET)
        report = None
        if not query.is_valid():
            status = 400
        elif query.cleaned_data["report"]:
            entry = Entry.objects.filter(
                pk=query.cleaned_data["report"], tab="prestashop", event_type="linking", account=self.account.label
            ).first()
            report = linking.report_of(entry) if entry is not None else None
        run = linking.last_auto_link(self.account)
        not_linked = []
        if run is not None:
            not_linked = list(
                Entry.objects.filter(run_id=run.pk, message_code="PS_LINK_NOT_LINKED").order_by("id")[:NOT_LINKED_SHOWN]
            )
        context = self.get_context_data(
            auto=auto or AutoLinkForm(initial={"identifier": Identifier.EAN}),
            upload=upload or UploadForm(),
            report=report,
            query=query,
            run=run,
            not_linked=not_linked,
            pending=run is not None and run.pending,
            run_url=reverse("eventlog:run", args=[run.pk]) if run else "",
            max_size=filesizeformat(linking.upload_max_bytes()),
        )
        return self.render_to_response(context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        back = reverse("prestashop:linking", args=[self.account.pk])
        if request.POST.get("action") == "auto":
            auto = AutoLinkForm(request.POST)
            if not auto.is_valid():
                return self.page(request, auto=auto, status=400)
            run = linking.start_auto_link(self.account, auto.cleaned_data["identifier"], request.user)
            messages.success(request, _("Automatic linking started: run #%(run)s.") % {"run": run.pk})
            return redirect(back)
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return self.page(request, upload=upload, status=400)
        file = upload.cleaned_data["file"]
        try:
            _report, entry = linking.apply_upload(self.account, file.name or "", file.read(), request.user)
        except linking.BadFile as bad:
            upload.add_error("file", str(bad))
            return self.page(request, upload=upload, status=400)
        except PrestaShopError as error:
            from eventlog import messages as catalogue

            text = catalogue.text(error.reason.code, error.reason.params)
            upload.add_error("file", _("PrestaShop could not be asked about the ids: %(error)s") % {"error": text})
            return self.page(request, upload=upload, status=400)
        return redirect(f"{back}?report={entry.pk}")


class CatalogueView(AccountSectionMixin, View):
    """The whole local catalogue with this account's PrestaShop ids, as XLSX."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = linking.catalogue_xlsx(self.account)
        name = f"catalogue-prestashop-{self.account.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
