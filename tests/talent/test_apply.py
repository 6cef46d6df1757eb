"""Applying from the role page: who may, with what, and what the enterprise hears."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from talent import actions
from talent.models import Application
from tests.enterprises.factories import (
    ClosedRoleFactory,
    DraftRoleFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from westbund.notifications.models import Kind, Notification
from westbund.privacy.models import ConsentKind

from .factories import ApplyingProfileFactory, CompleteProfileFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    return PublishedRoleFactory(title_en="Multimodal Researcher")


@pytest.fixture
def applicant(client):
    profile = ApplyingProfileFactory(full_name="Lin Wei")
    client.force_login(profile.user)
    return profile


def _apply_url(role):
    return reverse("talent:apply", args=[role.slug])


def _post(client, role, **data):
    return client.post(_apply_url(role), {"cover_letter": "I build VLMs.", **data})


def test_role_page_apply_button_leads_to_the_apply_form(client, applicant, role):
    page = client.get(role.get_absolute_url())
    assert f'href="{_apply_url(role)}"' in page.content.decode()
    response = client.get(_apply_url(role))
    assert response.status_code == HTTPStatus.OK
    assert "Send my application" in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in_and_back_to_the_role(client, role):
    response = client.get(_apply_url(role))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={_apply_url(role)}" in response["Location"]
    assert not Application.objects.exists()


def test_complete_profile_applies_with_its_current_cv(
    client, applicant, role, django_capture_on_commit_callbacks, mailoutbox
):
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user
    admin = MembershipFactory(enterprise=role.enterprise).user
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, role, start_date="In a month")
    application = Application.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == application.get_absolute_url()
    assert application.cv == applicant.current_cv
    assert application.enterprise == role.enterprise
    assert application.stage == Application.Stage.NEW
    assert application.answers == {"start_date": "In a month"}
    assert application.history.get().to_state == Application.Stage.NEW
    assert sorted(m.to[0] for m in mailoutbox) == sorted([recruiter.email, admin.email])
    assert "Lin Wei applied to Multimodal Researcher" in mailoutbox[0].body


def test_a_later_cv_does_not_replace_the_one_sent(client, applicant, role):
    from .factories import CVDocumentFactory

    _post(client, role)
    sent = applicant.current_cv
    applicant.current_cv = CVDocumentFactory(profile=applicant)
    applicant.save()
    assert Application.objects.get().cv == sent


def test_second_application_to_the_same_role_gets_a_clear_message(client, applicant, role):
    _post(client, role)
    response = _post(client, role, cover_letter="Again")
    assert response.status_code == HTTPStatus.OK
    assert "You already applied to this role" in response.content.decode()
    assert Application.objects.count() == 1


def test_submit_application_refuses_a_duplicate_even_without_the_form(applicant, role):
    actions.submit_application(profile=applicant, role=role, cover_letter="One")
    with pytest.raises(ValidationError) as error:
        actions.submit_application(profile=applicant, role=role, cover_letter="Two")
    assert error.value.code == "duplicate"


def test_closed_role_refuses_applications_with_a_message(client, applicant):
    role = ClosedRoleFactory()
    response = _post(client, role)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("enterprises:jobs")
    page = client.get(response["Location"])
    assert "This role no longer accepts applications." in page.content.decode()
    assert not Application.objects.exists()


def test_role_past_its_deadline_refuses_applications(client, applicant):
    role = PublishedRoleFactory(deadline=timezone.localdate() - timedelta(days=1))
    _post(client, role)
    assert not Application.objects.exists()
    with pytest.raises(ValidationError):
        actions.submit_application(profile=applicant, role=role, cover_letter="x")


def test_draft_role_has_no_apply_page(client, applicant):
    role = DraftRoleFactory()
    assert client.get(_apply_url(role)).status_code == HTTPStatus.NOT_FOUND


def test_incomplete_profile_is_asked_to_complete_it(client, role):
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    response = _post(client, role)
    body = response.content.decode()
    assert "Complete your profile first. Missing:" in body
    assert "Complete my profile" in body
    assert not Application.objects.exists()


def test_professional_without_a_profile_is_asked_to_create_one(client, role):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(_apply_url(role))
    assert "Create your talent profile first" in response.content.decode()


def test_missing_sharing_consent_is_asked_for_explicitly(client, role):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    form_page = client.get(_apply_url(role)).content.decode()
    assert 'name="consent_sharing"' in form_page

    refused = _post(client, role)
    assert refused.status_code == HTTPStatus.OK
    assert not Application.objects.exists()
    assert not profile.user.consents.filter(kind=ConsentKind.SHARE_WITH_ENTERPRISES).exists()

    _post(client, role, consent_sharing="on")
    assert Application.objects.filter(profile=profile).exists()
    assert profile.user.consents.active().filter(kind=ConsentKind.SHARE_WITH_ENTERPRISES).exists()


def test_consent_given_on_a_refused_application_is_not_half_saved(client, role):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    role.deadline = timezone.localdate() - timedelta(days=1)
    role.save()
    _post(client, role, consent_sharing="on")
    assert not profile.user.consents.filter(kind=ConsentKind.SHARE_WITH_ENTERPRISES).exists()


def test_too_long_cover_letter_is_refused_on_the_form(client, applicant, role):
    response = _post(client, role, cover_letter="x" * 5001)
    assert response.status_code == HTTPStatus.OK
    assert "at most 5000 characters" in response.content.decode()
    assert not Application.objects.exists()


def test_empty_cover_letter_is_refused(client, applicant, role):
    response = _post(client, role, cover_letter="   ")
    assert "This field is required." in response.content.decode()
    assert not Application.objects.exists()


def test_null_character_in_cover_letter_is_refused(client, applicant, role):
    response = _post(client, role, cover_letter="hi\x00there")
    assert response.status_code == HTTPStatus.OK
    assert "Null characters are not allowed." in response.content.decode()
    assert not Application.objects.exists()


HOSTILE = '<script>alert("x")</script> 你好 مرحبا 👩‍💻 \u202egnp.exe'


def test_hostile_cover_letter_is_stored_without_bidi_controls_and_shown_escaped(
    client, applicant, role
):
    _post(client, role, cover_letter=HOSTILE, start_date="<img src=x onerror=alert(1)>")
    application = Application.objects.get()
    assert application.cover_letter == HOSTILE.replace("\u202e", "")
    body = client.get(application.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 你好 مرحبا 👩‍💻" in body
    assert "<img src=x" not in body


def test_hostile_cover_letter_is_escaped_for_the_recruiter(client, applicant, role):
    _post(client, role, cover_letter=HOSTILE)
    application = Application.objects.get()
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user
    client.force_login(recruiter)
    body = client.get(application.workspace_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body


def test_recruiters_are_notified_with_a_link_to_the_workspace_application(applicant, role):
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user
    application = actions.submit_application(profile=applicant, role=role, cover_letter="Hi")
    notification = Notification.objects.get(recipient=recruiter)
    assert notification.kind == Kind.APPLICATION_RECEIVED
    assert notification.context == {
        "role_title": {"en": "Multimodal Researcher", "zh-hans": role.title_zh},
        "enterprise_name": {"en": role.enterprise.name_en, "zh-hans": role.enterprise.name_zh},
        "applicant_name": "Lin Wei",
    }
    assert notification.link == application.workspace_url()


def test_applying_from_the_chinese_site_stays_in_chinese(client, applicant, role):
    response = client.get(f"/zh-hans{_apply_url(role)}")
    assert response.status_code == HTTPStatus.OK
    assert 'lang="zh-hans"' in response.content.decode()


def test_the_database_keeps_one_application_per_profile_and_role(applicant, role):
    from django.db import IntegrityError, transaction

    from .factories import ApplicationFactory

    ApplicationFactory(profile=applicant, role=role)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(profile=applicant, role=role)
