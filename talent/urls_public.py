"""Talent pages on the public site (mounted at the site root by ``talent.urls``)."""

from django.urls import path

from . import analytics_views, views

urlpatterns = [
    # The role page's Apply button links here (``enterprises.views.role_detail``).
    path("jobs/<slug:slug>/apply/", views.apply, name="apply"),
    path("hub-in-numbers/", analytics_views.hub_in_numbers, name="hub_in_numbers"),
]
