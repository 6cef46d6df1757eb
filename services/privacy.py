"""The service package's part of a person's data (``westbund.privacy`` collects it):
their service requests with the thread and files, RSVPs and association applications;
what account deletion does here. Officers appear as "hub officer": their identity is
not the person's data. Imported by ``ServicesConfig.ready``.
"""

from django.db.models import Q
from django.utils.text import get_valid_filename

from westbund.privacy.registry import PersonalFile, eraser, export_section, iso, personal_files

from .models import RSVP, MembershipApplication, ServiceRequest, ServiceRequestAttachment

OFFICER = "hub officer"


def _archive_name(attachment: ServiceRequestAttachment) -> str:
    # The uploader chose the original name: made safe for a path inside the ZIP, and
    # prefixed with the id so that two "lease.pdf" stay two files.
    name = get_valid_filename(attachment.original_name.rsplit("/", 1)[-1]) or "file"
    return f"service-requests/{attachment.request.reference}/{attachment.pk}-{name}"


def _uploader(attachment: ServiceRequestAttachment, user) -> str:
    if attachment.uploaded_by_id == user.pk:
        return "you"
    if attachment.message is not None and attachment.message.from_officer:
        return OFFICER
    return "a colleague"


@personal_files("service_request_attachments")
def _attachment_files(user):
    """The files of the person's own requests (theirs and the officers' replies to them),
    erased with the account as the requests are; and files they uploaded to a
    colleague's enterprise request, exported only (the request is the enterprise's)."""
    attachments = (
        ServiceRequestAttachment.objects.filter(Q(request__requester=user) | Q(uploaded_by=user))
        .select_related("request")
        .order_by("pk")
    )
    return [
        PersonalFile(
            archive_name=_archive_name(attachment),
            name=attachment.file.name,
            erase=attachment.request.requester_id == user.pk,
        )
        for attachment in attachments
    ]


@export_section("service_requests")
def _service_requests(user):
    requests = (
        ServiceRequest.objects.filter(requester=user)
        .prefetch_related("messages", "attachments__message")
        .order_by("created_at")
    )
    return [
        {
            "reference": request.reference,
            "category": request.category,
            "subject": request.subject,
            "description": request.description,
            "status": request.status,
            "opened": iso(request.created_at),
            "messages": [
                {
                    "from": OFFICER if message.from_officer else "you",
                    "sent": iso(message.created_at),
                    "body": message.body,
                }
                for message in request.messages.all()
            ],
            "attachments": [
                {
                    "name": a.original_name,
                    "file_in_this_archive": _archive_name(a),
                    "from": _uploader(a, user),
                    "size": a.size,
                    "uploaded": iso(a.created_at),
                }
                for a in request.attachments.all()
            ],
        }
        for request in requests
    ]


@export_section("event_rsvps")
def _rsvps(user):
    return [
        {"event": rsvp.event.title_en, "status": rsvp.status, "since": iso(rsvp.created_at)}
        for rsvp in RSVP.objects.filter(user=user).select_related("event").order_by("created_at")
    ]


@export_section("association_applications")
def _association(user):
    return [
        {
            "full_name": application.full_name,
            "company": application.company,
            "position": application.position,
            "website": application.website,
            "motivation": application.motivation,
            "status": application.status,
        }
        for application in MembershipApplication.objects.filter(applicant=user)
    ]


@eraser("services")
def _erase(user) -> dict:
    """The person's own requests go, with their threads and files (the files are
    registered above and erased once the deletion has committed). A colleague's request
    for their enterprise stays the enterprise's, with the files they added to it."""
    requests = ServiceRequest.objects.filter(requester=user)
    attachments = ServiceRequestAttachment.objects.filter(request__in=requests).count()
    requests.delete()
    return {"service_request_files_erased": attachments}
