"""Service package objects in each meaningful state."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from services.models import (
    RSVP,
    Event,
    ManualChapter,
    ManualSection,
    MembershipApplication,
    Policy,
    ServiceRequest,
    TalentOfficer,
)
from tests.factories import OfficerFactory, UserFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    """A policy in force, open to everyone (no eligibility rules)."""

    class Meta:
        model = Policy

    slug = factory.Sequence(lambda n: f"policy-{n}")
    category = Policy.Category.TALENT_SUBSIDY
    title_en = factory.Sequence(lambda n: f"Policy {n}")
    title_zh = factory.Sequence(lambda n: f"政策{n}")
    summary_en = "A policy for AI professionals at the West Bund."
    summary_zh = "面向西岸人工智能人才的政策。"
    effective_from = factory.LazyFunction(lambda: date.today() - timedelta(days=30))


class ExpiredPolicyFactory(PolicyFactory):
    effective_from = factory.LazyFunction(lambda: date.today() - timedelta(days=400))
    expires_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))


class TalentOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentOfficer

    name_en = factory.Sequence(lambda n: f"Officer {n}")
    name_zh = factory.Sequence(lambda n: f"专员{n}")
    languages = factory.LazyFunction(lambda: ["zh", "en"])
    areas = factory.LazyFunction(lambda: ["housing"])
    office_hours_en = "Mon–Fri 9:00–17:00"
    email = factory.Sequence(lambda n: f"officer{n}@talent.westbund.example")


class EventFactory(factory.django.DjangoModelFactory):
    """An upcoming, published event with seats."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_en = factory.Sequence(lambda n: f"AI talk {n}")
    title_zh = factory.Sequence(lambda n: f"人工智能讲座{n}")
    description_en = "A talk at the hub."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue_en = "Talent Hub auditorium"
    venue_zh = "人才港报告厅"
    capacity = 10


class PastEventFactory(EventFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RSVP.Status.CONFIRMED


class WaitlistedRSVPFactory(RSVPFactory):
    status = RSVP.Status.WAITLISTED


class ManualChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualChapter

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    title_en = factory.Sequence(lambda n: f"Chapter title {n}")
    title_zh = factory.Sequence(lambda n: f"章节标题{n}")


class ManualSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualSection

    chapter = factory.SubFactory(ManualChapterFactory)
    order = factory.Sequence(lambda n: n)
    title_en = factory.Sequence(lambda n: f"Section {n}")
    title_zh = factory.Sequence(lambda n: f"小节{n}")
    body_en = "Register your address within 24 hours."
    body_zh = "请在24小时内办理住宿登记。"


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    """An open, personal request."""

    class Meta:
        model = ServiceRequest

    requester = factory.SubFactory(UserFactory)
    category = ServiceRequest.Category.HOUSING
    subject = "A talent apartment"
    description = "I would like a one-bedroom flat near the West Bund."


class AssignedServiceRequestFactory(ServiceRequestFactory):
    status = ServiceRequest.Status.ASSIGNED
    assigned_officer = factory.SubFactory(OfficerFactory)


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    """A pending association membership application."""

    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    full_name = "Lin Wei"
    company = "Riverside Robotics"
    position = "Founder"
    motivation = "To meet other founders."
