from django import template

from eventlog import tabs
from eventlog.models import Entry

from ..models import Explanation
from ..queries import explanation_for as _explanation_for

register = template.Library()


@register.simple_tag
def explanation_for(entry: Entry) -> Explanation | None:
    """`{% explanation_for entry as explanation %}` on an entry's page: one indexed query."""
    return _explanation_for(entry)


@register.filter
def tab_title(slug: str) -> str:
    return tabs.title(slug)
