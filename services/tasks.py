from celery import shared_task

from . import actions


@shared_task(ignore_result=True)
def expire_apartment_offers() -> int:
    """Every quarter of an hour: offers of a talent apartment not answered by their
    deadline lapse (the unit is free again, the person back on the waiting list).
    Idempotent: a second run lapses nothing more."""
    return actions.expire_apartment_offers()
