"""Test settings: the base settings, made fast and isolated.

PostgreSQL and Redis are used when ``DATABASE_URL`` / ``REDIS_URL`` are set (CI sets
them); tests that need them carry the ``postgres`` / ``redis`` markers.
"""

from .settings import *  # noqa: F403
from .settings import REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Each test gets a clean cache (see conftest); a per-process local cache keeps tests
# from sharing rate-limit counters through Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Tasks run in-process unless a test starts a real worker (tests/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "westbund.privacy.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
