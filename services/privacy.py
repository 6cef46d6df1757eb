"""The service package's part of a person's data export (talent.privacy collects every
registered section): their service requests with the thread, RSVPs and association
applications. Officers appear as "hub officer": their identity is not the person's data.
"""

from talent.privacy import export_section

from .models import RSVP, MembershipApplication, ServiceRequest

OFFICER = "hub officer"


def _iso(value):
    return value.isoformat() if value else None


@export_section("service_requests")
def _service_requests(user):
    requests = (
        ServiceRequest.objects.filter(requester=user)
        .prefetch_related("messages", "attachments")
        .order_by("created_at")
    )
    return [
        {
            "reference": request.reference,
            "category": request.category,
            "subject": request.subject,
            "description": request.description,
            "status": request.status,
            "opened": _iso(request.created_at),
            "messages": [
                {
                    "from": OFFICER if message.from_officer else "you",
                    "sent": _iso(message.created_at),
                    "body": message.body,
                }
                for message in request.messages.all()
            ],
            "attachments": [
                {"name": a.original_name, "size": a.size, "uploaded": _iso(a.created_at)}
                for a in request.attachments.all()
            ],
        }
        for request in requests
    ]


@export_section("event_rsvps")
def _rsvps(user):
    return [
        {"event": rsvp.event.title_en, "status": rsvp.status, "since": _iso(rsvp.created_at)}
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
