from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from westbund.accounts import permissions
from westbund.core import frame
from westbund.core.bilingual import Bilingual

LANGUAGE_LABELS = {"en": "English", "zh-hans": "简体中文"}


def _absolute(request, path: str) -> str:
    # Crawlers need absolute ``hreflang`` links; on the host the page was asked for, as
    # the sitemap's (the public-page cache keys on the host too).
    return request.build_absolute_uri(path)


def _page_path(request) -> str:
    """The address of the page shown. A form that fails is shown again at the address
    it was posted to, which may answer POST only: the language links of that page lead
    to the page the form was on (the Referer, this site's only), else home."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


# The frame piece of the navbar's workspace links; enterprises/frame.py says when it
# changes.
WORKSPACES = "workspaces"


@dataclass(frozen=True)
class NavEnterprise:
    """What the navbar shows of an enterprise, named in the reader's language."""

    slug: str
    name_en: str
    name_zh: str

    name = Bilingual("name")


@dataclass(frozen=True)
class NavMembership:
    # The shape the templates read (``membership.enterprise.slug``), as a Membership.
    enterprise: NavEnterprise


def _workspace_rows(user) -> list[tuple[str, str, str]]:
    # Through the reverse relation, so that the project library imports no domain app;
    # ``Membership.objects.for_user`` is the same filter.
    return list(
        user.enterprise_memberships.filter(enterprise__is_active=True)
        .order_by("enterprise__name_en")
        .values_list("enterprise__slug", "enterprise__name_en", "enterprise__name_zh")
    )


def _workspace_memberships(user) -> list[NavMembership]:
    # Plain values in the cache (both names: one entry serves either language).
    rows = frame.piece(WORKSPACES, user.pk, lambda: _workspace_rows(user))
    return [NavMembership(NavEnterprise(*row)) for row in rows]


def site(request):
    """What every page's frame needs: the site's name, this page in each language and,
    for a signed-in user, the workspaces the navbar links to.

    The language switcher is a pair of plain links (no form, no cookie): pages stay
    cacheable for anonymous visitors and crawlers see both versions.
    """
    current = get_language()
    path = _page_path(request)
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": [
            {
                "code": code,
                "label": LANGUAGE_LABELS.get(code, code),
                "url": url,
                "absolute_url": _absolute(request, url),
                "current": code == current,
            }
            for code, url in urls.items()
        ],
        # Search engines' fallback for readers of neither language: the English page.
        "x_default_url": _absolute(request, urls[settings.LANGUAGE_CODE]),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_memberships"] = SimpleLazyObject(lambda: _workspace_memberships(user))
        # Asked only where the navbar shows the admin link (one query, staff only).
        context["nav_is_officer"] = SimpleLazyObject(lambda: permissions.is_officer(user))
    return context
