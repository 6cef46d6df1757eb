from celery import shared_task
from django.utils import timezone

from . import actions


@shared_task(ignore_result=True)
def send_job_alert_digests() -> int:
    """Daily: one ``job_alert_digest`` per professional with the new roles matching
    their alerts (none when nothing matched). Idempotent: a second run the same day
    sends nothing, and a role is never sent twice to the same alert."""
    return actions.send_job_alert_digests(today=timezone.localdate())


@shared_task(ignore_result=True)
def expire_offers() -> int:
    """Daily: every open offer whose expiry date has passed expires, recorded and
    notified. Idempotent: an expired offer is no longer open, a second run moves none."""
    return actions.expire_offers(today=timezone.localdate())
