"""The panel's pages of custom events: the events, the scenarios, and one event's log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import UpdateView, View
from django_tables2 import SingleTableView

from eventlog.models import Entry
from eventlog.views.lists import TabListView

from . import actions
from .filters import EventLogFilterSet
from .forms import CustomEventForm, NewEventForm, ScenarioForm
from .models import CustomEvent, Scenario
from .tab import CUSTOM_EVENTS
from .tables import LOG_EXCLUDES, CustomEventTable, EventLogTable, ScenarioTable


class EventListView(PermissionRequiredMixin, SingleTableView):
    permission_required = "custom_events.view_customevent"
    template_name = "custom_events/events.html"
    table_class = CustomEventTable
    model = CustomEvent


class EventCreateView(PermissionRequiredMixin, View):
    """GET the form, POST a new event (its id assigned)."""

    permission_required = "custom_events.add_customevent"
    template_name = "custom_events/event_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": CustomEventForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CustomEventForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        event = actions.create_event(form)
        messages.success(
            request, _("Event “%(name)s” was created with id %(id)s.") % {"name": event.name, "id": event.event_id}
        )
        return redirect("custom_events:events")


class EventEditView(PermissionRequiredMixin, UpdateView):
    permission_required = "custom_events.change_customevent"
    template_name = "custom_events/event_form.html"
    form_class = CustomEventForm
    model = CustomEvent
    slug_field = slug_url_kwarg = "event_id"

    def form_valid(self, form: ModelForm) -> HttpResponse:
        event = form.save()
        messages.success(request=self.request, message=_("Event “%(name)s” was saved.") % {"name": event.name})
        return redirect("custom_events:events")

    def form_invalid(self, form: ModelForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScenarioListView(PermissionRequiredMixin, SingleTableView):
    permission_required = "custom_events.view_scenario"
    template_name = "custom_events/scenarios.html"
    table_class = ScenarioTable

    def get_queryset(self) -> QuerySet[Scenario]:
        return Scenario.objects.select_related("start_event")


class ScenarioFormView(PermissionRequiredMixin, View):
    """Create (no pk) or edit a scenario; its start point may be a new event, created in the same transaction."""

    template_name = "custom_events/scenario_form.html"

    def get_permission_required(self) -> tuple[str, ...]:
        if "pk" in self.kwargs:
            return ("custom_events.change_scenario",)
        # A new event made in place needs the right to create events too (checked on POST).
        return ("custom_events.add_scenario",)

    def scenario(self) -> Scenario | None:
        return get_object_or_404(Scenario, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = ScenarioForm(instance=self.scenario())
        return self.page(form, NewEventForm(prefix="new_event"))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scenario = self.scenario()
        form = ScenarioForm(request.POST, instance=scenario)
        event_form = NewEventForm(request.POST, prefix="new_event")
        wants_new = form.wants_new_event
        if wants_new and not request.user.has_perm("custom_events.add_customevent"):
            form.add_error("start", _("You may not create events: choose an existing one."))
        valid = form.is_valid() & (event_form.is_valid() if wants_new else True)
        if not valid:
            return self.page(form, event_form, status=400)
        saved = actions.save_scenario(form, event_form if wants_new else None)
        messages.success(request, _("Scenario “%(name)s” was saved.") % {"name": saved.name})
        return redirect("custom_events:scenarios")

    def page(self, form: ScenarioForm, event_form: NewEventForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "event_form": event_form, "scenario": form.instance if form.instance.pk else None}
        return render(self.request, self.template_name, context, status=status)


class EventLogView(TabListView):
    """One event's log: the custom-events tab's list (keyset pages, masking) of this event's entries.

    The entries name their event in `account` (see tab.py): uses index entry_tab_account.
    """

    template_name = "custom_events/event_log.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.event = get_object_or_404(CustomEvent, event_id=kwargs["event_id"])
        return super().get(request, *args, tab=CUSTOM_EVENTS.slug, **kwargs)

    def get_filterset_class(self) -> type[EventLogFilterSet]:
        return EventLogFilterSet

    def get_queryset(self) -> QuerySet[Entry]:
        return super().get_queryset().filter(account=str(self.event.event_id))

    def get_table_class(self) -> type[EventLogTable]:
        return EventLogTable

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"selectable": False, "exclude": LOG_EXCLUDES}

    def get_template_names(self) -> list[str]:
        return ["custom_events/partials/log_results.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)
