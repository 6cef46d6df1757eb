from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who has signed up and verified their e-mail address."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffUserFactory(UserFactory):
    is_staff = True


class OfficerFactory(StaffUserFactory):
    """A talent officer: staff, in the "Talent officer" group, not a superuser."""

    @factory.post_generation
    def officer_group(self, create, extracted, **kwargs):
        if create:
            from westbund.accounts.groups import make_officer

            make_officer(self)


# -- Talent pool (issue 14) ------------------------------------------------------------------
# Declared by dotted path: the talent and enterprise factories import this module.


class PoolConsentFactory(factory.django.DjangoModelFactory):
    """The separate consent to be found in the talent pool."""

    class Meta:
        model = "privacy.Consent"

    user = factory.SubFactory(UserFactory)
    kind = "talent_pool"


class PoolInvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation to apply, from the role's enterprise."""

    class Meta:
        model = "talent.PoolInvitation"

    profile = factory.SubFactory("tests.talent.factories.VerifiedProfileFactory")
    role = factory.SubFactory("tests.enterprises.factories.PublishedRoleFactory")
    enterprise = factory.LazyAttribute(lambda invitation: invitation.role.enterprise)
    message = "We would like to hear from you."


class PoolRecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "talent.PoolRecommendation"

    profile = factory.SubFactory("tests.talent.factories.VerifiedProfileFactory")
    enterprise = factory.SubFactory("tests.enterprises.factories.EnterpriseFactory")
    officer = factory.SubFactory(OfficerFactory)
    note = "Strong pre-training background."


# -- Interviews and scorecards (h-interviews) ------------------------------------------------


def _tomorrow_at_ten():
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=2)
    return datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))


def _plus_minutes(moment, minutes):
    from datetime import timedelta

    return moment + timedelta(minutes=minutes)


def _yesterday():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=1)


