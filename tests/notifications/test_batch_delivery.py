"""The sweeper's batch task delivers each row once, under the row's own lock: run twice,
run by two workers at once, or run again after dying half-way."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction

from tests.notifications.factories import NotificationFactory
from westbund.notifications import actions
from westbund.notifications.models import Notification
from westbund.notifications.tasks import deliver_notifications

pytestmark = pytest.mark.django_db

DIES_ON_THIRD = "tests.notifications.backends.WorkerDiesOnThirdMessageBackend"


def _sent_ids(outbox):
    return Counter(message.extra_headers["X-Westbund-Notification"] for message in outbox)


def test_running_a_batch_twice_sends_each_notification_once(mailoutbox):
    notifications = NotificationFactory.create_batch(5)
    ids = [n.pk for n in notifications]

    assert deliver_notifications.apply((ids,)).get() == 5
    assert deliver_notifications.apply((ids,)).get() == 0

    assert _sent_ids(mailoutbox) == {str(pk): 1 for pk in ids}
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_the_sweeper_enqueues_many_in_batches_and_each_is_delivered_once(mailoutbox):
    count = actions.SWEEP_BATCH_SIZE * 2 + 3
    notifications = NotificationFactory.create_batch(count)

    assert actions.enqueue_stale_pending(older_than=timedelta(0)) == count
    assert actions.enqueue_stale_pending(older_than=timedelta(0)) == 0

    assert _sent_ids(mailoutbox) == {str(n.pk): 1 for n in notifications}


def test_a_batch_that_died_half_way_sends_the_rest_once_when_run_again(settings):
    mail.outbox = []
    notifications = NotificationFactory.create_batch(5)
    ids = [n.pk for n in notifications]
    settings.EMAIL_BACKEND = DIES_ON_THIRD

    # The worker dies while handing the third message to the mail server: the task
    # never finishes, the broker hands it out again (acks_late).
    with pytest.raises(SystemExit):
        deliver_notifications.apply((ids,), throw=True)
    states = dict(Notification.objects.values_list("pk", "state"))
    assert [states[pk] for pk in ids] == ["sent", "sent", "pending", "pending", "pending"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_notifications.apply((ids,)).get() == 3

    assert _sent_ids(mail.outbox) == {str(pk): 1 for pk in ids}
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_a_failed_attempt_in_a_batch_is_tried_again_without_holding_up_the_others(
    settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailsFirstAttemptOfSecondBackend"
    notifications = NotificationFactory.create_batch(3)
    ids = [n.pk for n in notifications]

    assert deliver_notifications.apply((ids,)).get() == 3

    assert _sent_ids(mailoutbox) == {str(pk): 1 for pk in ids}
    second = Notification.objects.get(pk=ids[1])
    assert (second.state, second.attempts) == ("sent", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_batch_at_once_send_each_notification_once():
    mail.outbox = []
    ids = [n.pk for n in NotificationFactory.create_batch(40)]
    start = threading.Barrier(2)
    errors = []

    def worker(order):
        try:
            start.wait(timeout=10)
            deliver_notifications.apply((order,)).get()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    # One from the front, one from the back: they meet in the middle, on the same rows.
    threads = [
        threading.Thread(target=worker, args=(ids,)),
        threading.Thread(target=worker, args=(ids[::-1],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert _sent_ids(mail.outbox) == {str(pk): 1 for pk in ids}
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_commits_asynchronously_but_never_weakens_a_callers_transaction(mailoutbox):
    first, second = NotificationFactory.create_batch(2)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        actions.deliver(notification_id=first.pk)
    assert "SET LOCAL synchronous_commit TO OFF" in statements

    with transaction.atomic():
        actions.deliver(notification_id=second.pk)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)

    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
