"""Everything that changes notifications. The rest of the portal calls ``notify``."""

import enum
import logging
import time
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone

from westbund.core.bilingual import site_language

from . import unread
from .attachments import attachments_for
from .models import OPTIONAL_EMAIL_KINDS, EmailOptOut, Kind, Notification
from .rendering import recipient_language, render_notification

logger = logging.getLogger(__name__)

LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


class Outcome(enum.StrEnum):
    SENT = "sent"
    ALREADY_DONE = "already_done"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"


def _language_neutral(link: str) -> str:
    # Links are opened by redirect from the inbox: only paths on this site.
    if link and (not link.startswith("/") or link.startswith(("//", "/\\"))):
        raise ValueError(f"a notification links to a path on this site, not {link!r}")
    for prefix in LANGUAGE_PREFIXES:
        if link.startswith(prefix):
            return link[len(prefix) - 1 :]
    return link


class _BrokerCircuit:
    """After the broker refused one enqueue, the next ones in this process for
    ``BROKER_CIRCUIT_SECONDS`` do not try: a request notifying fifty people pays for one
    failed connection, not fifty. What is skipped stays pending for the sweeper."""

    def __init__(self):
        self.open_until = 0.0
        self.attempts = 0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + BROKER_CIRCUIT_SECONDS

    def reset(self) -> None:
        self.open_until = 0.0


BROKER_CIRCUIT_SECONDS = 10.0
broker_circuit = _BrokerCircuit()


def _publish(task, args: tuple, what: str, *, countdown: float | None = None) -> bool:
    # Imported here: tasks import this module.
    from kombu.exceptions import OperationalError

    if broker_circuit.is_open:
        logger.info("broker down: %s left to the sweeper", what)
        return False
    try:
        broker_circuit.attempts += 1
        # One attempt, no publish retries: this runs in the request (on commit). The
        # connection's own attempts and timeouts: CELERY_BROKER_TRANSPORT_OPTIONS.
        task.apply_async(args, countdown=countdown, retry=False)
    except OperationalError as error:
        # The broker is unreachable. The row is stored and pending: the sweeper
        # enqueues it again once the broker answers.
        broker_circuit.trip()
        logger.warning("could not enqueue %s (%s); the sweeper will", what, error)
        return False
    except Exception:
        # Eagerly (development, tests) delivery itself ran and blew up: the row is
        # pending or failed with the error kept.
        logger.exception("could not enqueue %s; the sweeper will", what)
        return False
    broker_circuit.reset()
    return True


def _enqueue(notification_id: int, *, countdown: float | None = None) -> bool:
    from .tasks import deliver_notification

    return _publish(
        deliver_notification,
        (notification_id,),
        f"notification {notification_id}",
        countdown=countdown,
    )


def _enqueue_batch(notification_ids: list[int]) -> bool:
    from .tasks import deliver_notifications

    what = f"notifications {notification_ids[0]}…{notification_ids[-1]}"
    return _publish(deliver_notifications, (notification_ids,), what)


def enqueue_retry(*, notification_id: int, countdown: float) -> bool:
    """Schedule another attempt of one notification in ``countdown`` seconds (an
    attempt inside a batch failed); False if the broker refused: the sweeper will."""
    return _enqueue(notification_id, countdown=countdown)


def notify(
    *,
    recipient,
    kind: Kind | str,
    context: dict | None = None,
    actor=None,
    link: str = "",
) -> Notification:
    """Tell ``recipient`` about an event: store it, deliver it by e-mail after commit.

    Call it inside the transaction that records the event: if that transaction rolls
    back, the notification never existed and nothing is sent; if it commits, the
    notification exists even when the broker is down, and is delivered at least once,
    in practice once (the sweeper picks up what could not be enqueued; see kinds.md,
    "Delivery"). ``context`` must be JSON-safe:
    the templates of ``kind`` read it. ``link`` is the path of the thing it is about.
    """
    return _store(recipient=recipient, kind=kind, context=context, actor=actor, link=link)


