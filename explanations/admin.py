"""Django's admin, for superusers; shop admins edit explanations in the panel."""

from django.contrib import admin

from .defaults import TEXT_FIELDS
from .models import Explanation


@admin.register(Explanation)
class ExplanationAdmin(admin.ModelAdmin):
    list_display = ("code", "title_pl", "title_en", "edited", "updated_at", "updated_by")
    list_filter = ("edited",)
    search_fields = ("code", "title_pl", "title_en")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change) -> None:
        # A changed text is a person's; clearing "edited" alone hands the code back to seeding.
        if any(name in form.changed_data for name in TEXT_FIELDS):
            obj.edited = True
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
