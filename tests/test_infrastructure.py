"""The real services: PostgreSQL, Redis as cache and broker, a Celery worker, settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.redis
def test_redis_cache_from_settings_stores_and_reads():
    from westbund.core.redis_cache import RedisCache

    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "westbund-test"})
    key = f"probe-{secrets.token_hex(4)}"
    cache.set(key, {"ok": True}, 30)

    assert cache.get(key) == {"ok": True}
    # One client per pool, reused across calls.
    assert cache._cache.get_client(key) is cache._cache.get_client("another-key")
    cache.delete(key)


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reports_a_reachable_redis_broker(client, settings):
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]

    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}


@pytest.fixture
def real_worker():
    """The project's own Celery app, not eager, with a worker thread on real Redis."""
    from celery.contrib.testing.worker import start_worker

    from westbund.celery import app

    app.loader.import_module("celery.contrib.testing.tasks")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_runs_through_a_real_worker_on_redis(real_worker):
    from westbund.core.tasks import add

    result = add.delay(2, 3)

    assert result.get(timeout=20) == 5
    assert real_worker.conf.broker_url.startswith("redis://")


def _clean_environ():
    # The test process sets DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests; a deployed
    # process never has it, and check --deploy rightly complains about it.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**_clean_environ(), "DJANGO_SETTINGS_MODULE": "westbund.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="talent.westbund.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in _clean_environ().items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "westbund.settings", "DJANGO_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
