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

    review = TalentProfile.ReviewState
    week_ago = timezone.now() - timedelta(days=7)
    # (permission, label, the items waiting, their date field, the changelist)
    queues = [
        (
            "talent.change_talentprofile",
            _("Profiles waiting for review"),
            TalentProfile.objects.awaiting_review(),
            "submitted_at",
            reverse("admin:talent_talentprofile_changelist")
            + f"?review_state__in={review.SUBMITTED},{review.IN_REVIEW}",
        ),
        (
            "talent.view_offer",
            _("Offers outstanding (awaiting approval or the candidate)"),
            apps.get_model("talent", "Offer").objects.outstanding(),
            "created_at",
            reverse("admin:talent_offer_changelist"),
        ),
        (
            "talent.view_applicationmessage",
            _("Messages between enterprises and candidates this week"),
            apps.get_model("talent", "ApplicationMessage").objects.filter(created_at__gte=week_ago),
            "created_at",
            reverse("admin:talent_application_changelist"),
        ),
        (
            "talent.change_duplicatepair",
            _("Possible duplicate profiles to decide"),
            DuplicatePair.objects.open(),
            "created_at",
            reverse("admin:talent_duplicatepair_changelist")
            + f"?status__exact={DuplicatePair.Status.OPEN}",
        ),
        (
            "enterprises.change_role",
            _("Roles waiting for moderation"),
            Role.objects.pending_review(),
            "submitted_at",
            reverse("admin:enterprises_pendingrole_changelist"),
        ),
        (
            "services.change_servicerequest",
            _("Open service requests"),
            ServiceRequest.objects.active(),
            "created_at",
            reverse("admin:services_servicerequest_changelist"),
        ),
        (
            "services.change_membershipapplication",
            _("Association applications to decide"),
            MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING),
            "created_at",
            reverse("admin:services_membershipapplication_changelist")
            + f"?status__exact={MembershipApplication.Status.PENDING}",
        ),
        (
            "notifications.change_notification",
            _("Notifications that could not be delivered"),
            Notification.objects.filter(state=Notification.State.FAILED),
            "created_at",
            reverse("admin:notifications_notification_changelist") + "?state__exact=failed",
        ),
    ]
    return [
        _queue(label, queryset, date_field, url)
        for permission, label, queryset, date_field, url in queues
        if user.has_perm(permission)
    ]


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
