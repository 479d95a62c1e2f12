"""Generic views of the journal: one of each serves every declared tab."""

from .exports import ExportDownloadView, ExportLinksView, ExportView
from .lists import DeleteEntriesView, EntryDetailView, OverviewView, SearchView, TabListView
from .runs import RunAbortView, RunDetailView
from .settings import SettingsView

__all__ = [
    "DeleteEntriesView",
    "EntryDetailView",
    "ExportDownloadView",
    "ExportLinksView",
    "ExportView",
    "OverviewView",
    "RunAbortView",
    "RunDetailView",
    "SearchView",
    "SettingsView",
    "TabListView",
]
