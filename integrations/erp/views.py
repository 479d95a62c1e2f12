"""The ERP sync's pages: upload a package, start an export, a run's problem lists and their XLSX."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django_tables2 import MultiTableMixin

from eventlog.models import Run

from . import actions, problems, spreadsheets
from .forms import UploadForm
from .importer import KIND as IMPORT_KIND
from .problems import TAB
from .tables import FixedTable, ProblemTable


class UploadView(PermissionRequiredMixin, View):
    """POST (shop admins): store the package, queue its import, show its run."""

    permission_required = "eventlog.start_job"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect("eventlog:tab", TAB)
        run = actions.start_upload(upload=form.cleaned_data["package"], user=request.user)
        messages.success(request, _("The package was queued for import as run #%(run)s.") % {"run": run.pk})
        return redirect("eventlog:run", run.pk)


class ExportView(PermissionRequiredMixin, View):
    """POST (shop admins): send the orders not yet sent to the ERP now."""

    permission_required = "eventlog.start_job"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = actions.start_export(user=request.user)
        messages.success(request, _("The export of new orders was queued as run #%(run)s.") % {"run": run.pk})
        return redirect("eventlog:run", run.pk)


def import_run(pk: int) -> Run:
    return get_object_or_404(Run, pk=pk, tab=TAB, kind=IMPORT_KIND)


class ProblemsView(PermissionRequiredMixin, MultiTableMixin, TemplateView):
    """Details of an import: its problem products and categories, and what was fixed since."""

    permission_required = "eventlog.view_run"
    template_name = "erp/problems.html"
    tables = [ProblemTable, ProblemTable, FixedTable]
    # Package order, cut at problems.PAGE_LIMIT: the spreadsheets have every row.
    table_pagination = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.run = import_run(kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_tables_data(self) -> list[list]:
        limit = problems.PAGE_LIMIT
        return [
            list(problems.problem_rows(self.run, "product", limit)),
            list(problems.problem_rows(self.run, "category", limit)),
            problems.fixed_in(self.run),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(
            run=self.run, counts=problems.counts(self.run), limit=problems.PAGE_LIMIT, **kwargs
        )
        context["products"], context["categories"], context["fixed"] = context["tables"]
        return context


class ProblemsXlsxView(PermissionRequiredMixin, View):
    """The list of products (or categories) to fix, as XLSX."""

    permission_required = "eventlog.export_entry"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        run = import_run(kwargs["pk"])
        kind = kwargs["kind"]
        # A temporary file, not memory: a run with problems in every product still streams.
        file = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when the download ends
        spreadsheets.write_problems(file, run, kind)
        file.seek(0)
        name = f"erp-run-{run.pk}-{'products' if kind == 'product' else 'categories'}-to-fix.xlsx"
        return FileResponse(
            file,
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
