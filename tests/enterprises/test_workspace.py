"""What members do in the workspace: roles, the enterprise page, colleagues."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from enterprises.models import Enterprise, Invitation, Membership, Role
from tests.factories import UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import (
    DraftRoleFactory,
    InvitationFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    membership = MembershipFactory(enterprise__slug="aurora")
    client.force_login(membership.user)
    return membership


def _role_form(**overrides):
    data = {
        "title_en": "Multimodal Large Model Algorithm Engineer",
        "title_zh": "多模态大模型算法工程师",
        "description_en": "Build vision-language models.",
        "responsibilities": "Train models.",
        "requirements": "PyTorch.",
        "specialties": ["multimodal", "computer_vision"],
        "employment_type": "full_time",
        "seniority": "senior",
        "location": "West Bund, Xuhui, Shanghai",
        "remote_policy": "hybrid",
        "salary_min": "600000",
        "salary_max": "900000",
        "sponsors_visa": "on",
        "openings": "2",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    return {**data, **overrides}


def _png(size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (19, 168, 158)).save(buffer, format="PNG")
    return buffer.getvalue()


def _enterprise_form(enterprise, **overrides):
    data = {
        "name_en": enterprise.name_en,
        "name_zh": enterprise.name_zh,
        "description_en": "We train foundation models.",
        "description_zh": "我们训练基础模型。",
        "website": "https://aurora.example",
        "focus_areas": ["multimodal"],
        "unit": "Tower A, 12F",
        "headcount": "51-200",
    }
    return {**data, **overrides}


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
def test_a_member_creates_a_draft_role(client, admin):
    response = client.post("/workspace/aurora/roles/new/", _role_form())

    role = Role.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/workspace/aurora/roles/{role.pk}/"
    assert role.state == Role.State.DRAFT
    assert role.enterprise == admin.enterprise
    assert role.created_by == admin.user
    assert role.specialties == ["multimodal", "computer_vision"]
    assert role.sponsors_visa is True


def test_a_role_with_a_deadline_in_the_past_is_refused_with_a_clear_message(client, admin):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post("/workspace/aurora/roles/new/", _role_form(deadline=yesterday))

    assert response.status_code == HTTPStatus.OK
    assert "The application deadline cannot be in the past." in response.content.decode()
    assert not Role.objects.exists()


def test_a_role_with_a_minimum_salary_above_the_maximum_is_refused(client, admin):
    response = client.post(
        "/workspace/aurora/roles/new/", _role_form(salary_min="900000", salary_max="600000")
    )

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "The minimum salary cannot be above the maximum salary." in body
    assert not Role.objects.exists()


def test_a_role_salary_is_read_as_people_write_it(client, admin):
    response = client.post(
        "/workspace/aurora/roles/new/", _role_form(salary_min="30万", salary_max="600,000")
    )

    assert response.status_code == HTTPStatus.FOUND
    role = Role.objects.get()
    assert (role.salary_min, role.salary_max) == (300_000, 600_000)


def test_an_unknown_specialty_is_refused(client, admin):
    response = client.post("/workspace/aurora/roles/new/", _role_form(specialties=["alchemy"]))

    assert response.status_code == HTTPStatus.OK
    assert not Role.objects.exists()


def test_the_role_form_is_in_chinese_under_zh_hans(client, admin):
    body = client.get("/zh-hans/workspace/aurora/roles/new/").content.decode()

    assert '<html lang="zh-hans">' in body
    assert "多模态" in body  # the specialty checkboxes


def test_editing_a_published_role_in_substance_takes_it_off_the_board(client, admin):
    role = PublishedRoleFactory(enterprise=admin.enterprise)

    response = client.post(
        f"/workspace/aurora/roles/{role.pk}/edit/",
        _role_form(title_en="Renamed role"),
        follow=True,
    )

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert role.title_en == "Renamed role"
    assert "off the board until a talent officer reviews it again" in response.content.decode()


def test_an_edit_keeps_an_unchanged_past_deadline_of_a_draft_acceptable(client, admin):
    role = DraftRoleFactory(enterprise=admin.enterprise)
    Role.objects.filter(pk=role.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    role.refresh_from_db()

    response = client.post(
        f"/workspace/aurora/roles/{role.pk}/edit/",
        _role_form(deadline=role.deadline.isoformat(), title_en="Still a draft"),
    )

    assert response.status_code == HTTPStatus.FOUND
    role.refresh_from_db()
    assert role.title_en == "Still a draft"


def test_submitting_a_draft_puts_it_in_the_review_queue(client, admin):
    role = DraftRoleFactory(enterprise=admin.enterprise)

    response = client.post(f"/workspace/aurora/roles/{role.pk}/submit/", follow=True)

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert "A talent officer will review the role" in response.content.decode()


def test_submitting_a_draft_whose_deadline_passed_shows_why_it_is_refused(client, admin):
    role = DraftRoleFactory(
        enterprise=admin.enterprise, deadline=timezone.localdate() - timedelta(days=1)
    )

    response = client.post(f"/workspace/aurora/roles/{role.pk}/submit/", follow=True)

    role.refresh_from_db()
    assert role.state == Role.State.DRAFT
    assert "The application deadline cannot be in the past." in response.content.decode()


def test_closing_a_published_role(client, admin):
    role = PublishedRoleFactory(enterprise=admin.enterprise)

    client.post(f"/workspace/aurora/roles/{role.pk}/close/")

    role.refresh_from_db()
    assert role.state == Role.State.CLOSED
    assert client.get(role.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_duplicating_a_role_opens_the_copy_for_editing(client, admin):
    role = PublishedRoleFactory(enterprise=admin.enterprise)

    response = client.post(f"/workspace/aurora/roles/{role.pk}/duplicate/")

    copy = Role.objects.exclude(pk=role.pk).get()
    assert response["Location"] == f"/workspace/aurora/roles/{copy.pk}/edit/"
    assert copy.state == Role.State.DRAFT


def test_a_state_change_by_get_is_not_allowed(client, admin):
    role = DraftRoleFactory(enterprise=admin.enterprise)

    response = client.get(f"/workspace/aurora/roles/{role.pk}/submit/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    role.refresh_from_db()
    assert role.state == Role.State.DRAFT


def test_the_role_page_shows_its_history(client, admin):
    role = DraftRoleFactory(enterprise=admin.enterprise)
    client.post(f"/workspace/aurora/roles/{role.pk}/submit/")

    body = client.get(f"/workspace/aurora/roles/{role.pk}/").content.decode()

    assert "History" in body
    assert "Pending review" in body
    assert str(admin.user) in body


def test_the_dashboard_counts_roles_by_state_and_links_the_inbox(client, admin):
    PublishedRoleFactory.create_batch(2, enterprise=admin.enterprise)
    DraftRoleFactory(enterprise=admin.enterprise)
    PublishedRoleFactory()  # another enterprise's

    response = client.get("/workspace/aurora/")

    states = dict((state, count) for state, _label, count in response.context["states"])
    assert states["published"] == 2
    assert states["draft"] == 1
    assert 'href="/me/inbox/"' in response.content.decode()


def test_the_role_list_shows_only_the_enterprises_own_roles(client, admin):
    own = DraftRoleFactory(enterprise=admin.enterprise, title_en="Our role")
    PublishedRoleFactory(title_en="Their role")

    body = client.get("/workspace/aurora/roles/").content.decode()

    assert own.title_en in body
    assert "Their role" not in body


def test_workspace_pages_do_not_grow_their_queries_with_roles(
    client, admin, django_assert_max_num_queries
):
    PublishedRoleFactory.create_batch(30, enterprise=admin.enterprise)

    with django_assert_max_num_queries(10):
        client.get("/workspace/aurora/roles/")
    with django_assert_max_num_queries(10):
        client.get("/workspace/aurora/")


# ------------------------------------------------------------------------------
# The enterprise page
# ------------------------------------------------------------------------------
def test_a_member_edits_the_enterprise_page_with_a_logo(client, admin):
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")

    response = client.post(
        "/workspace/aurora/page/", {**_enterprise_form(admin.enterprise), "logo": logo}
    )

    assert response.status_code == HTTPStatus.FOUND
    enterprise = Enterprise.objects.get(pk=admin.enterprise.pk)
    assert enterprise.description_zh == "我们训练基础模型。"
    assert enterprise.logo.name.startswith("enterprises/logos/")


def test_a_10_mb_logo_is_refused_and_nothing_is_saved(client, admin):
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * (10 * 1024 * 1024), "image/png")

    response = client.post(
        "/workspace/aurora/page/",
        {**_enterprise_form(admin.enterprise, description_en="Changed"), "logo": big},
    )

    assert response.status_code == HTTPStatus.OK
    assert "the limit is 2 MB" in response.content.decode()
    enterprise = Enterprise.objects.get(pk=admin.enterprise.pk)
    assert not enterprise.logo
    assert enterprise.description_en == "A tenant of the innovation center."


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_saved(client, admin):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = client.post(
        "/workspace/aurora/page/",
        {**_enterprise_form(admin.enterprise, description_en="Changed"), "logo": fake},
    )

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Upload a valid image" in body or "must be an image file" in body
    enterprise = Enterprise.objects.get(pk=admin.enterprise.pk)
    assert not enterprise.logo
    assert enterprise.description_en == "A tenant of the innovation center."


def test_the_logo_validator_refuses_content_that_is_not_an_image():
    from django.core.exceptions import ValidationError

    from enterprises.models import validate_logo

    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("x.png", b"<svg></svg>", "image/png"))

    assert error.value.code == "logo_not_image"


def test_the_logo_validator_refuses_a_file_above_2_mb():
    from django.core.exceptions import ValidationError

    from enterprises.models import validate_logo

    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("x.png", b"\0" * (2 * 1024 * 1024 + 1), "image/png"))

    assert error.value.code == "logo_too_large"


# ------------------------------------------------------------------------------
# Members and invitations
# ------------------------------------------------------------------------------
def test_an_admin_invites_a_colleague_by_e_mail(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/workspace/aurora/members/invite/",
            {"email": "Li.Na@Example.com", "role": "recruiter", "language": "zh-hans"},
        )

    assert response.status_code == HTTPStatus.FOUND
    invitation = Invitation.objects.get()
    assert invitation.email == "li.na@example.com"
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    notification = Notification.objects.get(kind=Kind.ENTERPRISE_INVITATION)
    assert notification.email == "li.na@example.com"
    assert notification.language == "zh-hans"
    assert notification.link == f"/enterprises/join/{invitation.token}/"
    assert notification.context["membership_role_label"] == "Recruiter"
    assert mailoutbox[0].to == ["li.na@example.com"]
    assert invitation.token in mailoutbox[0].body


def test_inviting_an_existing_member_is_refused_with_a_message(client, admin):
    response = client.post(
        "/workspace/aurora/members/invite/",
        {"email": admin.user.email, "role": "recruiter", "language": "en"},
    )

    assert response.status_code == HTTPStatus.OK
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_invited_person_accepts_with_the_invited_address(client):
    invitation = InvitationFactory(email="li.na@example.com")
    client.force_login(UserFactory(email="li.na@example.com"))

    response = client.post(f"/enterprises/join/{invitation.token}/")

    assert response["Location"] == f"/workspace/{invitation.enterprise.slug}/"
    membership = Membership.objects.get(enterprise=invitation.enterprise)
    assert membership.role == Membership.Role.RECRUITER
    assert client.get(response["Location"]).status_code == HTTPStatus.OK


def test_accepting_needs_signing_in_first(client):
    invitation = InvitationFactory()
    join = f"/enterprises/join/{invitation.token}/"

    page = client.get(join).content.decode()
    response = client.post(join)

    assert f'href="/accounts/signup/?next={join}"' in page
    assert f'href="/accounts/login/?next={join}"' in page
    assert response["Location"].startswith("/accounts/login/?next=/enterprises/join/")
    assert not Membership.objects.exists()


def test_someone_else_cannot_use_the_invitation(client):
    invitation = InvitationFactory(email="li.na@example.com")
    client.force_login(UserFactory(email="mallory@example.com"))

    response = client.post(f"/enterprises/join/{invitation.token}/")

    assert response.status_code == HTTPStatus.OK
    assert "sign in with that e-mail address" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_expired_invitation_is_refused(client):
    invitation = InvitationFactory(email="li.na@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(UserFactory(email="li.na@example.com"))

    response = client.post(f"/enterprises/join/{invitation.token}/")

    assert "expired" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_revoked_invitation_is_refused(client, admin):
    invitation = InvitationFactory(enterprise=admin.enterprise, email="li.na@example.com")
    client.post(f"/workspace/aurora/invitations/{invitation.pk}/revoke/")
    client.force_login(UserFactory(email="li.na@example.com"))

    client.post(f"/enterprises/join/{invitation.token}/")

    assert not Membership.objects.filter(user__email="li.na@example.com").exists()


def test_an_invitation_link_works_once(client):
    invitation = InvitationFactory(email="li.na@example.com")
    client.force_login(UserFactory(email="li.na@example.com"))
    client.post(f"/enterprises/join/{invitation.token}/")

    response = client.post(f"/enterprises/join/{invitation.token}/")

    assert response.status_code == HTTPStatus.OK
    assert Membership.objects.count() == 1


def test_an_unknown_token_is_a_404(client):
    client.force_login(UserFactory())

    assert client.get("/enterprises/join/forged/").status_code == HTTPStatus.NOT_FOUND


def test_an_admin_removes_a_recruiter(client, admin):
    recruiter = RecruiterMembershipFactory(enterprise=admin.enterprise)
    members = client.get("/zh-hans/workspace/aurora/members/").content.decode()
    # Opened first, then confirmed: the member loses the workspace at once.
    step = members[members.index('<details class="member-remove">') :].split("</details>")[0]
    assert "移除…" in step and "是，移除" in step

    client.post(f"/workspace/aurora/members/{recruiter.pk}/remove/")

    assert not Membership.objects.filter(pk=recruiter.pk).exists()
    client.force_login(recruiter.user)
    assert client.get("/workspace/aurora/").status_code == HTTPStatus.NOT_FOUND


def test_the_last_admin_cannot_be_removed(client, admin):
    response = client.post(f"/workspace/aurora/members/{admin.pk}/remove/", follow=True)

    assert Membership.objects.filter(pk=admin.pk).exists()
    assert "The last admin cannot be removed" in response.content.decode()


def test_a_recruiter_sees_the_members_but_no_invitation_form(client):
    recruiter = RecruiterMembershipFactory(enterprise__slug="aurora")
    client.force_login(recruiter.user)

    body = client.get("/workspace/aurora/members/").content.decode()

    assert recruiter.user.email in body
    assert "Invite a colleague" not in body


def test_other_apps_extend_the_workspace_nav_and_dashboard(client, admin, settings, tmp_path):
    folder = tmp_path / "talent" / "workspace"
    folder.mkdir(parents=True)
    (folder / "_nav_extra.html").write_text(
        '<li class="nav-item"><a href="#">Applicants of {{ enterprise.slug }}</a></li>'
    )
    (folder / "_dashboard_applications.html").write_text("<p>3 new applications</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    body = client.get("/workspace/aurora/").content.decode()

    assert "Applicants of aurora" in body
    assert "3 new applications" in body


def test_the_workspace_works_without_the_talent_extensions(client, admin):
    response = client.get("/workspace/aurora/")

    assert response.status_code == HTTPStatus.OK
    assert "Applicants of" not in response.content.decode()


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "data:text/html,x", "ftp://aurora.example"]
)
def test_the_enterprise_website_must_be_a_web_address(client, admin, website):
    response = client.post(
        "/workspace/aurora/page/", _enterprise_form(admin.enterprise, website=website)
    )

    assert response.status_code == HTTPStatus.OK
    assert "Enter a web address that starts with https:// or http://." in response.content.decode()
    assert Enterprise.objects.get(pk=admin.enterprise.pk).website != website
