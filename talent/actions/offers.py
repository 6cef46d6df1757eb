"""Offers: drafted by a member of the enterprise, approved by an admin (not their
author) unless an admin drafted it, accepted or declined by the candidate, withdrawn,
or expired by the daily beat. Every move is an ``OfferTransition`` and is notified."""

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.core.bilingual import both
from westbund.core.text import clean_text, reject_control_characters, strip_bidi_controls
from westbund.notifications.actions import notify, notify_many
from westbund.notifications.models import Kind

from ..models import (
    OFFER_LETTER_MAX_LENGTH,
    OFFER_POSITION_MAX_LENGTH,
    OFFER_SALARY_MAX,
    Application,
    Offer,
    OfferTransition,
)
from .applications import move_application
from .conversations import application_team


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def _english_url(make, *args, **kwargs) -> str:
    with translation.override("en"):
        return make(*args, **kwargs)


def role_openings_filled(role) -> bool:
    """Whether a published role has as many hired applicants as openings: the
    recruiter is asked whether to close it."""
    from enterprises.models import Role

    if role.state != Role.State.PUBLISHED:
        return False
    return role.applications.filter(stage=Application.Stage.HIRED).count() >= role.openings


def _clean_salary(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            value = None
    if value is None or not 1 <= value <= OFFER_SALARY_MAX:
        raise ValidationError(
            {
                "annual_salary": ValidationError(
                    _("Give the annual salary in yuan, as a whole number."), code="bad_salary"
                )
            }
        )
    return value


def _clean_dates(*, start_date: date, expires_on: date) -> None:
    today = timezone.localdate()
    errors = {}
    if not isinstance(start_date, date) or start_date < today:
        errors["start_date"] = ValidationError(
            _("The start date cannot be in the past."), code="start_in_past"
        )
    if not isinstance(expires_on, date) or expires_on < today:
        errors["expires_on"] = ValidationError(
            _("The offer cannot expire before today."), code="expires_in_past"
        )
    if errors:
        raise ValidationError(errors)


def _locked(offer: Offer) -> Offer:
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related(
            "application", "application__role", "application__profile__user", "enterprise"
        )
        .get(pk=offer.pk)
    )
    offer.status = locked.status
    return locked


def _move(offer: Offer, *, to: str, by, reason: str = "", cause: str = "") -> OfferTransition:
    now = timezone.now()
    changes = {}
    if to == Offer.Status.SENT:
        changes = {"sent_at": now}
    if to in {Offer.Status.ACCEPTED, Offer.Status.DECLINED}:
        changes = {"decided_at": now}
    return offer.move(
        to,
        by=by,
        history=OfferTransition,
        refusal=_("An offer that is “%(from)s” cannot become “%(to)s”."),
        reason=reason,
        cause=cause,
        changes=changes,
        at=now,
    )


def _context(offer: Offer, **extra) -> dict:
    application = offer.application
    role = application.role
    return {
        "role_title": both(role, "title"),
        "enterprise_name": both(offer.enterprise, "name"),
        "applicant_name": application.applicant_name,
        "position": offer.position,
        "expires": offer.expires_on.isoformat(),
        **extra,
    }


def _letter_path_for_candidate(offer: Offer) -> str:
    from django.urls import reverse

    return _english_url(
        reverse, "talent:offer_pdf", kwargs={"pk": offer.application_id, "offer_pk": offer.pk}
    )


def _tell_candidate(offer: Offer, *, kind, by, **extra) -> None:
    application = offer.application
    if application.profile_id is None:
        return
    notify(
        recipient=application.profile.user,
        kind=kind,
        context=_context(
            offer, for_candidate=True, letter_path=_letter_path_for_candidate(offer), **extra
        ),
        actor=by,
        link=_english_url(application.get_absolute_url),
    )


def _tell_team(offer: Offer, *, by, extra_recipients=(), **extra) -> None:
    application = offer.application
    recipients = [*application_team(application), *extra_recipients]
    notify_many(
        recipients=recipients,
        kind=Kind.OFFER_STATUS_CHANGED,
        context=_context(offer, letter_path=_english_url(offer.workspace_pdf_url), **extra),
        actor=by,
        link=_english_url(application.workspace_url),
    )


class OfferTerms(TypedDict):
    """What a draft offer says, as ``draft_offer`` and ``change_draft_offer`` take it
    (every key required: keyword-only arguments, typed once)."""

    position: str
    annual_salary: int | str
    start_date: date
    expires_on: date
    letter: str


