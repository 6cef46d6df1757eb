from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date or datetime string from a notification's context, as a date(time)
    object for the ``date`` filter; anything else is returned unchanged."""
    if isinstance(value, date | datetime) or not isinstance(value, str):
        return value
    parsed = parse_datetime(value)
    if parsed is not None:
        return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
    return parse_date(value) or value
