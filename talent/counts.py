"""Aggregates the talent pages ask on every request, cached with exact invalidation:
applications per stage of an enterprise (or one of its roles), and the nationalities
in use (the officers' nationality filter).

The workspace shows these counts on every applicant list; over an enterprise with
tens of thousands of applications the GROUP BY was the page's largest query. A
version per enterprise, bumped by every write to one of its applications, keeps the
cached counts exact.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from westbund.core import frame
from westbund.core.cache import content_version
from westbund.core.context_processors import WORKSPACES
from westbund.notifications.unread import UNREAD

COUNTS_SECONDS = 300


def _version_key(enterprise_id) -> str:
    return f"talent:applications-version:{enterprise_id}"


def _version(key: str) -> int:
    return cache.get_or_set(key, time.time_ns, None)


def _store(keys) -> None:
    for key in keys:
        cache.set(key, time.time_ns(), None)


def _bump_keys(*keys) -> None:
    # Now, so that the writing request itself shows its change; and again once the
    # transaction commits, since a request running alongside may have read the rows
    # before the commit and kept them under the first new version.
    keys = set(keys)
    _store(keys)
    transaction.on_commit(lambda: _store(keys), robust=True)


def applications_version(enterprise_id) -> int:
    """Changes with every write to the enterprise's applications, their tags, its roles
    and its applicants' profiles: what the stage counts and the board show."""
    return _version(_version_key(enterprise_id))


ALL_APPLICATIONS_VERSION_KEY = "talent:all-applications-version"


def _bump(*enterprise_ids) -> None:
    # Every enterprise's change is one of the hub's too (the officers' changelist).
    _bump_keys(*(_version_key(pk) for pk in enterprise_ids if pk), ALL_APPLICATIONS_VERSION_KEY)


def all_applications_version() -> int:
    """Changes with every enterprise's applications version."""
    return _version(ALL_APPLICATIONS_VERSION_KEY)


def _interviews_version_key(enterprise_id) -> str:
    return f"talent:interviews-version:{enterprise_id}"


def interviews_version(enterprise_id) -> int:
    """Changes with every write to the enterprise's interviews, their interviewers and
    their scorecards: what the interviews page shows beside the applications."""
    return _version(_interviews_version_key(enterprise_id))


def _bump_interviews(enterprise_ids) -> None:
    _bump_keys(*(_interviews_version_key(pk) for pk in enterprise_ids if pk))


def interview_changed(sender=None, instance=None, **_kwargs) -> None:
    if instance is not None:
        _bump_interviews([instance.enterprise_id])


def scorecard_changed(sender=None, instance=None, **_kwargs) -> None:
    from .models import Interview

    if instance is not None:
        _bump_interviews(
            Interview.objects.filter(pk=instance.interview_id).values_list(
                "enterprise_id", flat=True
            )
        )


def interviewers_changed(sender=None, instance=None, action="", **_kwargs) -> None:
    from .models import Interview

    if not action.startswith("post_"):
        return
    if isinstance(instance, Interview):
        _bump_interviews([instance.enterprise_id])
    else:
        # From the user's side (``user.interviews_to_hold``): every enterprise of theirs.
        _bump_interviews(
            Interview.objects.filter(interviewers=instance).values_list("enterprise_id", flat=True)
        )


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
    from django.contrib.auth import get_user_model

    from enterprises.models import Role
    from westbund.privacy.models import Consent

    from .models import (
        Application,
        ApplicationMessage,
        ApplicationStageChange,
        ApplicationTag,
        CVDocument,
        Interview,
        MessageTemplate,
        Offer,
        PoolInvitation,
        PoolRecommendation,
        ProfileReviewEvent,
        Scorecard,
        Tag,
        TalentProfile,
    )

    def on_write(receiver, *models) -> None:
        for model in models:
            post_save.connect(receiver, sender=model, weak=False)
            post_delete.connect(receiver, sender=model, weak=False)

    # Plumbing, not business logic: whichever path writes an application (actions,
    # admin, privacy erasure), the counts must follow. A tag renamed or recoloured; a
    # role renamed; a message template (offered with the list's bulk move) written.
    on_write(applications_changed, Application, Tag, Role, MessageTemplate)
    post_save.connect(profile_saved, sender=TalentProfile, weak=False)
    # A tag attached or detached.
    on_write(application_tag_changed, ApplicationTag)
    # The interviews page: an interview scheduled, moved or cancelled, its interviewers
    # changed, a scorecard submitted.
    on_write(interview_changed, Interview)
    on_write(scorecard_changed, Scorecard)
    m2m_changed.connect(interviewers_changed, sender=Interview.interviewers.through, weak=False)
    # The talent pool: whoever may appear in it and what it shows of them.
    on_write(pool_changed, TalentProfile, Consent, PoolInvitation, PoolRecommendation)
    # Of an account the pool shows whether it is active; /me/ its name and its officers.
    post_save.connect(user_saved, sender=get_user_model(), weak=False)
    post_delete.connect(pool_changed, sender=get_user_model(), weak=False)
    # A professional's own pages.
    on_write(
        person_changed,
        TalentProfile,
        Consent,
        CVDocument,
        ProfileReviewEvent,
        Application,
        ApplicationStageChange,
        Interview,
        Offer,
        ApplicationMessage,
    )


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


