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


# -- Recruitment analytics and possible duplicates -------------------------------------------


def moved_application(*, path=(), applied_at=None, days=0, **kwargs):
    """An application made at ``applied_at`` that moved along ``path`` (stages, in
    order), one step a day, the last step ``days`` after it was made; its history as
    the workspace would have written it."""
    from datetime import timedelta

    from django.utils import timezone

    from talent.models import Application, ApplicationStage, ApplicationStageChange
    from tests.talent.factories import ApplicationFactory

    applied_at = applied_at or timezone.now() - timedelta(days=days + 1)
    application = ApplicationFactory(created_at=applied_at, stage_changed_at=applied_at, **kwargs)
    stage, when = ApplicationStage.NEW, applied_at
    for index, to_stage in enumerate(path):
        last = index == len(path) - 1
        when = applied_at + timedelta(days=days if last else index + 1)
        ApplicationStageChange.objects.create(
            application=application, from_stage=stage, to_stage=to_stage, created_at=when
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
