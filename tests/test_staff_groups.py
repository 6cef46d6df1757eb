"""The officer and administrator groups: what an officer may and may not do in admin."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group

from tests.factories import OfficerFactory, StaffUserFactory, UserFactory
from tests.talent.factories import SubmittedProfileFactory
from westbund.accounts.groups import ADMINISTRATOR_GROUP, OFFICER_GROUP, ensure_staff_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, sign_in_officer):
    return sign_in_officer(client, OfficerFactory())


def test_the_groups_grant_officers_their_work_and_administrators_everything():
    # Applied by data migrations; called again here because transactional tests flush
    # what migrations wrote.
    ensure_staff_groups()
    officer = Group.objects.get(name=OFFICER_GROUP)
    administrator = Group.objects.get(name=ADMINISTRATOR_GROUP)

    codenames = set(officer.permissions.values_list("codename", flat=True))
    assert {"change_talentprofile", "change_role", "change_servicerequest"} <= codenames
    assert "delete_talentprofile" not in codenames
    assert not any(codename.endswith("_user") for codename in codenames)
    assert administrator.permissions.filter(codename="delete_user").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/talent/talentprofile/",
        "/admin/enterprises/pendingrole/",
        "/admin/services/servicerequest/",
        "/admin/services/policy/",
        "/admin/notifications/notification/",
    ],
)
def test_an_officer_reaches_the_work_of_the_day(officer_client, path):
    assert officer_client.get(path).status_code == HTTPStatus.OK


@pytest.mark.parametrize("path", ["/admin/accounts/user/", "/admin/auth/group/"])
def test_an_officer_cannot_see_users_or_groups(officer_client, path):
    assert officer_client.get(path).status_code == HTTPStatus.FORBIDDEN


def test_an_officer_cannot_delete_a_profile(officer_client):
    profile = SubmittedProfileFactory()

    response = officer_client.post(
        f"/admin/talent/talentprofile/{profile.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert type(profile).objects.filter(pk=profile.pk).exists()


def test_an_officer_is_not_a_superuser_in_the_demo_data(demo_users):
    officer = demo_users["officer"]
    officer.refresh_from_db()

    assert officer.is_staff and not officer.is_superuser


def test_a_staff_user_outside_the_groups_sees_nothing_to_do(client, sign_in_officer):
    sign_in_officer(client, StaffUserFactory())

    assert client.get("/admin/talent/talentprofile/").status_code == HTTPStatus.FORBIDDEN


def test_a_recruiter_never_reaches_the_admin(client):
    client.force_login(UserFactory())

    assert client.get("/admin/talent/talentprofile/", follow=True).status_code == 403
