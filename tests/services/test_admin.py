"""Officers run the service package in admin, through the same actions as the site."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from services import actions
from services.models import RSVP, MembershipApplication, ServiceRequest
from tests.factories import OfficerFactory, UserFactory
from westbund.notifications.models import Kind, Notification
from westbund.privacy.files import ATTACHMENT

from .factories import (
    AssignedServiceRequestFactory,
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

    page = admin_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'enctype="multipart/form-data"' in page.text
    assert 'type="file" name="attachments"' in page.text
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
    # Assigning and replying is one action: one notification, with the reply.
    notification = Notification.objects.get()
    assert notification.context["status_label"] == "Assigned"
    assert notification.context["message"] == "Please send your contract."
    assert list(service_request.history.values_list("change", flat=True)) == [
        "assigned",
        "message",
    ]


def test_a_reply_with_a_status_change_sends_one_email_with_the_final_status(
    admin_client, officer, django_capture_on_commit_callbacks, mailoutbox
):
    """Finding 4: a reply plus "In progress" sent two e-mails, the first "Waiting for you"."""
    service_request = AssignedServiceRequestFactory(
        status=ServiceRequest.Status.WAITING, assigned_officer=officer
    )
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"reply": "We have your lease, thank you.", "status": "in_progress"}
        )

    assert response.status_code == HTTPStatus.FOUND
    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.IN_PROGRESS
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [service_request.requester.email]
    assert "In progress" in email.subject
    assert "We have your lease, thank you." in email.body
    assert "Waiting for you" not in email.subject + email.body
    notification = Notification.objects.get()
    assert notification.context["status_label"] == "In progress"
    entries = list(service_request.history.values_list("change", "from_state", "to_state"))
    assert entries == [("message", "waiting", "waiting"), ("status", "waiting", "in_progress")]


def test_a_bad_status_with_a_reply_saves_neither(admin_client, officer):
    service_request = AssignedServiceRequestFactory(status=ServiceRequest.Status.RESOLVED)
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    # "waiting" is not reachable from "resolved": the form refuses the choice.
    response = admin_client.post(url, {"reply": "Done?", "status": "waiting"})

    assert response.status_code == HTTPStatus.OK
    assert not service_request.messages.exists()
    assert not Notification.objects.exists()


def test_answer_request_is_for_officers_only():
    service_request = ServiceRequestFactory()

    with pytest.raises(PermissionDenied):
        actions.answer_request(
            request=service_request, by=service_request.requester, message="I resolve it myself."
        )
    assert not service_request.messages.exists()


# ------------------------------------------------------------------------------
# Officers attach files to their reply
# ------------------------------------------------------------------------------
def test_officer_attaches_a_file_and_the_requester_downloads_it(
    admin_client, officer, client, pdf_upload, django_capture_on_commit_callbacks, mailoutbox
):
    service_request = AssignedServiceRequestFactory(assigned_officer=officer)
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "reply": "Here is the form to sign.",
                "status": "waiting",
                "attachments": [pdf_upload("application-form.pdf")],
            },
        )

    assert response.status_code == HTTPStatus.FOUND
    attachment = service_request.attachments.get()
    assert attachment.message.body == "Here is the form to sign."
    assert attachment.message.from_officer
    assert attachment.uploaded_by == officer
    assert not attachment.file.name.startswith("/")
    assert len(mailoutbox) == 1

    from django.test import Client

    requester = Client()
    requester.force_login(service_request.requester)
    page = requester.get(service_request.get_absolute_url())
    assert "application-form.pdf" in page.text
    assert attachment.get_absolute_url() in page.text
    download = requester.get(attachment.get_absolute_url())
    assert download.status_code == HTTPStatus.OK
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Cache-Control"] == "private, no-store"

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(attachment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"plain text, not a document", "is not a PDF, JPEG or PNG"),
        ("fake.pdf", b"%PDF-1.4 but nothing else", "is not a PDF, JPEG or PNG"),
        ("empty.pdf", b"", "is empty"),
        ("huge.pdf", b"%PDF-" + b"0" * (ATTACHMENT.max_bytes + 1), "files may be at most"),
    ],
)
def test_officer_bad_file_is_refused_and_nothing_is_saved(
    admin_client, officer, name, content, message
):
    service_request = AssignedServiceRequestFactory(assigned_officer=officer)
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    response = admin_client.post(
        url,
        {
            "reply": "See the attached file.",
            "status": "in_progress",
            "attachments": [SimpleUploadedFile(name, content)],
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.ASSIGNED
    assert not service_request.messages.exists()
    assert not service_request.attachments.exists()
    assert not Notification.objects.exists()


def test_officer_bad_file_message_is_in_chinese_for_a_chinese_officer(officer):
    from django.utils import translation

    from services.admin import HandleRequestForm

    service_request = AssignedServiceRequestFactory(assigned_officer=officer)
    with translation.override("zh-hans"):
        form = HandleRequestForm(
            {"reply": "见附件。"},
            {"attachments": [SimpleUploadedFile("empty.pdf", b"")]},
            service_request=service_request,
        )
        assert not form.is_valid()
        errors = " ".join(form.errors["attachments"])
    assert "“empty.pdf”是空文件。" in errors


def test_files_without_a_reply_are_refused(admin_client, officer, pdf_upload):
    service_request = AssignedServiceRequestFactory(assigned_officer=officer)
    url = reverse("admin:services_servicerequest_handle", args=[service_request.pk])

    response = admin_client.post(url, {"reply": "", "attachments": [pdf_upload()]})

    assert response.status_code == HTTPStatus.OK
    assert "Write a reply to go with the attached files." in response.text
    assert not service_request.attachments.exists()


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


def test_a_refused_transition_leaves_no_file_in_storage(officer, pdf_upload, settings):
    from django.core.exceptions import ValidationError

    service_request = AssignedServiceRequestFactory(
        assigned_officer=officer, status=ServiceRequest.Status.RESOLVED
    )

    with pytest.raises(ValidationError):
        actions.answer_request(
            request=service_request,
            by=officer,
            message="Here is the form.",
            to_status=ServiceRequest.Status.WAITING,
            attachments=[pdf_upload()],
        )

    root = settings.PRIVATE_MEDIA_ROOT
    assert not root.exists() or not [path for path in root.rglob("*") if path.is_file()]
    assert not service_request.messages.exists()
    assert not Notification.objects.exists()
