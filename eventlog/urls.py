from django.urls import include, path

from . import views
from .views.runs_list import RunListView
from .views.schedules import ScheduleEditView, ScheduleListView

app_name = "eventlog"

# Settings → Schedules, a namespace of its own ("eventlog:schedules"): the sidebar marks its link by namespace.
schedule_patterns = (
    [
        path("", ScheduleListView.as_view(), name="list"),
        path("<int:pk>/", ScheduleEditView.as_view(), name="edit"),
    ],
    "schedules",
)

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("schedules/", include(schedule_patterns)),
    path("runs/", RunListView.as_view(), name="runs"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/abort/", views.RunAbortView.as_view(), name="run_abort"),
    path("runs/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("<slug:tab>/", views.TabListView.as_view(), name="tab"),
    path("<slug:tab>/export.xlsx", views.ExportView.as_view(), {"fmt": "xlsx"}, name="export_xlsx"),
    path("<slug:tab>/export.csv", views.ExportView.as_view(), {"fmt": "csv"}, name="export_csv"),
    path("<slug:tab>/export/links/", views.ExportLinksView.as_view(), name="export_links"),
    path("<slug:tab>/delete/", views.DeleteEntriesView.as_view(), name="delete"),
    path("<slug:tab>/<int:pk>/", views.EntryDetailView.as_view(), name="detail"),
]
