"""The review queue's actions in the admin: each changes the state, records the history
(who, when, from, to, why) and an audit event, and tells the professional of a decision."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from talent.models import ProfileReviewEvent, TalentProfile
from tests.factories import OfficerFactory
from westbund.notifications.models import Kind, Notification
from westbund.privacy.models import AuditEvent

from .factories import (
    CompleteProfileFactory,
    InReviewProfileFactory,
    SubmittedProfileFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:talent_talentprofile_changelist")


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def officer_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


def _act(client, action, profiles, **data):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [profile.pk for profile in profiles], **data},
        follow=True,
    )


def _decide(client, decision, profiles, message, capture):
    with capture(execute=True):
        return _act(client, f"decide_{decision}", profiles, apply="1", message=message)


# -- Assignment ------------------------------------------------------------------------------


def test_assign_to_me_assigns_and_records_it(officer_client, officer):
    profile = SubmittedProfileFactory()

    response = _act(officer_client, "assign_to_me", [profile])

    profile.refresh_from_db()
    assert profile.assigned_officer == officer
    event = ProfileReviewEvent.objects.get(profile=profile)
    assert (event.actor, event.assigned_officer, event.cause) == (
        officer,
        officer,
        ProfileReviewEvent.Cause.OFFICER_ASSIGNED,
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.OFFICER_ASSIGNED, target_id=str(profile.pk), actor=officer
    ).exists()
    assert "1 profile updated." in response.content.decode()


def test_assign_to_me_in_bulk_assigns_every_profile(officer_client, officer):
    profiles = SubmittedProfileFactory.create_batch(3)

    response = _act(officer_client, "assign_to_me", profiles)

    assert all(p.assigned_officer == officer for p in type(profiles[0]).objects.all())
    assert ProfileReviewEvent.objects.count() == 3
    assert "3 profiles updated." in response.content.decode()


def test_assign_to_an_officer_asks_whom_first(officer_client):
    OfficerFactory(display_name="Colleague Chen")
    profile = SubmittedProfileFactory()

    response = _act(officer_client, "assign_to_officer", [profile])

    body = response.content.decode()
    assert "Assign to an officer" in body
    assert "Colleague Chen" in body
    profile.refresh_from_db()
    assert profile.assigned_officer is None


def test_assign_to_an_officer_assigns_the_chosen_one_in_bulk(officer_client, officer):
    colleague = OfficerFactory()
    profiles = SubmittedProfileFactory.create_batch(2)

    _act(officer_client, "assign_to_officer", profiles, apply="1", officer=colleague.pk)

    for profile in profiles:
        profile.refresh_from_db()
        assert profile.assigned_officer == colleague
        event = profile.history.get()
        assert (event.actor, event.assigned_officer) == (officer, colleague)


def test_assign_to_someone_outside_the_officers_is_refused(officer_client):
    from tests.factories import StaffUserFactory

    outsider = StaffUserFactory()
    profile = SubmittedProfileFactory()

    response = _act(officer_client, "assign_to_officer", [profile], apply="1", officer=outsider.pk)

    assert "Select a valid choice" in response.content.decode()
    profile.refresh_from_db()
    assert profile.assigned_officer is None
    assert not ProfileReviewEvent.objects.exists()


# -- Start review ----------------------------------------------------------------------------


def test_start_review_moves_submitted_profiles_into_review(officer_client, officer):
    profiles = SubmittedProfileFactory.create_batch(2)

    response = _act(officer_client, "start_review", profiles)

    for profile in profiles:
        profile.refresh_from_db()
        assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW
        assert profile.assigned_officer == officer
        event = profile.history.get()
        assert (event.actor, event.from_state, event.to_state) == (
            officer,
            TalentProfile.ReviewState.SUBMITTED,
            TalentProfile.ReviewState.IN_REVIEW,
        )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REVIEW_STARTED).count() == 2
    assert "2 profiles updated." in response.content.decode()


def test_start_review_on_a_profile_in_the_wrong_state_says_so_and_changes_nothing(
    officer_client,
):
    draft = CompleteProfileFactory(full_name="Draft Dana")
    submitted = SubmittedProfileFactory()

    response = _act(officer_client, "start_review", [draft, submitted])

    body = response.content.decode()
    assert "Draft Dana: Only a submitted profile can be taken into review." in body
    assert "1 profile updated." in body
    draft.refresh_from_db()
    assert draft.review_state == TalentProfile.ReviewState.DRAFT
    assert not draft.history.exists()


# -- Decisions -------------------------------------------------------------------------------


def test_verify_asks_for_an_optional_message_first(officer_client):
    profile = InReviewProfileFactory()

    response = _act(officer_client, "decide_verified", [profile])

    assert "Message to the professional" in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW


def test_verify_decides_records_and_notifies(
    officer_client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    profile = InReviewProfileFactory()

    response = _decide(
        officer_client, "verified", [profile], "", django_capture_on_commit_callbacks
    )

    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.VERIFIED
    event = profile.history.get()
    assert (event.actor, event.from_state, event.to_state) == (
        officer,
        TalentProfile.ReviewState.IN_REVIEW,
        TalentProfile.ReviewState.VERIFIED,
    )
    notification = Notification.objects.get(recipient=profile.user)
    assert notification.kind == Kind.PROFILE_REVIEW_DECIDED
    assert [mail.to for mail in mailoutbox] == [[profile.user.email]]
    assert "1 profile decided." in response.content.decode()


def test_verify_in_bulk_tells_each_professional(
    officer_client, mailoutbox, django_capture_on_commit_callbacks
):
    profiles = [SubmittedProfileFactory(), InReviewProfileFactory()]

    _decide(officer_client, "verified", profiles, "", django_capture_on_commit_callbacks)

    assert {p.review_state for p in type(profiles[0]).objects.all()} == {
        TalentProfile.ReviewState.VERIFIED
    }
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(p.user.email for p in profiles)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REVIEW_DECIDED).count() == 2


def test_request_changes_sends_the_message(
    officer_client, mailoutbox, django_capture_on_commit_callbacks
):
    profile = InReviewProfileFactory()

    _decide(
        officer_client,
        "changes_requested",
        [profile],
        "Please add your thesis title.",
        django_capture_on_commit_callbacks,
    )

    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.CHANGES_REQUESTED
    assert profile.review_message == "Please add your thesis title."
    assert profile.history.get().reason == "Please add your thesis title."
    assert "Please add your thesis title." in mailoutbox[0].body
    audit = AuditEvent.objects.get(action=AuditEvent.Action.REVIEW_DECIDED)
    assert audit.details == {
        "from": "in_review",
        "to": "changes_requested",
        "message": "Please add your thesis title.",
    }


def test_request_changes_in_bulk_sends_each_the_message(
    officer_client, mailoutbox, django_capture_on_commit_callbacks
):
    profiles = InReviewProfileFactory.create_batch(2)

    _decide(
        officer_client,
        "changes_requested",
        profiles,
        "Add a photo.",
        django_capture_on_commit_callbacks,
    )

    assert len(mailoutbox) == 2
    assert ProfileReviewEvent.objects.filter(reason="Add a photo.").count() == 2


def test_decline_needs_a_reason(officer_client, mailoutbox):
    profile = InReviewProfileFactory()

    response = _act(officer_client, "decide_declined", [profile], apply="1", message="  ")

    assert "Give the professional the reason for declining." in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW
    assert not profile.history.exists()
    assert mailoutbox == []


def test_decline_with_a_reason_decides_and_tells_the_reason(
    officer_client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    profiles = SubmittedProfileFactory.create_batch(2)

    _decide(
        officer_client,
        "declined",
        profiles,
        "Outside the hub's AI focus.",
        django_capture_on_commit_callbacks,
    )

    for profile in profiles:
        profile.refresh_from_db()
        assert profile.review_state == TalentProfile.ReviewState.DECLINED
        event = profile.history.get()
        assert (event.actor, event.to_state, event.reason) == (
            officer,
            TalentProfile.ReviewState.DECLINED,
            "Outside the hub's AI focus.",
        )
    assert all("Outside the hub's AI focus." in mail.body for mail in mailoutbox)
    assert len(mailoutbox) == 2


def test_a_decision_on_a_profile_in_the_wrong_state_says_so_and_changes_nothing(
    officer_client, mailoutbox, django_capture_on_commit_callbacks
):
    verified = VerifiedProfileFactory(full_name="Verified Vera")

    response = _decide(
        officer_client, "declined", [verified], "No.", django_capture_on_commit_callbacks
    )

    body = response.content.decode()
    assert "Verified Vera: Only a submitted or in-review profile can be decided." in body
    verified.refresh_from_db()
    assert verified.review_state == TalentProfile.ReviewState.VERIFIED
    assert not verified.history.exists()
    assert not AuditEvent.objects.exists()
    assert mailoutbox == []


def test_a_staff_user_outside_the_officers_cannot_run_the_actions(client, sign_in_officer):
    from tests.factories import StaffUserFactory

    sign_in_officer(client, StaffUserFactory())
    profile = SubmittedProfileFactory()

    response = client.post(CHANGELIST, {"action": "start_review", "_selected_action": [profile.pk]})

    assert response.status_code == HTTPStatus.FORBIDDEN
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
