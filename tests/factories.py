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
