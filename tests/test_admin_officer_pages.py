"""What officers read in the admin (issue 17): labels in their language instead of
codes (finding 13), Shanghai time (finding 5), and decisions taken from a talent
profile's own page."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest

from enterprises.models import Role
from services import actions as service_actions
from services.models import ServiceRequest, ServiceRequestMessage
from talent.models import ProfileReviewEvent, TalentProfile
from tests.enterprises.factories import PendingRoleFactory, RoleTransitionFactory
from tests.factories import OfficerFactory
from tests.services.factories import AssignedServiceRequestFactory
from tests.talent.factories import InReviewProfileFactory, SubmittedProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_officer(client, sign_in_officer):
    officer = OfficerFactory(preferred_language="zh-hans")
    sign_in_officer(client, officer)
    return officer


@pytest.fixture
def english_officer(client, sign_in_officer):
    officer = OfficerFactory(preferred_language="en")
    sign_in_officer(client, officer)
    return officer


# -- Finding 13: labels, not codes ---------------------------------------------------------


def test_role_moderation_shows_specialties_and_transitions_as_labels(client, chinese_officer):
    role = PendingRoleFactory(specialties=["llm_pretraining", "ai_safety"])
    RoleTransitionFactory(
        role=role, from_state=Role.State.DRAFT, to_state=Role.State.PENDING_REVIEW
    )

    page = client.get(f"/admin/enterprises/pendingrole/{role.pk}/change/").content.decode()

    assert "大模型预训练" in page
    assert "AI 安全" in page
    assert "llm_pretraining" not in page
    assert "pending_review" not in page
    assert "draft →" not in page


def test_officers_read_the_request_state_in_their_own_words(client, english_officer):
    AssignedServiceRequestFactory(status=ServiceRequest.Status.WAITING, subject="A flat")

    page = client.get("/admin/services/servicerequest/").content.decode()

    assert "Waiting for the requester" in page
    assert "Waiting for you" not in page


def test_officers_read_the_request_state_in_chinese_officer_wording(client, chinese_officer):
    service_request = AssignedServiceRequestFactory(status=ServiceRequest.Status.IN_PROGRESS)
    service_actions.change_request_status(
        request=service_request, to_status=ServiceRequest.Status.WAITING, by=chinese_officer
    )

    listing = client.get("/admin/services/servicerequest/").content.decode()
    change = client.get(
        f"/admin/services/servicerequest/{service_request.pk}/change/"
    ).content.decode()
    handle = client.get(
        f"/admin/services/servicerequest/{service_request.pk}/handle/"
    ).content.decode()

    for page in (listing, change, handle):
        assert "等待申请人回复" in page
        assert "等待您回复" not in page


# -- Finding 5: Shanghai time ----------------------------------------------------------------


def test_the_request_thread_shows_shanghai_time(client, english_officer):
    service_request = AssignedServiceRequestFactory()
    message = ServiceRequestMessage.objects.create(
        request=service_request, author=english_officer, from_officer=True, body="Hello"
    )
    # 19:36 UTC is 03:36 the next day in Shanghai.
    ServiceRequestMessage.objects.filter(pk=message.pk).update(
        created_at=datetime(2026, 12, 1, 19, 36, tzinfo=UTC)
    )

    page = client.get(f"/admin/services/servicerequest/{service_request.pk}/handle/")

    text = page.content.decode()
    assert "19:36" not in text
    assert "03:36" in text or "3:36" in text


# -- Deciding from the profile's page ------------------------------------------------------


def test_a_submitted_profile_page_offers_start_review_and_the_three_decisions(
    client, english_officer
):
    profile = SubmittedProfileFactory()

    page = client.get(f"/admin/talent/talentprofile/{profile.pk}/change/").content.decode()

    assert 'name="start_review"' in page
    for decision in ("verified", "changes_requested", "declined"):
        assert f"/admin/talent/talentprofile/{profile.pk}/decide/{decision}/" in page


def test_an_officer_starts_the_review_from_the_profile_page(client, english_officer):
    profile = SubmittedProfileFactory()

    response = client.post(
        f"/admin/talent/talentprofile/{profile.pk}/review/", {"start_review": "1"}, follow=True
    )

    assert "The review has started." in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW
    assert profile.assigned_officer == english_officer


def test_an_officer_takes_over_a_profile_from_its_page(client, english_officer):
    profile = InReviewProfileFactory(assigned_officer=OfficerFactory())

    client.post(f"/admin/talent/talentprofile/{profile.pk}/review/", {"assign_to_me": "1"})

    profile.refresh_from_db()
    assert profile.assigned_officer == english_officer
    assert ProfileReviewEvent.objects.filter(
        profile=profile, cause=ProfileReviewEvent.Cause.OFFICER_ASSIGNED
    ).exists()


def test_an_officer_verifies_from_the_profile_page(
    client, english_officer, mailoutbox, django_capture_on_commit_callbacks
):
    profile = InReviewProfileFactory()
    url = f"/admin/talent/talentprofile/{profile.pk}/decide/verified/"
    assert client.get(url).status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Welcome."})

    assert response["Location"] == f"/admin/talent/talentprofile/{profile.pk}/change/"
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.VERIFIED
    assert profile.review_message == "Welcome."
    assert profile.user.email in {address for mail in mailoutbox for address in mail.to}


@pytest.mark.parametrize("decision", ["changes_requested", "declined"])
def test_requesting_changes_or_declining_asks_for_a_message_first(
    client, chinese_officer, decision
):
    profile = InReviewProfileFactory()

    response = client.post(f"/admin/talent/talentprofile/{profile.pk}/decide/{decision}/", {})

    assert response.status_code == HTTPStatus.OK
    assert "errorlist" in response.content.decode()
    assert (
        TalentProfile.objects.get(pk=profile.pk).review_state == TalentProfile.ReviewState.IN_REVIEW
    )


def test_declining_with_a_reason_from_the_profile_page(client, chinese_officer):
    profile = InReviewProfileFactory()

    response = client.post(
        f"/admin/talent/talentprofile/{profile.pk}/decide/declined/",
        {"message": "Not an AI profile."},
        follow=True,
    )

    assert "已通知该人才" in response.content.decode()
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.DECLINED


def test_a_decided_profile_offers_no_decision(client, english_officer):
    profile = InReviewProfileFactory()
    client.post(f"/admin/talent/talentprofile/{profile.pk}/decide/verified/", {"message": ""})

    page = client.get(f"/admin/talent/talentprofile/{profile.pk}/change/").content.decode()

    assert "/decide/" not in page
    response = client.post(
        f"/admin/talent/talentprofile/{profile.pk}/decide/declined/", {"message": "x"}, follow=True
    )
    assert "Only a submitted or in-review profile can be decided." in response.content.decode()


@pytest.mark.parametrize("decision", ["draft", "submitted", "nonsense"])
def test_only_the_three_decisions_exist(client, english_officer, decision):
    profile = InReviewProfileFactory()

    response = client.get(f"/admin/talent/talentprofile/{profile.pk}/decide/{decision}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_staff_who_are_not_officers_cannot_decide_from_the_page(client, sign_in_officer):
    from django.contrib.auth.models import Permission

    from tests.factories import StaffUserFactory

    staff = StaffUserFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_talentprofile", "change_talentprofile"])
    )
    sign_in_officer(client, staff)
    profile = InReviewProfileFactory()

    page = client.get(f"/admin/talent/talentprofile/{profile.pk}/change/").content.decode()
    response = client.post(
        f"/admin/talent/talentprofile/{profile.pk}/decide/verified/", {"message": ""}
    )

    assert "/decide/" not in page
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert (
        TalentProfile.objects.get(pk=profile.pk).review_state == TalentProfile.ReviewState.IN_REVIEW
    )
