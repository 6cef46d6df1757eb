from celery import shared_task

from . import actions


@shared_task(ignore_result=True)
def close_expired_roles() -> int:
    """Daily: close the published roles whose application deadline has passed.
    Idempotent: a second run the same day closes nothing."""
    return actions.close_expired_roles()


@shared_task(ignore_result=True)
def send_role_deadline_reminders() -> int:
    """Daily: remind each enterprise, once per role, of a deadline three days away."""
    return actions.send_deadline_reminders()
