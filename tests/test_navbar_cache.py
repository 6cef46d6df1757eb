"""The navbar's personal pieces, kept per user in the real Redis (westbund/core/frame.py).

A warm signed-in page asks neither its workspaces nor its unread count; every change
to either shows on the next page; nobody is shown someone else's; the HTML is the
same as rendered from the model instances, in both languages.
"""

import os
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from enterprises.models import Membership
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from westbund.core import frame
from westbund.core.context_processors import WORKSPACES
from westbund.notifications import actions
from westbund.notifications.unread import UNREAD

# Committed for real: pieces are kept only outside a transaction (frame.py).
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    """The production cache backend on the test Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "westbund.core.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "westbund-test",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    cache.circuit.reset()
    cache.clear()
    yield cache
    cache.clear()


def _navbar(client, path="/services/"):
    body = client.get(path).content.decode()
    return body[body.index("<header>") : body.index("</header>")]


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


# Pages rendered on every request (/me/ itself is kept whole: tests/talent/test_kept_pages.py).
@pytest.mark.parametrize("path", ["/me/profile/", "/me/inbox/"])
def test_a_warm_signed_in_page_asks_neither_workspaces_nor_unread_count(
    client, path, django_assert_num_queries
):
    membership = MembershipFactory()
    NotificationFactory(recipient=membership.user)
    client.force_login(membership.user)
    client.get(path)  # the session, the site's one-off lookups
    frame.changed(WORKSPACES, membership.user.pk)
    frame.changed(UNREAD, membership.user.pk)
    cold = _queries(client, path)

    with django_assert_num_queries(cold - 2):
        client.get(path)


def _strip_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _render_navbar(user, language, **context):
    request = RequestFactory().get("/services/")
    request.user = user
    request.session = {}
    with translation.override(language):
        return _strip_tokens(render_to_string("includes/navbar.html", context, request=request))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("count", [1, 2])
def test_the_kept_navbar_is_the_html_of_the_memberships_themselves(language, count):
    user = UserFactory()
    MembershipFactory(
        user=user, enterprise__name_en="Aurora Models", enterprise__name_zh="曙光模型"
    )
    if count == 2:
        MembershipFactory(user=user, enterprise__name_en="Nebula Robotics", enterprise__name_zh="")
    instances = list(
        Membership.objects.filter(user=user)
        .select_related("enterprise")
        .order_by("enterprise__name_en")
    )
    expected = _render_navbar(user, language, nav_memberships=instances, unread_notifications=0)

    cold = _render_navbar(user, language)
    warm = _render_navbar(user, language)

    assert cold == warm == expected
    assert ("曙光模型" if language == "zh-hans" else "Aurora Models") in warm


def test_a_new_membership_shows_on_the_next_page(client):
    user = UserFactory()
    client.force_login(user)
    assert "/workspace/" not in _navbar(client)

    membership = MembershipFactory(user=user, enterprise__name_en="Aurora Models")

    assert f'href="/workspace/{membership.enterprise.slug}/"' in _navbar(client)


def test_a_removed_membership_leaves_the_navbar(client):
    membership = MembershipFactory(enterprise__name_en="Aurora Models")
    kept = MembershipFactory(user=membership.user, enterprise__name_en="Nebula Robotics")
    client.force_login(membership.user)
    assert "Aurora Models" in _navbar(client)

    membership.delete()

    navbar = _navbar(client)
    assert "Aurora Models" not in navbar
    assert "Workspace · Nebula Robotics" in navbar
    assert f'href="/workspace/{kept.enterprise.slug}/"' in navbar


def test_a_deactivated_enterprise_leaves_every_members_navbar(client):
    enterprise = EnterpriseFactory(name_en="Aurora Models")
    first, second = (
        MembershipFactory(enterprise=enterprise),
        MembershipFactory(enterprise=enterprise),
    )
    for membership in (first, second):
        client.force_login(membership.user)
        assert "Aurora Models" in _navbar(client)

    enterprise.is_active = False
    enterprise.save(update_fields=["is_active"])

    for membership in (first, second):
        client.force_login(membership.user)
        assert "/workspace/" not in _navbar(client)


def test_a_deleted_enterprise_leaves_its_members_navbar(client):
    membership = MembershipFactory(enterprise__name_en="Aurora Models")
    client.force_login(membership.user)
    assert "Aurora Models" in _navbar(client)

    membership.enterprise.delete()

    assert "/workspace/" not in _navbar(client)


def test_a_renamed_or_moved_enterprise_shows_its_new_name_and_slug(client):
    membership = MembershipFactory(enterprise__name_en="Aurora Models", enterprise__name_zh="")
    enterprise = membership.enterprise
    client.force_login(membership.user)
    assert "Workspace · Aurora Models" in _navbar(client)
    assert "工作台 · Aurora Models" in _navbar(client, "/zh-hans/services/")

    enterprise.name_en = "Aurora Intelligence"
    enterprise.name_zh = "曙光智能"
    enterprise.slug = "aurora-intelligence"
    enterprise.save()

    navbar = _navbar(client)
    assert "Workspace · Aurora Intelligence" in navbar
    assert 'href="/workspace/aurora-intelligence/"' in navbar
    assert "工作台 · 曙光智能" in _navbar(client, "/zh-hans/services/")


def _badge(client, path="/services/"):
    match = re.search(r'text-bg-warning">(\d+)<', _navbar(client, path))
    return int(match.group(1)) if match else 0


def test_the_unread_count_follows_new_read_and_deleted_notifications(client):
    me = UserFactory()
    first, second, third = NotificationFactory.create_batch(3, recipient=me)
    client.force_login(me)
    assert _badge(client) == 3

    NotificationFactory(recipient=me)
    assert _badge(client) == 4

    client.post(f"/me/inbox/{first.pk}/read/")
    assert _badge(client) == 3

    client.get(f"/me/inbox/{second.pk}/")  # opening one reads it
    assert _badge(client) == 2

    third.delete()
    assert _badge(client) == 1

    client.post("/me/inbox/read-all/")
    assert _badge(client) == 0
    assert _badge(client, "/zh-hans/services/") == 0


def test_mark_all_read_outside_a_request_clears_the_count(client):
    me = UserFactory()
    NotificationFactory.create_batch(2, recipient=me)
    client.force_login(me)
    assert _badge(client) == 2

    assert actions.mark_all_read(user=me) == 2

    assert _badge(client) == 0


def test_delivering_a_notification_keeps_the_count(client, django_assert_num_queries):
    notification = NotificationFactory()
    client.force_login(notification.recipient)
    assert _badge(client) == 1
    warm = _queries(client, "/services/")

    notification.state = notification.State.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["state", "sent_at"])

    # Still warm: the delivery changed nothing the badge counts.
    with django_assert_num_queries(warm):
        assert _badge(client) == 1


def test_nobody_is_shown_someone_elses_navbar(client):
    alice = MembershipFactory(enterprise__name_en="Aurora Models").user
    NotificationFactory.create_batch(2, recipient=alice)
    bob = UserFactory()
    NotificationFactory(recipient=bob)
    client.force_login(alice)
    assert "Aurora Models" in _navbar(client)
    assert _badge(client) == 2

    client.force_login(bob)

    navbar = _navbar(client)
    assert "Aurora Models" not in navbar
    assert "/workspace/" not in navbar
    assert _badge(client) == 1
