"""Aggregates the talent pages ask on every request, cached with exact invalidation:
applications per stage of an enterprise (or one of its roles), and the nationalities
in use (the officers' nationality filter).

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


def applications_version(enterprise_id) -> int:
    """Changes with every write to the enterprise's applications, their tags, its roles
    and its applicants' profiles: what the stage counts and the board show."""
    return cache.get_or_set(_version_key(enterprise_id), time.time_ns, None)


def _bump(*enterprise_ids) -> None:
    for enterprise_id in enterprise_ids:
        if enterprise_id:
            cache.set(_version_key(enterprise_id), time.time_ns(), None)


def applications_changed(sender=None, instance=None, **_kwargs) -> None:
    if instance is not None:
        _bump(instance.enterprise_id)


def application_tag_changed(sender=None, instance=None, **_kwargs) -> None:
    from .models import Application

    if instance is not None:
        _bump(
            *Application.objects.filter(pk=instance.application_id).values_list(
                "enterprise_id", flat=True
            )
        )


NATIONALITIES_KEY = "talent:nationalities-in-use"
NATIONALITIES_SECONDS = 3600


def nationalities_in_use() -> set[str]:
    """The nationality codes of the profiles (a DISTINCT over every profile: 10 ms at
    100,000, asked by every page of the officers' queue)."""
    from .models import TalentProfile

    codes = cache.get(NATIONALITIES_KEY)
    if codes is None:
        codes = set(
            TalentProfile.objects.order_by().values_list("nationality", flat=True).distinct()
        )
        cache.set(NATIONALITIES_KEY, codes, NATIONALITIES_SECONDS)
    return codes


def profile_saved(sender=None, instance=None, **_kwargs) -> None:
    from .models import Application

    if instance is None:
        return
    # A nationality new to the set clears it; one that is no longer used stays listed
    # (its filter finds nobody) until the set expires.
    codes = cache.get(NATIONALITIES_KEY)
    if codes is not None and str(instance.nationality) not in codes:
        cache.delete(NATIONALITIES_KEY)
    # The applicant's name and badges on the boards of the enterprises applied to.
    _bump(
        *Application.objects.filter(profile_id=instance.pk)
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def connect_invalidation() -> None:
    from enterprises.models import Role

    from .models import Application, ApplicationTag, Tag, TalentProfile

    # Plumbing, not business logic: whichever path writes an application (actions,
    # admin, privacy erasure), the counts must follow.
    post_save.connect(applications_changed, sender=Application, weak=False)
    post_delete.connect(applications_changed, sender=Application, weak=False)
    post_save.connect(profile_saved, sender=TalentProfile, weak=False)
    # A tag renamed or recoloured, attached or detached; a role renamed.
    for model in (Tag, Role):
        post_save.connect(applications_changed, sender=model, weak=False)
        post_delete.connect(applications_changed, sender=model, weak=False)
    post_save.connect(application_tag_changed, sender=ApplicationTag, weak=False)
    post_delete.connect(application_tag_changed, sender=ApplicationTag, weak=False)


def stage_counts(applications, *, enterprise, role=None) -> dict[str, int]:
    """``{stage: count}`` of ``applications`` (the enterprise's, scoped by the caller)."""
    key = (
        f"talent:stage-counts:{enterprise.pk}:{role.pk if role else 'all'}:"
        f"{applications_version(enterprise.pk)}"
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