def _clean_terms(*, position, annual_salary, start_date, expires_on, letter) -> OfferTerms:
    """An offer's terms as a draft holds them, each refused by its field."""
    position = clean_text(
        position,
        field="position",
        limit=OFFER_POSITION_MAX_LENGTH,
        required_message=_("Name the position offered."),
    )
    letter = clean_text(
        letter,
        field="letter",
        limit=OFFER_LETTER_MAX_LENGTH,
        required_message=_("Write the offer letter."),
    )
    annual_salary = _clean_salary(annual_salary)
    _clean_dates(start_date=start_date, expires_on=expires_on)
    return {
        "position": position,
        "annual_salary": annual_salary,
        "start_date": start_date,
        "expires_on": expires_on,
        "letter": letter,
    }


@transaction.atomic
def draft_offer(*, application: Application, by, **terms: Unpack[OfferTerms]) -> Offer:
    """A draft offer for ``application``, its letter in the candidate's language.

    Only a member of the enterprise applied to; not for a closed or anonymised
    application, nor while another offer is open. Refused (``ValidationError`` by
    field, nothing saved): an empty or over-long position or letter, control
    characters, a salary that is not a whole number of yuan, a start date in the past,
    an expiry before today. Nobody is told yet: ``submit_offer`` does that.
    """
    permissions.require_member(by, application.enterprise_id)
    terms = _clean_terms(**terms)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("profile__user")
        .get(pk=application.pk)
    )
    if application.is_anonymised or application.is_final:
        raise ValidationError(
            _("This application is closed: no offer can be made on it."), code="closed"
        )
    if application.offers.open().exists():
        raise ValidationError(
            _("This application already has an open offer: withdraw it first."),
            code="open_offer",
        )
    offer = Offer(
        application=application,
        enterprise_id=application.enterprise_id,
        language=application.candidate_language(),
        drafted_by=by,
        **terms,
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This application already has an open offer: withdraw it first."),
            code="open_offer",
        ) from error
    OfferTransition.objects.create(
        offer=offer, actor=by, created_at=offer.created_at, from_state="", to_state=offer.status
    )
    return offer


@transaction.atomic
def change_draft_offer(*, offer: Offer, by, **terms: Unpack[OfferTerms]) -> Offer:
    """Change the terms of a draft (a typo in the letter, another salary), refused as
    ``draft_offer`` refuses them. Only a member of the enterprise, and only while it is
    a draft: once submitted or sent, it is withdrawn and drafted again, so that what an
    admin approved or the candidate read is never changed behind them. A draft is no
    state of the offer's lifecycle that anyone is told of: no history row."""
    permissions.require_member(by, offer.enterprise_id)
    terms = _clean_terms(**terms)
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed: withdraw this offer and draft a new one."),
            code="not_draft",
        )
    for field, value in terms.items():
        setattr(offer, field, value)
    offer.save(update_fields=[*terms, "updated_at"])
    return offer


def _refuse_if_expired(offer: Offer) -> None:
    if offer.is_past_expiry:
        raise ValidationError(
            _("This offer expired on %(date)s.") % {"date": date_format(offer.expires_on)},
            code="expired",
        )


def _lock_application(offer: Offer) -> None:
    """Lock the offer's application before the offer: closing an application
    (``close_open_offers_and_interviews``) takes them in that order, so the two wait
    for each other instead of deadlocking."""
    Application.objects.select_for_update().filter(pk=offer.application_id).exists()


def _refuse_if_application_closed(offer: Offer) -> None:
    """An offer lives only as long as its application: one rejected, withdrawn or
    anonymised has its offers withdrawn; this guards against a race with that and
    against offers left open before the rule."""
    stage, anonymised_at = Application.objects.values_list("stage", "anonymised_at").get(
        pk=offer.application_id
    )
    offer.application.stage = stage
    if anonymised_at is not None or stage in {
        Application.Stage.REJECTED,
        Application.Stage.WITHDRAWN,
    }:
        raise ValidationError(
            _("This application is closed (“%(stage)s”): the offer can no longer go ahead.")
            % {"stage": Application.Stage(stage).label},
            code="application_closed",
        )


