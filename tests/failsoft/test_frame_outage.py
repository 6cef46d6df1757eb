"""The navbar's kept pieces (westbund/core/frame.py) without Redis: signed-in pages
render from the database, and a change made while Redis was away is not hidden by
what it kept before."""

import re
import time
from http import HTTPStatus

import pytest

from tests.enterprises.factories import MembershipFactory
from tests.notifications.factories import NotificationFactory

# Committed for real: pieces are kept only outside a transaction.
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

CIRCUIT = 0.3  # seconds; production uses 5 (REDIS_CACHE_OPTIONS)


def _navbar(client, path="/services/"):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    return body[body.index("<header>") : body.index("</header>")]


def _badge(navbar):
    match = re.search(r'text-bg-warning">(\d+)<', navbar)
    return int(match.group(1)) if match else 0


def test_signed_in_pages_render_their_navbar_while_redis_is_down(
    client, own_redis, redis_cache_settings
):
    redis_cache_settings(own_redis.url())
    membership = MembershipFactory()
    NotificationFactory(recipient=membership.user)
    client.force_login(membership.user)
    assert _badge(_navbar(client)) == 1  # kept in Redis

    own_redis.stop()
    NotificationFactory(recipient=membership.user)
    second = MembershipFactory(user=membership.user)

    for path in ("/services/", "/me/", "/me/inbox/", "/zh-hans/me/"):
        navbar = _navbar(client, path)
        assert _badge(navbar) == 2
        for enterprise in (membership.enterprise, second.enterprise):
            assert f"/workspace/{enterprise.slug}/" in navbar


def test_a_change_made_while_redis_was_unreachable_shows_once_it_is_back(
    client, own_redis, proxy_factory, redis_cache_settings
):
    # A network split rather than a restart: Redis keeps the pieces it had.
    proxy = proxy_factory(own_redis.port)
    redis_cache_settings(f"redis://127.0.0.1:{proxy.port}/0", CIRCUIT_SECONDS=CIRCUIT)
    membership = MembershipFactory(enterprise__name_en="Aurora Models")
    client.force_login(membership.user)
    assert _badge(_navbar(client)) == 0
    assert "Aurora Models" in _navbar(client)

    proxy.cut()
    NotificationFactory(recipient=membership.user)  # the bumps cannot be stored
    membership.delete()
    navbar = _navbar(client)
    assert _badge(navbar) == 1
    assert "/workspace/" not in navbar

    proxy.resume()
    time.sleep(CIRCUIT + 0.05)
    navbar = _navbar(client)
    assert _badge(navbar) == 1
    assert "/workspace/" not in navbar
