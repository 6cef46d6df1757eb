"""Fixtures and service gates shared by the whole suite.

Tests that need a real PostgreSQL, Redis or browser carry the ``postgres``, ``redis``
or ``browser`` marker. Without the service they are skipped, with the reason; with
``REQUIRE_SERVICES=1`` (CI) a missing service fails them instead.
"""

import os
import shutil
import time
from functools import cache
from pathlib import Path

import pytest

from tests.browser_helpers import pytest_runtest_makereport, save_html_on_failure  # noqa: F401

# Every browser test that fails leaves the HTML of its open pages in test-results/,
# next to pytest-playwright's screenshot.
from tests.totp import SECRET as TOTP_SECRET

# live_server + sync Playwright run Django code from the browser's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@cache
def _postgres_missing() -> str | None:
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "DATABASE_URL does not point at PostgreSQL"
    return None


@cache
def _redis_missing() -> str | None:
    import redis

    url = os.environ.get("REDIS_URL")
    if not url:
        return "REDIS_URL is not set"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"Redis at {url} does not answer: {error}"
    return None


@cache
def _browser_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


SERVICE_GATES = {
    "postgres": _postgres_missing,
    "redis": _redis_missing,
    "browser": _browser_missing,
}


def pytest_runtest_setup(item):
    for marker, missing in SERVICE_GATES.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing()
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {marker} is unavailable: {reason}")
        pytest.skip(f"{marker} unavailable: {reason}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """An embedded Celery worker keeps its database connection across tasks, as a real
    worker does (westbund/celery.py); once its thread has ended the connection closes
    only when collected, and an open one keeps the test database from being dropped."""
    yield
    import gc

    gc.collect()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads (public and private) go to a throwaway root, never the repository's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request under /zh-hans/ leaves Chinese active in the thread; without this the
    next test's ``reverse()`` would build /zh-hans/ URLs and its messages be Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_users(db):
    from westbund.portal.demo import ensure_demo_accounts

    return ensure_demo_accounts()


@pytest.fixture
def sign_in_officer():
    """Sign a staff user in as after password + authenticator code, which the admin
    requires (westbund.accounts.middleware). Returns ``sign_in(client, user)``."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    def sign_in(client, user):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, TOTP_SECRET)
        client.force_login(user)
        session = client.session
        now = time.time()
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
        session.save()
        return client

    return sign_in