class InterviewFactory(factory.django.DjangoModelFactory):
    """A scheduled video interview in two days at 10:00 Shanghai, one interviewer (a
    recruiter of the enterprise). Made directly: no history row, no notification."""

    class Meta:
        model = "talent.Interview"
        skip_postgeneration_save = True

    application = factory.SubFactory("tests.talent.factories.ApplicationFactory")
    enterprise = factory.LazyAttribute(lambda interview: interview.application.enterprise)
    starts_at = factory.LazyFunction(_tomorrow_at_ten)
    ends_at = factory.LazyAttribute(lambda interview: _plus_minutes(interview.starts_at, 60))
    mode = "video"
    link = "https://meet.example.com/abc"

    @factory.post_generation
    def interviewers(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            from tests.enterprises.factories import RecruiterMembershipFactory

            extracted = [RecruiterMembershipFactory(enterprise=self.enterprise).user]
        self.interviewers.set(extracted)


class PastInterviewFactory(InterviewFactory):
    """An interview that took place yesterday (still ``scheduled``: not marked done)."""

    starts_at = factory.LazyFunction(_yesterday)


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "talent.Scorecard"

    interview = factory.SubFactory(PastInterviewFactory)
    interviewer = factory.LazyAttribute(lambda card: card.interview.interviewers.first())
    ratings = factory.LazyFunction(
        lambda: [{"criterion": {"en": "Communication", "zh-hans": "沟通"}, "rating": 4}]
    )
    recommendation = 3
    notes = "Clear thinker."


# -- Offers and the conversation of an application (talent) -----------------------------------


def _in_days(days):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


def _now():
    from django.utils import timezone

    return timezone.now()


class OfferFactory(factory.django.DjangoModelFactory):
    """A draft offer on a new application, drafted by nobody in particular."""

    class Meta:
        model = "talent.Offer"
        skip_postgeneration_save = True

    application = factory.SubFactory("tests.talent.factories.ApplicationFactory")
    enterprise = factory.LazyAttribute(lambda offer: offer.application.enterprise)
    position = "VLM engineer"
    annual_salary = 600_000
    start_date = factory.LazyFunction(lambda: _in_days(30))
    expires_on = factory.LazyFunction(lambda: _in_days(14))
    language = "en"
    letter = "Dear Lin Wei, we are delighted to offer you the position."
    status = "draft"

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            from talent.models import OfferTransition

            OfferTransition.objects.create(
                offer=self, actor=self.drafted_by, from_state="", to_state=self.status
            )


class AwaitingApprovalOfferFactory(OfferFactory):
    status = "awaiting_approval"


class SentOfferFactory(OfferFactory):
    status = "sent"
    sent_at = factory.LazyFunction(lambda: _now())


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "talent.MessageTemplate"

    enterprise = factory.SubFactory("tests.enterprises.factories.EnterpriseFactory")
    name = factory.Sequence(lambda n: f"Template {n}")
    subject_en = "Your application for {role}"
    subject_zh = "您申请的{role}职位"
    body_en = "Dear {name}, thank you for applying to {role} at {enterprise}."
    body_zh = "{name}您好，感谢您申请{enterprise}的{role}职位。"


# -- Pipeline board: an enterprise's tags ---------------------------------------------------


class TagFactory(factory.django.DjangoModelFactory):
    """A tag of an enterprise (attach it with ``talent.actions.attach_tag``)."""

    class Meta:
        model = "talent.Tag"

    enterprise = factory.SubFactory("tests.enterprises.factories.EnterpriseFactory")
    name = factory.Sequence(lambda n: f"tag {n}")
    colour = "blue"


# -- Recruitment analytics and possible duplicates -------------------------------------------


def moved_application(*, path=(), applied_at=None, days=0, **kwargs):
    """An application made at ``applied_at`` that moved along ``path`` (stages, in
    order), one step a day, the last step ``days`` after it was made; its history as
    the workspace would have written it."""
    from datetime import timedelta

    from django.utils import timezone

    from talent.models import Application, ApplicationStageChange
    from tests.talent.factories import ApplicationFactory

    applied_at = applied_at or timezone.now() - timedelta(days=days + 1)
    application = ApplicationFactory(created_at=applied_at, stage_changed_at=applied_at, **kwargs)
    stage, when = Application.Stage.NEW, applied_at
    for index, to_stage in enumerate(path):
        last = index == len(path) - 1
        when = applied_at + timedelta(days=days if last else index + 1)
        ApplicationStageChange.objects.create(
            application=application, from_state=stage, to_state=to_stage, created_at=when
        )
        stage = to_stage
    Application.objects.filter(pk=application.pk).update(stage=stage, stage_changed_at=when)
    application.refresh_from_db()
    return application


class DuplicatePairFactory(factory.django.DjangoModelFactory):
    """An open pair of profiles sharing a phone number."""

    class Meta:
        model = "talent.DuplicatePair"

    first = factory.SubFactory("tests.talent.factories.CompleteProfileFactory")
    second = factory.SubFactory("tests.talent.factories.CompleteProfileFactory")
    matches = factory.LazyFunction(lambda: ["phone"])


# ------------------------------------------------------------------------------
# Talent apartments (services)
# ------------------------------------------------------------------------------
class ApartmentBuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.ApartmentBuilding"

    name_en = factory.Sequence(lambda n: f"West Bund Residence {n}")
    name_zh = factory.Sequence(lambda n: f"西岸人才公寓{n}号楼")
    address_en = "Longteng Avenue, Xuhui"


class ApartmentUnitFactory(factory.django.DjangoModelFactory):
    """A free unit, available from today."""

    class Meta:
        model = "services.ApartmentUnit"

    building = factory.SubFactory(ApartmentBuildingFactory)
    number = factory.Sequence(lambda n: f"{1000 + n}")
    bedrooms = 1
    size_m2 = 48
    rent = 6500
    subsidy = 2000
    available_from = factory.LazyFunction(date.today)


def _verified_professional():
    # Imported late: the talent factories import this module.
    from tests.talent.factories import VerifiedProfileFactory

    return VerifiedProfileFactory().user


class ApartmentApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application of a professional with a verified profile."""

    class Meta:
        model = "services.ApartmentApplication"

    applicant = factory.LazyFunction(_verified_professional)
    household_size = 2
    move_in_date = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    budget = 5000
    employer = factory.SubFactory("tests.enterprises.factories.EnterpriseFactory")
    current_housing = "A short-term rental in Jing'an until March."


class EligibleApartmentApplicationFactory(ApartmentApplicationFactory):
    """Employment confirmed by an officer: may be offered a unit or waitlisted."""

    employer_confirmed_at = factory.LazyFunction(timezone.now)
