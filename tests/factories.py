import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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
