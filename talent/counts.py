"""Applications per stage of an enterprise (or one of its roles), cached.

The workspace shows these counts on every applicant list; over an enterprise with
tens of thousands of applications the GROUP BY was the page's largest query. A
version per enterprise, bumped by every write to one of its applications, keeps the
cached counts exact.
"""

import time

from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete, post_save

COUNTS_SECONDS = 300


def _version_key(enterprise_id) -> str:
    return f"talent:applications-version:{enterprise_id}"


def _version(enterprise_id) -> int:
    return cache.get_or_set(_version_key(enterprise_id), time.time_ns, None)


def applications_changed(sender=None, instance=None, **_kwargs) -> None:
    if instance is not None and instance.enterprise_id:
        cache.set(_version_key(instance.enterprise_id), time.time_ns(), None)


def connect_invalidation() -> None:
    from .models import Application

    # Plumbing, not business logic: whichever path writes an application (actions,
    # admin, privacy erasure), the counts must follow.
    post_save.connect(applications_changed, sender=Application, weak=False)
    post_delete.connect(applications_changed, sender=Application, weak=False)


def stage_counts(applications, *, enterprise, role=None) -> dict[str, int]:
    """``{stage: count}`` of ``applications`` (the enterprise's, scoped by the caller)."""
    key = (
        f"talent:stage-counts:{enterprise.pk}:{role.pk if role else 'all'}:"
        f"{_version(enterprise.pk)}"
    )
    counts = cache.get(key)
    if counts is None:
        counts = dict(
            applications.order_by()
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        cache.set(key, counts, COUNTS_SECONDS)
    return counts
