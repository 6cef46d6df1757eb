from datetime import timedelta

import factory
from django.utils import timezone

from enterprises.models import Enterprise, Invitation, Membership, Role, RoleTransition
from tests.factories import UserFactory
from westbund.taxonomy import Specialty


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name_en = factory.Sequence(lambda n: f"Enterprise {n} Models")
    name_zh = factory.Sequence(lambda n: f"企业{n}模型")
    slug = factory.Sequence(lambda n: f"enterprise-{n}")
    description_en = "A tenant of the innovation center."
    focus_areas = factory.LazyFunction(lambda: [Specialty.LLM_PRETRAINING])
    phase = Enterprise.Phase.ONE


class MembershipFactory(factory.django.DjangoModelFactory):
    """An enterprise admin."""

    class Meta:
        model = Membership

    enterprise = factory.SubFactory(EnterpriseFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMIN


class RecruiterMembershipFactory(MembershipFactory):
    role = Membership.Role.RECRUITER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    enterprise = factory.SubFactory(EnterpriseFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Membership.Role.RECRUITER
    invited_by = factory.SubFactory(UserFactory)


class DraftRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory)
    title_en = factory.Sequence(lambda n: f"Machine Learning Engineer {n}")
    title_zh = factory.Sequence(lambda n: f"机器学习工程师{n}")
    description_en = "Train and ship models."
    requirements = "Python and PyTorch."
    specialties = factory.LazyFunction(lambda: [Specialty.LLM_PRETRAINING])
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    state = Role.State.DRAFT

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        if create:
            Role.objects.filter(pk=self.pk).update_search_vector()


class PendingRoleFactory(DraftRoleFactory):
    state = Role.State.PENDING_REVIEW
    submitted_at = factory.LazyFunction(timezone.now)


class PublishedRoleFactory(DraftRoleFactory):
    state = Role.State.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class ClosedRoleFactory(PublishedRoleFactory):
    state = Role.State.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


class RejectedRoleFactory(PendingRoleFactory):
    state = Role.State.REJECTED
    rejection_reason = "Salary range missing."


class RoleTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleTransition

    role = factory.SubFactory(DraftRoleFactory)
    from_state = ""
    to_state = Role.State.DRAFT
