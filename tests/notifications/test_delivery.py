"""Failures, retries, the sweeper and the admin's retry action."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.factories import StaffUserFactory, UserFactory
from tests.notifications.factories import NotificationFactory, SentNotificationFactory
from westbund.notifications import actions
from westbund.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

FAILING = "tests.notifications.backends.FailingBackend"


def test_a_failing_mail_server_leaves_the_notification_failed_with_the_error(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_BACKEND = FAILING

    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=UserFactory(),
            kind=Kind.PROFILE_REVIEW_DECIDED,
            context={"decision_label": "Verified"},
        )

    notification = Notification.objects.get()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == settings.NOTIFICATION_MAX_ATTEMPTS
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in notification.last_error
    assert mailoutbox == []


def test_admin_retry_action_delivers_a_failed_notification_once_mail_works(
    client, sign_in_officer, django_capture_on_commit_callbacks, mailoutbox
):
    notification = NotificationFactory(
        state=Notification.State.FAILED, attempts=5, last_error="SMTPServerDisconnected"
    )
    officer = StaffUserFactory()
    officer.user_permissions.add(
        Permission.objects.get(codename="change_notification"),
        Permission.objects.get(codename="view_notification"),
    )
    sign_in_officer(client, officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/notification/",
            {"action": "retry_delivery", "_selected_action": [notification.pk]},
        )

    assert response.status_code == HTTPStatus.FOUND
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.last_error == ""
    assert len(mailoutbox) == 1


def test_admin_lists_notifications_filtered_by_state(
    client, sign_in_officer, django_assert_max_num_queries
):
    officer = StaffUserFactory()
    officer.user_permissions.add(
        Permission.objects.get(codename="view_notification"),
        Permission.objects.get(codename="change_notification"),
    )
    sign_in_officer(client, officer)
    NotificationFactory.create_batch(3, state=Notification.State.FAILED)
    SentNotificationFactory.create_batch(20)

    with django_assert_max_num_queries(12):
        response = client.get("/admin/notifications/notification/?state__exact=failed")

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('name="_selected_action"') == 3


def test_the_sweeper_enqueues_only_stale_pending_notifications(mailoutbox):
    stale = NotificationFactory()
    Notification.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    fresh = NotificationFactory()
    old_sent = SentNotificationFactory()
    Notification.objects.filter(pk=old_sent.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    assert actions.enqueue_stale_pending() == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.state == Notification.State.SENT
    assert fresh.state == Notification.State.PENDING
    assert len(mailoutbox) == 1


def test_the_sweeper_does_not_enqueue_the_same_notification_every_run(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATION_MAX_ATTEMPTS = 100  # stays pending across the runs
    stale = NotificationFactory()
    Notification.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    # Eager retries are many at once here; what matters is the enqueue bookkeeping.
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    assert actions.enqueue_stale_pending() == 1
    assert actions.enqueue_stale_pending() == 0
