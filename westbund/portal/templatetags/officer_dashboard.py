from django import template

from westbund.accounts.permissions import Area, is_officer
from westbund.portal.dashboard import officer_portfolio, officer_queues

register = template.Library()


@register.inclusion_tag("admin/_officer_dashboard.html", takes_context=True)
def officer_dashboard(context):
    user = context["request"].user
    return {
        "queues": officer_queues(user),
        "analytics": is_officer(user, Area.ANALYTICS),
        "portfolio": officer_portfolio(user),
    }
