"""Template helpers of the ERP sync's partials (the list header, run and entry pages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from ..importer import KIND as IMPORT_KIND
from ..problems import STILL_FAILING, ProblemRow

register = template.Library()


@register.simple_tag
def erp_upload_limit() -> str:
    return filesizeformat(settings.ERP_UPLOAD_MAX_BYTES)


@register.filter
def erp_header(params: Any) -> list[tuple[str, str]]:
    """The ERP's own header fields of the package (outside text, escaped by the template)."""
    header = params.get("erp") if isinstance(params, dict) else None
    return [(str(k), str(v)) for k, v in header.items()] if isinstance(header, dict) else []


@register.filter
def erp_change(data: Any) -> str:
    """ "New" / "Still failing since run #N" of a problem entry's data fields."""
    if not isinstance(data, dict) or not data.get("change"):
        return ""
    since = data.get("since_run") if data.get("change") == STILL_FAILING else None
    row = ProblemRow(0, "", "", "", "", "", "", "", data["change"], since)
    return row.change_text


@register.filter
def erp_has_details(run: Any) -> bool:
    """An import run that found problems, or found earlier ones fixed, has a Details view."""
    counters = getattr(run, "counters", None) or {}
    return getattr(run, "kind", "") == IMPORT_KIND and any(
        counters.get(key) for key in ("products_with_problems", "categories_with_problems", "problems_fixed")
    )
