from http import HTTPStatus

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from enterprises.models import Enterprise, Role
from services.models import Event, Policy

from . import health
from .cache import public_page

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


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    # Deliberately free of database and session work: the benchmarks use this view as
    # the ceiling of what the framework serves on this machine.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /me/",
        "Disallow: /workspace/",
        "Disallow: /accounts/",
        "Disallow: /zh-hans/me/",
        "Disallow: /zh-hans/workspace/",
        "Disallow: /zh-hans/accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Browsers ask for /favicon.ico on every page that links no icon (the admin's, the
    # allauth pages, PDFs and JSON opened in a tab): served here, no 404.
    icon = (settings.BASE_DIR / "static/img/favicon.ico").read_bytes()
    return HttpResponse(icon, content_type="image/x-icon")


@require_GET
def healthz(request):
    checks = {"database": health.database_status(), "broker": health.broker_status()}
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    status = HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE
    response = JsonResponse(checks, status=status)
    response["Cache-Control"] = "no-store"
    return response
