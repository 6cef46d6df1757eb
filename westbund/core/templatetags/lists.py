"""``{{ items|as_list }}``: a list as the reader's language writes one (``、`` between
Chinese items, ``, `` between English ones); ``as_list:"clauses"`` for phrases that
hold commas themselves (``；`` or ``; ``)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from westbund.core.bilingual import list_separator

register = template.Library()


@register.filter(needs_autoescape=True)
def as_list(items, kind: str = "", autoescape: bool = True):
    escape = conditional_escape if autoescape else str
    separator = list_separator(clauses=kind == "clauses")
    # Each item is escaped (unless autoescape is off), as Django's own join does.
    return mark_safe(separator.join(escape(item) for item in items))  # noqa: S308
