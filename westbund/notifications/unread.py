"""The navbar's unread count, kept per user (westbund/core/frame.py) and bumped by
every change to it: a notification arriving, read, or deleted unread."""

from django.db.models.signals import post_delete, post_save

from westbund.core import frame

UNREAD = "unread"


def unread_count(user) -> int:
    return frame.piece(
        UNREAD, user.pk, lambda: user.notifications.filter(read_at__isnull=True).count()
    )


def changed(*user_ids) -> None:
    """For writes that send no signal (a bulk ``update`` of ``read_at``)."""
    frame.changed(UNREAD, *user_ids)


def _saved(sender, instance, created, update_fields=None, **_kwargs) -> None:
    # Delivery saves its state, attempts and sent time: none of them is counted.
    if created or update_fields is None or "read_at" in update_fields:
        changed(instance.recipient_id)


def _deleted(sender, instance, **_kwargs) -> None:
    if instance.read_at is None:
        changed(instance.recipient_id)


def connect_invalidation() -> None:
    from .models import Notification

    # Plumbing, not business logic: whichever path writes a notification (actions,
    # admin, account deletion), the count must follow.
    post_save.connect(_saved, sender=Notification, weak=False)
    post_delete.connect(_deleted, sender=Notification, weak=False)
