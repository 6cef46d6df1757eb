"""Redis is an accelerator: when it is gone the cache is empty, not an error.

Each test runs a Redis of its own (and, where it counts connections or simulates a
network split, a TCP proxy in front of it) and takes it away for real.
"""

import logging
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache

from tests.enterprises.factories import PublishedRoleFactory
from tests.factories import PASSWORD, UserFactory
from tests.totp import current_code

pytestmark = pytest.mark.redis

CIRCUIT = 0.3  # seconds; production uses 5 (REDIS_CACHE_OPTIONS)


def _every_operation_misses():
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is False
    assert cache.add("k", 1) is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    assert cache.has_key("k") is False
    assert cache.get_many(["k", "j"]) == {}
    assert cache.set_many({"k": 1, "j": 2}) == ["k", "j"]
    cache.delete_many(["k", "j"])
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("k")


def test_a_redis_that_went_away_is_a_miss_and_one_connection_attempt(
    own_redis, proxy_factory, redis_cache_settings, caplog
):
    proxy = proxy_factory(own_redis.port)
    redis_cache_settings(f"redis://127.0.0.1:{proxy.port}/0", CIRCUIT_SECONDS=CIRCUIT)
    cache.set("k", "stored")
    assert cache.get("k") == "stored"

    proxy.cut()
    before = proxy.accepted
    with caplog.at_level(logging.WARNING, logger="westbund.core.redis_cache"):
        _every_operation_misses()
        for _ in range(200):
            assert cache.get("k") is None

    # The pooled connection broke on the first call; the circuit kept every later call
    # off the network: at most one new connection for all of them.
    assert proxy.accepted - before <= 1
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1

    # Once the circuit's time is up, one call tries again (and fails again).
    time.sleep(CIRCUIT + 0.05)
    before = proxy.accepted
    for _ in range(50):
        assert cache.get("k") is None
    assert proxy.accepted - before == 1


def test_a_stalled_redis_costs_one_timeout_then_nothing(
    own_redis, proxy_factory, redis_cache_settings
):
    proxy = proxy_factory(own_redis.port)
    redis_cache_settings(f"redis://127.0.0.1:{proxy.port}/0", CIRCUIT_SECONDS=CIRCUIT)
    cache.set("k", "stored")

    proxy.stall()
    before = proxy.accepted
    for _ in range(100):
        assert cache.get("k") is None
    assert proxy.accepted - before <= 1


def test_the_cache_works_again_once_redis_is_back(
    own_redis, proxy_factory, redis_cache_settings, caplog
):
    proxy = proxy_factory(own_redis.port)
    redis_cache_settings(f"redis://127.0.0.1:{proxy.port}/0", CIRCUIT_SECONDS=CIRCUIT)
    proxy.cut()
    assert cache.set("k", "lost") is False

    proxy.resume()
    time.sleep(CIRCUIT + 0.05)
    with caplog.at_level(logging.INFO, logger="westbund.core.redis_cache"):
        assert cache.set("k", "stored") is True
    assert cache.get("k") == "stored"
    assert any("reachable again" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_public_pages_are_served_uncached_while_redis_is_down(
    client, own_redis, redis_cache_settings
):
    PublishedRoleFactory(title_en="Speech Engineer")
    redis_cache_settings(own_redis.url())
    client.get("/jobs/")
    assert client.get("/jobs/")["X-Page-Cache"] == "hit"

    own_redis.stop()
    for path in ("/jobs/", "/jobs/", "/zh-hans/jobs/", "/"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK
        assert "X-Page-Cache" not in response
    assert "Speech Engineer" in client.get("/jobs/").content.decode()


@pytest.mark.django_db
def test_a_change_made_while_redis_was_unreachable_is_not_hidden_by_older_pages(
    client, own_redis, proxy_factory, redis_cache_settings
):
    # A network split rather than a restart: Redis keeps the pages it cached before.
    proxy = proxy_factory(own_redis.port)
    redis_cache_settings(f"redis://127.0.0.1:{proxy.port}/0", CIRCUIT_SECONDS=CIRCUIT)
    client.get("/jobs/")
    assert client.get("/jobs/")["X-Page-Cache"] == "hit"

    proxy.cut()
    PublishedRoleFactory(title_en="Robotics Lead")  # the version bump cannot be stored
    assert "Robotics Lead" in client.get("/jobs/").content.decode()

    proxy.resume()
    time.sleep(CIRCUIT + 0.05)
    response = client.get("/jobs/")
    assert "X-Page-Cache" not in response
    assert "Robotics Lead" in response.content.decode()


def _sign_in(client, email, password):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR="203.0.113.9"
    )


@pytest.mark.django_db
def test_sign_in_rate_limits_keep_holding_while_redis_is_down(
    client, own_redis, redis_cache_settings, caplog
):
    redis_cache_settings(own_redis.url())
    cache.clear()  # the per-process fallback counters too
    victim, bystander = UserFactory(), UserFactory()
    own_redis.stop()

    with caplog.at_level(logging.WARNING, logger="westbund.core.redis_cache"):
        for _ in range(5):
            assert _sign_in(client, victim.email, "wrong-guess").status_code == HTTPStatus.OK
        refused = _sign_in(client, victim.email, PASSWORD)

    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert any("unreachable" in r.getMessage() for r in caplog.records)
    # Someone else signs in as usual: the outage locks nobody out.
    assert _sign_in(client, bystander.email, PASSWORD).status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(bystander.pk)


@pytest.mark.django_db
def test_officers_sign_in_with_their_code_while_redis_is_down_and_a_replay_is_refused(
    own_redis, redis_cache_settings
):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from tests.factories import StaffUserFactory

    secret = "JBSWY3DPEHPK3PXPWESTBUND"
    redis_cache_settings(own_redis.url())
    cache.clear()
    officer = StaffUserFactory(email="officer@example.com")
    TOTP.activate(officer, secret)
    own_redis.stop()
    codes = []

    def sign_in(client):
        response = client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
        assert response["Location"] == "/accounts/2fa/authenticate/"
        # Taken as late as possible (a code lives 30 s), and the first one replayed.
        codes.append(current_code(secret))
        return client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    first = Client()
    assert sign_in(first).status_code == HTTPStatus.FOUND
    assert first.get("/admin/").status_code == HTTPStatus.OK

    replay = Client()
    assert sign_in(replay).status_code == HTTPStatus.OK  # the form again, with an error
    assert "_auth_user_id" not in replay.session
