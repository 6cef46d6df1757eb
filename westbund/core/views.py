from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import health
from .context_processors import LANGUAGE_LABELS


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
    checks = health.run_checks()
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    status = HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE
    response = JsonResponse(checks, status=status)
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------
# Error pages
# ------------------------------------------------------------------------------
# Rendered without a request context: no context processor (user, unread count),
# no session, no cache and no database. An error page is what is left when one of
# them failed, and a page that fails to render shows the visitor Django's bare text.
# The language is the URL's prefix, not the one LocaleMiddleware activated: these
# views also answer for requests stopped before it ran (bad bytes, middleware errors).


def _error_language(request) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _render_error(request, template: str, status: HTTPStatus) -> HttpResponse:
    language = _error_language(request)
    with translation.override(language):
        homes = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                homes.append(
                    {
                        "code": code,
                        "label": LANGUAGE_LABELS.get(code, code),
                        "url": reverse("home"),
                        "current": code == language,
                    }
                )
        context = {
            "status": int(status),
            "home_url": reverse("home"),
            "language_homes": homes,
        }
        content = loader.render_to_string(template, context)
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    # Never cached by a proxy: the same address answers normally once the fault is gone.
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return _render_error(request, "errors/400.html", HTTPStatus.BAD_REQUEST)


def permission_denied(request, exception=None):
    return _render_error(request, "errors/403.html", HTTPStatus.FORBIDDEN)


def page_not_found(request, exception=None):
    return _render_error(request, "errors/404.html", HTTPStatus.NOT_FOUND)


def server_error(request):
    return _render_error(request, "errors/500.html", HTTPStatus.INTERNAL_SERVER_ERROR)


def csrf_failure(request, reason=""):
    return _render_error(request, "errors/403_csrf.html", HTTPStatus.FORBIDDEN)
