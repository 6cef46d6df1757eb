"""The home page: figures and featured content drawn from every app."""

from django.db.models import Count, Q
from django.shortcuts import render

from enterprises.models import Enterprise, Role
from services.models import Event, Policy
from westbund.core.cache import public_page

FEATURED_ROLES = 6


@public_page
def home(request):
    figures = Enterprise.objects.active().aggregate(
        enterprises=Count("pk"), phase_two=Count("pk", filter=Q(phase=2))
    )
    published = Role.objects.published()
    figures["roles"] = published.count()
    figures["sponsored_roles"] = published.filter(sponsors_visa=True).count()
    figures["policies"] = Policy.objects.in_force().count()
    context = {
        "figures": figures,
        "featured_roles": published.select_related("enterprise")[:FEATURED_ROLES],
        "upcoming_events": Event.objects.upcoming()[:3],
    }
    return render(request, "core/home.html", context)