def _send(offer: Offer, *, by, cause: str = "") -> None:
    # The stage as it is now, under the application's lock (taken first by the
    # caller): the offer's select_related copy may be older than a colleague's move.
    _refuse_if_application_closed(offer)
    _move(offer, to=Offer.Status.SENT, by=by, cause=cause)
    application = offer.application
    # The pipeline shows where the candidate stands: an offer is out. Only a move the
    # pipeline allows (one already at offer, or closed, stays where it is).
    if application.stage != Application.Stage.OFFER and application.can_move_to(
        Application.Stage.OFFER
    ):
        move_application(
            application=application, to_stage=Application.Stage.OFFER, by=by, offer=offer
        )
    _tell_candidate(offer, kind=Kind.OFFER_RECEIVED, by=by)


@transaction.atomic
def submit_offer(*, offer: Offer, by) -> Offer:
    """Send a draft on: an admin's goes to the candidate (``offer_received``), a
    recruiter's waits for an admin's approval (``offer_approval_requested`` to the
    enterprise's admins)."""
    permissions.require_member(by, offer.enterprise_id)
    _lock_application(offer)
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise ValidationError(_("Only a draft offer can be submitted."), code="not_draft")
    _refuse_if_expired(offer)
    _refuse_if_application_closed(offer)
    if permissions.is_enterprise_admin(by, offer.enterprise_id):
        offer.approved_by = by
        offer.save(update_fields=["approved_by"])
        _send(offer, by=by)
        _tell_team(offer, by=by, status_label=_english(Offer.Status.SENT.label))
        return offer
    _move(offer, to=Offer.Status.AWAITING_APPROVAL, by=by)
    notify_many(
        recipients=offer.enterprise.admin_users(),
        kind=Kind.OFFER_APPROVAL_REQUESTED,
        context=_context(
            offer,
            drafter_name=by.display_name or by.email,
            annual_salary=offer.annual_salary,
            letter_path=_english_url(offer.workspace_pdf_url),
        ),
        actor=by,
        link=_english_url(offer.application.workspace_url),
    )
    return offer


@transaction.atomic
def approve_offer(*, offer: Offer, by) -> Offer:
    """An admin of the enterprise approves a recruiter's offer: it goes to the candidate.

    Never its own author (``PermissionDenied``): the approval is a second pair of eyes.
    """
    permissions.require_enterprise_admin(by, offer.enterprise_id)
    _lock_application(offer)
    offer = _locked(offer)
    if offer.drafted_by_id == by.pk:
        raise PermissionDenied("An offer is approved by someone other than its author.")
    if offer.status != Offer.Status.AWAITING_APPROVAL:
        raise ValidationError(
            _("Only an offer awaiting approval can be approved."), code="not_awaiting"
        )
    _refuse_if_expired(offer)
    offer.approved_by = by
    offer.save(update_fields=["approved_by"])
    _send(offer, by=by, cause=OfferTransition.Cause.APPROVED)
    _tell_team(
        offer,
        by=by,
        extra_recipients=[offer.drafted_by] if offer.drafted_by else [],
        status_label=_english(Offer.Status.SENT.label),
        approved=True,
    )
    return offer


@transaction.atomic
def withdraw_offer(*, offer: Offer, by, reason: str = "") -> Offer:
    """A member withdraws an open offer; the candidate is told (with the reason) when
    they had received it, the admins when it was awaiting their approval."""
    permissions.require_member(by, offer.enterprise_id)
    reason = strip_bidi_controls((reason or "").strip())
    reject_control_characters(reason)
    if len(reason) > 2000:
        raise ValidationError(_("Keep the reason within 2000 characters."), code="reason_too_long")
    offer = _locked(offer)
    was_status = offer.status
    _move(offer, to=Offer.Status.WITHDRAWN, by=by, reason=reason)
    label = _english(Offer.Status.WITHDRAWN.label)
    if was_status == Offer.Status.SENT:
        _tell_candidate(
            offer, kind=Kind.OFFER_STATUS_CHANGED, by=by, status_label=label, reason=reason
        )
    _tell_team(
        offer,
        by=by,
        extra_recipients=_approvers_asked(offer, was_status),
        status_label=label,
        reason=reason,
    )
    return offer


def _approvers_asked(offer: Offer, was_status: str) -> list:
    """The admins asked to approve an offer that was awaiting their approval: their
    request is void now."""
    if was_status != Offer.Status.AWAITING_APPROVAL:
        return []
    return list(offer.enterprise.admin_users())


