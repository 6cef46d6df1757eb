from django import template

from westbund.portal.dashboard import officer_queues

register = template.Library()


@register.inclusion_tag("admin/_officer_dashboard.html", takes_context=True)
def officer_dashboard(context):
    return {"queues": officer_queues(context["request"].user)}
