"""The API's reference in the panel: ninja's Swagger UI (served from static/) inside the panel's layout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from .base import JournalView


class ApiDocsView(JournalView):
    template_name = "eventlog/api_docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The settings Swagger UI reads from a JSON <script> (never executed: CSP allows it), as ninja's own page does.
        swagger = {"url": reverse("api:openapi-json"), "layout": "BaseLayout", "deepLinking": True}
        return super().get_context_data(
            swagger_settings=swagger,
            rate=settings.JOURNAL_API_RATE_PER_MINUTE,
            max_body=filesizeformat(settings.JOURNAL_API_MAX_BODY_BYTES),
            max_batch=settings.JOURNAL_API_MAX_BATCH,
            **kwargs,
        )
