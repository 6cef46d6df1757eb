from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talent import actions
from talent.models import ProfileReviewEvent, TalentProfile
from tests.factories import StaffUserFactory, UserFactory
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions
from westbund.privacy.models import ConsentKind

from .factories import (
    ChangesRequestedProfileFactory,
    CompleteProfileFactory,
    InReviewProfileFactory,
    OfficerFactory,
    SubmittedProfileFactory,
    TalentProfileFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def test_complete_profile_is_submitted_from_me(client):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    response = client.post(reverse("talent:submit_for_review"), follow=True)
    assert "Your profile is submitted." in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
    assert profile.submitted_at is not None
    event = profile.history.get()
    assert (event.actor, event.from_state, event.to_state) == (profile.user, "draft", "submitted")


def test_incomplete_profile_cannot_be_submitted_and_says_what_is_missing(client):
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    response = client.post(reverse("talent:submit_for_review"), follow=True)
    body = response.content.decode()
    assert "Complete your profile first. Missing:" in body
    assert "Graduation year" in body
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.DRAFT
    assert not ProfileReviewEvent.objects.exists()


def test_profile_without_processing_consent_cannot_be_submitted():
    profile = CompleteProfileFactory()
    privacy_actions.withdraw_consent(user=profile.user, kind=ConsentKind.PROFILE_PROCESSING)
    profile.refresh_from_db()
    with pytest.raises(ValidationError, match="Consent to the processing"):
        actions.submit_profile_for_review(profile=profile, by=profile.user)


def test_someone_else_cannot_submit_a_profile():
    profile = CompleteProfileFactory()
    with pytest.raises(PermissionDenied):
        actions.submit_profile_for_review(profile=profile, by=UserFactory())


@pytest.mark.parametrize(
    "factory", [SubmittedProfileFactory, InReviewProfileFactory, VerifiedProfileFactory]
)
def test_profile_cannot_be_submitted_twice(factory):
    profile = factory()
    with pytest.raises(ValidationError, match="cannot be submitted now"):
        actions.submit_profile_for_review(profile=profile, by=profile.user)


def test_officer_starts_a_review_and_is_assigned(officer):
    profile = SubmittedProfileFactory()
    actions.start_review(profile=profile, by=officer)
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW
    assert profile.assigned_officer == officer


@pytest.mark.parametrize("who", [UserFactory, StaffUserFactory], ids=["professional", "staff"])
def test_only_officers_with_the_permission_review(who):
    profile = SubmittedProfileFactory()
    with pytest.raises(PermissionDenied):
        actions.start_review(profile=profile, by=who())
    with pytest.raises(PermissionDenied):
        actions.decide_review(profile=profile, by=who(), decision="verified")


def test_a_draft_cannot_be_decided(officer):
    with pytest.raises(ValidationError, match="Only a submitted or in-review profile"):
        actions.decide_review(
            profile=CompleteProfileFactory(),
            by=officer,
            decision=TalentProfile.ReviewState.VERIFIED,
        )


def test_asking_for_changes_needs_a_message(officer):
    profile = InReviewProfileFactory()
    with pytest.raises(ValidationError, match="Say what the professional should change"):
        actions.decide_review(profile=profile, by=officer, decision="changes_requested")
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW


def test_verification_is_recorded_and_emailed(
    officer, mailoutbox, django_capture_on_commit_callbacks
):
    profile = InReviewProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_review(
            profile=profile, by=officer, decision="verified", message="Welcome <b>aboard</b>"
        )
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.VERIFIED
    assert profile.decided_at is not None
    event = profile.history.get()
    assert (event.actor, event.from_state, event.to_state) == (officer, "in_review", "verified")
    notification = Notification.objects.get(recipient=profile.user)
    assert notification.kind == Kind.PROFILE_REVIEW_DECIDED
    assert notification.context == {
        "decision_label": "Verified",
        "message": "Welcome <b>aboard</b>",
    }
    assert notification.link == "/me/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Verified")
    assert mailoutbox[0].to == [profile.user.email]
    html = mailoutbox[0].alternatives[0][0]
    assert "Welcome &lt;b&gt;aboard&lt;/b&gt;" in html


