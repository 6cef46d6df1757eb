"""Talent profiles in each meaningful state, CVs and officers."""

import factory
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from talent.demo import minimal_pdf
from talent.models import (
    Application,
    ApplicationStageChange,
    Availability,
    CVDocument,
    JobAlert,
    TalentProfile,
)
from tests.enterprises.factories import PublishedRoleFactory
from tests.factories import OfficerFactory as GroupOfficerFactory
from tests.factories import UserFactory
from westbund.education import C9University, Degree
from westbund.privacy.models import Consent, ConsentKind
from westbund.taxonomy import Specialty

VALID_PDF = minimal_pdf(["Test CV", "Line two"])


class OfficerFactory(GroupOfficerFactory):
    """A talent officer: staff in the officers' group (which lets them review profiles
    and read CVs), with any further talent permissions given."""

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="talent", codename__in=extracted)
        )


class TalentProfileFactory(factory.django.DjangoModelFactory):
    """A draft profile with only a name: what a professional has after the first save."""

    class Meta:
        model = TalentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")


class CVDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CVDocument

    profile = factory.SubFactory(TalentProfileFactory)
    file = factory.LazyFunction(lambda: ContentFile(VALID_PDF, name="cv.pdf"))
    original_name = "my cv.pdf"
    size = len(VALID_PDF)
    sha256 = "0" * 64


class CompleteProfileFactory(TalentProfileFactory):
    """Everything filled in, a current CV and consent to processing: ready to submit."""

    nationality = "CN"
    current_city = "Shanghai"
    phone = "+86 138 0013 8000"
    languages = "Mandarin, English"
    highest_degree = Degree.MASTER
    university_code = C9University.FUDAN
    field_of_study = "Computer science"
    graduation_year = 2020
    years_of_experience = 5
    specialties = factory.LazyFunction(lambda: [Specialty.MULTIMODAL, Specialty.LLM_PRETRAINING])
    skills = "PyTorch, RLHF"
    availability = Availability.ONE_MONTH

    @factory.post_generation
    def cv_and_consent(self, create, extracted, **kwargs):
        if not create:
            return
        self.current_cv = CVDocumentFactory(profile=self)
        self.save(update_fields=["current_cv"])
        Consent.objects.create(user=self.user, kind=ConsentKind.PROFILE_PROCESSING)


class SubmittedProfileFactory(CompleteProfileFactory):
    review_state = TalentProfile.ReviewState.SUBMITTED


class InReviewProfileFactory(CompleteProfileFactory):
    review_state = TalentProfile.ReviewState.IN_REVIEW


class VerifiedProfileFactory(CompleteProfileFactory):
    review_state = TalentProfile.ReviewState.VERIFIED


class ChangesRequestedProfileFactory(CompleteProfileFactory):
    review_state = TalentProfile.ReviewState.CHANGES_REQUESTED
    review_message = "Please add your thesis title."


class ApplyingProfileFactory(CompleteProfileFactory):
    """Complete, and consenting to share the profile and CV with enterprises applied to."""

    @factory.post_generation
    def sharing_consent(self, create, extracted, **kwargs):
        if create:
            Consent.objects.create(user=self.user, kind=ConsentKind.SHARE_WITH_ENTERPRISES)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A new application to a published role, with the applicant's current CV."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    profile = factory.SubFactory(ApplyingProfileFactory)
    role = factory.SubFactory(PublishedRoleFactory)
    enterprise = factory.LazyAttribute(lambda application: application.role.enterprise)
    cv = factory.LazyAttribute(lambda application: application.profile.current_cv)
    cover_letter = "I would love to work on your models."
    stage = Application.Stage.NEW

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            ApplicationStageChange.objects.create(
                application=self,
                actor=self.profile.user,
                from_state="",
                to_state=Application.Stage.NEW,
                created_at=self.created_at,
            )


class JobAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobAlert

    user = factory.SubFactory(UserFactory)
    name = "Multimodal"
    specialties = factory.LazyFunction(lambda: [Specialty.MULTIMODAL])
