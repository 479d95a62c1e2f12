from django import template
from django_tables2 import RequestConfig

from ..models import CustomEvent
from ..tables import CustomEventTable

register = template.Library()


@register.simple_tag(takes_context=True)
def custom_events_table(context: template.Context) -> CustomEventTable:
    """The definitions, ordered and paged by the request's `events-sort` / `events-page`."""
    table = CustomEventTable(CustomEvent.objects.all())
    return RequestConfig(context["request"]).configure(table)
