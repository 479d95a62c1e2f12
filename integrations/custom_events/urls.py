from django.urls import path

from . import views

app_name = "custom_events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="events"),
    path("new/", views.EventCreateView.as_view(), name="create"),
    path("<int:event_id>/edit/", views.EventEditView.as_view(), name="edit"),
    path("<int:event_id>/log/", views.EventLogView.as_view(), name="log"),
    path("scenarios/", views.ScenarioListView.as_view(), name="scenarios"),
    path("scenarios/new/", views.ScenarioFormView.as_view(), name="scenario_create"),
    path("scenarios/<int:pk>/edit/", views.ScenarioFormView.as_view(), name="scenario_edit"),
]
