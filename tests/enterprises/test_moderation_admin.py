"""Talent officers moderate roles in Django admin: the queue, approve, reject with reason."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission

from enterprises.models import Role
from tests.factories import OfficerFactory, StaffUserFactory, UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import DraftRoleFactory, MembershipFactory, PendingRoleFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/enterprises/pendingrole/"


@pytest.fixture
def officer(client, sign_in_officer):
    user = OfficerFactory()
    sign_in_officer(client, user)
    return user


@pytest.fixture
def pending(db):
    admin = MembershipFactory(enterprise__slug="aurora")
    roles = PendingRoleFactory.create_batch(2, enterprise=admin.enterprise)
    return {"admin": admin, "roles": roles}


def test_the_queue_lists_the_roles_awaiting_review_only(client, officer, pending):
    DraftRoleFactory(title_en="A draft nobody should review")

    response = client.get(QUEUE)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for role in pending["roles"]:
        assert role.title_en in body
    assert "A draft nobody should review" not in body


def test_bulk_approve_publishes_and_notifies_the_admins(
    client, officer, pending, mailoutbox, django_capture_on_commit_callbacks
):
    ids = [role.pk for role in pending["roles"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(QUEUE, {"action": "approve_selected", "_selected_action": ids})

    assert response.status_code == HTTPStatus.FOUND
    assert set(Role.objects.values_list("state", flat=True)) == {Role.State.PUBLISHED}
    notifications = Notification.objects.filter(kind=Kind.ROLE_REVIEW_DECIDED)
    assert notifications.count() == 2
    assert {n.recipient for n in notifications} == {pending["admin"].user}
    assert all(n.context["approved"] is True for n in notifications)
    assert all(n.actor == officer for n in notifications)
    assert len(mailoutbox) == 2


def test_bulk_reject_asks_for_a_reason_first(client, officer, pending):
    ids = [role.pk for role in pending["roles"]]

    response = client.post(QUEUE, {"action": "reject_selected", "_selected_action": ids})

    assert response.status_code == HTTPStatus.OK
    assert "Reject roles" in response.content.decode()
    assert set(Role.objects.values_list("state", flat=True)) == {Role.State.PENDING_REVIEW}


def test_bulk_reject_with_a_reason_rejects_and_notifies(
    client, officer, pending, mailoutbox, django_capture_on_commit_callbacks
):
    ids = [role.pk for role in pending["roles"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            QUEUE,
            {
                "action": "reject_selected",
                "_selected_action": ids,
                "reason": "Please add the salary range.",
            },
        )

    assert response.status_code == HTTPStatus.FOUND
    for role in Role.objects.all():
        assert role.state == Role.State.REJECTED
        assert role.rejection_reason == "Please add the salary range."
        assert role.history.last().actor == officer
    notifications = Notification.objects.filter(kind=Kind.ROLE_REVIEW_DECIDED)
    assert [n.context["reason"] for n in notifications] == ["Please add the salary range."] * 2
    assert "Please add the salary range." in mailoutbox[0].body


def test_bulk_reject_with_an_empty_reason_rejects_nothing(client, officer, pending):
    ids = [role.pk for role in pending["roles"]]

    response = client.post(
        QUEUE, {"action": "reject_selected", "_selected_action": ids, "reason": " "}
    )

    assert response.status_code == HTTPStatus.OK
    assert set(Role.objects.values_list("state", flat=True)) == {Role.State.PENDING_REVIEW}
    assert not Notification.objects.exists()


def test_approving_one_role_from_its_review_page(
    client, officer, pending, django_capture_on_commit_callbacks
):
    role = pending["roles"][0]
    assert client.get(f"{QUEUE}{role.pk}/change/").status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{role.pk}/decide/", {"approve": "1"})

    assert response["Location"] == QUEUE
    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED
    assert Notification.objects.get().context["approved"] is True


def test_rejecting_one_role_from_its_review_page_needs_a_reason(client, officer, pending):
    role = pending["roles"][0]

    client.post(f"{QUEUE}{role.pk}/decide/", {"reject": "1", "reason": ""})
    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW

    client.post(f"{QUEUE}{role.pk}/decide/", {"reject": "1", "reason": "Duplicate posting."})
    role.refresh_from_db()
    assert role.state == Role.State.REJECTED
    assert Notification.objects.get().context["reason"] == "Duplicate posting."


def test_a_staff_user_without_the_role_permission_cannot_moderate(client, sign_in_officer, pending):
    sign_in_officer(client, StaffUserFactory())
    role = pending["roles"][0]

    assert client.get(QUEUE).status_code == HTTPStatus.FORBIDDEN
    client.post(f"{QUEUE}{role.pk}/decide/", {"approve": "1"})

    role.refresh_from_db()
    assert role.state == Role.State.PENDING_REVIEW


def test_a_recruiter_cannot_reach_the_admin(client, pending):
    client.force_login(pending["admin"].user)

    response = client.post(
        QUEUE, {"action": "approve_selected", "_selected_action": [pending["roles"][0].pk]}
    )

    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    assert set(Role.objects.values_list("state", flat=True)) == {Role.State.PENDING_REVIEW}


def test_officers_create_an_enterprise_with_its_first_admin(client, sign_in_officer):
    officer = StaffUserFactory()
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="enterprises",
            codename__in=[
                "add_enterprise",
                "change_enterprise",
                "view_enterprise",
                "add_membership",
                "change_membership",
                "view_membership",
            ],
        )
    )
    sign_in_officer(client, officer)
    first_admin = UserFactory()

    response = client.post(
        "/admin/enterprises/enterprise/add/",
        {
            "name_en": "Qiming Vision",
            "name_zh": "启明视觉",
            "slug": "qiming-vision",
            "focus_areas": ["computer_vision"],
            "phase": "2",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": first_admin.pk,
            "memberships-0-role": "admin",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    assert first_admin.enterprise_memberships.get().enterprise.name_zh == "启明视觉"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/enterprises/enterprise/",
        "/admin/enterprises/enterprise/add/",
        "/admin/enterprises/role/",
        "/admin/enterprises/invitation/",
        "/admin/enterprises/pendingrole/",
    ],
)
def test_the_admin_pages_answer(client, sign_in_officer, pending, path):
    sign_in_officer(client, StaffUserFactory(is_superuser=True))

    assert client.get(path).status_code == HTTPStatus.OK


def test_the_role_admin_change_page_shows_the_history(client, sign_in_officer, pending):
    sign_in_officer(client, StaffUserFactory(is_superuser=True))
    role = pending["roles"][0]
    enterprise = role.enterprise

    response = client.get(f"/admin/enterprises/role/{role.pk}/change/")
    enterprise_page = client.get(f"/admin/enterprises/enterprise/{enterprise.pk}/change/")

    assert response.status_code == HTTPStatus.OK
    assert enterprise_page.status_code == HTTPStatus.OK
