"""Who may do what (westbund.accounts.permissions), tried by people who may not."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises import actions as enterprise_actions
from enterprises.models import Role, RoleTransition
from services import actions as service_actions
from services.models import MembershipApplication, ServiceRequest
from talent import actions as talent_actions
from talent.models import ProfileOfficerNote, TalentProfile
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PendingRoleFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import OfficerFactory, StaffUserFactory, UserFactory
from tests.services.factories import MembershipApplicationFactory, ServiceRequestFactory
from tests.talent.factories import (
    ApplicationFactory,
    InReviewProfileFactory,
    SubmittedProfileFactory,
)
from westbund.accounts.groups import ADMINISTRATOR_GROUP, OFFICER_GROUP, ensure_staff_groups
from westbund.accounts.permissions import (
    Area,
    is_enterprise_admin,
    is_member,
    is_officer,
    require_officer,
)
from westbund.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _staff_with_direct_permissions(*codenames):
    """A staff account given permissions one by one, outside the staff groups."""
    user = StaffUserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def _take_from_officers(codename):
    ensure_staff_groups()
    Group.objects.get(name=OFFICER_GROUP).permissions.remove(
        Permission.objects.get(codename=codename)
    )


# -- Who is an officer -------------------------------------------------------------------------


def test_the_officers_group_grants_every_area():
    officer = OfficerFactory()

    assert all(is_officer(officer, area) for area in Area)


def test_administrators_and_superusers_are_officers():
    ensure_staff_groups()
    administrator = StaffUserFactory()
    administrator.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))

    assert is_officer(administrator, Area.ROLE_MODERATION)
    assert is_officer(UserFactory(is_superuser=True), Area.SERVICE_REQUESTS)


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(),
        lambda: StaffUserFactory(),
        lambda: _staff_with_direct_permissions("review_talentprofile", "change_role"),
        lambda: OfficerFactory(is_active=False),
        lambda: UserFactory(is_superuser=True, is_active=False),
    ],
    ids=["professional", "plain staff", "staff outside the groups", "deactivated", "old admin"],
)
def test_who_is_not_an_officer(make):
    user = make()

    assert not is_officer(user)
    assert not is_officer(user, Area.PROFILE_REVIEW)
    with pytest.raises(PermissionDenied):
        require_officer(user, Area.ROLE_MODERATION)


def test_a_member_of_the_officers_group_who_is_not_staff_is_no_officer():
    officer = OfficerFactory()
    officer.is_staff = False
    officer.save()

    assert not is_officer(officer)


def test_an_area_taken_from_the_officers_group_is_taken_from_every_officer():
    officer = OfficerFactory()
    _take_from_officers("change_membershipapplication")
    officer = type(officer).objects.get(pk=officer.pk)  # fresh permission caches

    assert is_officer(officer)
    assert not is_officer(officer, Area.ASSOCIATION)
    assert is_officer(officer, Area.PROFILE_REVIEW)


# -- Who is a member -------------------------------------------------------------------------


def test_members_and_admins_of_an_enterprise():
    admin = MembershipFactory()
    recruiter = RecruiterMembershipFactory(enterprise=admin.enterprise)
    other = EnterpriseFactory()

    assert is_enterprise_admin(admin.user, admin.enterprise)
    assert is_member(recruiter.user, admin.enterprise)
    assert not is_enterprise_admin(recruiter.user, admin.enterprise)
    assert not is_member(admin.user, other)
    assert not is_member(OfficerFactory(), admin.enterprise)


def test_members_of_an_inactive_enterprise_are_members_no_more():
    admin = MembershipFactory(enterprise__is_active=False)

    assert not is_member(admin.user, admin.enterprise)
    with pytest.raises(PermissionDenied):
        enterprise_actions.invite_member(
            enterprise=admin.enterprise,
            by=admin.user,
            email="new@example.com",
            role="recruiter",
            language="en",
        )


# -- Role moderation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda role: RecruiterMembershipFactory(enterprise=role.enterprise).user,
        lambda role: MembershipFactory(enterprise=role.enterprise).user,
        lambda role: StaffUserFactory(),
    ],
    ids=["recruiter", "enterprise admin", "plain staff"],
)
def test_only_officers_approve_or_reject_a_role(make_actor):
    role = PendingRoleFactory()
    actor = make_actor(role)

    with pytest.raises(PermissionDenied):
        enterprise_actions.approve_role(role=role, by=actor)
    with pytest.raises(PermissionDenied):
        enterprise_actions.reject_role(role=role, by=actor, reason="I say no.")

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW
    assert not role.history.exists()


def test_an_officer_without_role_moderation_cannot_approve():
    role = PendingRoleFactory()
    officer = OfficerFactory()
    _take_from_officers("change_role")
    officer = type(officer).objects.get(pk=officer.pk)

    with pytest.raises(PermissionDenied):
        enterprise_actions.approve_role(role=role, by=officer)


def test_an_officer_approves_a_role():
    role = PendingRoleFactory()

    enterprise_actions.approve_role(role=role, by=OfficerFactory())

    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED


def test_another_enterprises_member_cannot_edit_or_create_a_role():
    role = PublishedRoleFactory(description_en="Original words.")
    outsider = MembershipFactory().user

    with pytest.raises(PermissionDenied):
        enterprise_actions.update_role(role=role, by=outsider, changes={"description_en": "Mine."})
    with pytest.raises(PermissionDenied):
        enterprise_actions.create_role(enterprise=role.enterprise, by=outsider, title_en="X")
    with pytest.raises(PermissionDenied):
        enterprise_actions.update_enterprise(
            enterprise=role.enterprise, by=outsider, changes={"name_en": "Taken Over"}
        )

    role.refresh_from_db()
    assert role.description == "Original words."
    assert role.enterprise.name_en != "Taken Over"


def test_an_officer_edit_of_a_published_role_sends_it_back_to_review():
    role = PublishedRoleFactory()

    enterprise_actions.update_role(
        role=role, by=OfficerFactory(), changes={"description_en": "Clearer words."}
    )

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW


# -- Association memberships -----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_actor", [UserFactory, StaffUserFactory], ids=["professional", "plain staff"]
)
def test_only_officers_decide_an_association_membership(make_actor):
    application = MembershipApplicationFactory()

    with pytest.raises(PermissionDenied):
        service_actions.decide_membership(application=application, approve=True, by=make_actor())

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.history.count() == 0


# -- Service requests ------------------------------------------------------------------------


def test_plain_staff_cannot_answer_assign_or_move_a_service_request():
    service_request = ServiceRequestFactory()
    staff = StaffUserFactory()

    with pytest.raises(PermissionDenied):
        service_actions.answer_request(request=service_request, by=staff, message="Hello.")
    with pytest.raises(PermissionDenied):
        service_actions.assign_request(request=service_request, officer=staff, by=staff)
    with pytest.raises(PermissionDenied):
        service_actions.change_request_status(
            request=service_request, to_status=ServiceRequest.Status.CLOSED, by=staff
        )

    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.OPEN
    assert not service_request.messages.exists()


def test_plain_staff_do_not_see_service_requests(client):
    service_request = ServiceRequestFactory()
    client.force_login(StaffUserFactory())

    response = client.get(service_request.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_officer_cannot_assign_a_request_to_plain_staff():
    service_request = ServiceRequestFactory()

    with pytest.raises(ValidationError):
        service_actions.assign_request(
            request=service_request, officer=StaffUserFactory(), by=OfficerFactory()
        )


# -- Profile review --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_actor",
    [
        UserFactory,
        StaffUserFactory,
        lambda: _staff_with_direct_permissions("review_talentprofile"),
        lambda: RecruiterMembershipFactory().user,
    ],
    ids=["professional", "plain staff", "staff outside the groups", "recruiter"],
)
def test_only_officers_take_the_review_steps(make_actor):
    profile = SubmittedProfileFactory()
    actor = make_actor()

    with pytest.raises(PermissionDenied):
        talent_actions.start_review(profile=profile, by=actor)
    with pytest.raises(PermissionDenied):
        talent_actions.decide_review(
            profile=profile,
            by=actor,
            decision=TalentProfile.ReviewState.VERIFIED,
            message="",
        )
    with pytest.raises(PermissionDenied):
        talent_actions.assign_officer(profile=profile, officer=OfficerFactory(), by=actor)

    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
    assert profile.assigned_officer is None


def test_an_officer_without_the_review_permission_cannot_decide():
    profile = InReviewProfileFactory()
    officer = OfficerFactory()
    _take_from_officers("review_talentprofile")
    officer = type(officer).objects.get(pk=officer.pk)

    with pytest.raises(PermissionDenied):
        talent_actions.decide_review(
            profile=profile, by=officer, decision=TalentProfile.ReviewState.VERIFIED
        )


@pytest.mark.parametrize("message", ["", "   "])
def test_a_decline_without_a_reason_is_refused_by_the_action(message):
    profile = InReviewProfileFactory()

    with pytest.raises(ValidationError) as refused:
        talent_actions.decide_review(
            profile=profile,
            by=OfficerFactory(),
            decision=TalentProfile.ReviewState.DECLINED,
            message=message,
        )

    assert refused.value.code == "message_required"
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW
    assert not AuditEvent.objects.exists()


def test_a_decline_with_a_reason_is_recorded():
    profile = InReviewProfileFactory()

    talent_actions.decide_review(
        profile=profile,
        by=OfficerFactory(),
        decision=TalentProfile.ReviewState.DECLINED,
        message="The hub supports AI professionals only.",
    )

    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.DECLINED
    assert profile.review_message == "The hub supports AI professionals only."


# -- Officer notes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_actor",
    [UserFactory, StaffUserFactory, lambda: RecruiterMembershipFactory().user],
    ids=["professional", "plain staff", "recruiter"],
)
def test_only_officers_write_officer_notes(make_actor):
    profile = SubmittedProfileFactory()

    with pytest.raises(PermissionDenied):
        talent_actions.add_officer_note(profile=profile, by=make_actor(), body="Looks fine.")

    assert not ProfileOfficerNote.objects.exists()


def test_an_officer_note_is_stored_trimmed_and_an_empty_one_is_refused():
    profile = SubmittedProfileFactory()
    officer = OfficerFactory()

    note = talent_actions.add_officer_note(profile=profile, by=officer, body="  Call first.  ")
    with pytest.raises(ValidationError):
        talent_actions.add_officer_note(profile=profile, by=officer, body="   ")

    assert list(ProfileOfficerNote.objects.values_list("body", "author")) == [
        ("Call first.", officer.pk)
    ]
    assert note.profile == profile


def test_the_admin_saves_officer_notes_through_the_action(client, sign_in_officer):
    profile = SubmittedProfileFactory()
    officer = OfficerFactory()
    sign_in_officer(client, officer)
    url = reverse("admin:talent_talentprofile_change", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial or 0)
        if formset.formset.model is ProfileOfficerNote:
            data[f"{formset.formset.prefix}-0-body"] = "  Asked for the degree certificate. "
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    note = ProfileOfficerNote.objects.get()
    assert (note.body, note.author) == ("Asked for the degree certificate.", officer)


# -- Admin saves go through the actions ------------------------------------------------------


def test_a_role_created_in_the_admin_starts_with_its_first_transition(client, sign_in_officer):
    officer = OfficerFactory()
    officer.user_permissions.add(Permission.objects.get(codename="add_role"))
    sign_in_officer(client, officer)
    enterprise = EnterpriseFactory()

    response = client.post(
        "/admin/enterprises/role/add/",
        {
            "enterprise": enterprise.pk,
            "title_en": "Speech Engineer",
            "title_zh": "语音工程师",
            "description_en": "Build speech models.",
            "requirements": "PyTorch.",
            "specialties": ["llm_pretraining"],
            "employment_type": "full_time",
            "seniority": "mid",
            "remote_policy": "onsite",
            "openings": "1",
            "location": "West Bund, Xuhui",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, (
        response.context and response.context["adminform"].form.errors
    )
    role = Role.objects.get(title_en="Speech Engineer")
    assert role.state == Role.State.DRAFT
    assert role.created_by == officer
    transition = RoleTransition.objects.get(role=role)
    assert (transition.from_state, transition.to_state, transition.actor) == (
        "",
        Role.State.DRAFT,
        officer,
    )


def test_an_enterprise_renamed_in_the_admin_goes_through_update_enterprise(
    client, sign_in_officer, monkeypatch
):
    calls = []
    original = enterprise_actions.update_enterprise

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(enterprise_actions, "update_enterprise", spy)
    officer = OfficerFactory()
    sign_in_officer(client, officer)
    enterprise = EnterpriseFactory(name_en="Aurora Models", name_zh="极光模型")
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/change/"

    response = client.post(
        url,
        {
            "name_en": "Dawnlight Models",
            "name_zh": "极光模型",
            "slug": enterprise.slug,
            "focus_areas": list(enterprise.focus_areas or ["computer_vision"]),
            "phase": str(enterprise.phase),
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    enterprise.refresh_from_db()
    assert enterprise.name_en == "Dawnlight Models"
    assert [call["by"] for call in calls] == [officer]
    assert calls[0]["changes"]["name_en"] == "Dawnlight Models"


# -- The workspace CSV export ----------------------------------------------------------------


def test_the_workspace_applicants_csv_export_is_audited(client):
    application = ApplicationFactory()
    recruiter = RecruiterMembershipFactory(enterprise=application.enterprise).user
    client.force_login(recruiter)

    response = client.get(
        reverse(
            "talent:workspace_role_applicants_csv",
            args=[application.enterprise.slug, application.role.pk],
        )
    )

    assert response.status_code == HTTPStatus.OK
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.target_id) == (
        recruiter,
        AuditEvent.Action.CSV_EXPORTED,
        "enterprises.role",
        str(application.role.pk),
    )
