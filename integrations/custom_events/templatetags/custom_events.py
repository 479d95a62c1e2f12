from django import template

from ..models import CustomEvent

register = template.Library()


@register.simple_tag
def custom_events() -> list[CustomEvent]:
    return list(CustomEvent.objects.all())
