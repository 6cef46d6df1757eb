"""Officers run the service package in admin, through the same actions as the site."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import RSVP, MembershipApplication, ServiceRequest
from tests.factories import OfficerFactory
from westbund.notifications.models import Kind, Notification

from .factories import (
    EventFactory,
    ExpiredPolicyFactory,
    MembershipApplicationFactory,
    PolicyFactory,
    RSVPFactory,
    ServiceRequestFactory,
    TalentOfficerFactory,
    WaitlistedRSVPFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory(email="officer@talent.westbund.example")


@pytest.fixture
def admin_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


@pytest.mark.parametrize(
    "model",
    [
        "policy",
        "talentofficer",
        "housingoption",
        "housingguide",
        "manualchapter",
        "manualsection",
        "event",
        "rsvp",
        "membershipapplication",
        "servicerequest",
    ],
)
def test_officer_opens_each_changelist_in_bounded_queries(
    admin_client, model, django_assert_max_num_queries
):
    PolicyFactory.create_batch(3)
    ExpiredPolicyFactory()
    TalentOfficerFactory.create_batch(3)
    RSVPFactory.create_batch(3)
    MembershipApplicationFactory.create_batch(2)
    ServiceRequestFactory.create_batch(3)

    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(f"admin:services_{model}_changelist"))

    assert response.status_code == HTTPStatus.OK


def test_assign_to_me_action_assigns_and_notifies(admin_client, officer):
    service_request = ServiceRequestFactory()

    admin_client.post(
        reverse("admin:services_servicerequest_changelist"),
        {"action": "assign_to_me", "_selected_action": [service_request.pk]},
    )

    service_request.refresh_from_db()
    assert service_request.assigned_officer == officer
    assert service_request.status == ServiceRequest.Status.ASSIGNED
    assert Notification.objects.get().kind == Kind.SERVICE_REQUEST_UPDATED


def test_handle_page_assigns_replies_and_changes_status_in_one_go(admin_client, officer):
    service_request = ServiceRequestFactory()
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    assert admin_client.get(url).status_code == HTTPStatus.OK
    response = admin_client.post(
        url,
        {
            "assign_to": officer.pk,
            "reply": "Please send your contract.",
            "status": "",
            "reason": "",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.ASSIGNED
    assert service_request.messages.get().body == "Please send your contract."
    labels = list(
        Notification.objects.order_by("pk").values_list("context__status_label", flat=True)
    )
    assert labels == ["Assigned", "Assigned"]


def test_handle_page_refuses_a_status_outside_the_flow(admin_client):
    service_request = ServiceRequestFactory()
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    response = admin_client.post(url, {"status": "resolved"})

    assert response.status_code == HTTPStatus.OK
    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.OPEN


def test_officer_approves_memberships_from_the_list(admin_client, officer):
    application = MembershipApplicationFactory()

    admin_client.post(
        reverse("admin:services_membershipapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
    )

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == officer


def test_officer_cancelling_an_rsvp_promotes_the_waitlist(admin_client):
    event = EventFactory(capacity=1)
    seated = RSVPFactory(event=event)
    waiting = WaitlistedRSVPFactory(event=event)

    admin_client.post(
        reverse("admin:services_rsvp_changelist"),
        {"action": "cancel_selected", "_selected_action": [seated.pk]},
    )

    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.CONFIRMED


def test_service_request_page_links_attachments_to_the_checked_view(admin_client, pdf_upload):
    from services import actions
    from tests.factories import UserFactory

    service_request = actions.open_request(
        requester=UserFactory(),
        category="housing",
        subject="Flat",
        description="Please.",
        files=[pdf_upload("contract.pdf")],
    )
    attachment = service_request.attachments.get()

    response = admin_client.get(
        reverse("admin:services_servicerequest_change", args=[service_request.pk])
    )

    assert response.status_code == HTTPStatus.OK
    assert attachment.get_absolute_url() in response.text
    assert "/media/" not in response.text


def test_adding_seats_in_admin_gives_them_to_the_waitlist(admin_client):
    event = EventFactory(capacity=1)
    RSVPFactory(event=event)
    waiting = WaitlistedRSVPFactory(event=event)
    url = reverse("admin:services_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"starts_at", "ends_at"}
    }
    local_start = timezone.localtime(event.starts_at)
    local_end = timezone.localtime(event.ends_at)
    data |= {
        "capacity": 2,
        "starts_at_0": local_start.strftime("%Y-%m-%d"),
        "starts_at_1": local_start.strftime("%H:%M:%S"),
        "ends_at_0": local_end.strftime("%Y-%m-%d"),
        "ends_at_1": local_end.strftime("%H:%M:%S"),
        "rsvps-TOTAL_FORMS": 2,
        "rsvps-INITIAL_FORMS": 2,
        "rsvps-0-id": event.rsvps.order_by("pk")[0].pk,
        "rsvps-0-event": event.pk,
        "rsvps-1-id": event.rsvps.order_by("pk")[1].pk,
        "rsvps-1-event": event.pk,
    }

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.CONFIRMED