def notify_email(
    *,
    email: str,
    language: str,
    kind: Kind | str,
    context: dict | None = None,
    actor=None,
    link: str = "",
) -> Notification:
    """``notify`` someone who has no account yet (an invitation), by address."""
    return _store(
        email=email,
        language=site_language(language),
        kind=kind,
        context=context,
        actor=actor,
        link=link,
    )


def _store(*, kind: Kind | str, context: dict | None, actor, link: str, **addressee):
    """The notification for ``addressee`` (an account, or an address and a language),
    delivered after commit."""
    notification = Notification.objects.create(
        **addressee,
        kind=Kind(kind),
        context=context or {},
        actor=actor,
        link=_language_neutral(link),
    )
    transaction.on_commit(lambda: _enqueue(notification.pk), robust=True)
    return notification


def notify_many(
    *, recipients: Iterable, kind: Kind | str, context: dict | None = None, actor=None, link=""
) -> list[Notification]:
    """``notify`` each recipient once (duplicates and the actor themselves left out)."""
    seen = set()
    notifications = []
    for recipient in recipients:
        if recipient.pk in seen or (actor is not None and recipient.pk == actor.pk):
            continue
        seen.add(recipient.pk)
        notifications.append(
            notify(recipient=recipient, kind=kind, context=context, actor=actor, link=link)
        )
    return notifications


def _wants_email(notification: Notification) -> bool:
    if not notification.recipient_id:
        return bool(notification.email)
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    if notification.kind not in OPTIONAL_EMAIL_KINDS:
        return True
    return not EmailOptOut.objects.filter(user=recipient, kind=notification.kind).exists()


def message_id(notification: Notification) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}@{domain}>"


class _Email(EmailMultiAlternatives):
    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if ";" in mimetype:
            # Parameters written as given ("text/calendar; method=REQUEST"): Python's
            # e-mail package would quote them (method="REQUEST"), which some calendar
            # clients do not read as an invitation.
            charset = part.get_content_charset()
            del part["Content-Type"]
            part["Content-Type"] = f"{mimetype}; charset={charset}" if charset else mimetype
        return part


def _build_email(notification: Notification) -> EmailMultiAlternatives:
    rendered = render_notification(notification)
    headers = {
        "X-Westbund-Notification": str(notification.pk),
        # The same on every attempt, so a receiver (or a test) can drop the duplicate
        # that an at-least-once redelivery may send (kinds.md, "Delivery").
        "Message-ID": message_id(notification),
    }
    if notification.email_is_optional and notification.recipient_id:
        from .rendering import absolute, unsubscribe_path

        url = absolute(unsubscribe_path(notification, recipient_language(notification)))
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = _Email(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers=headers,
    )
    message.attach_alternative(rendered.html, "text/html")
    for attachment in attachments_for(notification):
        content = attachment.content
        if attachment.alternative:
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            message.attach_alternative(text, attachment.alternative)
        message.attach(attachment.filename, content, attachment.mimetype)
    return message


def _commit_without_waiting_for_disk() -> None:
    # Measured (docs/performance.md, "Notifications"): waiting at COMMIT for the WAL to
    # reach the disk was the largest part of a delivery on a busy disk. What this
    # transaction records (sent, failed, one more attempt) is the trace of a mail
    # already handed over; the notification itself was committed durably with its
    # event. Other sessions see this commit at once, so the row lock and the state
    # check hold as before and a dying *worker* changes nothing; only a crash of
    # PostgreSQL itself can forget the "sent" marks of its last fraction of a second
    # (wal_writer_delay), and those notifications are then sent again with the same
    # Message-ID: the at-least-once case of kinds.md, "Delivery". Only for a
    # transaction of our own: never for a caller's that the delivery runs inside.
    if (
        settings.NOTIFICATION_ASYNCHRONOUS_COMMIT
        and connection.vendor == "postgresql"
        and len(connection.atomic_blocks) == 1
    ):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def deliver(*, notification_id: int) -> Outcome:
    """Send one notification's e-mail, once unless a worker dies mid-send.

    The row is locked while sending, so two workers given the same id (a redelivered
    task, the sweeper's copy) send one e-mail between them. A worker killed after the
    mail server took the message but before the row says ``sent`` leaves it pending,
    and it is sent again, with the same Message-ID. A failure is counted; after
    ``NOTIFICATION_MAX_ATTEMPTS`` the notification is ``failed`` with the error kept.
    """
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.state != Notification.State.PENDING:
            return Outcome.ALREADY_DONE
        if not _wants_email(notification):
            notification.state = Notification.State.SKIPPED
            notification.save(update_fields=["state"])
            return Outcome.SKIPPED
        notification.attempts += 1
        try:
            _build_email(notification).send()
        except Exception as error:
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            exhausted = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
            if exhausted:
                notification.state = Notification.State.FAILED
            notification.save(update_fields=["attempts", "last_error", "state"])
            logger.warning(
                "notification %s: attempt %s failed: %s",
                notification_id,
                notification.attempts,
                notification.last_error,
            )
            return Outcome.FAILED if exhausted else Outcome.RETRY
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "state", "sent_at"])
        return Outcome.SENT


