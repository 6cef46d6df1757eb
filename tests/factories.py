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


# -- Pipeline board: an enterprise's tags ---------------------------------------------------


class TagFactory(factory.django.DjangoModelFactory):
    """A tag of an enterprise (attach it with ``talent.actions.attach_tag``)."""

    class Meta:
        model = "talent.Tag"

    enterprise = factory.SubFactory("tests.enterprises.factories.EnterpriseFactory")
    name = factory.Sequence(lambda n: f"tag {n}")
    colour = "blue"
