"""A stalled or vanished database (or broker) costs bounded time, and /healthz says so.

The database is reached through a TCP proxy the test cuts or stalls; only the health
check's own connection goes through it (the test's connection stays direct).
"""

import os
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import connection, connections

from westbund.core import health

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
BOUND = 2.0  # seconds: /healthz answers within this, whatever the services do


def _wait_for_idle_checks():
    # A probe stalled on purpose finishes once the proxy closes its connection.
    for check in health._checks.values():
        assert check._running.acquire(timeout=10), f"{check.name} probe still running"
        check._running.release()


@pytest.fixture
def database_proxy(proxy_factory):
    settings_dict = connections["default"].settings_dict
    proxy = proxy_factory(int(settings_dict["PORT"] or 5432))
    saved = settings_dict["HOST"], settings_dict["PORT"]
    # The same dict serves every thread's connection: the probe's goes through the proxy.
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
    yield proxy
    settings_dict["HOST"], settings_dict["PORT"] = saved
    proxy.cut()
    _wait_for_idle_checks()


def _healthz(client):
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_healthz_is_ok_through_the_proxy(client, settings, database_proxy):
    settings.CELERY_BROKER_URL = "memory://"
    response, _elapsed = _healthz(client)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"database": "ok", "broker": "eager"}
    assert database_proxy.accepted == 1


@pytest.mark.django_db
def test_healthz_is_503_at_once_when_the_database_connection_is_cut(
    client, settings, database_proxy
):
    settings.CELERY_BROKER_URL = "memory://"
    database_proxy.cut()

    response, elapsed = _healthz(client)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"database": "unreachable", "broker": "eager"}
    assert response["Cache-Control"] == "no-store"
    assert elapsed < BOUND


@pytest.mark.django_db
def test_healthz_is_503_within_its_bound_when_the_database_stalls(client, settings, database_proxy):
    settings.CELERY_BROKER_URL = "memory://"
    database_proxy.stall()

    response, elapsed = _healthz(client)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "timeout"
    assert elapsed < BOUND

    # The load balancer probes again while the first probe still hangs: answered at
    # once, and no second connection piles up behind the first.
    response, elapsed = _healthz(client)
    assert response.json()["database"] == "timeout"
    assert database_proxy.accepted == 1


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_is_503_within_its_bound_when_the_broker_stalls(
    client, settings, own_redis, proxy_factory
):
    proxy = proxy_factory(own_redis.port)
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{proxy.port}/0"
    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}
    proxy.stall()

    response, elapsed = _healthz(client)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["broker"] in {"timeout", "unreachable"}
    assert response.json()["database"] == "ok"
    assert elapsed < BOUND
    proxy.cut()
    _wait_for_idle_checks()


def _statement_timeout(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_web_connections_give_up_on_a_statement_after_fifteen_seconds(settings):
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 3
    assert _statement_timeout(connection) == "15s"


@pytest.fixture
def restore_database_options():
    options = connections["default"].settings_dict["OPTIONS"]
    saved = dict(options)
    yield
    options.clear()
    options.update(saved)
    connections["default"].close()


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_process_has_no_statement_timeout(restore_database_options):
    from celery import signals

    from westbund.celery import app

    assert _statement_timeout(connection) == "15s"
    # What `celery -A westbund worker` sends at start, before forking its pool.
    signals.celeryd_init.send(sender="worker@test", instance=None, conf=app.conf, options={})

    assert _statement_timeout(connection) == "0"


def _run(code, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "westbund.settings"}
    env.pop("WESTBUND_PROCESS", None)
    result = subprocess.run(
        [sys.executable, *args, code] if args else [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


PRINT_OPTION = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


def test_management_commands_and_the_web_entry_point_get_their_own_limits():
    command = _run(PRINT_OPTION, "manage.py", "shell", "-c")
    web = _run(f"import westbund.wsgi; {PRINT_OPTION}")
    assert "'options': '-c statement_timeout=0'" in command
    assert "'options': '-c statement_timeout=15000'" in web
    assert "'connect_timeout': 3" in command
    assert "'connect_timeout': 3" in web
