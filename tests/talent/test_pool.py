"""The talent pool: who appears in it (tried hard), what an enterprise sees of them,
invitations to apply and their limit, the hub's recommendations, and who gets a 404."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from talent import actions
from talent.actions import pool as pool_actions
from talent.models import Application, CVDocument, PoolInvitation, TalentProfile
from tests.enterprises.factories import (
    EnterpriseFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import PoolConsentFactory, PoolInvitationFactory, PoolRecommendationFactory
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions
from westbund.privacy.models import ConsentKind

from .factories import (
    ApplyingProfileFactory,
    CompleteProfileFactory,
    OfficerFactory,
    SubmittedProfileFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db


def pool_member(**kwargs) -> TalentProfile:
    """A verified profile whose owner consented to the pool (and to sharing, so that
    accepting an invitation goes straight to an application)."""
    profile = VerifiedProfileFactory(**kwargs)
    PoolConsentFactory(user=profile.user)
    privacy_actions.grant_consent(user=profile.user, kind=ConsentKind.SHARE_WITH_ENTERPRISES)
    TalentProfile.objects.filter(pk=profile.pk).update_search_vector()
    return profile


@pytest.fixture
def enterprise():
    return EnterpriseFactory(name_en="Aurora Models", name_zh="曙光模型", slug="aurora")


@pytest.fixture
def recruiter(enterprise):
    return RecruiterMembershipFactory(enterprise=enterprise).user


@pytest.fixture
def role(enterprise):
    return PublishedRoleFactory(
        enterprise=enterprise, title_en="Pre-training engineer", title_zh="预训练工程师"
    )


@pytest.fixture
def other_recruiter():
    return RecruiterMembershipFactory(enterprise=EnterpriseFactory(slug="rival")).user


def _pool_url(enterprise, **query):
    from urllib.parse import urlencode

    url = reverse("talent:workspace_pool", args=[enterprise.slug])
    return f"{url}?{urlencode(query)}" if query else url


def _pool_page(client, enterprise, **query) -> str:
    response = client.get(_pool_url(enterprise, **query))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def _invite(client, enterprise, profile, role, message=""):
    return client.post(
        reverse("talent:workspace_pool_invite", args=[enterprise.slug, profile.pk]),
        {"role": role.pk, "message": message},
    )


# -- Who is in the pool ------------------------------------------------------------------------


def test_a_verified_profile_with_the_pool_consent_is_in_the_pool(client, enterprise, recruiter):
    pool_member(full_name="Lin Wei", current_title="Research scientist")
    client.force_login(recruiter)
    page = _pool_page(client, enterprise)
    assert "Lin Wei" in page
    assert "Research scientist" in page


@pytest.mark.parametrize("search", [{}, {"q": "PyTorch"}, {"skills": "RLHF"}, {"city": "Shanghai"}])
def test_without_the_pool_consent_a_verified_profile_never_appears(
    client, enterprise, recruiter, search
):
    profile = VerifiedProfileFactory(full_name="No Consent")
    # Every other consent given: the pool's is separate.
    privacy_actions.grant_consent(user=profile.user, kind=ConsentKind.SHARE_WITH_ENTERPRISES)
    TalentProfile.objects.filter(pk=profile.pk).update_search_vector()
    client.force_login(recruiter)
    assert "No Consent" not in _pool_page(client, enterprise, **search)


@pytest.mark.parametrize(
    "factory", [CompleteProfileFactory, SubmittedProfileFactory], ids=["draft", "submitted"]
)
def test_an_unverified_profile_never_appears_even_with_the_consent(
    client, enterprise, recruiter, factory
):
    profile = factory(full_name="Not Verified")
    PoolConsentFactory(user=profile.user)
    client.force_login(recruiter)
    assert "Not Verified" not in _pool_page(client, enterprise)
    assert "Not Verified" not in _pool_page(client, enterprise, q="PyTorch")


def test_withdrawing_the_consent_takes_the_person_out_at_once(client, enterprise, recruiter, role):
    profile = pool_member(full_name="Changed Mind")
    invitation = PoolInvitationFactory(profile=profile, role=role)
    client.force_login(recruiter)
    assert "Changed Mind" in _pool_page(client, enterprise)

    client.force_login(profile.user)
    client.post(reverse("talent:consent_change", args=[ConsentKind.TALENT_POOL, "withdraw"]))

    client.force_login(recruiter)
    assert "Changed Mind" not in _pool_page(client, enterprise)
    assert "Changed Mind" not in _pool_page(client, enterprise, q="PyTorch")
    # An invitation cannot be sent to them any more, and the open one is cancelled.
    other_role = PublishedRoleFactory(enterprise=enterprise)
    response = _invite(client, enterprise, profile, other_role)
    assert response.status_code == HTTPStatus.NOT_FOUND
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.CANCELLED
    assert invitation.events.last().cause == PoolInvitation.Cause.CONSENT_WITHDRAWN


def test_the_pool_consent_is_given_and_withdrawn_on_the_privacy_page(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    page = client.get(reverse("talent:privacy")).content.decode()
    assert "talent pool" in page
    client.post(reverse("talent:consent_change", args=[ConsentKind.TALENT_POOL, "grant"]))
    assert TalentProfile.objects.in_talent_pool().filter(pk=profile.pk).exists()
    client.post(reverse("talent:consent_change", args=[ConsentKind.TALENT_POOL, "withdraw"]))
    assert not TalentProfile.objects.in_talent_pool().filter(pk=profile.pk).exists()
    consent = profile.user.consents.get(kind=ConsentKind.TALENT_POOL)
    assert consent.granted_at and consent.withdrawn_at


def test_a_deactivated_account_is_not_in_the_pool(client, enterprise, recruiter):
    profile = pool_member(full_name="Gone Away")
    profile.user.is_active = False
    profile.user.save()
    client.force_login(recruiter)
    assert "Gone Away" not in _pool_page(client, enterprise)


# -- What an enterprise sees -------------------------------------------------------------------


def test_contact_details_and_cv_stay_hidden_until_acceptance(client, enterprise, recruiter, role):
    profile = pool_member(full_name="Lin Wei", phone="+86 138 0013 8000")
    email = profile.user.email
    cv_url = reverse("talent:cv_download", args=[profile.current_cv_id])
    client.force_login(recruiter)
    page = _pool_page(client, enterprise)
    assert "Lin Wei" in page
    for secret in (email, "138 0013 8000", "+8613800138000", cv_url):
        assert secret not in page
    assert client.get(cv_url).status_code == HTTPStatus.NOT_FOUND
    invitation = PoolInvitationFactory(profile=profile, role=role)
    assert (
        email
        not in client.get(
            reverse("talent:workspace_pool_invitations", args=[enterprise.slug])
        ).content.decode()
    )
    assert not CVDocument.objects.readable_by(recruiter).filter(pk=profile.current_cv_id).exists()

    actions.accept_invitation(invitation=invitation, by=profile.user)

    assert CVDocument.objects.readable_by(recruiter).filter(pk=profile.current_cv_id).exists()
    application = Application.objects.get(profile=profile, role=role)
    detail = client.get(
        reverse("talent:workspace_application", args=[enterprise.slug, application.pk])
    ).content.decode()
    assert email in detail


def test_the_pool_filters_narrow_the_list(client, enterprise, recruiter):
    pool_member(full_name="Phd Person", highest_degree="phd", years_of_experience=9)
    pool_member(
        full_name="Master Person",
        highest_degree="master",
        years_of_experience=2,
        university_code="",
        university_other="Some College",
        needs_work_permit=True,
        current_city="Beijing",
        skills="JAX",
    )
    client.force_login(recruiter)
    page = _pool_page(client, enterprise, degree="phd")
    assert "Phd Person" in page and "Master Person" not in page
    page = _pool_page(client, enterprise, min_years=5)
    assert "Phd Person" in page and "Master Person" not in page
    page = _pool_page(client, enterprise, c9="on")
    assert "Phd Person" in page and "Master Person" not in page
    page = _pool_page(client, enterprise, work_permit="needs")
    assert "Master Person" in page and "Phd Person" not in page
    page = _pool_page(client, enterprise, city="beijing")
    assert "Master Person" in page and "Phd Person" not in page
    page = _pool_page(client, enterprise, skills="jax")
    assert "Master Person" in page and "Phd Person" not in page
    page = _pool_page(client, enterprise, specialty="multimodal")
    assert "Master Person" in page and "Phd Person" in page


def test_the_pool_page_in_both_languages(client, enterprise, recruiter):
    pool_member(full_name="Lin Wei")
    client.force_login(recruiter)
    english = _pool_page(client, enterprise)
    assert "Talent pool" in english
    assert "invitations a day" in english
    response = client.get(f"/zh-hans{_pool_url(enterprise)}")
    assert response.status_code == HTTPStatus.OK
    chinese = response.content.decode()
    assert "人才库" in chinese
    assert "邀请" in chinese
    assert "Lin Wei" in chinese


def test_a_pool_larger_than_the_counting_cap_says_more_than_in_both_languages(
    client, enterprise, recruiter, monkeypatch
):
    from talent.pool import PoolPaginator

    monkeypatch.setattr(PoolPaginator, "CAP", 3)
    for _ in range(3):
        pool_member()
    client.force_login(recruiter)
    assert "3 professionals found." in _pool_page(client, enterprise)
    pool_member(full_name="Lin Wei")
    page = _pool_page(client, enterprise)
    assert "More than 3 professionals found" in page
    assert "Lin Wei" in page  # the list itself is not capped
    chinese = client.get(f"/zh-hans{_pool_url(enterprise)}").content.decode()
    assert "找到超过 3 位专业人才" in chinese


def test_the_pool_page_says_the_daily_limit(client, enterprise, recruiter):
    client.force_login(recruiter)
    page = _pool_page(client, enterprise)
    assert f"{pool_actions.POOL_INVITATIONS_PER_DAY} invitations a day" in page


def test_pool_page_queries_do_not_grow_with_the_pool(
    client, enterprise, recruiter, role, django_assert_max_num_queries
):
    for _ in range(3):
        PoolInvitationFactory(profile=pool_member(), role=role)
    PoolRecommendationFactory(profile=pool_member(), enterprise=enterprise)
    client.force_login(recruiter)
    with django_assert_max_num_queries(14) as few:
        _pool_page(client, enterprise)
    for _ in range(12):
        PoolInvitationFactory(
            profile=pool_member(), role=PublishedRoleFactory(enterprise=enterprise)
        )
        PoolRecommendationFactory(profile=pool_member(), enterprise=enterprise)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _pool_page(client, enterprise)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _pool_page(client, enterprise, q="PyTorch", degree="master")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "'); DROP TABLE talent_talentprofile; --",
        "<script>alert(1)</script> & | ! :* ()",
        "大模型" * 300,
        "\u202e RLHF \u202c",
    ],
    ids=["very-long", "sql", "tsquery-syntax", "long-chinese", "bidi"],
)
def test_hostile_search_text_gets_a_page_never_a_500(client, enterprise, recruiter, query):
    pool_member(full_name="Lin Wei")
    client.force_login(recruiter)
    response = client.get(_pool_url(enterprise, q=query, min_years="abc", degree="nonsense"))
    assert response.status_code == HTTPStatus.OK
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_too_long_search_is_said_on_the_page(client, enterprise, recruiter):
    client.force_login(recruiter)
    page = _pool_page(client, enterprise, q="x" * 5000)
    assert "at most 200 characters" in page
    # A NUL byte in a query string is refused for the whole site (BadBytesMiddleware):
    # a 400 page of the site's own, never a 500.
    response = client.get(_pool_url(enterprise, q="a\x00b"))
    assert response.status_code == HTTPStatus.BAD_REQUEST


# -- Invitations -------------------------------------------------------------------------------


def test_inviting_tells_the_person_by_email_and_inbox(
    client, enterprise, recruiter, role, django_capture_on_commit_callbacks
):
    profile = pool_member(full_name="Lin Wei")
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, enterprise, profile, role, message="Your RLHF work!")
    assert response.status_code == HTTPStatus.FOUND
    invitation = PoolInvitation.objects.get(profile=profile)
    assert invitation.status == PoolInvitation.Status.SENT
    assert invitation.invited_by == recruiter
    assert [event.to_state for event in invitation.events.all()] == ["sent"]
    notification = Notification.objects.get(recipient=profile.user, kind=Kind.POOL_INVITATION)
    assert notification.link == reverse("talent:invitations")
    assert len(mail.outbox) == 1
    assert "Pre-training engineer" in mail.outbox[0].subject
    assert "Your RLHF work!" in mail.outbox[0].body
    client.force_login(profile.user)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pre-training engineer" in inbox


def test_the_invitation_email_is_in_the_persons_language(
    enterprise, recruiter, role, django_capture_on_commit_callbacks
):
    profile = pool_member()
    profile.user.preferred_language = "zh-hans"
    profile.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_to_apply(enterprise=enterprise, profile=profile, role=role, by=recruiter)
    assert "预训练工程师" in mail.outbox[0].subject
    assert "人才库" in mail.outbox[0].body


def test_accepting_starts_an_application(client, role):
    profile = pool_member()
    invitation = PoolInvitationFactory(profile=profile, role=role)
    client.force_login(profile.user)
    page = client.get(reverse("talent:invitations")).content.decode()
    assert "Pre-training engineer" in page
    response = client.post(reverse("talent:invitation_accept", args=[invitation.pk]))
    application = Application.objects.get(profile=profile, role=role)
    assert response["Location"] == application.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.ACCEPTED
    assert invitation.application == application
    assert application.source == Application.Source.INVITED
    assert [event.to_state for event in invitation.events.all()] == ["accepted"]
    # Answered once: a second answer is refused and changes nothing.
    client.post(reverse("talent:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.ACCEPTED


def test_accepting_without_sharing_consent_asks_for_it(client, role):
    profile = VerifiedProfileFactory()
    PoolConsentFactory(user=profile.user)
    invitation = PoolInvitationFactory(profile=profile, role=role)
    client.force_login(profile.user)
    client.post(reverse("talent:invitation_accept", args=[invitation.pk]))
    assert not Application.objects.filter(profile=profile).exists()
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.SENT
    client.post(
        reverse("talent:invitation_accept", args=[invitation.pk]), {"consent_sharing": "on"}
    )
    assert Application.objects.filter(profile=profile, role=role).exists()
    assert profile.user.consents.active().filter(kind=ConsentKind.SHARE_WITH_ENTERPRISES).exists()


def test_declining_starts_nothing(client, role):
    profile = pool_member()
    invitation = PoolInvitationFactory(profile=profile, role=role)
    client.force_login(profile.user)
    client.post(reverse("talent:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.DECLINED
    assert invitation.decided_at is not None
    assert not Application.objects.filter(profile=profile).exists()


def test_invitation_lifecycle_allows_only_its_moves():
    invitation = PoolInvitation(status=PoolInvitation.Status.SENT)
    assert invitation.can_move_to(PoolInvitation.Status.ACCEPTED)
    for final in ("accepted", "declined", "cancelled"):
        invitation.status = final
        assert not any(invitation.can_move_to(status) for status in PoolInvitation.Status.values)


def test_the_daily_invitation_limit_holds(client, enterprise, recruiter, role, monkeypatch):
    monkeypatch.setattr(pool_actions, "POOL_INVITATIONS_PER_DAY", 2)
    people = [pool_member() for _ in range(3)]
    client.force_login(recruiter)
    for person in people[:2]:
        _invite(client, enterprise, person, role)
    response = _invite(client, enterprise, people[2], role)
    assert PoolInvitation.objects.filter(enterprise=enterprise).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "sent its 2 invitations for today" in page
    # Another enterprise has its own allowance.
    other = EnterpriseFactory()
    other_role = PublishedRoleFactory(enterprise=other)
    other_recruiter = RecruiterMembershipFactory(enterprise=other).user
    actions.invite_to_apply(
        enterprise=other, profile=people[2], role=other_role, by=other_recruiter
    )


def test_the_same_person_is_invited_to_a_role_once(client, enterprise, recruiter, role):
    profile = pool_member()
    client.force_login(recruiter)
    _invite(client, enterprise, profile, role)
    response = _invite(client, enterprise, profile, role)
    assert PoolInvitation.objects.filter(profile=profile).count() == 1
    assert "already invited" in client.get(response["Location"]).content.decode()


def test_only_the_enterprises_own_published_roles_can_be_offered(
    client, enterprise, recruiter, other_recruiter
):
    profile = pool_member()
    rival = other_recruiter.enterprise_memberships.first().enterprise
    rival_role = PublishedRoleFactory(enterprise=rival)
    client.force_login(recruiter)
    _invite(client, enterprise, profile, rival_role)
    assert not PoolInvitation.objects.exists()


@pytest.mark.parametrize("message", ["a" * 1001, "hello\x00there", "bell\x07"])
def test_a_bad_invitation_message_saves_nothing(client, enterprise, recruiter, role, message):
    profile = pool_member()
    client.force_login(recruiter)
    response = _invite(client, enterprise, profile, role, message=message)
    assert response.status_code == HTTPStatus.FOUND
    assert not PoolInvitation.objects.exists()


# -- Who gets a 404 ----------------------------------------------------------------------------


def test_a_professional_gets_404_on_the_pool_and_its_invitations(client, enterprise, role):
    professional = ApplyingProfileFactory().user
    target = pool_member()
    client.force_login(professional)
    assert client.get(_pool_url(enterprise)).status_code == HTTPStatus.NOT_FOUND
    urls = [
        reverse("talent:workspace_pool_invitations", args=[enterprise.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert _invite(client, enterprise, target, role).status_code == HTTPStatus.NOT_FOUND
    assert not PoolInvitation.objects.exists()


def test_another_enterprises_member_gets_404_and_never_sees_its_invitations(
    client, enterprise, role, other_recruiter
):
    target = pool_member(full_name="Sought After")
    PoolInvitationFactory(profile=target, role=role, message="Secret pitch")
    client.force_login(other_recruiter)
    assert client.get(_pool_url(enterprise)).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(reverse("talent:workspace_pool_invitations", args=[enterprise.slug])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert _invite(client, enterprise, target, role).status_code == HTTPStatus.NOT_FOUND
    # Its own pages show the person, not the other enterprise's invitation.
    own = other_recruiter.enterprise_memberships.first().enterprise
    page = _pool_page(client, own)
    assert "Sought After" in page
    assert "Pre-training engineer" not in page
    listing = client.get(reverse("talent:workspace_pool_invitations", args=[own.slug]))
    assert "Secret pitch" not in listing.content.decode()
    assert "Sought After" not in listing.content.decode()


def test_nobody_but_the_invited_person_answers_an_invitation(client, role, other_recruiter):
    invitation = PoolInvitationFactory(profile=pool_member(), role=role)
    for intruder in (pool_member().user, other_recruiter):
        client.force_login(intruder)
        for name in ("talent:invitation_accept", "talent:invitation_decline"):
            response = client.post(reverse(name, args=[invitation.pk]))
            assert response.status_code == HTTPStatus.NOT_FOUND
        assert (
            "Pre-training engineer"
            not in client.get(reverse("talent:invitations")).content.decode()
        )
    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.SENT


# -- The hub's recommendations -----------------------------------------------------------------


def test_a_recommendation_shows_in_that_enterprises_pool_only(
    client, enterprise, recruiter, other_recruiter
):
    profile = pool_member(full_name="Recommended Person")
    pool_member(full_name="Plain Person")
    actions.recommend_profile(
        profile=profile,
        enterprise=enterprise,
        note="Led a 70B pre-training run.",
        by=OfficerFactory(),
    )
    client.force_login(recruiter)
    page = _pool_page(client, enterprise)
    assert "Recommended by the hub" in page
    assert "Led a 70B pre-training run." in page
    assert page.index("Recommended Person") < page.index("Plain Person")
    client.force_login(other_recruiter)
    page = _pool_page(client, other_recruiter.enterprise_memberships.first().enterprise)
    assert "Recommended Person" in page
    assert "Recommended by the hub" not in page
    assert "Led a 70B" not in page


def test_officers_recommend_from_the_profile_admin(client, enterprise, sign_in_officer):
    officer = OfficerFactory()
    profile = pool_member()
    sign_in_officer(client, officer)
    response = client.post(
        reverse("admin:talent_talentprofile_changelist"),
        {
            "action": "recommend_to_enterprise",
            "_selected_action": [profile.pk],
            "apply": "1",
            "enterprise": enterprise.pk,
            "note": "Great fit for your VLM team.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    recommendation = profile.pool_recommendations.get()
    assert recommendation.enterprise == enterprise
    assert recommendation.officer == officer
    assert recommendation.note == "Great fit for your VLM team."


def test_a_recruiter_cannot_recommend(enterprise, recruiter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.recommend_profile(
            profile=pool_member(), enterprise=enterprise, note="", by=recruiter
        )
