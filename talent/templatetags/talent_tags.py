from django import template

from talent.models import Application

register = template.Library()


@register.simple_tag
def new_application_count(enterprise) -> int:
    """How many of ``enterprise``'s applications are still new (the workspace
    dashboard's figure; the dashboard is shown only to the enterprise's members)."""
    return Application.objects.filter(enterprise=enterprise).new().count()
