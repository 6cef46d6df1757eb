"""Service requests: opening, the status flow with notifications, the thread, attachments
and who may see what."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services import actions
from services.models import (
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestHistory,
    ServiceRequestMessage,
)
from tests.factories import OfficerFactory, StaffUserFactory, UserFactory
from westbund.notifications.models import Kind, Notification
from westbund.privacy.files import ATTACHMENT

from .conftest import make_pdf
from .factories import AssignedServiceRequestFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

S = ServiceRequest.Status


def post_request(client, **overrides):
    data = {
        "category": "housing",
        "subject": "A talent apartment",
        "description": "A one-bedroom flat from next month, please.",
        **overrides,
    }
    return client.post(reverse("services:request_create"), data, follow=True)


# ------------------------------------------------------------------------------
# Opening a request
# ------------------------------------------------------------------------------
def test_professional_opens_a_request_with_an_attachment(client, pdf_upload):
    user = UserFactory()
    client.force_login(user)

    response = post_request(client, attachments=[pdf_upload("lease.pdf")])

    service_request = ServiceRequest.objects.get()
    assert service_request.requester == user
    assert service_request.status == S.OPEN
    assert response.redirect_chain[-1][0] == service_request.get_absolute_url()
    assert f"Request {service_request.reference} is open" in response.text
    attachment = service_request.attachments.get()
    assert attachment.original_name == "lease.pdf"
    assert attachment.content_type == "application/pdf"
    assert ServiceRequestHistory.objects.get(request=service_request).change == "opened"


def test_attachments_are_stored_outside_the_public_media_root(client, pdf_upload, settings):
    client.force_login(UserFactory())

    post_request(client, attachments=[pdf_upload()])

    path = ServiceRequestAttachment.objects.get().file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("field", "message"),
    [("subject", "Give your request a subject."), ("description", "Describe what you need.")],
)
def test_an_empty_request_is_refused_with_a_message(client, field, message):
    client.force_login(UserFactory())

    response = post_request(client, **{field: "   "})

    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert not ServiceRequest.objects.exists()


def test_an_oversize_attachment_is_refused_and_nothing_is_saved(client):
    client.force_login(UserFactory())
    big = make_pdf() + b"%" + b"0" * ATTACHMENT.max_bytes
    upload = SimpleUploadedFile("big.pdf", big, content_type="application/pdf")

    response = post_request(client, attachments=[upload])

    assert "files may be at most 5.0\xa0MB" in response.text
    assert not ServiceRequest.objects.exists()
    assert not ServiceRequestAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"just text, renamed", "is not a PDF, JPEG or PNG file we can open"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "is not a PDF, JPEG or PNG"),
        ("script.png", b"<script>alert(1)</script>", "is not a PDF, JPEG or PNG"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_wrong_type_or_empty_attachments_are_refused(client, pdf_upload, name, content, message):
    client.force_login(UserFactory())
    bad = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = post_request(client, attachments=[pdf_upload("good.pdf"), bad])

    assert message in response.text
    assert not ServiceRequest.objects.exists()
    assert not ServiceRequestAttachment.objects.exists()


def test_a_png_attachment_is_accepted(client, png_upload):
    client.force_login(UserFactory())

    post_request(client, attachments=[png_upload()])

    assert ServiceRequestAttachment.objects.get().content_type == "image/png"


def test_the_action_checks_files_too_and_saves_nothing_on_a_bad_one():
    bad = SimpleUploadedFile("x.pdf", b"nope", content_type="application/pdf")

    with pytest.raises(ValidationError):
        actions.open_request(
            requester=UserFactory(),
            category="housing",
            subject="Flat",
            description="Please.",
            files=[bad],
        )

    assert not ServiceRequest.objects.exists()


def test_apply_for_a_talent_apartment_prefills_a_housing_request(client):
    client.force_login(UserFactory())
    housing = client.get(reverse("services:housing"))
    apply_url = housing.context["apply_url"]

    response = client.get(apply_url)

    form = response.context["form"]
    assert form.initial["category"] == "housing"
    assert form.initial["subject"] == "Application for a talent apartment"


# ------------------------------------------------------------------------------
# Status flow and notifications
# ------------------------------------------------------------------------------
def test_assigning_moves_an_open_request_and_tells_the_requester(
    django_capture_on_commit_callbacks, mailoutbox
):
    service_request = ServiceRequestFactory(requester__email="lin@example.com")
    officer = OfficerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_request(request=service_request, officer=officer, by=officer)

    service_request.refresh_from_db()
    assert service_request.status == S.ASSIGNED
    assert service_request.assigned_officer == officer
    notification = Notification.objects.get(kind=Kind.SERVICE_REQUEST_UPDATED)
    assert notification.recipient == service_request.requester
    assert notification.context == {
        "reference": service_request.reference,
        "subject": service_request.subject,
        "status_label": "Assigned",
    }
    assert mailoutbox[0].to == ["lin@example.com"]
    assert service_request.reference in mailoutbox[0].subject


def test_the_full_status_flow_records_history_and_notifies_each_change():
    service_request = ServiceRequestFactory()
    officer = OfficerFactory()

    actions.assign_request(request=service_request, officer=officer, by=officer)
    for status in (S.IN_PROGRESS, S.WAITING, S.IN_PROGRESS, S.RESOLVED, S.CLOSED):
        actions.change_request_status(
            request=service_request, to_status=status, by=officer, reason=f"now {status}"
        )

    labels = list(
        Notification.objects.filter(recipient=service_request.requester)
        .order_by("pk")
        .values_list("context__status_label", flat=True)
    )
    assert labels == [
        "Assigned",
        "In progress",
        "Waiting for you",
        "In progress",
        "Resolved",
        "Closed",
    ]
    steps = list(
        ServiceRequestHistory.objects.filter(request=service_request)
        .order_by("pk")
        .values_list("from_state", "to_state", "actor")
    )
    assert steps[-1] == ("resolved", "closed", officer.pk)
    assert len(steps) == 6


@pytest.mark.parametrize(
    ("start", "target"),
    [(S.OPEN, S.RESOLVED), (S.OPEN, S.WAITING), (S.CLOSED, S.IN_PROGRESS), (S.CLOSED, S.OPEN)],
)
def test_status_changes_outside_the_flow_are_refused(start, target):
    service_request = ServiceRequestFactory(status=start)

    with pytest.raises(ValidationError) as error:
        actions.change_request_status(
            request=service_request, to_status=target, by=OfficerFactory()
        )

    assert error.value.code == "bad_transition"
    service_request.refresh_from_db()
    assert service_request.status == start
    assert not Notification.objects.exists()


def test_only_officers_change_status():
    service_request = ServiceRequestFactory()

    with pytest.raises(PermissionDenied):
        actions.change_request_status(
            request=service_request, to_status=S.CLOSED, by=service_request.requester
        )


def test_officer_reply_goes_to_the_requester_with_the_message():
    service_request = AssignedServiceRequestFactory()

    actions.reply_to_request(
        request=service_request, by=service_request.assigned_officer, body="Send your lease."
    )

    notification = Notification.objects.get()
    assert notification.recipient == service_request.requester
    assert notification.context["message"] == "Send your lease."
    assert ServiceRequestMessage.objects.get().from_officer


def test_requester_reply_puts_a_waiting_request_back_in_progress_and_tells_the_officer(
    client, pdf_upload
):
    service_request = AssignedServiceRequestFactory(status=S.WAITING)
    client.force_login(service_request.requester)

    response = client.post(
        service_request.get_absolute_url(),
        {"body": "Here is my lease.", "attachments": [pdf_upload()]},
        follow=True,
    )

    assert "Your message is sent" in response.text
    service_request.refresh_from_db()
    assert service_request.status == S.IN_PROGRESS
    notification = Notification.objects.get()
    assert notification.recipient == service_request.assigned_officer
    assert notification.context["status_label"] == "In progress"
    assert service_request.attachments.get().message.body == "Here is my lease."


def test_an_empty_reply_is_refused(client):
    service_request = ServiceRequestFactory()
    client.force_login(service_request.requester)

    response = client.post(service_request.get_absolute_url(), {"body": "  "})

    assert response.status_code == HTTPStatus.OK
    assert "Write a message before sending." in response.text
    assert not ServiceRequestMessage.objects.exists()


def test_a_closed_request_takes_no_more_messages(client):
    service_request = ServiceRequestFactory(status=S.CLOSED)
    client.force_login(service_request.requester)

    response = client.post(service_request.get_absolute_url(), {"body": "Hello?"})

    assert "This request is closed" in response.text
    assert not ServiceRequestMessage.objects.exists()


# ------------------------------------------------------------------------------
# Who may see what
# ------------------------------------------------------------------------------
@pytest.fixture
def request_with_attachment(pdf_upload):
    service_request = actions.open_request(
        requester=UserFactory(),
        category="housing",
        subject="Flat",
        description="Please.",
        files=[pdf_upload("contract.pdf")],
    )
    return service_request, service_request.attachments.get()


def _urls(service_request, attachment):
    return [
        service_request.get_absolute_url(),
        attachment.get_absolute_url(),
    ]


@pytest.mark.parametrize("which", [0, 1], ids=["request page", "attachment"])
def test_another_user_gets_404(client, request_with_attachment, which):
    client.force_login(UserFactory())

    response = client.get(_urls(*request_with_attachment)[which])

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("which", [0, 1], ids=["request page", "attachment"])
def test_anonymous_is_sent_to_sign_in(client, request_with_attachment, which):
    response = client.get(_urls(*request_with_attachment)[which])

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


def test_another_user_cannot_post_to_the_thread(client, request_with_attachment):
    service_request, _attachment = request_with_attachment
    client.force_login(UserFactory())

    response = client.post(service_request.get_absolute_url(), {"body": "Hi"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not ServiceRequestMessage.objects.exists()


def test_requester_downloads_their_attachment(client, request_with_attachment):
    service_request, attachment = request_with_attachment
    client.force_login(service_request.requester)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="contract.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_an_attachment_of_another_request_is_404_even_for_a_requester(
    client, request_with_attachment
):
    _other, attachment = request_with_attachment
    mine = ServiceRequestFactory()
    client.force_login(mine.requester)

    url = reverse("services:request_attachment", args=[mine.reference, attachment.pk])

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_officer_downloads_an_attachment_from_a_two_factor_session_and_it_is_audited(
    client, sign_in_officer, request_with_attachment
):
    from westbund.privacy.models import AuditEvent

    _service_request, attachment = request_with_attachment
    officer = OfficerFactory()
    sign_in_officer(client, officer)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_id) == (
        officer,
        AuditEvent.Action.ATTACHMENT_VIEWED,
        str(attachment.pk),
    )


def test_the_requester_downloading_their_own_attachment_is_not_audited(
    client, request_with_attachment
):
    from westbund.privacy.models import AuditEvent

    service_request, attachment = request_with_attachment
    client.force_login(service_request.requester)

    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.OK
    assert not AuditEvent.objects.exists()


def test_officer_without_a_two_factor_session_cannot_download_an_attachment(
    client, request_with_attachment
):
    from westbund.privacy.models import AuditEvent

    _service_request, attachment = request_with_attachment
    client.force_login(OfficerFactory())

    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.exists()


def test_staff_without_the_attachment_permission_cannot_download_an_attachment(
    client, sign_in_officer, request_with_attachment
):
    from django.contrib.auth.models import Group, Permission

    from westbund.accounts.groups import OFFICER_GROUP

    _service_request, attachment = request_with_attachment
    officer = OfficerFactory()
    Group.objects.get(name=OFFICER_GROUP).permissions.remove(
        Permission.objects.get(codename="view_servicerequestattachment")
    )
    sign_in_officer(client, officer)
    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    # Any staff account (not an officer) from a two-factor session: nothing either.
    other = StaffUserFactory()
    sign_in_officer(client, other)
    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_request_list_shows_only_my_requests(client, django_assert_max_num_queries):
    mine = ServiceRequestFactory(subject="My flat")
    for _ in range(3):
        AssignedServiceRequestFactory(requester=mine.requester)
    ServiceRequestFactory(subject="Somebody else's visa")
    client.force_login(mine.requester)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("services:request_list"))

    assert "My flat" in response.text
    assert "Somebody else&#x27;s visa" not in response.text
    assert "Somebody else" not in response.text


def test_request_list_needs_sign_in(client):
    response = client.get(reverse("services:request_list"))

    assert response.status_code == HTTPStatus.FOUND


# ------------------------------------------------------------------------------
# Enterprise requests
# ------------------------------------------------------------------------------
@pytest.fixture
def enterprise_request():
    from tests.enterprises.factories import MembershipFactory, RecruiterMembershipFactory

    membership = MembershipFactory()
    colleague = RecruiterMembershipFactory(enterprise=membership.enterprise).user
    service_request = actions.open_request(
        requester=membership.user,
        enterprise=membership.enterprise,
        category="work_permit",
        subject="Work permit for our new hire",
        description="She starts on the 1st.",
    )
    return service_request, colleague


def test_a_colleague_of_the_same_enterprise_sees_the_request(client, enterprise_request):
    service_request, colleague = enterprise_request
    client.force_login(colleague)

    assert client.get(service_request.get_absolute_url()).status_code == HTTPStatus.OK
    assert "Work permit for our new hire" in client.get(reverse("services:request_list")).text


def test_a_member_of_another_enterprise_gets_404(client, enterprise_request):
    from tests.enterprises.factories import MembershipFactory

    service_request, _colleague = enterprise_request
    client.force_login(MembershipFactory().user)

    assert client.get(service_request.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_member_opens_a_request_for_their_enterprise(client):
    from tests.enterprises.factories import MembershipFactory

    membership = MembershipFactory()
    client.force_login(membership.user)

    post_request(client, enterprise=membership.enterprise.pk)

    assert ServiceRequest.objects.get().enterprise == membership.enterprise


def test_nobody_opens_a_request_for_an_enterprise_they_do_not_belong_to(client):
    from tests.enterprises.factories import EnterpriseFactory, MembershipFactory

    membership = MembershipFactory()
    other = EnterpriseFactory()
    client.force_login(membership.user)

    response = post_request(client, enterprise=other.pk)

    assert "Select a valid choice" in response.text
    assert not ServiceRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.open_request(
            requester=membership.user,
            enterprise=other,
            category="other",
            subject="x",
            description="y",
        )


def test_opening_a_request_tells_the_officers_who_cover_its_category():
    from .factories import TalentOfficerFactory

    housing = TalentOfficerFactory(user=OfficerFactory(), areas=["housing"])
    TalentOfficerFactory(user=OfficerFactory(), areas=["schooling"])
    TalentOfficerFactory(user=None, areas=["housing"])

    service_request = actions.open_request(
        requester=UserFactory(), category="housing", subject="Flat", description="Please."
    )

    notification = Notification.objects.get()
    assert notification.recipient == housing.user
    assert notification.context["reference"] == service_request.reference
    assert notification.context["status_label"] == "Open"


def test_the_chinese_request_form_asks_for_the_request_not_a_job_description(client):
    client.force_login(UserFactory())
    body = client.get("/zh-hans/services/requests/new/").content.decode()
    assert "需求说明" in body
    assert "职位描述" not in body


def test_a_message_is_named_in_shanghai_time_as_the_admin_shows_its_date():
    from datetime import UTC, datetime

    from services.models import ServiceRequestMessage

    service_request = ServiceRequestFactory()
    message = ServiceRequestMessage.objects.create(
        request=service_request, author=service_request.requester, body="Hello"
    )
    ServiceRequestMessage.objects.filter(pk=message.pk).update(
        created_at=datetime(2026, 12, 3, 16, 44, tzinfo=UTC)
    )
    message.refresh_from_db()
    assert str(message) == f"{service_request.reference} · 2026-12-04 00:44"
