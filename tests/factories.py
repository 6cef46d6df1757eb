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