def withdraw_open_offers(*, application: Application, by, cause: str) -> list[Offer]:
    """Withdraw every open offer of ``application``, which is being closed (the
    caller holds its lock and has checked ``by``), each recorded with ``cause`` (an
    ``OfferTransition.Cause``) in the caller's transaction.

    The team is told, as for any withdrawal (an admin asked to approve it must not act
    on it). The candidate is told only of an offer they had received, and only when
    the enterprise closed the application: a draft or an offer awaiting approval was
    never theirs to hold, and someone who withdrew (or left) did it themselves.
    """
    tell_candidate = cause == OfferTransition.Cause.APPLICATION_REJECTED
    label = _english(Offer.Status.WITHDRAWN.label)
    offers = list(
        Offer.objects.select_for_update(of=("self",))
        .open()
        .filter(application_id=application.pk)
        .select_related("application__role", "application__profile__user", "enterprise")
    )
    for offer in offers:
        was_status = offer.status
        _move(offer, to=Offer.Status.WITHDRAWN, by=by, cause=cause)
        if was_status == Offer.Status.SENT and tell_candidate:
            _tell_candidate(offer, kind=Kind.OFFER_STATUS_CHANGED, by=by, status_label=label)
        _tell_team(
            offer, by=by, extra_recipients=_approvers_asked(offer, was_status), status_label=label
        )
    return offers


def _require_candidate(offer: Offer, user) -> None:
    profile = offer.application.profile
    if profile is None or profile.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the candidate answers an offer.")


@transaction.atomic
def accept_offer(*, offer: Offer, by) -> Offer:
    """The candidate accepts a sent offer before it expires: the application moves to
    hired (``move_application``), the team is told, and asked to close the role when
    its openings are filled."""
    _lock_application(offer)
    offer = _locked(offer)
    _require_candidate(offer, by)
    if offer.status != Offer.Status.SENT:
        raise ValidationError(_("This offer can no longer be answered."), code="not_sent")
    _refuse_if_expired(offer)
    _refuse_if_application_closed(offer)
    _move(offer, to=Offer.Status.ACCEPTED, by=by)
    application = offer.application
    if application.stage != Application.Stage.HIRED:
        move_application(
            application=application, to_stage=Application.Stage.HIRED, by=by, offer=offer
        )
    _tell_team(
        offer,
        by=by,
        status_label=_english(Offer.Status.ACCEPTED.label),
        openings_filled=role_openings_filled(application.role),
    )
    return offer


@transaction.atomic
def decline_offer(*, offer: Offer, by, reason: str) -> Offer:
    """The candidate declines a sent offer, with a reason the enterprise reads."""
    offer = _locked(offer)
    _require_candidate(offer, by)
    reason = clean_text(
        reason,
        field="reason",
        limit=2000,
        required_message=_("Tell the enterprise why you decline."),
    )
    if offer.status != Offer.Status.SENT:
        raise ValidationError(_("This offer can no longer be answered."), code="not_sent")
    offer.decline_reason = reason
    offer.save(update_fields=["decline_reason"])
    _move(offer, to=Offer.Status.DECLINED, by=by, reason=reason)
    _tell_team(offer, by=by, status_label=_english(Offer.Status.DECLINED.label), reason=reason)
    return offer


def expire_offers(*, today: date | None = None) -> int:
    """Every open offer whose expiry date is before ``today`` expires, one transaction
    each, recorded with the cause ``expired`` and no actor; the candidate (when it was
    sent to them) and the team are told. Idempotent: only open offers move."""
    today = today or timezone.localdate()
    ids = list(Offer.objects.open().filter(expires_on__lt=today).values_list("pk", flat=True))
    expired = 0
    for offer_id in ids:
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update(of=("self",), skip_locked=True)
                .open()
                .filter(pk=offer_id, expires_on__lt=today)
                .select_related("application__role", "application__profile__user", "enterprise")
                .first()
            )
            if offer is None:
                continue
            was_sent = offer.status == Offer.Status.SENT
            _move(offer, to=Offer.Status.EXPIRED, by=None, cause=OfferTransition.Cause.EXPIRED)
            label = _english(Offer.Status.EXPIRED.label)
            if was_sent:
                _tell_candidate(offer, kind=Kind.OFFER_STATUS_CHANGED, by=None, status_label=label)
            _tell_team(offer, by=None, status_label=label)
            expired += 1
    return expired
