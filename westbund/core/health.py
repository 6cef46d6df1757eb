"""Reachability checks used by ``/healthz``: cheap, bounded in time, never raising.

Each check runs in a thread of its own and the answer waits for both at most
``CHECK_SECONDS``: a database or broker that accepts the connection and then says
nothing (a stalled network, a frozen server) is reported as ``timeout`` instead of
hanging the load balancer's probe, and with it a web worker. A stalled check's thread
is left to finish on its own (libpq's connect timeout, the socket timeouts); while it
runs, later probes of the same service answer ``timeout`` at once, so stalls never
pile up threads.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# /healthz answers within 2 s: both checks run side by side within this budget.
CHECK_SECONDS = 1.5


def _database_probe() -> str:
    # A connection of this thread's own: the request's connection may be the stalled one.
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        # The message, not a traceback: formatting one in a side thread is not
        # thread-safe on CPython 3.11.7 (its carets parse source with the ast module).
        logger.warning("health check: database unreachable: %s: %s", type(error).__name__, error)
        return "unreachable"
    finally:
        connection.close()
    return "ok"


def _broker_probe() -> str:
    broker_url = settings.CELERY_BROKER_URL
    if not broker_url.startswith(("redis://", "rediss://")):
        return "eager"
    try:
        client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError:
        logger.warning("health check: broker unreachable at %s", broker_url.split("@")[-1])
        return "unreachable"
    return "ok"


class _BoundedCheck:
    def __init__(self, name, probe):
        self.name = name
        self.probe = probe
        self._running = threading.Lock()

    def start(self) -> dict:
        outcome = {"status": "timeout"}
        if not self._running.acquire(blocking=False):
            logger.warning("health check: %s still stalled from an earlier probe", self.name)
            outcome["thread"] = None
            return outcome

        def run():
            try:
                outcome["status"] = self.probe()
            except Exception as error:
                logger.warning("health check: %s probe failed: %r", self.name, error)
                outcome["status"] = "unreachable"
            finally:
                self._running.release()

        thread = threading.Thread(target=run, name=f"healthz-{self.name}", daemon=True)
        outcome["thread"] = thread
        thread.start()
        return outcome


_checks = {
    "database": _BoundedCheck("database", _database_probe),
    "broker": _BoundedCheck("broker", _broker_probe),
}


def run_checks(timeout: float = CHECK_SECONDS) -> dict[str, str]:
    """Status of each service: ``ok``, ``eager`` (no broker needed), ``unreachable`` or
    ``timeout``, within ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    outcomes = {name: check.start() for name, check in _checks.items()}
    for name, outcome in outcomes.items():
        thread = outcome["thread"]
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                logger.warning("health check: %s did not answer within %.1f s", name, timeout)
    # Read after the joins: a thread still running leaves "timeout".
    return {name: outcome["status"] for name, outcome in outcomes.items()}
