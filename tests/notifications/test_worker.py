"""Delivery through a real Celery worker on real Redis, including a broker outage."""

import os
import time
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import transaction

from tests.factories import UserFactory
from westbund.notifications import actions
from westbund.notifications.models import Kind, Notification

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def _use_broker(app, url):
    app.conf.broker_url = url
    # Drop pooled connections to the previous broker.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def _real_celery(app):
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = previous[0]
        _use_broker(app, previous[1])


def _wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _drain(app):
    """Return once the solo worker has run everything queued before this call."""
    from westbund.core.tasks import add

    assert add.delay(1, 1).get(timeout=20) == 2


def test_a_notification_raised_while_the_broker_is_down_is_delivered_once_it_is_back():
    from celery.contrib.testing.worker import start_worker

    from westbund.celery import app

    app.loader.import_module("celery.contrib.testing.tasks")
    mail.outbox = []
    user = UserFactory(email="lin@example.com")

    with _real_celery(app):
        # The event happens while Redis is unreachable: it still commits, the
        # notification waits, pending.
        _use_broker(app, UNREACHABLE_BROKER)
        with transaction.atomic():
            notification = actions.notify(
                recipient=user,
                kind=Kind.PROFILE_REVIEW_DECIDED,
                context={"decision_label": "Verified"},
            )
        notification.refresh_from_db()
        assert notification.state == Notification.State.PENDING
        assert mail.outbox == []

        # The broker is back; a worker runs; the sweeper finds the lost notification.
        _use_broker(app, os.environ["REDIS_URL"])
        with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
            from datetime import timedelta

            assert actions.enqueue_stale_pending(older_than=timedelta(0)) == 1
            assert _wait_for(lambda: Notification.objects.get(pk=notification.pk).state == "sent")
            # Sweeping again and a duplicate task change nothing.
            assert actions.enqueue_stale_pending(older_than=timedelta(0)) == 0
            from westbund.notifications.tasks import deliver_notification

            deliver_notification.delay(notification.pk)
            _drain(app)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lin@example.com"]
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_worker_delivers_a_committed_notification_without_the_sweeper():
    from celery.contrib.testing.worker import start_worker

    from westbund.celery import app

    app.loader.import_module("celery.contrib.testing.tasks")
    mail.outbox = []
    user = UserFactory(preferred_language="zh-hans")

    with _real_celery(app):
        _use_broker(app, os.environ["REDIS_URL"])
        with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
            with transaction.atomic():
                notification = actions.notify(
                    recipient=user,
                    kind=Kind.ROLE_REVIEW_DECIDED,
                    context={
                        "role_title": "语音工程师",
                        "enterprise_name": "曙光",
                        "approved": True,
                    },
                )
            assert _wait_for(lambda: Notification.objects.get(pk=notification.pk).state == "sent")

    assert mail.outbox[0].subject == "职位已通过审核：语音工程师"


@pytest.mark.postgres
def test_a_worker_keeps_its_database_connection_across_tasks_and_replaces_a_dead_one():
    from celery import signals
    from celery.contrib.testing.worker import start_worker
    from django.db import connection

    from westbund.celery import app
    from westbund.notifications.tasks import deliver_notification

    app.loader.import_module("celery.contrib.testing.tasks")
    mail.outbox = []
    backends = []

    def record_backend(sender=None, **_kwargs):
        if sender.name == deliver_notification.name:
            backends.append(connection.connection.get_backend_pid())

    signals.task_success.connect(record_backend, weak=False)

    def deliver_one():
        with transaction.atomic():
            notification = actions.notify(recipient=UserFactory(), kind=Kind.PROFILE_REVIEW_STARTED)
        assert _wait_for(lambda: Notification.objects.get(pk=notification.pk).state == "sent")
        assert _wait_for(lambda: len(backends) == Notification.objects.filter(state="sent").count())

    try:
        with _real_celery(app):
            _use_broker(app, os.environ["REDIS_URL"])
            with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
                for _ in range(3):
                    deliver_one()
                # A new PostgreSQL connection per task was a third of the worker's time.
                assert len(set(backends)) == 1

                # The database drops the worker's connection (a restart, a failover).
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [backends[-1]])
                deliver_one()
    finally:
        signals.task_success.disconnect(record_backend)

    assert len(set(backends)) == 2
    assert len(mail.outbox) == 4
