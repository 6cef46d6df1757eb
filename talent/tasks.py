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
def rebuild_recruitment_figures() -> int:
    """Hourly: recompute the tables behind /admin/analytics/ and /hub-in-numbers/
    (``talent.analytics.rebuild``). Idempotent: each run replaces the last."""
    from .analytics import rebuild

    return rebuild()


@shared_task(ignore_result=True)
def flag_duplicate_profiles() -> int:
    """Hourly: flag the pairs of profiles that may be one person. Idempotent: a pair is
    flagged once, and a dismissed pair is never flagged again."""
    return actions.flag_duplicate_profiles()
