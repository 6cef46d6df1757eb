"""Applications: submit, move through the stages, undo, withdraw, notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.core.bilingual import both, in_english
from westbund.core.bulk import BulkResult, apply_to_each
from westbund.core.history import record_transition
from westbund.core.links import validate_web_link
from westbund.core.notes import write_note
from westbund.core.text import strip_bidi_controls
from westbund.notifications.actions import notify, notify_many
from westbund.notifications.models import Kind
from westbund.privacy.models import ConsentKind

from ..models import (
    ANSWER_MAX_LENGTH,
    APPLICATION_QUESTIONS,
    LINK_QUESTIONS,
    Application,
    ApplicationNote,
    ApplicationStageChange,
    InterviewEvent,
    OfferTransition,
    TalentProfile,
)
from .interviews import cancel_upcoming_interviews
from .profiles import is_officer


def _clean_answers(answers: dict | None) -> dict[str, str]:
    known = {key for key, _label in APPLICATION_QUESTIONS}
    cleaned = {}
    for key, value in (answers or {}).items():
        if key not in known:
            raise ValidationError(_("Unknown question."), code="unknown_question")
        value = (value or "").strip()
        if len(value) > ANSWER_MAX_LENGTH:
            raise ValidationError(
                _("Keep each answer within %(limit)d characters.") % {"limit": ANSWER_MAX_LENGTH},
                code="answer_too_long",
            )
        if value and key in LINK_QUESTIONS:
            validate_web_link(value)
        if value:
            cleaned[key] = strip_bidi_controls(value)
    return cleaned


def application_refusal(*, profile: TalentProfile | None, role) -> ValidationError | None:
    """Why ``profile`` cannot apply to ``role`` now (None: it can). The apply page asks
    this before showing the form; ``submit_application`` asks it again."""
    if not role.is_open_for_applications():
        return ValidationError(_("This role no longer accepts applications."), code="role_closed")
    if profile is None:
        return ValidationError(
            _("Create your talent profile first: enterprises see it when you apply."),
            code="no_profile",
        )
    refusal = profile.incompleteness_refusal()
    if refusal is not None:
        return refusal
    existing = Application.objects.filter(profile=profile, role=role).first()
    if existing is not None:
        return ValidationError(
            _("You already applied to this role on %(date)s.")
            % {"date": date_format(timezone.localdate(existing.created_at))},
            code="duplicate",
        )
    return None


@transaction.atomic
def submit_application(
    *,
    profile: TalentProfile,
    role,
    cover_letter: str,
    answers: dict | None = None,
    source: str = Application.Source.DIRECT,
) -> Application:
    """Apply ``profile`` to ``role`` with the profile's current CV.

    ``source`` records where the person came from (``Application.Source``; the apply
    view takes it from the link's ``src`` through ``Source.from_link``).

    Refused (``ValidationError``, nothing saved) when the role is not open (not
    published, deadline passed, enterprise inactive), the profile is incomplete, the
    professional has not consented to sharing their profile with enterprises, or they
    already applied. The enterprise's recruiters are told (``application_received``).
    """
    # The profile row is the lock: two submissions of the same person wait for each
    # other, and the second finds the first.
    profile = TalentProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if refusal := application_refusal(profile=profile, role=role):
        raise refusal
    if not profile.has_consent(ConsentKind.SHARE_WITH_ENTERPRISES):
        raise ValidationError(
            _("Agree to share your profile and CV with this enterprise to apply."),
            code="consent_required",
        )
    application = Application(
        profile=profile,
        role=role,
        enterprise_id=role.enterprise_id,
        cv_id=profile.current_cv_id,
        cover_letter=strip_bidi_controls((cover_letter or "").strip()),
        answers=_clean_answers(answers),
        source=Application.Source(source),
    )
    application.full_clean(exclude=["profile", "role", "enterprise", "cv"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(_("You already applied to this role."), code="duplicate") from error
    record_transition(
        ApplicationStageChange,
        application,
        actor=profile.user,
        from_state="",
        to_state=Application.Stage.NEW,
        created_at=application.created_at,
    )
    enterprise = role.enterprise
    notify_many(
        recipients=enterprise.recruiter_users(),
        kind=Kind.APPLICATION_RECEIVED,
        context={
            "role_title": both(role, "title"),
            "enterprise_name": both(enterprise, "name"),
            "applicant_name": profile.full_name,
        },
        actor=profile.user,
        link=_english_url(application.workspace_url),
    )
    return application


def _english_url(make) -> str:
    with translation.override("en"):
        return make()


def _locked_application(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    application.stage = locked.stage
    return application


def _is_member(user, enterprise_id) -> bool:
    return permissions.is_member(user, enterprise_id)


def _may_act_for_enterprise(user, application: Application) -> bool:
    return _is_member(user, application.enterprise_id) or is_officer(user)


def _record_stage(
    application,
    *,
    to_stage,
    by,
    reason="",
    internal=False,
    kind=ApplicationStageChange.Kind.MOVE,
    cause="",
):
    now = timezone.now()
    return application.move(
        to_stage,
        by=by,
        history=ApplicationStageChange,
        reason=reason,
        cause=cause,
        changes={"stage_changed_at": now, "rejection_reason": application.rejection_reason},
        at=now,
        correction=kind == ApplicationStageChange.Kind.CORRECTION,
        internal=internal,
        kind=kind,
    )


def _tell_applicant(application: Application, *, to_stage, by, reason: str, internal: bool):
    """The professional reads where their application now stands (nobody to tell for
    an anonymised one)."""
    if application.profile_id is None:
        return
    role = application.role
    context = {
        **role.notice_names(),
        "stage_label": in_english(to_stage.label),
    }
    if reason and not internal:
        context["reason"] = reason
    notify(
        recipient=application.profile.user,
        kind=Kind.APPLICATION_STAGE_CHANGED,
        context=context,
        actor=by,
        link=_english_url(application.get_absolute_url),
    )


def _clean_reason(reason: str) -> str:
    reason = strip_bidi_controls((reason or "").strip())
    if len(reason) > 2000:
        raise ValidationError(_("Keep the reason within 2000 characters."), code="reason_too_long")
    return reason


# Why an application closed, as the code its offers' and interviews' histories record
# (``OfferTransition.Cause`` and ``InterviewEvent.Cause`` share these codes).
CLOSING_CAUSES = {
    Application.Stage.REJECTED: OfferTransition.Cause.APPLICATION_REJECTED,
    Application.Stage.WITHDRAWN: OfferTransition.Cause.APPLICATION_WITHDRAWN,
}


def close_open_offers_and_interviews(*, application: Application, by, cause: str) -> None:
    """What was still open on an application that closes goes with it, in the same
    transaction (the caller holds the application's lock and has checked ``by``): its
    open offers are withdrawn (``withdraw_open_offers``), its upcoming interviews
    cancelled with the calendar's cancellation (``cancel_upcoming_interviews``), each
    recorded with ``cause``: ``application_rejected``, ``application_withdrawn`` or
    ``candidate_left`` (the account was deleted)."""
    # The offers module imports this one (an offer moves its application).
    from .offers import withdraw_open_offers

    if cause not in OfferTransition.Cause.values or cause not in InterviewEvent.Cause.values:
        raise ValueError(f"No closing cause {cause!r}")
    withdraw_open_offers(application=application, by=by, cause=cause)
    cancel_upcoming_interviews(application=application, by=by, cause=cause)


@transaction.atomic
def move_application(
    *,
    application: Application,
    to_stage: str,
    by,
    reason: str = "",
    internal: bool = False,
    offer=None,
) -> Application:
    """Move an application along the enterprise's pipeline (forward, a step may be
    skipped) or reject it, recorded with who, when and why.

    Only members of the enterprise applied to, or talent officers, may. A rejection
    needs a reason, which the professional reads; another move's reason is shown to
    them unless ``internal``. The professional is told (``application_stage_changed``).
    An anonymised application (the person deleted their account) can only be rejected,
    silently and without a reason: nobody is left to move forward or to tell.
    ``offer``: the offer on this application that makes the move, recorded with its
    cause: sent, it moves the application to offer, by the member who sent it
    (``submit_offer``, ``approve_offer``); accepted, to hired, by the candidate
    (``accept_offer``). The candidate is not told of the stage: the offer's own
    notification (or their own click) already tells them.
    """
    cause = ""
    if offer is not None:
        if offer.application_id != application.pk:
            raise PermissionDenied("An offer moves only its own application.")
        if _accepted_by_candidate(offer, application, by, to_stage):
            cause = ApplicationStageChange.Cause.OFFER_ACCEPTED
        elif _sent_by_member(offer, application, by, to_stage):
            cause = ApplicationStageChange.Cause.OFFER_SENT
        else:
            raise PermissionDenied("Only a sent or accepted offer moves an application.")
    elif not _may_act_for_enterprise(by, application):
        raise PermissionDenied("Only the enterprise applied to moves an application.")
    if to_stage not in Application.Stage.values:
        raise ValidationError(_("Choose a stage."), code="invalid_stage")
    to_stage = Application.Stage(to_stage)
    reason = _clean_reason(reason)
    _locked_application(application)
    if to_stage in Application.APPLICANT_MOVES or not application.can_move_to(to_stage):
        raise ValidationError(
            _("An application in “%(from)s” cannot move to “%(to)s”.")
            % {
                "from": Application.Stage(application.stage).label,
                "to": to_stage.label,
            },
            code="invalid_transition",
        )
    if to_stage == Application.Stage.REJECTED:
        if not reason and not application.is_anonymised:
            raise ValidationError(
                _("Give the professional a reason for the rejection."), code="reason_required"
            )
        internal = False
        application.rejection_reason = reason
    _record_stage(
        application, to_stage=to_stage, by=by, reason=reason, internal=internal, cause=cause
    )
    if to_stage == Application.Stage.REJECTED:
        close_open_offers_and_interviews(
            application=application, by=by, cause=CLOSING_CAUSES[to_stage]
        )
    if offer is None:
        _tell_applicant(application, to_stage=to_stage, by=by, reason=reason, internal=internal)
    return application


def _accepted_by_candidate(offer, application: Application, by, to_stage: str) -> bool:
    return (
        offer.application_id == application.pk
        and offer.status == offer.Status.ACCEPTED
        and to_stage == Application.Stage.HIRED
        and application.profile_id is not None
        and application.profile.user_id == getattr(by, "pk", None)
    )


def _sent_by_member(offer, application: Application, by, to_stage: str) -> bool:
    return (
        offer.status == offer.Status.SENT
        and to_stage == Application.Stage.OFFER
        and _is_member(by, application.enterprise_id)
    )


def move_applications(
    *,
    applications,
    to_stage: str,
    by,
    reason: str = "",
    internal: bool = False,
    message_template=None,
) -> BulkResult:
    """Move each of ``applications`` as ``move_application`` does (its rules, its
    history row, its notification), each on its own: a refused application is left
    exactly as it was and reported in ``BulkResult.errors`` with the reason, the others
    move.

    ``message_template``: the hook for the enterprise's message templates (sent to each
    moved applicant). None today; whoever adds the templates wires
    ``_send_message_template`` below.
    """

    def move(application):
        move_application(
            application=application, to_stage=to_stage, by=by, reason=reason, internal=internal
        )
        if message_template is not None:
            _send_message_template(application, message_template=message_template, by=by)

    return apply_to_each(applications, move)


def _send_message_template(application, *, message_template, by) -> None:
    """Send ``message_template`` to the applicant of a just-moved application (inside
    that application's savepoint: a failure leaves the move undone too)."""
    from ..models import MessageTemplate
    from .conversations import send_template_message

    template = message_template
    if not isinstance(template, MessageTemplate):
        template = MessageTemplate.objects.filter(
            enterprise_id=application.enterprise_id, pk=message_template
        ).first()
    if template is None or template.enterprise_id != application.enterprise_id:
        raise ValidationError(
            _("Choose one of your enterprise's message templates."), code="unknown_template"
        )
    send_template_message(application=application, template=template, by=by)


@transaction.atomic
def undo_stage_move(*, application: Application, by, reason: str) -> Application:
    """Put an application back at the stage it had before the enterprise's last move
    (``Application.move_to_undo``), recorded as a correction with who, when and why.

    Only members of the enterprise applied to, or talent officers, may, and only with a
    reason. The professional is told, with the reason: they were told of the wrong
    move (an offer, a rejection), and would otherwise act on it; their page shows the
    corrected stage. An undone rejection no longer shows its reason to them; the
    offers it withdrew and the interviews it cancelled stay so (a new offer or
    interview is made afresh). A move to offer is not undone while an offer is awaiting
    approval or sent: the offer is withdrawn first.
    """
    if not _may_act_for_enterprise(by, application):
        raise PermissionDenied("Only the enterprise applied to corrects an application.")
    reason = _clean_reason(reason)
    if not reason:
        raise ValidationError(
            _("Say why the move is undone: the professional reads it."), code="reason_required"
        )
    _locked_application(application)
    move = application.move_to_undo()
    if move is None:
        raise ValidationError(_("This application has no move to undo."), code="nothing_to_undo")
    to_stage = Application.Stage(move.from_state)
    if move.to_state == Application.Stage.OFFER and application.offers.outstanding().exists():
        # The stage says an offer is out, and it is: stepping back would hide it from
        # the pipeline while the candidate can still accept it. Withdrawing it is a
        # decision of its own, with its reason for the candidate (the offer's page).
        raise ValidationError(
            _(
                "An offer on this application is awaiting approval or with the candidate: "
                "withdraw the offer first, then undo the move."
            ),
            code="offer_outstanding",
        )
    if move.to_state == Application.Stage.REJECTED:
        application.rejection_reason = ""
    _record_stage(
        application,
        to_stage=to_stage,
        by=by,
        reason=reason,
        kind=ApplicationStageChange.Kind.CORRECTION,
    )
    _tell_applicant(application, to_stage=to_stage, by=by, reason=reason, internal=False)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by) -> Application:
    """The professional withdraws their application (recorded); the enterprise's
    recruiters are told. A final application (hired, rejected, withdrawn) stays."""
    if application.profile_id is None or application.profile.user_id != by.pk:
        raise PermissionDenied("An application is withdrawn by its applicant only.")
    _locked_application(application)
    if not application.can_move_to(Application.Stage.WITHDRAWN):
        raise ValidationError(
            _("This application is closed: it can no longer be withdrawn."), code="final"
        )
    _record_stage(application, to_stage=Application.Stage.WITHDRAWN, by=by)
    close_open_offers_and_interviews(
        application=application,
        by=by,
        cause=CLOSING_CAUSES[Application.Stage.WITHDRAWN],
    )
    role = application.role
    notify_many(
        recipients=role.enterprise.recruiter_users(),
        kind=Kind.APPLICATION_WITHDRAWN,
        context=role.notice_names(),
        actor=by,
        link=_english_url(application.workspace_url),
    )
    return application


@transaction.atomic
def add_note(*, application: Application, by, body: str) -> ApplicationNote:
    """An internal note on an application, by a member of the enterprise or an officer."""
    if not _may_act_for_enterprise(by, application):
        raise PermissionDenied("Only the enterprise applied to writes notes.")
    return write_note(ApplicationNote, application, author=by, body=body)


# -- Job alerts ------------------------------------------------------------------------------
