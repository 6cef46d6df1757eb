from celery import shared_task

from . import actions

# Exponential backoff between attempts, capped below the sweeper's horizon so that a
# retry scheduled in a worker that then dies is picked up again soon.
BACKOFF_SECONDS = (15, 30, 60, 120, 240)


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_notification(self, notification_id: int) -> str:
    """Deliver one notification by id. Idempotent: a sent notification is not resent."""
    outcome = actions.deliver(notification_id=notification_id)
    if outcome == actions.Outcome.RETRY and self.request.is_eager:
        # In-process (development, tests) there is no broker to schedule a retry on:
        # try again at once until delivered or out of attempts.
        while outcome == actions.Outcome.RETRY:
            outcome = actions.deliver(notification_id=notification_id)
    if outcome == actions.Outcome.RETRY:
        delay = BACKOFF_SECONDS[min(self.request.retries, len(BACKOFF_SECONDS) - 1)]
        raise self.retry(countdown=delay)
    return outcome.value


@shared_task(acks_late=True, ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Deliver several notifications, each exactly as ``deliver_notification`` does: its
    own transaction and row lock, a sent one not resent. One task for many rows spares
    the broker round trips and per-task work of one task each (the sweeper's path). A
    row whose attempt failed gets a ``deliver_notification`` of its own with the usual
    backoff; if even that cannot be enqueued, it stays pending for the sweeper, and so
    do the rows after one that raised, or of a worker that died."""
    sent = 0
    for notification_id in notification_ids:
        outcome = actions.deliver(notification_id=notification_id)
        if outcome == actions.Outcome.RETRY and deliver_notifications.request.is_eager:
            while outcome == actions.Outcome.RETRY:  # as deliver_notification does eagerly
                outcome = actions.deliver(notification_id=notification_id)
        if outcome == actions.Outcome.RETRY:
            actions.enqueue_retry(notification_id=notification_id, countdown=BACKOFF_SECONDS[0])
        sent += outcome == actions.Outcome.SENT
    return sent


@shared_task(ignore_result=True)
def sweep_pending_notifications() -> int:
    """Re-enqueue notifications left pending (lost task, broker down at event time)."""
    return actions.enqueue_stale_pending()
