from django import template

from talent.models import STAGE_COLOURS, Application
from westbund.core.badges import BadgeColour, badge_class

register = template.Library()


@register.simple_tag
def new_application_count(enterprise) -> int:
    """How many of ``enterprise``'s applications are still new (the workspace
    dashboard's figure; the dashboard is shown only to the enterprise's members)."""
    return Application.objects.filter(enterprise=enterprise).new().count()


@register.filter
def stage_badge_class(stage: str) -> str:
    """The badge class of an application stage (``STAGE_COLOURS``)."""
    return badge_class(STAGE_COLOURS.get(stage, BadgeColour.GREY))
