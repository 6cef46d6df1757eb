"""Every move of a role through its lifecycle, its history row and its notifications."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enterprises import actions, tasks
from enterprises.models import Role, RoleTransition
from tests.factories import OfficerFactory, UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import (
    ClosedRoleFactory,
    DraftRoleFactory,
    EnterpriseFactory,
    MembershipFactory,
    PendingRoleFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
    RejectedRoleFactory,
)

pytestmark = pytest.mark.django_db


def _last_transition(role) -> RoleTransition:
    return role.history.order_by("-created_at", "-id").first()


def _role_fields(**overrides):
    fields = {
        "title_en": "Multimodal Researcher",
        "title_zh": "多模态研究员",
        "description_en": "Research on vision-language models.",
        "deadline": timezone.localdate() + timedelta(days=20),
    }
    return {**fields, **overrides}


def test_create_role_makes_a_draft_and_records_its_creation():
    member = MembershipFactory()

    role = actions.create_role(enterprise=member.enterprise, by=member.user, **_role_fields())

    assert role.state == Role.State.DRAFT
    assert role.slug.startswith("multimodal-researcher-")
    transition = _last_transition(role)
    assert (transition.from_state, transition.to_state, transition.actor) == (
        "",
        Role.State.DRAFT,
        member.user,
    )


def test_create_role_refuses_a_deadline_in_the_past_and_saves_nothing():
    member = MembershipFactory()

    with pytest.raises(ValidationError) as error:
        actions.create_role(
            enterprise=member.enterprise,
            by=member.user,
            **_role_fields(deadline=timezone.localdate() - timedelta(days=1)),
        )

    assert "deadline" in error.value.message_dict
    assert not Role.objects.exists()


def test_create_role_refuses_a_minimum_salary_above_the_maximum():
    member = MembershipFactory()

    with pytest.raises(ValidationError) as error:
        actions.create_role(
            enterprise=member.enterprise,
            by=member.user,
            **_role_fields(salary_min=900_000, salary_max=500_000),
        )

    assert "salary_min" in error.value.message_dict
    assert not Role.objects.exists()


def test_submit_moves_a_draft_to_pending_review_with_who_and_when():
    role = DraftRoleFactory()
    recruiter = UserFactory()

    actions.submit_role_for_review(role=role, by=recruiter)

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert role.submitted_at is not None
    transition = _last_transition(role)
    assert (transition.from_state, transition.to_state, transition.actor) == (
        Role.State.DRAFT,
        Role.State.PENDING_REVIEW,
        recruiter,
    )


def test_a_rejected_role_can_be_submitted_again_and_loses_its_old_reason():
    role = RejectedRoleFactory()

    actions.submit_role_for_review(role=role, by=UserFactory())

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert role.rejection_reason == ""


def test_approve_publishes_and_tells_the_enterprise_admins_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(user=UserFactory(email="admin@aurora.example"))
    RecruiterMembershipFactory(enterprise=admin.enterprise)
    role = PendingRoleFactory(enterprise=admin.enterprise, title_en="Speech Engineer")
    officer = OfficerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_role(role=role, by=officer)

    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED
    assert role.published_at is not None
    assert _last_transition(role).actor == officer
    notification = Notification.objects.get()
    assert notification.kind == Kind.ROLE_REVIEW_DECIDED
    assert notification.recipient == admin.user
    assert notification.context == {
        "role_title": {"en": "Speech Engineer", "zh-hans": role.title_zh},
        "enterprise_name": {"en": admin.enterprise.name_en, "zh-hans": admin.enterprise.name_zh},
        "approved": True,
    }
    assert notification.link == role.workspace_url()
    assert [message.to for message in mailoutbox] == [["admin@aurora.example"]]
    assert "Speech Engineer" in mailoutbox[0].subject


def test_reject_records_the_reason_and_sends_it_to_the_admins(
    mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory()
    role = PendingRoleFactory(enterprise=admin.enterprise)

    with django_capture_on_commit_callbacks(execute=True):
        actions.reject_role(role=role, by=OfficerFactory(), reason="No salary range given.")

    role.refresh_from_db()
    assert role.state == Role.State.REJECTED
    assert role.rejection_reason == "No salary range given."
    assert _last_transition(role).reason == "No salary range given."
    notification = Notification.objects.get()
    assert notification.context["approved"] is False
    assert notification.context["reason"] == "No salary range given."
    assert "No salary range given." in mailoutbox[0].body


def test_reject_without_a_reason_is_refused():
    role = PendingRoleFactory()

    with pytest.raises(ValidationError):
        actions.reject_role(role=role, by=OfficerFactory(), reason="  ")

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "factory",
    [DraftRoleFactory, PublishedRoleFactory, ClosedRoleFactory, RejectedRoleFactory],
)
def test_only_a_role_under_review_can_be_approved(factory):
    role = factory()
    state = role.state

    with pytest.raises(ValidationError):
        actions.approve_role(role=role, by=OfficerFactory())

    role.refresh_from_db()
    assert role.state == state


def test_close_takes_a_published_role_off_the_board():
    role = PublishedRoleFactory()

    actions.close_role(role=role, by=UserFactory())

    role.refresh_from_db()
    assert role.state == Role.State.CLOSED
    assert role.closed_at is not None
    assert not Role.objects.published().exists()


def test_a_draft_cannot_be_closed():
    with pytest.raises(ValidationError):
        actions.close_role(role=DraftRoleFactory(), by=UserFactory())


def test_a_substantive_edit_of_a_published_role_sends_it_back_to_review():
    role = PublishedRoleFactory()
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user

    actions.update_role(role=role, by=recruiter, changes={"description_en": "New words."})

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    transition = _last_transition(role)
    assert (transition.from_state, transition.to_state, transition.actor) == (
        Role.State.PUBLISHED,
        Role.State.PENDING_REVIEW,
        recruiter,
    )
    assert (transition.cause, transition.reason) == ("edited_after_publication", "")


def test_changing_openings_or_deadline_keeps_a_published_role_on_the_board():
    role = PublishedRoleFactory()

    actions.update_role(
        role=role,
        by=OfficerFactory(),
        changes={"openings": 3, "deadline": timezone.localdate() + timedelta(days=60)},
    )

    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED
    assert role.openings == 3


def test_a_closed_role_cannot_be_edited():
    role = ClosedRoleFactory()

    with pytest.raises(ValidationError):
        actions.update_role(role=role, by=OfficerFactory(), changes={"description_en": "x"})


def test_duplicate_makes_a_new_draft_with_the_same_content():
    role = ClosedRoleFactory(title_en="Robot Perception Engineer", salary_min=1, salary_max=2)

    copy = actions.duplicate_role(role=role, by=OfficerFactory())

    assert copy.pk != role.pk
    assert copy.state == Role.State.DRAFT
    assert copy.title_en == "Robot Perception Engineer"
    assert (copy.salary_min, copy.salary_max) == (1, 2)
    assert copy.deadline is None
    assert copy.slug != role.slug


def test_approving_a_role_whose_deadline_passed_is_refused():
    role = PendingRoleFactory(deadline=timezone.localdate() - timedelta(days=1))

    with pytest.raises(ValidationError):
        actions.approve_role(role=role, by=OfficerFactory())


# ------------------------------------------------------------------------------
# The daily tasks
# ------------------------------------------------------------------------------
def test_the_daily_task_closes_published_roles_past_their_deadline():
    yesterday = timezone.localdate() - timedelta(days=1)
    expired = PublishedRoleFactory(deadline=yesterday)
    due_today = PublishedRoleFactory(deadline=timezone.localdate())
    pending = PendingRoleFactory(deadline=yesterday)

    closed = tasks.close_expired_roles.delay().get()

    assert closed == 1
    expired.refresh_from_db()
    due_today.refresh_from_db()
    pending.refresh_from_db()
    assert expired.state == Role.State.CLOSED
    assert due_today.state == Role.State.PUBLISHED
    assert pending.state == Role.State.PENDING_REVIEW
    transition = _last_transition(expired)
    assert transition.actor is None
    assert (transition.cause, transition.reason) == ("deadline_passed", "")


def test_the_expiry_task_is_idempotent():
    PublishedRoleFactory(deadline=timezone.localdate() - timedelta(days=3))

    assert actions.close_expired_roles() == 1
    assert actions.close_expired_roles() == 0
    assert RoleTransition.objects.filter(to_state=Role.State.CLOSED).count() == 1


def test_a_published_role_past_its_deadline_is_off_the_board_before_the_task_runs():
    PublishedRoleFactory(deadline=timezone.localdate() - timedelta(days=1))

    assert not Role.objects.published().exists()


def test_deadline_reminder_goes_to_every_member_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory()
    recruiter = RecruiterMembershipFactory(enterprise=admin.enterprise)
    role = PublishedRoleFactory(
        enterprise=admin.enterprise, deadline=timezone.localdate() + timedelta(days=3)
    )
    PublishedRoleFactory(
        enterprise=admin.enterprise, deadline=timezone.localdate() + timedelta(days=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_role_deadline_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_role_deadline_reminders.delay().get() == 0

    notifications = Notification.objects.filter(kind=Kind.ROLE_DEADLINE_SOON)
    assert {n.recipient for n in notifications} == {admin.user, recruiter.user}
    assert notifications[0].context["days_left"] == 3
    assert notifications[0].context["deadline"] == role.deadline.isoformat()
    role.refresh_from_db()
    assert role.deadline_reminder_sent_at is not None
    assert len(mailoutbox) == 2


def test_recruiter_users_are_the_active_members_and_admin_users_the_admins():
    enterprise = EnterpriseFactory()
    admin = MembershipFactory(enterprise=enterprise)
    recruiter = RecruiterMembershipFactory(enterprise=enterprise)
    RecruiterMembershipFactory(enterprise=enterprise, user=UserFactory(is_active=False))
    MembershipFactory()  # another enterprise

    assert set(enterprise.recruiter_users()) == {admin.user, recruiter.user}
    assert list(enterprise.admin_users()) == [admin.user]


def test_is_open_for_applications_needs_published_and_a_deadline_ahead():
    assert PublishedRoleFactory().is_open_for_applications()
    assert not PendingRoleFactory().is_open_for_applications()
    assert not PublishedRoleFactory(
        deadline=timezone.localdate() - timedelta(days=1)
    ).is_open_for_applications()
