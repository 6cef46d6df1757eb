"""Fixtures of the fail-soft tests: real outages of a Redis and a proxy of our own."""

import pytest

from westbund.core import redis_cache
from westbund.notifications import actions

from .faults import PROXY_PORTS, REDIS_PORTS, OwnRedis, TcpProxy, free_port


@pytest.fixture(autouse=True)
def _closed_circuits():
    """Each test starts believing Redis and the broker are up (circuits are per process)."""
    for circuit in redis_cache._circuits.values():
        circuit.reset()
    actions.broker_circuit.reset()
    yield
    for circuit in redis_cache._circuits.values():
        circuit.reset()
    actions.broker_circuit.reset()


@pytest.fixture
def own_redis():
    server = OwnRedis(free_port(REDIS_PORTS))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxy_factory():
    proxies = []

    def make(target_port: int) -> TcpProxy:
        proxy = TcpProxy(free_port(PROXY_PORTS), target_port).start()
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def redis_cache_settings(settings):
    """Point the default cache at a Redis URL with the production backend and options."""

    def use(url: str, **options):
        settings.CACHES = {
            "default": {
                "BACKEND": "westbund.core.redis_cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "westbund",
                "OPTIONS": {**settings.REDIS_CACHE_OPTIONS, **options},
            }
        }

    return use


def use_broker(app, url):
    app.conf.broker_url = url
    # Drop pooled connections to the previous broker.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_celery():
    """The project's Celery app, not eager; ``real_celery(url)`` points it at a broker.
    Everything is put back afterwards."""
    from westbund.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False

    def use(url):
        use_broker(app, url)
        return app

    yield use
    app.conf.task_always_eager = previous[0]
    use_broker(app, previous[1])
