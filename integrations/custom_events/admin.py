from django.contrib import admin

from .models import CustomEvent


@admin.register(CustomEvent)
class CustomEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "name", "description", "logging_enabled")
    list_editable = ("logging_enabled",)
    search_fields = ("name", "description")
