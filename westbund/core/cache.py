"""Whole-page cache for anonymous visitors of the public pages.

Public pages (home, job board, role and enterprise pages, policies, the manual …)
are the same for every anonymous visitor in one language, so the rendered response is
kept in the shared cache (Redis in production). Correctness comes from a version
number: any write to the public content (a role approved or closed, a policy edited,
an RSVP changing the seats left) bumps it, and every cached page is stale at once.
Pages of signed-in users are never cached: they carry personal data.

With Redis unreachable (westbund/core/redis_cache.py treats that as a miss) every
lookup misses and pages are rendered afresh. A version bump that could not be stored
is remembered in this process and stored as soon as Redis answers again, so pages
cached before a network split do not outlive a change made during it.
"""

import functools
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
# Apps whose every model write may change what a public page shows.
PUBLIC_CONTENT_APPS = ("enterprises", "services")
# Longer query strings are served but not stored: made-up queries must not be able to
# fill the cache and push out the pages people actually read.
MAX_CACHED_QUERY = 200


def content_version() -> int:
    """Changes whenever public content (roles, enterprises, the service package) does."""
    return _version()


# A write to public content happened here while the cache could not record it.
_invalidation_lost = False


def _version() -> int:
    if _invalidation_lost:
        invalidate_public_pages()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate_public_pages(**_kwargs) -> None:
    global _invalidation_lost
    # False only from the fail-soft Redis backend, when Redis did not take the write.
    _invalidation_lost = cache.set(VERSION_KEY, time.time_ns(), None) is False


def connect_invalidation() -> None:
    # Signals here are plumbing, not business logic: whichever code path writes the
    # content (actions, admin forms, demo data), cached pages must not outlive it.
    for app_label in PUBLIC_CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(invalidate_public_pages, sender=model, weak=False)
            post_delete.connect(invalidate_public_pages, sender=model, weak=False)


def _cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        # A page that used a CSRF token or showed a one-off message is not shareable.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_messages(request).used
    )


def public_page(view=None, *, timeout: int | None = None):
    """Serve ``view`` from the cache to anonymous GET requests."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or len(request.META.get("QUERY_STRING", "")) > MAX_CACHED_QUERY
                # A one-off message waits ("You have signed out."): render it, do not
                # serve a copy without it (counting does not mark the messages used).
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            page = f"{get_language()}|{request.get_host()}|{request.get_full_path()}"
            digest = hashlib.sha256(page.encode()).hexdigest()
            key = f"public-pages:{_version()}:{digest}"
            response = cache.get(key)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if _cacheable(request, response):
                cache.set(key, response, timeout or settings.PUBLIC_PAGE_CACHE_SECONDS)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator
