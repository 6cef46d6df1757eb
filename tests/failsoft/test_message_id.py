"""Delivery is at least once; every copy of one notification carries one Message-ID, so
the receiver can drop the duplicate."""

import pytest

from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from westbund.notifications import actions
from westbund.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _message_id(message) -> str:
    return message.message()["Message-ID"]


def test_the_message_id_is_built_from_the_notification_and_the_sites_host(settings, mailoutbox):
    settings.SITE_URL = "https://talent.westbund.example"
    notification = NotificationFactory(recipient=UserFactory())

    assert actions.deliver(notification_id=notification.pk) == actions.Outcome.SENT

    assert _message_id(mailoutbox[0]) == f"<notification-{notification.pk}@talent.westbund.example>"


def test_a_redelivered_notification_has_the_same_message_id(settings, mailoutbox):
    settings.SITE_URL = "https://talent.westbund.example:8443/portal"
    settings.EMAIL_BACKEND = "tests.failsoft.backends.AcceptedThenDroppedBackend"
    notification = NotificationFactory(recipient=UserFactory())

    # The server took the message but the line dropped before it said so: a retry.
    assert actions.deliver(notification_id=notification.pk) == actions.Outcome.RETRY
    assert actions.deliver(notification_id=notification.pk) == actions.Outcome.SENT

    assert len(mailoutbox) == 2
    ids = {_message_id(message) for message in mailoutbox}
    assert ids == {f"<notification-{notification.pk}@talent.westbund.example>"}
    assert Notification.objects.get(pk=notification.pk).attempts == 2


def test_two_notifications_never_share_a_message_id(mailoutbox):
    first, second = NotificationFactory(), NotificationFactory()
    actions.deliver(notification_id=first.pk)
    actions.deliver(notification_id=second.pk)
    assert _message_id(mailoutbox[0]) != _message_id(mailoutbox[1])
