"""Django's own admin, for superusers: a raw view of runs and entries.

The entry changelist avoids the full-table `COUNT(*)` Django admin runs by default
(`show_full_result_count = False`) but still pages by offset; the panel's own lists
are the ones built for a large journal.
"""

from django.contrib import admin

from . import writer
from .models import Entry, Run


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "tab", "status", "started_at", "finished_at", "progress_done", "progress_total")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Run._meta.fields]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("id", "occurred_at", "tab", "severity", "event_type", "object_id", "message")
    list_filter = ("tab", "severity")
    search_fields = ("object_id", "message")
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = [f.name for f in Entry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # rows come only through eventlog.writer

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    # Deletions go through the writer, which keeps the rollups exact.
    def delete_model(self, request, obj: Entry) -> None:
        writer.delete(Entry.objects.filter(pk=obj.pk, occurred_at=obj.occurred_at))

    def delete_queryset(self, request, queryset) -> None:
        writer.delete(queryset)
