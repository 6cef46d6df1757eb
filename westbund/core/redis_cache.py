"""Django's Redis cache backend, made an accelerator rather than a single point of failure.

Fail soft. Redis holds nothing the portal cannot rebuild (pages, counts, rankings): when
it is unreachable, a connection or timeout error is a miss (``get`` returns the
default, ``set``/``add``/``delete`` do nothing and say False), logged once, and a
circuit opens for ``CIRCUIT_SECONDS``: until then no call touches the network, so a
dead Redis costs microseconds per request instead of a connect timeout per call.
The first call after that tries again (and closes the circuit if Redis answers).

Keys under ``LOCAL_FALLBACK_KEY_PREFIXES`` (allauth's rate-limit counters and their
locks) go to a per-process local-memory cache while the circuit is open, so sign-in
rate limits keep holding, per web process, through an outage (SECURITY.md explains
the choice). Nothing else falls back locally: a page-cache version or a session held
per process would go stale against the other nodes.

One redis client per connection pool. Django builds a new ``redis.Redis`` object for
every cache call; redis-py 8 fills a case-insensitive dict of ~170 response callbacks
in each constructor. On a page served from the cache that was a third of the request's
time (measured with cProfile: 0.14 ms per call, two calls per cached page). The client
is thread-safe and only wraps the pool, so reusing it changes nothing else.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# Unreachable, refused, reset, timed out, still loading its data: Redis is not there.
# Anything else (a wrong command, a serialisation bug) is a bug and still raises.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, ConnectionError, TimeoutError)
DEFAULT_CIRCUIT_SECONDS = 5.0


class Circuit:
    """Process-wide memory of "this Redis did not answer a moment ago"."""

    def __init__(self, name: str, open_seconds: float):
        self.name = name
        self.open_seconds = open_seconds
        self._open_until = 0.0
        self._lock = threading.Lock()
        self.trips = 0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException) -> None:
        with self._lock:
            self._open_until = time.monotonic() + self.open_seconds
            self.trips += 1
        logger.warning(
            "cache %s unreachable (%s: %s): served as empty for %g s",
            self.name,
            type(error).__name__,
            error,
            self.open_seconds,
        )

    def succeeded(self) -> None:
        if self._open_until:
            with self._lock:
                self._open_until = 0.0
            logger.info("cache %s reachable again", self.name)

    def reset(self) -> None:
        self._open_until = 0.0


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else url


_circuits: dict[str, Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(name: str, open_seconds: float = DEFAULT_CIRCUIT_SECONDS) -> Circuit:
    # Django makes one cache object per thread; the circuit must be per process.
    with _circuits_lock:
        circuit = _circuits.get(name)
        if circuit is None:
            circuit = _circuits[name] = Circuit(name, open_seconds)
        circuit.open_seconds = open_seconds
        return circuit


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        open_seconds = float(options.pop("CIRCUIT_SECONDS", DEFAULT_CIRCUIT_SECONDS))
        self._fallback_prefixes = tuple(options.pop("LOCAL_FALLBACK_KEY_PREFIXES", ()))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        # Named without credentials: the name goes to the logs.
        name = ",".join(_without_password(server) for server in self._servers)
        self.circuit = circuit_for(name, open_seconds)
        self._local = LocMemCache(f"redis-fallback:{name}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _falls_back(self, key) -> bool:
        return bool(self._fallback_prefixes) and str(key).startswith(self._fallback_prefixes)

    def _call(self, key, remote, local, miss):
        """Run ``remote()`` unless Redis is known to be down; on failure ``local()``
        for fallback keys, else the ``miss`` value."""
        fallback = key is not None and self._falls_back(key)
        if not self.circuit.is_open:
            try:
                result = remote()
            except UNREACHABLE as error:
                self.circuit.trip(error)
            else:
                self.circuit.succeeded()
                return result
        return local() if fallback else miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            key,
            lambda: super(RedisCache, self).add(key, value, timeout, version),
            lambda: self._local.add(key, value, timeout, version),
            False,
        )

    def get(self, key, default=None, version=None):
        return self._call(
            key,
            lambda: super(RedisCache, self).get(key, default, version),
            lambda: self._local.get(key, default, version),
            default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True when stored: callers that must know (cache.invalidate_public_pages) can.
        return self._call(
            key,
            lambda: super(RedisCache, self).set(key, value, timeout, version) or True,
            lambda: self._local.set(key, value, timeout, version) or False,
            False,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            key,
            lambda: super(RedisCache, self).touch(key, timeout, version),
            lambda: self._local.touch(key, timeout, version),
            False,
        )

    def delete(self, key, version=None):
        return self._call(
            key,
            lambda: super(RedisCache, self).delete(key, version),
            lambda: self._local.delete(key, version),
            False,
        )

    def has_key(self, key, version=None):
        return self._call(
            key,
            lambda: super(RedisCache, self).has_key(key, version),
            lambda: self._local.has_key(key, version),
            False,
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(
            key,
            lambda: super(RedisCache, self).incr(key, delta, version),
            lambda: self._local.incr(key, delta, version),
            missing,
        )
        if result is missing:
            # A miss, as when the key is not there: Django's incr raises then too.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def get_many(self, keys, version=None):
        return self._call(None, lambda: super(RedisCache, self).get_many(keys, version), None, {})

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call(
            None,
            lambda: super(RedisCache, self).set_many(data, timeout, version),
            None,
            list(data),
        )

    def delete_many(self, keys, version=None):
        self._call(None, lambda: super(RedisCache, self).delete_many(keys, version), None, None)

    def clear(self):
        self._local.clear()
        return self._call(None, lambda: super(RedisCache, self).clear(), None, False)
