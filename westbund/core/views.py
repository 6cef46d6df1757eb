from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import health


def home(request):
    return render(request, "core/home.html")


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
def healthz(request):
    checks = {"database": health.database_status(), "broker": health.broker_status()}
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    status = HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE
    response = JsonResponse(checks, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def set_language(request):
    """Switch the site's language; a signed-in user's e-mails follow the choice."""
    # Django resolves ``next`` in the active language, so "/zh-hans/jobs/" would not
    # resolve from an English request and could not be translated back to "/jobs/".
    next_language = translation.get_language_from_path(request.POST.get("next", ""))
    with translation.override(next_language or translation.get_language()):
        response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