def test_chinese_reader_gets_a_chinese_subject(
    officer, mailoutbox, django_capture_on_commit_callbacks
):
    profile = InReviewProfileFactory(user__preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_review(
            profile=profile, by=officer, decision="changes_requested", message="请补充学位信息"
        )
    assert "需要修改" in mailoutbox[0].subject
    assert "请补充学位信息" in mailoutbox[0].body


def test_changes_requested_shows_the_message_and_allows_resubmission(client, officer):
    profile = InReviewProfileFactory()
    actions.decide_review(
        profile=profile, by=officer, decision="changes_requested", message="Add <i>thesis</i>"
    )
    client.force_login(profile.user)
    body = client.get(reverse("talent:me")).content.decode()
    assert "Changes requested" in body
    assert "Add &lt;i&gt;thesis&lt;/i&gt;" in body
    assert "Submit again for review" in body
    client.post(reverse("talent:submit_for_review"))
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
    assert profile.review_message == ""


def test_declined_profile_cannot_be_resubmitted(officer):
    profile = InReviewProfileFactory()
    actions.decide_review(
        profile=profile, by=officer, decision="declined", message="Outside the hub's fields."
    )
    with pytest.raises(ValidationError):
        actions.submit_profile_for_review(profile=profile, by=profile.user)


def test_full_review_history_is_kept(officer):
    profile = CompleteProfileFactory()
    actions.submit_profile_for_review(profile=profile, by=profile.user)
    actions.start_review(profile=profile, by=officer)
    actions.decide_review(profile=profile, by=officer, decision="changes_requested", message="x")
    actions.submit_profile_for_review(profile=profile, by=profile.user)
    actions.decide_review(profile=profile, by=officer, decision="verified")
    steps = list(profile.history.values_list("from_state", "to_state"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "verified"),
    ]


def test_assigning_an_officer_is_recorded(officer):
    profile = SubmittedProfileFactory()
    colleague = OfficerFactory()
    actions.assign_officer(profile=profile, officer=colleague, by=officer)
    profile.refresh_from_db()
    assert profile.assigned_officer == colleague
    event = profile.history.get()
    assert (event.assigned_officer, event.cause) == (colleague, "officer_assigned")


def test_a_non_officer_cannot_be_assigned(officer):
    with pytest.raises(ValidationError, match="Only a talent officer"):
        actions.assign_officer(
            profile=SubmittedProfileFactory(), officer=StaffUserFactory(), by=officer
        )


def test_withdrawing_processing_consent_takes_a_verified_profile_out(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    client.post(reverse("talent:consent_change", args=[ConsentKind.PROFILE_PROCESSING, "withdraw"]))
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.DRAFT
    assert profile.history.get().cause == "consent_withdrawn"


def test_changes_requested_stays_when_consent_is_withdrawn():
    profile = ChangesRequestedProfileFactory()
    privacy_actions.withdraw_consent(user=profile.user, kind=ConsentKind.PROFILE_PROCESSING)
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.CHANGES_REQUESTED


# -- Admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


def test_admin_changelist_lists_profiles_in_bounded_queries(
    admin_client, django_assert_max_num_queries
):
    SubmittedProfileFactory.create_batch(5)
    # One of them asks whether the user is in a staff group (westbund.accounts.permissions).
    with django_assert_max_num_queries(13):
        response = admin_client.get(reverse("admin:talent_talentprofile_changelist"))
    assert response.status_code == HTTPStatus.OK


def test_admin_start_review_action(admin_client, officer):
    profile = SubmittedProfileFactory()
    admin_client.post(
        reverse("admin:talent_talentprofile_changelist"),
        {"action": "start_review", "_selected_action": [profile.pk]},
    )
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW


def test_admin_decision_asks_for_a_message_then_decides(admin_client, mailoutbox):
    profile = InReviewProfileFactory()
    url = reverse("admin:talent_talentprofile_changelist")
    first = admin_client.post(
        url, {"action": "decide_changes_requested", "_selected_action": [profile.pk]}
    )
    assert "Message to the professional" in first.content.decode()
    admin_client.post(
        url,
        {
            "action": "decide_changes_requested",
            "_selected_action": [profile.pk],
            "apply": "1",
            "message": "Please add your thesis title.",
        },
    )
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.CHANGES_REQUESTED
    assert profile.review_message == "Please add your thesis title."


def test_admin_decision_without_the_required_message_changes_nothing(admin_client):
    profile = InReviewProfileFactory()
    response = admin_client.post(
        reverse("admin:talent_talentprofile_changelist"),
        {
            "action": "decide_changes_requested",
            "_selected_action": [profile.pk],
            "apply": "1",
            "message": "",
        },
        follow=True,
    )
    assert "Say what the professional should change." in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW


def test_admin_profile_page_opens(admin_client):
    profile = CompleteProfileFactory()
    response = admin_client.get(reverse("admin:talent_talentprofile_change", args=[profile.pk]))
    assert response.status_code == HTTPStatus.OK
    assert reverse("talent:cv_download", args=[profile.current_cv_id]) in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_make_one_decision():
    """The row lock in the actions: the second officer sees the first one's decision."""
    import threading

    from django.db import connection

    profile = InReviewProfileFactory()
    officers = [OfficerFactory(), OfficerFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(officer, decision):
        try:
            barrier.wait()
            actions.decide_review(
                profile=profile.__class__.objects.get(pk=profile.pk),
                by=officer,
                decision=decision,
                message="m",
            )
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(officers[0], "verified")),
        threading.Thread(target=decide, args=(officers[1], "declined")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"]
    assert ProfileReviewEvent.objects.filter(profile=profile).count() == 1
