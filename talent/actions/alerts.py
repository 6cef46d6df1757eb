"""Job alerts and their daily digest."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.bilingual import both
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind

from ..models import (
    JobAlert,
)
from .applications import _english_url

MAX_JOB_ALERTS = 10


@transaction.atomic
def save_job_alert(*, user, alert: JobAlert | None = None, **criteria) -> JobAlert:
    """Create (or, given ``alert``, change) a saved search of ``user``.

    At least one criterion (keywords or a specialty or a filter) is needed, and a
    person keeps at most ``MAX_JOB_ALERTS`` alerts.
    """
    if alert is None:
        alert = JobAlert(user=user)
        if JobAlert.objects.filter(user=user).count() >= MAX_JOB_ALERTS:
            raise ValidationError(
                _("You have %(count)d job alerts already; delete one first.")
                % {"count": MAX_JOB_ALERTS},
                code="too_many",
            )
    elif alert.user_id != user.pk:
        raise PermissionDenied("A job alert is changed by its owner only.")
    for name, value in criteria.items():
        setattr(alert, name, value)
    alert.keywords = (alert.keywords or "").strip()
    alert.name = (alert.name or "").strip() or alert.keywords[:100] or str(_("My job alert"))
    if not (
        alert.keywords
        or alert.specialties
        or alert.employment_type
        or alert.seniority
        or alert.remote_policy
        or alert.sponsors_visa
        or alert.min_salary
    ):
        raise ValidationError(
            _("Give at least one keyword, specialty or filter."), code="empty_alert"
        )
    alert.full_clean(exclude=["user"])
    alert.save()
    return alert


@transaction.atomic
def delete_job_alert(*, alert: JobAlert, by) -> None:
    if alert.user_id != by.pk:
        raise PermissionDenied("A job alert is deleted by its owner only.")
    alert.delete()


def _digest_for_user(user_id: int, *, today, cutoff) -> bool:
    from enterprises.models import Role

    with transaction.atomic():
        # Locked: two beat runs (or a retry) must not both send the same day's digest.
        alerts = list(
            JobAlert.objects.select_for_update()
            .filter(user_id=user_id)
            .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
            .select_related("user")
            .order_by("pk")
        )
        if not alerts:
            return False
        user = alerts[0].user
        matched_names, roles, seen = [], [], set()
        for alert in alerts:
            since = alert.last_digest_at or alert.created_at
            found = (
                alert.matching_roles(Role.objects.published())
                .filter(published_at__gt=since, published_at__lte=cutoff)
                .select_related("enterprise")
                .order_by("-published_at", "-pk")[:50]
            )
            hit = False
            for role in found:
                hit = True
                if role.pk in seen:
                    continue
                seen.add(role.pk)
                roles.append(
                    {
                        "title": both(role, "title"),
                        "enterprise_name": both(role.enterprise, "name"),
                        "path": _english_url(role.get_absolute_url),
                    }
                )
            if hit:
                matched_names.append(alert.name)
            alert.last_digest_at = cutoff
            alert.last_digest_on = today
            alert.save(update_fields=["last_digest_at", "last_digest_on"])
        if not roles or not user.is_active:
            return False
        notify(
            recipient=user,
            kind=Kind.JOB_ALERT_DIGEST,
            context={
                "alert_name": ", ".join(matched_names),
                "roles": roles[:50],
                "count": len(roles[:50]),
            },
            link=_english_url(lambda: reverse("talent:alerts")),
        )
        return True


def send_job_alert_digests(*, today=None) -> int:
    """Send each professional with job alerts one ``job_alert_digest`` of the roles
    first published since their last digest that match any of their alerts; none when
    nothing matched. At most once a day per professional (``today``, the local date):
    running it again the same day sends nothing. Returns the number of digests sent.
    """
    today = today or timezone.localdate()
    cutoff = timezone.now()
    user_ids = list(
        JobAlert.objects.filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_digest_for_user(user_id, today=today, cutoff=cutoff) for user_id in user_ids)
