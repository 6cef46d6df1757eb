"""Talent pages on the public site (mounted at the site root by ``talent.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    # The role page's Apply button links here (``enterprises.views.role_detail``).
    path("jobs/<slug:slug>/apply/", views.apply, name="apply"),
]
