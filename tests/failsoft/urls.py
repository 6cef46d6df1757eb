"""The site's URLs plus views that fail on purpose, to see the error pages they cause."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from westbund.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied


def malformed(request):
    raise BadRequest


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(
        path("failing/forbidden/", forbidden),
        path("failing/malformed/", malformed),
        path("failing/broken/", broken),
        prefix_default_language=False,
    ),
]