POOL_VERSION_KEY = "talent:pool-version"


def pool_version() -> int:
    """Changes with every write to what a talent pool page shows or finds: any profile,
    its search vector, any consent, any account's activity, any invitation or
    recommendation. Hub-wide rather than per enterprise: a withdrawn consent or an
    erased account must leave every enterprise's pool at once."""
    return _version(POOL_VERSION_KEY)


def pool_changed(**_kwargs) -> None:
    _bump_keys(POOL_VERSION_KEY)


# -- A professional's own pages (/me/, /me/applications/) ------------------------------------

# The frame piece (westbund/core/frame.py) of everything a person's own pages show of
# them: their account, profile, consents, CVs, review history and applications with
# what happens in them (stage history, interviews, offers, messages).
PERSON = "person"
OFFICERS_VERSION_KEY = "talent:officers-version"


def _profile_users(profile_ids) -> list:
    from .models import TalentProfile

    return list(
        TalentProfile.objects.filter(pk__in=[pk for pk in profile_ids if pk]).values_list(
            "user_id", flat=True
        )
    )


def _application_users(application_ids) -> list:
    from .models import TalentProfile

    return list(
        TalentProfile.objects.filter(
            applications__pk__in=[pk for pk in application_ids if pk]
        ).values_list("user_id", flat=True)
    )


def person_changed(sender=None, instance=None, **_kwargs) -> None:
    """A write to one of the person's own rows: whose it is depends on the model."""
    if instance is None:
        return
    if hasattr(instance, "user_id"):  # a profile, a consent
        user_ids = [instance.user_id]
    elif hasattr(instance, "application_id"):  # stage history, interview, offer, message
        user_ids = _application_users([instance.application_id])
    else:  # an application, a CV, a review event: through the profile
        user_ids = _profile_users([instance.profile_id])
    frame.changed(PERSON, *user_ids)


def officers_version() -> int:
    """Changes with every write to a staff account: /me/ names the person's officers."""
    return _version(OFFICERS_VERSION_KEY)


def user_saved(sender=None, instance=None, update_fields=None, **_kwargs) -> None:
    if instance is None:
        return
    # A sign-in saves ``last_login`` only: nothing any page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    frame.changed(PERSON, instance.pk)
    if instance.is_staff:
        _bump_keys(OFFICERS_VERSION_KEY)
    if update_fields is None or "is_active" in update_fields:
        pool_changed()


def own_page_versions(request, *_args, **_kwargs):
    """The state a professional's own kept page shows (westbund/core/kept.py): their
    frame pieces and their own rows (``PERSON``), the officers' accounts, and the public
    content (roles, enterprises, the service package and its officers). None for staff,
    as on the workspace pages, and for visitors not signed in."""
    if not request.user.is_authenticated or request.user.is_staff:
        return None
    return (
        *frame.versions(request.user.pk, WORKSPACES, UNREAD, PERSON),
        officers_version(),
        content_version(),
    )


def workspace_page_versions(
    request, enterprise, *_args, interviews: bool = False, pool: bool = False, **_kwargs
):
    """The state a kept workspace page shows (westbund/core/kept.py): the enterprise
    and the reader's membership as loaded for this request, the reader's frame pieces,
    the enterprise's applications and, for the interviews page, its interviews; for the
    talent pool, the pool and the day (the invitations left today). None
    for staff: their navbar's officer link follows their groups, which no version
    follows."""
    if request.user.is_staff:
        return None
    return (
        enterprise.updated_at.isoformat(),
        request.membership.pk,
        request.membership.role,
        *frame.versions(request.user.pk, WORKSPACES, UNREAD),
        applications_version(enterprise.pk),
        interviews_version(enterprise.pk) if interviews else "",
        f"{pool_version()}:{timezone.localdate()}" if pool else "",
    )


def officer_page_versions(request) -> tuple:
    """What every kept officers' page shows of its reader: their navbar pieces and
    their permissions (the admin's menu follows them), read live for this request."""
    permissions = sorted(request.user.get_all_permissions())
    return (
        *frame.versions(request.user.pk, WORKSPACES, UNREAD),
        hashlib.sha256(repr(permissions).encode()).hexdigest(),
    )