# Notifications per delivery task when the sweeper enqueues many: amortises the task's
# overhead, and short enough (~0.3 s at the measured ~5 ms each) that a batch stuck
# behind a slow mail server holds few rows.
SWEEP_BATCH_SIZE = 50


def enqueue_stale_pending(*, older_than: timedelta | None = None, limit: int = 1000) -> int:
    """Enqueue again the pending notifications whose delivery task was lost."""
    if older_than is None:
        older_than = timedelta(seconds=settings.NOTIFICATION_STALE_AFTER_SECONDS)
    ids = list(
        Notification.objects.stale_pending(older_than=older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    # The sweep is the scheduled retry: it tries the broker once even if this process
    # found it down a moment ago; after one failure the rest wait for the next sweep.
    broker_circuit.reset()
    # In batches, each row still delivered under its own lock (tasks.deliver_notifications):
    # one task per row cost the sweeper a publish and the worker a task's overhead each.
    enqueued = []
    for start in range(0, len(ids), SWEEP_BATCH_SIZE):
        batch = ids[start : start + SWEEP_BATCH_SIZE]
        if _enqueue_batch(batch):
            enqueued.extend(batch)
    # Only those: what could not be enqueued stays due for the next sweep.
    Notification.objects.filter(pk__in=enqueued).update(last_enqueued_at=timezone.now())
    return len(enqueued)


@transaction.atomic
def retry_delivery(*, notifications: Iterable[Notification]) -> int:
    """Give failed (or stuck) notifications a fresh set of attempts, after commit."""
    ids = [n.pk for n in notifications if n.state in {"failed", "pending"}]
    Notification.objects.filter(pk__in=ids).update(
        state=Notification.State.PENDING, attempts=0, last_error=""
    )
    for notification_id in ids:
        transaction.on_commit(lambda nid=notification_id: _enqueue(nid), robust=True)
    return len(ids)


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, user) -> int:
    count = Notification.objects.for_user(user).unread().update(read_at=timezone.now())
    # A bulk update sends no signal.
    unread.changed(user.pk)
    return count


@transaction.atomic
def set_email_choices(*, user, disabled_kinds: Iterable[str], via_link: bool = False) -> None:
    """Set which optional kinds ``user`` receives by e-mail (essential kinds always go)."""
    disabled = {Kind(kind) for kind in disabled_kinds} & OPTIONAL_EMAIL_KINDS
    EmailOptOut.objects.filter(user=user).exclude(kind__in=disabled).delete()
    for kind in disabled:
        EmailOptOut.objects.get_or_create(
            user=user, kind=kind, defaults={"via_unsubscribe_link": via_link}
        )


def unsubscribe(*, user, kind: str) -> bool:
    """Stop e-mails of one optional kind; False when the kind cannot be switched off."""
    if kind not in OPTIONAL_EMAIL_KINDS:
        return False
    current = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    set_email_choices(user=user, disabled_kinds=current | {kind}, via_link=True)
    return True
