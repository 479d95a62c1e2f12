"""Settings → Schedules: when beat runs each periodic job (Support reads, shop admins change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_celery_beat.models import PeriodicTask

from .. import schedules
from ..schedule_forms import ScheduleForm


def _rows(tasks: list[PeriodicTask]) -> list[dict[str, Any]]:
    return [
        {"task": task, "title": schedules.title(task), "description": schedules.description(task),
         "when": schedules.in_words(task)}
        for task in tasks
    ]  # fmt: skip


class ScheduleListView(PermissionRequiredMixin, TemplateView):
    """Every schedule: its name, what it does, when it runs, its last run, whether it is on."""

    permission_required = "django_celery_beat.view_periodictask"
    template_name = "eventlog/schedules.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # A few dozen rows at most (one per periodic job); ordered by name, the id as a tie-breaker.
        tasks = list(PeriodicTask.objects.select_related("interval", "crontab").order_by("name", "pk"))
        can_change = self.request.user.has_perm("django_celery_beat.change_periodictask")
        return super().get_context_data(rows=_rows(tasks), can_change=can_change, **kwargs)


class ScheduleEditView(PermissionRequiredMixin, TemplateView):
    """GET: the schedule's form; POST: validate it and store it (400 with the form when it is not valid)."""

    permission_required = "django_celery_beat.change_periodictask"
    template_name = "eventlog/schedules_edit.html"

    def _task(self) -> PeriodicTask:
        return get_object_or_404(PeriodicTask.objects.select_related("interval", "crontab"), pk=self.kwargs["pk"])

    def _render(self, task: PeriodicTask, form: ScheduleForm, status: int = 200) -> HttpResponse:
        [row] = _rows([task])
        return self.render_to_response(self.get_context_data(row=row, form=form), status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self._task()
        return self._render(task, ScheduleForm(task=task))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self._task()
        form = ScheduleForm(request.POST, task=task)
        if not form.is_valid():
            return self._render(task, form, status=400)
        task = form.save(request.user)
        messages.success(
            request, _("Schedule “%(name)s” saved: %(when)s.")
            % {"name": schedules.title(task), "when": schedules.in_words(task)},
        )  # fmt: skip
        return redirect("eventlog:schedules:list")
