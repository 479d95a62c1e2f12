from typing import Any

from django.contrib import admin

from .models import Call, CustomEvent, Scenario


@admin.register(CustomEvent)
class CustomEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "name", "description", "logging_enabled", "is_active")
    search_fields = ("name", "description")
    readonly_fields = ("event_id",)

    def has_add_permission(self, request: Any) -> bool:
        return False  # the panel's form assigns the id (actions.create_event)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # an event's id is never given again: switch it off instead


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "start_event", "start_count", "last_started_at")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("id", "event", "created_at", "scenarios_started", "account")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
