"""Signed-in pages kept whole for their reader, until what they show changes.

A recruiter's board or interviews page is read again and again between two changes of
the enterprise's hiring: rendering it every time is most of its cost. A page decorated
with ``kept_page`` is kept in the cache under a key made of the reader, the view, the
host, the path with its query, the language and the ``versions`` the page names: the
numbers that change whenever anything it shows changes (the enterprise's applications,
its interviews, the navbar's pieces of the reader). A changed version is a new key, so
a kept page is never served stale; the entry itself lasts ``KEPT_SECONDS`` for what
changes with the clock alone ("N days in this stage", "upcoming").

Nothing of one reader reaches another: the reader's id is part of the key. The CSRF
token, the only piece that differs from one request to the next, is taken out before
the page is kept and the request's own token put in when it is served. A page is not
kept, and not served from the cache, while the reader has messages waiting to be
shown, nor when the view answered anything but a plain 200 page. ``KEPT_PAGES = False``
in the settings turns it off (the benchmarks measure both).

This module is the project library: it imports no domain app.
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

KEPT_SECONDS = 300
# Longer paths (made-up queries) are served but not kept, as on the public pages.
MAX_KEPT_PATH = 500
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    # ``len`` loads the waiting messages without marking them as shown.
    return storage is not None and len(storage) > 0


def _key(view_name: str, request, versions: Iterable) -> str:
    parts = "|".join(
        str(part)
        for part in (
            view_name,
            request.user.pk,
            request.get_host(),
            request.get_full_path(),
            get_language(),
            *versions,
        )
    )
    return "kept-page:" + hashlib.sha256(parts.encode()).hexdigest()


def _keepable(response) -> bool:
    # The admin's views set the CSRF cookie and ``Vary: Cookie`` themselves
    # (``csrf_protect``); served from the cache, the middleware sets the cookie.
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and set(response.headers) <= {"Content-Type", "Vary"}
    )


def kept_page(*, versions: Callable[..., Iterable], seconds: int = KEPT_SECONDS, name: str = ""):
    """Keep the view's page per reader; ``versions(request, *args, **kwargs)`` names
    the state it shows (see the module's docstring), or is None for a reader whose page
    is not kept. Goes inside the decorators that check access, so that a kept page is
    only ever served to a reader allowed it. ``name`` tells apart views that share
    one function (the admin's changelists)."""

    def decorator(view):
        view_name = name or f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                not getattr(settings, "KEPT_PAGES", True)
                or request.method not in ("GET", "HEAD")
                or len(request.get_full_path()) > MAX_KEPT_PATH
                or _has_messages(request)
                # In a transaction the page may show its uncommitted writes, which no
                # other request may be served (and a rollback bumps no version).
                or transaction.get_connection().in_atomic_block
            ):
                return view(request, *args, **kwargs)
            state = versions(request, *args, **kwargs)
            if state is None:
                return view(request, *args, **kwargs)
            key = _key(view_name, request, state)
            kept = cache.get(key)
            if kept is not None:
                html = kept["html"].replace(kept["mark"], get_token(request))
                response = HttpResponse(html, content_type=kept["content_type"])
                if kept.get("vary"):
                    response["Vary"] = kept["vary"]
                return response
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                # A TemplateResponse (the admin's pages): rendered now to be kept.
                response.render()
            # A message the view itself added is shown on this page only.
            if _keepable(response) and not _has_messages(request):
                mark = f"__csrf_{secrets.token_hex(8)}__"
                html = _CSRF_INPUT.sub(
                    rf"\g<1>{mark}\g<2>", response.content.decode(response.charset)
                )
                cache.set(
                    key,
                    {
                        "html": html,
                        "mark": mark,
                        "content_type": response["Content-Type"],
                        "vary": response.get("Vary", ""),
                    },
                    seconds,
                )
            return response

        return wrapper

    return decorator
