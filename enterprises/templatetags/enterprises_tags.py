import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template import TemplateDoesNotExist
from django.utils.safestring import mark_safe

from westbund.core.badges import BadgeColour, badge_class

register = template.Library()

# Like ``json_script``: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """``data`` as JSON safe to put inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name: str) -> str:
    """Render ``template_name`` with the current context, or nothing if it does not exist.

    The workspace's extension points: other apps (talent) drop a template in, without
    this app importing them.
    """
    try:
        included = context.template.engine.get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    with context.push():
        return included.render(context)


@register.simple_tag
def cny(value) -> str:
    """12000 → "12,000"; the thousands separator of both languages."""
    return f"{value:,}" if value is not None else ""


# The colour of each role state's badge (from the portal's one palette).
ROLE_STATE_COLOURS = {
    "draft": BadgeColour.GREY,
    "pending_review": BadgeColour.AMBER,
    "published": BadgeColour.GREEN,
    "closed": BadgeColour.GREY,
    "rejected": BadgeColour.RED,
}


@register.filter
def role_state_badge_class(state: str) -> str:
    return badge_class(ROLE_STATE_COLOURS.get(state, BadgeColour.GREY))
