"""Every state change of the service package: RSVPs and the waitlist, association
memberships, service requests. Views, admin actions, commands and tests call these."""

from collections.abc import Iterable
from datetime import timedelta

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
    ApartmentApplication,
    ApartmentApplicationHistory,
    ApartmentUnit,
    Event,
    MembershipApplication,
    MembershipApplicationHistory,
    PermitPointsTable,
    RequestCategory,
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
        rsvp.move(RSVP.Status.CONFIRMED, by=by, history=RSVPHistory, cause=cause)
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
    cancelled = rsvp.move(
        RSVP.Status.CANCELLED, by=by, history=RSVPHistory, reason=reason, cause=cause
    )
    _notify_rsvp(
        rsvp=rsvp,
        event=event,
        status_label=in_english(RSVP.Status.CANCELLED.label),
        actor=by if by != user else None,
    )
    if cancelled.from_state == RSVP.Status.CONFIRMED:
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
    application.move(
        decision,
        by=by,
        history=MembershipApplicationHistory,
        reason=note,
        changes={"decided_by": by, "decided_at": timezone.now(), "decision_note": note},
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
    _record_request(request, ServiceRequestHistory.Change.OPENED, by=requester, from_state="")
    for officer in _officers_for(request.category):
        _notify_request(request=request, recipient=officer, actor=requester)
    return request


def _require_move(request: ServiceRequest, to_status: str) -> None:
    request.require_move_to(
        to_status, _("A request cannot go from “%(from)s” to “%(to)s”."), code="bad_transition"
    )


def _record_request(request: ServiceRequest, change: str, *, by, from_state: str, **details):
    """One row of the request's history: what kind of entry, who, and the move."""
    record_transition(
        ServiceRequestHistory,
        request,
        change=change,
        actor=by,
        from_state=from_state,
        to_state=details.pop("to_state", request.status),
        **details,
    )


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
    _record_request(
        request,
        ServiceRequestHistory.Change.ASSIGNED,
        by=by,
        from_state=from_status,
        officer=officer,
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
    _require_move(request, to_status)
    request.move(
        to_status,
        by=by,
        history=ServiceRequestHistory,
        reason=reason,
        change=ServiceRequestHistory.Change.STATUS,
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
        _require_move(request, to_status)
    if message:
        reply = ServiceRequestMessage.objects.create(
            request=request, author=by, from_officer=True, body=message
        )
        _store_files(request=request, message=reply, checked=checked, by=by)
        _record_request(
            request, ServiceRequestHistory.Change.MESSAGE, by=by, from_state=request.status
        )
    if to_status and to_status != request.status:
        _record_request(
            request,
            ServiceRequestHistory.Change.STATUS,
            by=by,
            from_state=request.status,
            to_state=to_status,
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
    _record_request(request, ServiceRequestHistory.Change.MESSAGE, by=by, from_state=from_status)
    recipient = request.requester if from_officer else request.assigned_officer
    _notify_request(request=request, recipient=recipient, actor=by, message=body[:1000])
    return message


# ------------------------------------------------------------------------------
# Talent apartments
# ------------------------------------------------------------------------------
# How long an applicant has to answer an offer, unless the officer says otherwise.
OFFER_DAYS = 7


def has_accepted_offer_from(*, user, enterprise) -> bool:
    """Whether ``user`` has accepted a job offer from ``enterprise`` (the recruiting
    loop's offers): employment then counts without an officer confirming it."""
    from talent.models import Offer

    return Offer.objects.filter(
        application__profile__user=user, enterprise=enterprise, status=Offer.Status.ACCEPTED
    ).exists()


def apartment_eligibility(application: ApartmentApplication) -> list[str]:
    """What stops ``application`` from being offered a unit or waitlisted ([] = eligible).

    Eligible: a verified hub profile, and employment at an Innovation Center enterprise
    — confirmed by an officer, or an accepted offer from that enterprise.
    """
    problems = []
    profile = getattr(application.applicant, "talent_profile", None)
    if profile is None or not profile.is_verified:
        problems.append(str(_("The applicant's hub profile is not verified.")))
    if not (
        application.employer_confirmed
        or has_accepted_offer_from(user=application.applicant, enterprise=application.employer)
    ):
        problems.append(str(_("Employment at the enterprise is not confirmed yet.")))
    return problems


def _record_apartment_step(
    *, application: ApartmentApplication, from_state: str, cause: str, actor, reason: str = ""
) -> None:
    ApartmentApplicationHistory.objects.create(
        application=application,
        actor=actor,
        from_state=from_state,
        to_state=application.status,
        cause=cause,
        reason=reason,
        unit=application.unit,
    )


def _notify_apartment(*, application: ApartmentApplication, cause: str, actor=None) -> None:
    unit = application.unit
    notify(
        recipient=application.applicant,
        kind=Kind.APARTMENT_APPLICATION_UPDATED,
        context={
            "cause": cause,
            "status_label": in_english(application.get_status_display()),
            "unit": (
                {
                    "en": f"{unit.building.name_en} {unit.number}",
                    "zh-hans": f"{unit.building.name_zh or unit.building.name_en} {unit.number}",
                }
                if unit
                else ""
            ),
            "answer_by": (
                timezone.localtime(application.offer_expires_at).isoformat()
                if application.offer_expires_at and cause == "offered"
                else ""
            ),
            "position": application.waiting_list_position() or "",
        },
        actor=actor,
        link=application.get_absolute_url(),
    )


def _move_application(
    application: ApartmentApplication, to_status: str, *, actor, cause: str = "", reason: str = ""
) -> None:
    """Move ``application`` to ``to_status`` if its lifecycle allows it; the history row
    and the applicant's notice name ``cause``, the new status unless said otherwise."""
    cause = cause or str(to_status)
    application.require_move_to(
        to_status,
        _("An application cannot go from “%(from)s” to “%(to)s”."),
        code="bad_transition",
    )
    from_state = application.status
    application.status = to_status
    application.save()
    _record_apartment_step(
        application=application, from_state=from_state, cause=cause, actor=actor, reason=reason
    )
    _notify_apartment(application=application, cause=cause, actor=actor)


def _move_unit(unit: ApartmentUnit, to_status: str) -> None:
    if not unit.can_move_to(to_status):
        raise ValidationError(
            _("This unit is %(status)s."),
            code="unit_not_free",
            params={"status": unit.get_status_display().lower()},
        )
    unit.status = to_status
    unit.save(update_fields=["status", "updated_at"])


def _locked_application(application: ApartmentApplication) -> ApartmentApplication:
    return (
        ApartmentApplication.objects.select_for_update(of=("self",))
        .select_related("applicant", "employer")
        .get(pk=application.pk)
    )


def _locked_for_officer(application: ApartmentApplication, by) -> ApartmentApplication:
    """An officer's step: their right to take it checked, then the application locked."""
    require_officer(by, Area.APARTMENTS)
    return _locked_application(application)


def _locked_with_unit(application: ApartmentApplication):
    """The application and the unit it holds (or ``None``), both locked, unit first as
    everywhere. The caller checks the unit is still the application's under the locks."""
    unit_id = ApartmentApplication.objects.filter(pk=application.pk).values_list(
        "unit_id", flat=True
    )[0]
    unit = _locked_unit(unit_id) if unit_id else None
    return _locked_application(application), unit


def _free_unit(application: ApartmentApplication, unit: ApartmentUnit) -> None:
    _move_unit(unit, ApartmentUnit.Status.AVAILABLE)
    application.unit = None
    application.offer_expires_at = None


def _locked_unit(unit_id) -> ApartmentUnit:
    return (
        ApartmentUnit.objects.select_for_update(of=("self",))
        .select_related("building")
        .get(pk=unit_id)
    )


@transaction.atomic
def apply_for_apartment(
    *,
    applicant,
    household_size: int,
    move_in_date,
    budget: int,
    employer,
    current_housing: str,
) -> ApartmentApplication:
    """Apply for a talent apartment; officers who cover housing are told.

    Needs a verified hub profile; one live application per person; the move-in date
    not in the past; the employer an active enterprise of the Innovation Center.
    """
    profile = getattr(applicant, "talent_profile", None)
    if profile is None or not profile.is_verified:
        raise ValidationError(
            _(
                "Talent apartments are for professionals with a verified hub profile. "
                "Submit your profile for review first."
            ),
            code="profile_not_verified",
        )
    if move_in_date < timezone.localdate():
        raise ValidationError(
            {"move_in_date": _("The move-in date cannot be in the past.")}, code="past"
        )
    if employer is None or not employer.is_active:
        raise ValidationError(
            {"employer": _("Choose your employer among the Innovation Center's enterprises.")},
            code="employer",
        )
    application = ApartmentApplication(
        applicant=applicant,
        household_size=household_size,
        move_in_date=move_in_date,
        budget=budget,
        employer=employer,
        current_housing=(current_housing or "").strip(),
    )
    application.full_clean()
    application.save()
    _record_apartment_step(
        application=application, from_state="", cause="submitted", actor=applicant
    )
    _notify_apartment(application=application, cause="submitted")
    for officer in _officers_for(RequestCategory.HOUSING):
        notify(
            recipient=officer,
            kind=Kind.APARTMENT_APPLICATION_UPDATED,
            context={
                "cause": "received",
                "status_label": "Submitted",
                "unit": "",
                "answer_by": "",
                "position": "",
            },
            actor=applicant,
            link=reverse("admin:services_apartmentapplication_change", args=[application.pk]),
        )
    return application


@transaction.atomic
def confirm_employer(*, application: ApartmentApplication, by) -> ApartmentApplication:
    """An officer confirms the applicant works at the enterprise they named (recorded)."""
    application = _locked_for_officer(application, by)
    if application.status not in (
        ApartmentApplication.Status.SUBMITTED,
        ApartmentApplication.Status.WAITLISTED,
    ):
        raise ValidationError(_("This application is no longer open."), code="closed")
    if application.employer_confirmed:
        return application
    application.employer_confirmed_by = by
    application.employer_confirmed_at = timezone.now()
    application.save(update_fields=["employer_confirmed_by", "employer_confirmed_at", "updated_at"])
    _record_apartment_step(
        application=application,
        from_state=application.status,
        cause="employer_confirmed",
        actor=by,
    )
    _notify_apartment(application=application, cause="employer_confirmed", actor=by)
    return application


def _require_eligible(application: ApartmentApplication) -> None:
    problems = apartment_eligibility(application)
    if problems:
        raise ValidationError(" ".join(problems), code="not_eligible")


@transaction.atomic
def place_on_waiting_list(*, application: ApartmentApplication, by) -> ApartmentApplication:
    """Put an eligible application at the end of the waiting list. Officers only."""
    application = _locked_for_officer(application, by)
    _require_eligible(application)
    application.queued_at = timezone.now()
    _move_application(application, ApartmentApplication.Status.WAITLISTED, actor=by)
    return application


@transaction.atomic
def offer_unit(
    *, application: ApartmentApplication, unit: ApartmentUnit, by, days: int = OFFER_DAYS
) -> ApartmentApplication:
    """Offer ``unit`` to ``application``; they answer within ``days`` days.

    Never offers one unit to two people at once: the unit's row is locked
    (``SELECT … FOR UPDATE``) and must still be free under the lock, so of two
    officers offering the last unit at the same moment one succeeds and the other is
    told it is taken; the partial unique index "one holder per unit" backs it up in the
    database. Locks are taken unit first, then application, everywhere. Officers only.
    """
    require_officer(by, Area.APARTMENTS)
    if not 1 <= days <= 60:
        raise ValidationError(_("Give between 1 and 60 days to answer."), code="days")
    unit = _locked_unit(unit.pk)
    application = _locked_application(application)
    if unit.status != ApartmentUnit.Status.AVAILABLE:
        raise ValidationError(
            _("Unit %(unit)s is no longer free."), code="unit_taken", params={"unit": unit}
        )
    _require_eligible(application)
    if not application.can_move_to(ApartmentApplication.Status.OFFERED):
        raise ValidationError(
            _("This application cannot be offered a unit now."), code="bad_transition"
        )
    _move_unit(unit, ApartmentUnit.Status.OFFERED)
    application.unit = unit
    application.offer_expires_at = timezone.now() + timedelta(days=days)
    _move_application(application, ApartmentApplication.Status.OFFERED, actor=by)
    return application


def _back_to_waiting_list(*, application: ApartmentApplication, unit, cause: str, actor):
    # The rule on the page: a declined or lapsed offer frees the unit and puts the
    # person at the end of the waiting list.
    _free_unit(application, unit)
    application.queued_at = timezone.now()
    _move_application(application, ApartmentApplication.Status.WAITLISTED, actor=actor, cause=cause)


@transaction.atomic
def respond_to_offer(
    *, application: ApartmentApplication, by, accept: bool
) -> ApartmentApplication:
    """The applicant accepts or declines the unit offered, before the deadline.

    Accepting lets the unit to them; declining frees it and puts them at the end of
    the waiting list. Only the applicant answers.
    """
    if by.pk != application.applicant_id:
        raise PermissionDenied("only the applicant answers an offer")
    application, unit = _locked_with_unit(application)
    if (
        unit is None
        or application.status != ApartmentApplication.Status.OFFERED
        or application.unit_id != unit.pk
    ):
        raise ValidationError(_("There is no offer to answer."), code="no_offer")
    if application.offer_expires_at and application.offer_expires_at < timezone.now():
        raise ValidationError(_("The time to answer this offer has passed."), code="offer_expired")
    if accept:
        _move_unit(unit, ApartmentUnit.Status.LET)
        application.offer_expires_at = None
        _move_application(application, ApartmentApplication.Status.ACCEPTED, actor=by)
    else:
        _back_to_waiting_list(application=application, unit=unit, cause="declined", actor=by)
    return application


def expire_apartment_offers(*, now=None) -> int:
    """Offers not answered by their deadline lapse: the unit is free again and the
    person goes to the end of the waiting list (told). Idempotent: an offer already
    answered or lapsed is skipped under its lock. Returns how many lapsed."""
    now = now or timezone.now()
    due = ApartmentApplication.objects.filter(
        status=ApartmentApplication.Status.OFFERED, offer_expires_at__lt=now
    ).values_list("pk", "unit_id")
    lapsed = 0
    for pk, unit_id in due:
        with transaction.atomic():
            unit = _locked_unit(unit_id)
            application = _locked_application(ApartmentApplication(pk=pk))
            if (
                application.status != ApartmentApplication.Status.OFFERED
                or application.unit_id != unit.pk
                or application.offer_expires_at is None
                or application.offer_expires_at >= now
            ):
                continue
            _back_to_waiting_list(application=application, unit=unit, cause="expired", actor=None)
            lapsed += 1
    return lapsed


@transaction.atomic
def record_lease(
    *, application: ApartmentApplication, lease_start, lease_end, by
) -> ApartmentApplication:
    """Record the signed lease of an accepted offer (start and end). Officers only."""
    application = _locked_for_officer(application, by)
    if lease_start is None or lease_end is None or lease_end <= lease_start:
        raise ValidationError(_("Give the lease's start and an end after it."), code="lease_dates")
    application.lease_start = lease_start
    application.lease_end = lease_end
    application.full_clean(validate_unique=False)
    _move_application(application, ApartmentApplication.Status.LEASED, actor=by)
    return application


@transaction.atomic
def reject_apartment_application(
    *, application: ApartmentApplication, by, reason: str = ""
) -> ApartmentApplication:
    """An officer finds the application not eligible (the reason is shown). Officers only."""
    application = _locked_for_officer(application, by)
    _move_application(application, ApartmentApplication.Status.REJECTED, actor=by, reason=reason)
    return application


@transaction.atomic
def withdraw_apartment_application(
    *, application: ApartmentApplication, by
) -> ApartmentApplication:
    """The applicant withdraws; a unit offered or accepted is free again."""
    if by.pk != application.applicant_id:
        raise PermissionDenied("only the applicant withdraws")
    application, unit = _locked_with_unit(application)
    if application.status == ApartmentApplication.Status.LEASED:
        raise ValidationError(
            _("Your lease is signed: talk to your talent officer to end it."), code="leased"
        )
    if unit is not None and application.unit_id == unit.pk:
        _free_unit(application, unit)
    _move_application(application, ApartmentApplication.Status.WITHDRAWN, actor=by)
    return application


# ------------------------------------------------------------------------------
# Work-permit points tables
# ------------------------------------------------------------------------------
@transaction.atomic
def copy_points_table(*, table: PermitPointsTable, by) -> PermitPointsTable:
    """A draft of a new version: ``table`` with its factors and bands, not current.

    Officers edit the copy (source, date, bands) and mark it current when the
    authority publishes it: no deploy. Officers only.
    """
    require_officer(by, Area.CONTENT)
    factors = list(table.factors.prefetch_related("bands"))
    version = f"{table.version}-copy"
    while PermitPointsTable.objects.filter(version=version).exists():
        version += "-1"
    copy = PermitPointsTable.objects.get(pk=table.pk)
    copy.pk = None
    copy.version = version
    copy.is_current = False
    copy.save()
    for factor in factors:
        bands = list(factor.bands.all())
        factor.pk = None
        factor.table = copy
        factor.save()
        for band in bands:
            band.pk = None
            band.factor = factor
            band.save()
    return copy
