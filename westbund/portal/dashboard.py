"""The officers' admin home: what waits for them, and since when."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    oldest: datetime | None
    url: str


def _queue(label, queryset, date_field, url) -> Queue:
    figures = queryset.order_by().aggregate(count=Count("pk"), oldest=Min(date_field))
    return Queue(label=label, count=figures["count"], oldest=figures["oldest"], url=url)


def officer_queues(user) -> list[Queue]:
    """One query per queue the user may work on; the oldest item says how late we are."""
    from enterprises.models import Role
    from services.models import MembershipApplication, ServiceRequest
    from talent.models import DuplicatePair, TalentProfile
    from westbund.notifications.models import Notification

    queues = []
    review = TalentProfile.ReviewState
    if user.has_perm("talent.change_talentprofile"):
        queues.append(
            _queue(
                _("Profiles waiting for review"),
                TalentProfile.objects.awaiting_review(),
                "submitted_at",
                reverse("admin:talent_talentprofile_changelist")
                + f"?review_state__in={review.SUBMITTED},{review.IN_REVIEW}",
            )
        )
    if user.has_perm("talent.view_offer"):
        queues.append(
            _queue(
                _("Offers outstanding (awaiting approval or the candidate)"),
                apps.get_model("talent", "Offer").objects.outstanding(),
                "created_at",
                reverse("admin:talent_offer_changelist"),
            )
        )
    if user.has_perm("talent.view_applicationmessage"):
        week_ago = timezone.now() - timedelta(days=7)
        queues.append(
            _queue(
                _("Messages between enterprises and candidates this week"),
                apps.get_model("talent", "ApplicationMessage").objects.filter(
                    created_at__gte=week_ago
                ),
                "created_at",
                reverse("admin:talent_application_changelist"),
            )
        )
    if user.has_perm("talent.change_duplicatepair"):
        queues.append(
            _queue(
                _("Possible duplicate profiles to decide"),
                DuplicatePair.objects.open(),
                "created_at",
                reverse("admin:talent_duplicatepair_changelist")
                + f"?status__exact={DuplicatePair.Status.OPEN}",
            )
        )
    if user.has_perm("enterprises.change_role"):
        queues.append(
            _queue(
                _("Roles waiting for moderation"),
                Role.objects.pending_review(),
                "submitted_at",
                reverse("admin:enterprises_pendingrole_changelist"),
            )
        )
    if user.has_perm("services.change_servicerequest"):
        queues.append(
            _queue(
                _("Open service requests"),
                ServiceRequest.objects.active(),
                "created_at",
                reverse("admin:services_servicerequest_changelist"),
            )
        )
    if user.has_perm("services.change_membershipapplication"):
        queues.append(
            _queue(
                _("Association applications to decide"),
                MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING),
                "created_at",
                reverse("admin:services_membershipapplication_changelist")
                + f"?status__exact={MembershipApplication.Status.PENDING}",
            )
        )
    if user.has_perm("notifications.change_notification"):
        queues.append(
            _queue(
                _("Notifications that could not be delivered"),
                Notification.objects.filter(state=Notification.State.FAILED),
                "created_at",
                reverse("admin:notifications_notification_changelist") + "?state__exact=failed",
            )
        )
    return queues


@dataclass(frozen=True)
class Portfolio:
    """What an officer looks after by name: the enterprises they are the account
    officer of, and the professionals assigned to them."""

    enterprises: list
    enterprise_count: int
    enterprises_url: str
    people: list
    people_count: int
    people_url: str

    @property
    def is_empty(self) -> bool:
        return not (self.enterprise_count or self.people_count)


PORTFOLIO_SHOWN = 10


def officer_portfolio(user) -> Portfolio:
    """Four queries, whatever the numbers: two counts and the first names of each."""
    from enterprises.models import Enterprise
    from talent.models import TalentProfile

    enterprises = Enterprise.objects.filter(account_officer=user, is_active=True)
    people = TalentProfile.objects.filter(assigned_officer=user)
    return Portfolio(
        enterprises=list(enterprises.order_by("name_en")[:PORTFOLIO_SHOWN]),
        enterprise_count=enterprises.count(),
        enterprises_url=reverse("admin:enterprises_enterprise_changelist")
        + f"?account_officer__id__exact={user.pk}",
        people=list(people.order_by("full_name")[:PORTFOLIO_SHOWN]),
        people_count=people.count(),
        people_url=reverse("admin:talent_talentprofile_changelist") + f"?officer={user.pk}",
    )
