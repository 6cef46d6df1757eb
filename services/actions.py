"""Every state change of the service package: RSVPs and the waitlist, association
memberships, service requests. Views, admin actions, commands and tests call these."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from westbund.accounts.permissions import Area, is_officer, require_officer
from westbund.core.bilingual import both, in_english
from westbund.core.history import record_transition
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind
from westbund.privacy import files as private_files

from .models import (
    RSVP,
    Event,
    MembershipApplication,
    MembershipApplicationHistory,
    RSVPHistory,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestHistory,
    ServiceRequestMessage,
    TalentOfficer,
    member_enterprises,
)

# The English source of a label that exists only in notifications (the template
# translates it in the recipient's language).
PROMOTED_LABEL = gettext_noop("Promoted from the waitlist")


# ------------------------------------------------------------------------------
# Events: RSVP, cancel, waitlist
# ------------------------------------------------------------------------------
def _notify_rsvp(*, rsvp: RSVP, event: Event, status_label: str, actor=None) -> None:
    notify(
        recipient=rsvp.user,
        kind=Kind.EVENT_RSVP,
        context={
            "event_title": both(event, "title"),
            "status_label": status_label,
            "starts_at": timezone.localtime(event.starts_at).isoformat(),
            "venue": both(event, "venue"),
        },
        actor=actor,
        link=event.get_absolute_url(),
    )


def _record_rsvp(*, rsvp: RSVP, from_status: str, by, reason: str = "", cause: str = "") -> None:
    record_transition(
        RSVPHistory,
        rsvp,
        actor=by,
        from_state=from_status,
        to_state=rsvp.status,
        reason=reason,
        cause=cause,
    )


def _locked_event(event: Event) -> Event:
    # The event row is the lock every RSVP, cancellation and promotion of that event
    # takes: seats are counted and given while no one else can.
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def rsvp_to_event(*, event: Event, user) -> RSVP:
    """Give ``user`` a seat at ``event``, or a place on its waitlist when it is full.

    Never overbooks: the seat count and the new RSVP happen under the event's row lock.
    Refuses unpublished and started events, and a second RSVP of the same person.
    """
    event = _locked_event(event)
    if not event.is_published:
        raise ValidationError(_("This event is not open for RSVPs."), code="unpublished")
    if event.has_started():
        raise ValidationError(
            _("This event has already taken place; RSVPs are closed."), code="event_past"
        )
    rsvp = RSVP.objects.filter(event=event, user=user).first()
    if rsvp is not None and rsvp.is_active:
        raise ValidationError(_("You have already replied to this event."), code="duplicate")
    full = event.confirmed_seats() >= event.capacity
    status = RSVP.Status.WAITLISTED if full else RSVP.Status.CONFIRMED
    from_status = ""
    if rsvp is None:
        rsvp = RSVP(event=event, user=user)
    else:
        from_status = rsvp.status
    rsvp.status = status
    rsvp.queued_at = timezone.now()
    rsvp.full_clean(validate_unique=False)
    rsvp.save()
    _record_rsvp(
        rsvp=rsvp,
        from_status=from_status,
        by=user,
        cause=RSVPHistory.Cause.EVENT_FULL if full else "",
    )
    _notify_rsvp(rsvp=rsvp, event=event, status_label=in_english(rsvp.get_status_display()))
    return rsvp


def _promote_waitlisted(*, event: Event, by, cause: str) -> list[RSVP]:
    """Confirm the first waitlisted people while seats are free (event row locked)."""
    if event.has_started():
        return []
    free = event.capacity - event.confirmed_seats()
    if free <= 0:
        return []
    promoted = list(
        RSVP.objects.filter(event=event, status=RSVP.Status.WAITLISTED)
        .select_related("user")
        .order_by("queued_at", "pk")[:free]
    )
    for rsvp in promoted:
        rsvp.status = RSVP.Status.CONFIRMED
        rsvp.save(update_fields=["status", "updated_at"])
        _record_rsvp(rsvp=rsvp, from_status=RSVP.Status.WAITLISTED, by=by, cause=cause)
        _notify_rsvp(rsvp=rsvp, event=event, status_label=PROMOTED_LABEL, actor=by)
    return promoted


@transaction.atomic
def cancel_rsvp(*, event: Event, user, by=None, reason: str = "", cause: str = "") -> RSVP:
    """Cancel ``user``'s RSVP; a freed seat goes to the next person on the waitlist.

    ``by`` is who cancelled (default: the attendee). The promotion happens in the same
    transaction as the cancellation, under the event's row lock.
    """
    by = by or user
    if by.pk != user.pk:
        require_officer(by, Area.EVENTS)
    event = _locked_event(event)
    rsvp = RSVP.objects.filter(event=event, user=user).first()
    if rsvp is None or not rsvp.can_move_to(RSVP.Status.CANCELLED):
        raise ValidationError(_("You have no place at this event to cancel."), code="no_rsvp")
    if event.has_started():
        raise ValidationError(
            _("This event has already started; it can no longer be cancelled."),
            code="event_past",
        )
    from_status = rsvp.status
    rsvp.status = RSVP.Status.CANCELLED
    rsvp.save(update_fields=["status", "updated_at"])
    _record_rsvp(rsvp=rsvp, from_status=from_status, by=by, reason=reason, cause=cause)
    _notify_rsvp(
        rsvp=rsvp,
        event=event,
        status_label=in_english(RSVP.Status.CANCELLED.label),
        actor=by if by != user else None,
    )
    if from_status == RSVP.Status.CONFIRMED:
        _promote_waitlisted(event=event, by=by, cause=RSVPHistory.Cause.SEAT_FREED)
    return rsvp


@transaction.atomic
def fill_seats_from_waitlist(*, event: Event, by) -> list[RSVP]:
    """Confirm waitlisted people into any free seats (after an officer adds seats)."""
    require_officer(by, Area.EVENTS)
    event = _locked_event(event)
    return _promote_waitlisted(event=event, by=by, cause=RSVPHistory.Cause.SEATS_ADDED)


# ------------------------------------------------------------------------------
# Young Entrepreneurs Association
# ------------------------------------------------------------------------------
@transaction.atomic
def apply_for_membership(
    *,
    applicant,
    full_name: str,
    company: str,
    position: str,
    motivation: str,
    website: str = "",
) -> MembershipApplication:
    """Record an application to the association, pending an officer's decision.

    One live (pending or approved) application per person.
    """
    application = MembershipApplication(
        applicant=applicant,
        full_name=full_name,
        company=company,
        position=position,
        motivation=motivation,
        website=website,
    )
    application.full_clean()
    application.save()
    record_transition(
        MembershipApplicationHistory,
        application,
        actor=applicant,
        from_state="",
        to_state=application.status,
    )
    return application


@transaction.atomic
def decide_membership(
    *, application: MembershipApplication, approve: bool, by, note: str = ""
) -> MembershipApplication:
    """Approve or decline a pending application; the decision is final and recorded.

    The applicant is told (inbox and e-mail, in their language). Officers only.
    """
    require_officer(by, Area.ASSOCIATION)
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    decision = (
        MembershipApplication.Status.APPROVED if approve else MembershipApplication.Status.DECLINED
    )
    if not application.can_move_to(decision):
        raise ValidationError(
            _("This application has already been decided."), code="already_decided"
        )
    from_status = application.status
    application.status = decision
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_transition(
        MembershipApplicationHistory,
        application,
        actor=by,
        from_state=from_status,
        to_state=application.status,
        reason=note,
    )
    # The templates word the decision in the applicant's language.
    notify(
        recipient=application.applicant,
        kind=Kind.ASSOCIATION_MEMBERSHIP_DECIDED,
        context={
            "approved": application.status == MembershipApplication.Status.APPROVED,
            "company": application.company,
            "note": note,
        },
        actor=by,
        link=reverse("services:association"),
    )
    return application


# ------------------------------------------------------------------------------
# Service requests
# ------------------------------------------------------------------------------
def _check_files(files: Iterable) -> list:
    return private_files.check_uploads(files, private_files.ATTACHMENT)


def _store_files(*, request: ServiceRequest, message, checked: list, by) -> None:
    # The caller is ``atomic_with_files``: a rollback takes the stored files with it.
    for upload, info in checked:
        attachment = ServiceRequestAttachment(
            request=request,
            message=message,
            original_name=private_files.display_name(upload.name, default="file"),
            content_type=info.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        private_files.store_file(attachment.file, upload.name, upload)
        attachment.save()


def _notify_request(*, request: ServiceRequest, recipient, actor, message: str = "") -> None:
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return
    context = {
        "reference": request.reference,
        "subject": request.subject,
        "status_label": in_english(request.get_status_display()),
    }
    if message:
        context["message"] = message
    notify(
        recipient=recipient,
        kind=Kind.SERVICE_REQUEST_UPDATED,
        context=context,
        actor=actor,
        link=request.get_absolute_url(),
    )


def _locked_request(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


@private_files.atomic_with_files
def open_request(
    *,
    requester,
    category: str,
    subject: str,
    description: str,
    files: Iterable = (),
    enterprise=None,
) -> ServiceRequest:
    """Open a service request with its attachments, all or nothing.

    Every file is checked (type by content, size) before anything is written. With
    ``enterprise`` (one the requester is a member of) the enterprise's members see it too.
    The directory officers who cover the category are told.
    """
    if enterprise is not None and not member_enterprises(requester).filter(pk=enterprise.pk):
        raise PermissionDenied("not a member of that enterprise")
    request = ServiceRequest(
        requester=requester,
        enterprise=enterprise,
        category=category,
        subject=(subject or "").strip(),
        description=(description or "").strip(),
    )
    request.full_clean()
    checked = _check_files(files)
    request.save()
    _store_files(request=request, message=None, checked=checked, by=requester)
    record_transition(
        ServiceRequestHistory,
        request,
        change=ServiceRequestHistory.Change.OPENED,
        from_state="",
        to_state=request.status,
        actor=requester,
    )
    for officer in _officers_for(request.category):
        _notify_request(request=request, recipient=officer, actor=requester)
    return request


def _officers_for(category: str) -> list:
    """The staff accounts of active directory officers who cover ``category``."""
    # A handful of rows: filtered here because JSON containment differs across databases.
    officers = TalentOfficer.objects.active().filter(user__is_active=True).select_related("user")
    return [officer.user for officer in officers if category in (officer.areas or [])]


def _is_officer(user) -> bool:
    return is_officer(user, Area.SERVICE_REQUESTS)


def _give_to(*, request: ServiceRequest, officer, by, reason: str) -> None:
    # The assignment step of both assign_request and answer_request: an open request
    # becomes assigned, recorded; the caller saves and notifies.
    from_status = request.status
    request.assigned_officer = officer
    if request.status == ServiceRequest.Status.OPEN:
        request.status = ServiceRequest.Status.ASSIGNED
    record_transition(
        ServiceRequestHistory,
        request,
        change=ServiceRequestHistory.Change.ASSIGNED,
        from_state=from_status,
        to_state=request.status,
        officer=officer,
        actor=by,
        reason=reason,
    )


@transaction.atomic
def assign_request(*, request: ServiceRequest, officer, by, reason: str = "") -> ServiceRequest:
    """Give the request to ``officer`` (staff); an open request becomes assigned.

    The requester is told.
    """
    require_officer(by, Area.SERVICE_REQUESTS)
    if not _is_officer(officer):
        raise ValidationError(_("Only a talent officer can be assigned."), code="not_officer")
    request = _locked_request(request)
    if request.status == ServiceRequest.Status.CLOSED:
        raise ValidationError(_("A closed request cannot be reassigned."), code="closed")
    _give_to(request=request, officer=officer, by=by, reason=reason)
    request.save(update_fields=["assigned_officer", "status", "updated_at"])
    _notify_request(request=request, recipient=request.requester, actor=by)
    return request


@transaction.atomic
def change_request_status(
    *, request: ServiceRequest, to_status: str, by, reason: str = ""
) -> ServiceRequest:
    """Move the request along its status flow (``ServiceRequest.TRANSITIONS``).

    Only officers move requests; the requester is told.
    """
    require_officer(by, Area.SERVICE_REQUESTS)
    request = _locked_request(request)
    to_status = ServiceRequest.Status(to_status)
    if not request.can_move_to(to_status):
        raise ValidationError(
            _("A request cannot go from “%(from)s” to “%(to)s”."),
            code="bad_transition",
            params={"from": request.get_status_display(), "to": to_status.label},
        )
    from_status = request.status
    request.status = to_status
    request.save(update_fields=["status", "updated_at"])
    record_transition(
        ServiceRequestHistory,
        request,
        change=ServiceRequestHistory.Change.STATUS,
        from_state=from_status,
        to_state=to_status,
        actor=by,
        reason=reason,
    )
    _notify_request(request=request, recipient=request.requester, actor=by, message=reason)
    return request


@private_files.atomic_with_files
def answer_request(
    *,
    request: ServiceRequest,
    by,
    message: str = "",
    to_status: str = "",
    attachments: Iterable = (),
    officer=None,
    reason: str = "",
) -> ServiceRequest:
    """One officer action on a request: assign, reply (with files) and move its status.

    Each part is recorded in the history, in that order, and checked before anything
    is written (a bad file or transition leaves the request as it was). The requester
    is told once, with the final status and the reply: an officer who replies and
    moves the request on has done one thing, not two.
    """
    require_officer(by, Area.SERVICE_REQUESTS)
    request = _locked_request(request)
    message = (message or "").strip()
    files = [f for f in attachments if f]
    if files and not message:
        raise ValidationError(
            _("Write a reply to go with the attached files."), code="files_without_message"
        )
    if request.status == ServiceRequest.Status.CLOSED and (message or officer or to_status):
        raise ValidationError(_("This request is closed."), code="closed")
    if officer is not None and not _is_officer(officer):
        raise ValidationError(_("Only a talent officer can be assigned."), code="not_officer")
    checked = _check_files(files)
    if message:
        ServiceRequestMessage(
            request=request, author=by, from_officer=True, body=message
        ).full_clean()

    status = ServiceRequest.Status(request.status)
    assigning = officer is not None and officer.pk != request.assigned_officer_id
    if assigning:
        _give_to(request=request, officer=officer, by=by, reason=reason)
    if to_status and to_status != request.status:
        to_status = ServiceRequest.Status(to_status)
        if not request.can_move_to(to_status):
            raise ValidationError(
                _("A request cannot go from “%(from)s” to “%(to)s”."),
                code="bad_transition",
                params={"from": request.get_status_display(), "to": to_status.label},
            )
    if message:
        reply = ServiceRequestMessage.objects.create(
            request=request, author=by, from_officer=True, body=message
        )
        _store_files(request=request, message=reply, checked=checked, by=by)
        record_transition(
            ServiceRequestHistory,
            request,
            change=ServiceRequestHistory.Change.MESSAGE,
            from_state=request.status,
            to_state=request.status,
            actor=by,
        )
    if to_status and to_status != request.status:
        record_transition(
            ServiceRequestHistory,
            request,
            change=ServiceRequestHistory.Change.STATUS,
            from_state=request.status,
            to_state=to_status,
            actor=by,
            reason=reason,
        )
        request.status = to_status
    if not (assigning or message or request.status != status):
        return request
    request.save(update_fields=["assigned_officer", "status", "updated_at"])
    _notify_request(
        request=request,
        recipient=request.requester,
        actor=by,
        message=(message or reason)[:1000],
    )
    return request


@private_files.atomic_with_files
def reply_to_request(
    *, request: ServiceRequest, by, body: str, files: Iterable = ()
) -> ServiceRequestMessage:
    """Add a message (and attachments) to the request's thread.

    An officer's reply is sent to the requester. The requester's reply goes to the
    assigned officer and, when the request was waiting for them, puts it back in
    progress. Closed requests take no more messages.
    """
    request = _locked_request(request)
    from_officer = _is_officer(by) and by.pk != request.requester_id
    if not ServiceRequest.objects.for_user(by).filter(pk=request.pk).exists():
        raise PermissionDenied("not a party to this request")
    if request.status == ServiceRequest.Status.CLOSED:
        raise ValidationError(
            _("This request is closed; open a new one if you need more help."), code="closed"
        )
    body = (body or "").strip()
    message = ServiceRequestMessage(
        request=request, author=by, from_officer=from_officer, body=body
    )
    message.full_clean()
    checked = _check_files(files)
    message.save()
    _store_files(request=request, message=message, checked=checked, by=by)
    from_status = request.status
    if not from_officer and request.status in {
        ServiceRequest.Status.WAITING,
        ServiceRequest.Status.RESOLVED,
    }:
        request.status = ServiceRequest.Status.IN_PROGRESS
    request.save(update_fields=["status", "updated_at"])
    record_transition(
        ServiceRequestHistory,
        request,
        change=ServiceRequestHistory.Change.MESSAGE,
        from_state=from_status,
        to_state=request.status,
        actor=by,
    )
    recipient = request.requester if from_officer else request.assigned_officer
    _notify_request(request=request, recipient=recipient, actor=by, message=body[:1000])
    return message
