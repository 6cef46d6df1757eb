"""Reachability checks used by ``/healthz``: cheap, bounded in time, never raising."""

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return "unreachable"
    return "ok"


def broker_status() -> str:
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
