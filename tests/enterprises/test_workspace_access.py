"""Nobody but an enterprise's members reaches any of its workspace, URL by URL.

An anonymous visitor is sent to sign in; a professional and a member of another
enterprise get a 404, whatever the method (nothing reveals that the page exists).
"""

from http import HTTPStatus

import pytest

from enterprises.models import Membership, Role
from tests.factories import UserFactory

from .factories import InvitationFactory, MembershipFactory, PublishedRoleFactory

pytestmark = pytest.mark.django_db

# name → path template; {e} is the enterprise's slug, {role}, {member}, {invitation} ids.
WORKSPACE_URLS = {
    "dashboard": "/workspace/{e}/",
    "roles": "/workspace/{e}/roles/",
    "role_create": "/workspace/{e}/roles/new/",
    "role": "/workspace/{e}/roles/{role}/",
    "role_edit": "/workspace/{e}/roles/{role}/edit/",
    "role_submit": "/workspace/{e}/roles/{role}/submit/",
    "role_close": "/workspace/{e}/roles/{role}/close/",
    "role_duplicate": "/workspace/{e}/roles/{role}/duplicate/",
    "enterprise_page": "/workspace/{e}/page/",
    "members": "/workspace/{e}/members/",
    "member_invite": "/workspace/{e}/members/invite/",
    "member_remove": "/workspace/{e}/members/{member}/remove/",
    "invitation_revoke": "/workspace/{e}/invitations/{invitation}/revoke/",
}
INTRUDERS = ["anonymous", "professional", "other_enterprise_member", "other_enterprise_admin"]


@pytest.fixture
def tenant():
    """Enterprise A with its admin, a published role and a pending invitation."""
    admin = MembershipFactory()
    role = PublishedRoleFactory(enterprise=admin.enterprise)
    invitation = InvitationFactory(enterprise=admin.enterprise, invited_by=admin.user)
    return {
        "e": admin.enterprise.slug,
        "role": role.pk,
        "member": admin.pk,
        "invitation": invitation.pk,
        "admin": admin,
        "role_obj": role,
    }


def _sign_in(client, intruder):
    if intruder == "anonymous":
        return None
    if intruder == "professional":
        user = UserFactory()
    else:
        role = Membership.Role.ADMIN if intruder.endswith("admin") else Membership.Role.RECRUITER
        user = MembershipFactory(role=role).user
    client.force_login(user)
    return user


def _assert_refused(response, intruder, path):
    if intruder == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND, path


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_an_intruder_cannot_reach_a_workspace_url(client, tenant, name, intruder, method):
    _sign_in(client, intruder)
    path = WORKSPACE_URLS[name].format(**tenant)

    response = getattr(client, method)(path, {"email": "x@example.com", "role": "admin"})

    _assert_refused(response, intruder, path)
    role = tenant["role_obj"]
    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED
    assert Role.objects.count() == 1
    assert Membership.objects.filter(pk=tenant["member"]).exists()


@pytest.mark.parametrize("name", [n for n in WORKSPACE_URLS if "{role}" in WORKSPACE_URLS[n]])
def test_a_member_cannot_reach_another_enterprises_role_through_their_own_slug(
    client, tenant, name
):
    other = MembershipFactory()
    client.force_login(other.user)
    path = WORKSPACE_URLS[name].format(**{**tenant, "e": other.enterprise.slug})

    assert client.get(path).status_code == HTTPStatus.NOT_FOUND
    assert client.post(path).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["member_remove", "invitation_revoke"])
def test_an_admin_cannot_act_on_another_enterprises_members_through_their_own_slug(
    client, tenant, name
):
    other = MembershipFactory()
    client.force_login(other.user)
    path = WORKSPACE_URLS[name].format(**{**tenant, "e": other.enterprise.slug})

    assert client.post(path).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["member_invite", "member_remove", "invitation_revoke"])
def test_a_recruiter_cannot_manage_members(client, tenant, name):
    recruiter = MembershipFactory(
        enterprise=tenant["admin"].enterprise, role=Membership.Role.RECRUITER
    )
    client.force_login(recruiter.user)

    response = client.post(WORKSPACE_URLS[name].format(**tenant), {"email": "x@example.com"})

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_a_member_of_an_inactive_enterprise_is_shut_out(client, tenant, name):
    admin = tenant["admin"]
    admin.enterprise.is_active = False
    admin.enterprise.save()
    client.force_login(admin.user)

    response = client.get(WORKSPACE_URLS[name].format(**tenant))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "name", ["dashboard", "roles", "role_create", "role", "role_edit", "enterprise_page", "members"]
)
def test_the_enterprise_member_reaches_each_page(client, tenant, name):
    client.force_login(tenant["admin"].user)

    response = client.get(WORKSPACE_URLS[name].format(**tenant))

    assert response.status_code == HTTPStatus.OK


def test_the_workspace_root_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/workspace/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")


def test_the_workspace_root_is_a_404_for_a_professional(client):
    client.force_login(UserFactory())

    assert client.get("/workspace/").status_code == HTTPStatus.NOT_FOUND


def test_the_workspace_root_redirects_a_member_of_one_enterprise_to_it(client):
    member = MembershipFactory()
    client.force_login(member.user)

    response = client.get("/workspace/")

    assert response["Location"] == f"/workspace/{member.enterprise.slug}/"


def test_the_workspace_root_lets_a_member_of_two_enterprises_choose(client):
    first = MembershipFactory()
    second = MembershipFactory(user=first.user)
    client.force_login(first.user)

    body = client.get("/workspace/").content.decode()

    assert f"/workspace/{first.enterprise.slug}/" in body
    assert f"/workspace/{second.enterprise.slug}/" in body


def test_the_chinese_workspace_is_guarded_alike(client, tenant):
    client.force_login(UserFactory())

    response = client.get(f"/zh-hans/workspace/{tenant['e']}/roles/{tenant['role']}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
