"""Every state change of talent profiles, CVs, consents and personal data.

Views, admin actions, commands and tasks call these functions, never the models'
fields directly: each runs in one transaction, validates, records its history row and
raises ``ValidationError`` (bad input or a transition that is not allowed) or
``PermissionDenied`` (someone who may not do it).
"""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.accounts.permissions import Area
from westbund.core.bilingual import both
from westbund.core.links import validate_web_link
from westbund.core.text import strip_bidi_controls
from westbund.notifications.actions import notify, notify_many
from westbund.notifications.models import Kind

from .models import (
    ANSWER_MAX_LENGTH,
    APPLICATION_QUESTIONS,
    DECIDABLE_STATES,
    DECISIONS,
    FINAL_STAGES,
    LINK_QUESTIONS,
    LOCKED_STATES,
    SUBMITTABLE_STATES,
    Application,
    ApplicationNote,
    ApplicationStage,
    ApplicationStageChange,
    AuditEvent,
    Consent,
    ConsentKind,
    CVDocument,
    JobAlert,
    PrivacyEvent,
    ProfileOfficerNote,
    ProfileReviewEvent,
    ReviewState,
    TalentProfile,
    next_stages,
    subject_reference,
)
from .validators import validate_pdf


def is_officer(user) -> bool:
    """An officer who reviews profiles (the permissions module answers)."""
    return permissions.is_officer(user, Area.PROFILE_REVIEW)


def _require_officer(user) -> None:
    permissions.require_officer(user, Area.PROFILE_REVIEW)


def _locked(profile: TalentProfile) -> TalentProfile:
    """The profile's row, locked for this transaction: two officers (or an officer and
    the professional) acting at once must not both move it from the same state."""
    locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    # Keep the caller's object in step with what is about to be written.
    profile.review_state = locked.review_state
    profile.assigned_officer_id = locked.assigned_officer_id
    return profile


def _move(
    profile: TalentProfile,
    *,
    to_state: str,
    by,
    message: str = "",
    reason: str = "",
    extra_fields: Iterable[str] = (),
) -> ProfileReviewEvent:
    from_state = profile.review_state
    profile.review_state = to_state
    profile.save(update_fields=["review_state", "updated_at", *extra_fields])
    return ProfileReviewEvent.objects.create(
        profile=profile,
        actor=by,
        from_state=from_state,
        to_state=to_state,
        message=message,
        reason=reason,
    )


# -- Profile ---------------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    *,
    profile: TalentProfile,
    by,
    changed_fields: Iterable[str] = (),
    consents: dict[str, bool] | None = None,
) -> TalentProfile:
    """Validate and store a professional's own edits of their profile, and their
    consent choices (``{ConsentKind: granted}``), all or nothing.

    Certified fields (``TalentProfile.CERTIFIED_FIELDS``) cannot change while the
    profile is submitted or in review. Changing one on a verified profile withdraws the
    verification: the profile goes back to "submitted" (or to "draft" if it is no
    longer complete), with a history row saying why.
    """
    if profile.user_id != by.pk:
        raise PermissionDenied("A profile is edited by its owner only.")
    changed_certified = sorted(set(changed_fields) & set(TalentProfile.CERTIFIED_FIELDS))
    if profile.pk is not None:
        _locked(profile)
        if changed_certified and profile.review_state in LOCKED_STATES:
            raise ValidationError(
                _(
                    "Your profile is with the hub for review; these details can change "
                    "after the decision."
                ),
                code="locked",
            )
    profile.full_clean()
    profile.save()
    if consents:
        set_consents(user=by, granted=consents)
        profile.__dict__.pop("active_consent_kinds", None)
        profile.refresh_from_db(fields=["review_state", "assigned_officer"])
    if changed_certified and profile.review_state == ReviewState.VERIFIED:
        complete = profile.completeness().is_complete
        profile.submitted_at = timezone.now() if complete else profile.submitted_at
        _move(
            profile,
            to_state=ReviewState.SUBMITTED if complete else ReviewState.DRAFT,
            by=by,
            reason=ProfileReviewEvent.Reason.CERTIFIED_FIELDS_CHANGED,
            extra_fields=["submitted_at"],
        )
    return profile


@transaction.atomic
def submit_profile_for_review(*, profile: TalentProfile, by) -> TalentProfile:
    """Send a complete profile, with consent to its processing, to the hub for review.

    Allowed from "draft" and, after the professional's edits, from "changes requested".
    """
    if profile.user_id != by.pk:
        raise PermissionDenied("A profile is submitted by its owner only.")
    _locked(profile)
    if profile.review_state not in SUBMITTABLE_STATES:
        raise ValidationError(
            _("Your profile cannot be submitted now: it is %(state)s.")
            % {"state": profile.get_review_state_display().lower()},
            code="invalid_state",
        )
    profile.__dict__.pop("active_consent_kinds", None)
    completeness = profile.completeness()
    if not completeness.is_complete:
        raise ValidationError(
            _("Complete your profile first. Missing: %(missing)s.")
            % {"missing": ", ".join(str(item) for item in completeness.missing)},
            code="incomplete",
        )
    profile.submitted_at = timezone.now()
    profile.review_message = ""
    _move(
        profile,
        to_state=ReviewState.SUBMITTED,
        by=by,
        extra_fields=["submitted_at", "review_message"],
    )
    return profile


@transaction.atomic
def start_review(*, profile: TalentProfile, by) -> TalentProfile:
    """An officer takes a submitted profile into review (and is assigned to it if nobody
    is)."""
    _require_officer(by)
    _locked(profile)
    if profile.review_state != ReviewState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted profile can be taken into review."), code="invalid_state"
        )
    if profile.assigned_officer_id is None:
        profile.assigned_officer = by
    _move(profile, to_state=ReviewState.IN_REVIEW, by=by, extra_fields=["assigned_officer"])
    AuditEvent.record(
        actor=by,
        action=AuditEvent.Action.REVIEW_STARTED,
        target=profile,
        details={"from": ReviewState.SUBMITTED, "to": ReviewState.IN_REVIEW},
    )
    with translation.override("en"):
        link = reverse("talent:me")
    notify(recipient=profile.user, kind=Kind.PROFILE_REVIEW_STARTED, context={}, link=link)
    return profile


@transaction.atomic
def decide_review(*, profile: TalentProfile, by, decision: str, message: str = "") -> TalentProfile:
    """An officer's decision on a submitted or in-review profile: verified, changes
    requested (a message saying what to change is required) or declined (a message
    giving the reason is required).

    The professional is told (``profile_review_decided``) in their own language.
    """
    _require_officer(by)
    if decision not in DECISIONS:
        raise ValidationError(_("Choose a decision."), code="invalid_decision")
    decision = ReviewState(decision)
    message = (message or "").strip()
    if decision == ReviewState.CHANGES_REQUESTED and not message:
        raise ValidationError(
            _("Say what the professional should change."), code="message_required"
        )
    if decision == ReviewState.DECLINED and not message:
        raise ValidationError(
            _("Give the professional the reason for declining."), code="message_required"
        )
    _locked(profile)
    if profile.review_state not in DECIDABLE_STATES:
        raise ValidationError(
            _("Only a submitted or in-review profile can be decided."), code="invalid_state"
        )
    if profile.assigned_officer_id is None:
        profile.assigned_officer = by
    profile.review_message = message
    profile.decided_at = timezone.now()
    from_state = profile.review_state
    _move(
        profile,
        to_state=decision,
        by=by,
        message=message,
        extra_fields=["review_message", "decided_at", "assigned_officer"],
    )
    AuditEvent.record(
        actor=by,
        action=AuditEvent.Action.REVIEW_DECIDED,
        target=profile,
        details={"from": from_state, "to": decision.value, "message": message},
    )
    with translation.override("en"):
        decision_label = str(decision.label)
        link = reverse("talent:me")
    notify(
        recipient=profile.user,
        kind=Kind.PROFILE_REVIEW_DECIDED,
        context={"decision_label": decision_label, "message": message},
        actor=by,
        link=link,
    )
    return profile


@transaction.atomic
def assign_officer(*, profile: TalentProfile, officer, by) -> TalentProfile:
    """Make ``officer`` responsible for the profile's review (recorded in its history)."""
    _require_officer(by)
    if not is_officer(officer):
        raise ValidationError(
            _("Only a talent officer can be assigned a profile."), code="not_officer"
        )
    _locked(profile)
    profile.assigned_officer = officer
    profile.save(update_fields=["assigned_officer", "updated_at"])
    ProfileReviewEvent.objects.create(
        profile=profile,
        actor=by,
        from_state=profile.review_state,
        to_state=profile.review_state,
        assigned_officer=officer,
        reason=ProfileReviewEvent.Reason.OFFICER_ASSIGNED,
    )
    AuditEvent.record(
        actor=by,
        action=AuditEvent.Action.OFFICER_ASSIGNED,
        target=profile,
        details={"officer_id": officer.pk},
    )
    if officer.pk != by.pk:
        notify(
            recipient=officer,
            kind=Kind.PROFILE_ASSIGNED,
            context={"profile_name": profile.full_name, "review_state": profile.review_state},
            actor=by,
            link=reverse("admin:talent_talentprofile_change", args=[profile.pk]),
        )
    return profile


@transaction.atomic
def add_officer_note(*, profile: TalentProfile, by, body: str) -> ProfileOfficerNote:
    """An officer's internal note on a profile (never shown to the professional or to
    enterprises; in the professional's data export). Notes are never edited."""
    permissions.require_officer(by, Area.PROFILE_NOTES)
    note = ProfileOfficerNote(profile=profile, author=by, body=(body or "").strip())
    if not note.body:
        raise ValidationError(_("Write the note first."), code="empty")
    note.full_clean(exclude=["profile", "author"])
    note.save()
    return note


# -- CV --------------------------------------------------------------------------------------


def upload_cv(*, profile: TalentProfile, upload, by) -> CVDocument:
    """Store a new CV and make it the profile's current one.

    The file is checked by content (``validate_pdf``), stored under a generated name
    in private storage; earlier CVs are kept (applications sent with them keep them).
    If the database write fails, the stored file is removed again.
    """
    if profile.user_id != by.pk:
        raise PermissionDenied("A CV is uploaded by its owner only.")
    pages = validate_pdf(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    cv = CVDocument(
        profile=profile,
        original_name=_display_name(upload.name),
        size=upload.size,
        page_count=min(pages, 32767),
        sha256=digest.hexdigest(),
    )
    cv.file.save("cv.pdf", upload, save=False)
    try:
        with transaction.atomic():
            cv.full_clean()
            cv.save()
            profile.current_cv = cv
            profile.save(update_fields=["current_cv", "updated_at"])
    except Exception:
        cv.file.delete(save=False)
        raise
    return cv


def _display_name(name: str | None) -> str:
    # Only ever shown (escaped) to the owner and officers: keep the last path part,
    # printable characters only, within the column.
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200]


# -- Consents --------------------------------------------------------------------------------


def _record(*, user, kind: str, details: dict | None = None) -> PrivacyEvent:
    return PrivacyEvent.objects.create(
        user=user, subject=subject_reference(user.pk), kind=kind, details=details or {}
    )


@transaction.atomic
def grant_consent(*, user, kind: str) -> Consent:
    """Record an explicit consent (a no-op when it is already in force)."""
    kind = ConsentKind(kind)
    current = Consent.objects.select_for_update().filter(user=user, kind=kind).active().first()
    if current is not None:
        return current
    consent = Consent.objects.create(user=user, kind=kind)
    _record(user=user, kind=PrivacyEvent.Kind.CONSENT_GRANTED, details={"consent": kind.value})
    return consent


@transaction.atomic
def withdraw_consent(*, user, kind: str) -> Consent | None:
    """Withdraw a consent in force; the row stays, with the time of withdrawal.

    Without consent to processing the hub may not review or show the profile: one
    that is submitted, in review or verified goes back to draft (the verification
    lapses), with a history row saying why. A decision already taken (declined, changes
    requested) stands.
    """
    kind = ConsentKind(kind)
    consent = Consent.objects.select_for_update().filter(user=user, kind=kind).active().first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    _record(user=user, kind=PrivacyEvent.Kind.CONSENT_WITHDRAWN, details={"consent": kind.value})
    if kind == ConsentKind.PROFILE_PROCESSING:
        profile = TalentProfile.objects.filter(user=user).first()
        if profile is not None:
            _locked(profile)
            if profile.review_state in {*LOCKED_STATES, ReviewState.VERIFIED}:
                profile.assigned_officer = None
                _move(
                    profile,
                    to_state=ReviewState.DRAFT,
                    by=user,
                    reason=ProfileReviewEvent.Reason.CONSENT_WITHDRAWN,
                    extra_fields=["assigned_officer"],
                )
    # Withdrawing SHARE_WITH_ENTERPRISES stops new applications (``submit_application``
    # checks it); what was already sent stays with the enterprise it was sent to, as the
    # consent then allowed.
    return consent


def set_consents(*, user, granted: dict[str, bool]) -> None:
    """Grant or withdraw each consent kind in ``granted`` to match the person's choice."""
    for kind, wanted in granted.items():
        if wanted:
            grant_consent(user=user, kind=kind)
        else:
            withdraw_consent(user=user, kind=kind)


# -- Personal data ---------------------------------------------------------------------------


@transaction.atomic
def export_personal_data(*, user) -> bytes:
    """Everything the portal holds about ``user``, as a ZIP (recorded)."""
    from .privacy import build_export

    archive = build_export(user=user)
    _record(user=user, kind=PrivacyEvent.Kind.DATA_EXPORTED, details={"bytes": len(archive)})
    return archive


@transaction.atomic
def delete_account(*, user) -> PrivacyEvent:
    """Erase a person: their account, profile, consents, notifications, CV files and the
    other personal files registered with ``privacy.personal_files``.

    What enterprises must keep (their applications) is anonymised first by
    ``privacy.anonymise_for_enterprises``; job alerts go with the account. The files
    are removed from storage only once the deletion has committed, so a failure leaves
    nothing half-erased. The returned event keeps only a keyed hash of the former id.
    """
    from .privacy import anonymise_for_enterprises, erase_files, registered_files

    profile = TalentProfile.objects.filter(user=user).first()
    names = []
    if profile is not None:
        names = list(profile.cv_documents.values_list("file", flat=True))
        anonymise_for_enterprises(profile=profile)
    # Read before the rows that point at them cascade away with the account.
    other_files = [file.name for file in registered_files(user=user) if file.erase]
    subject = subject_reference(user.pk)
    # Earlier privacy events lose their link to the person and keep the hash.
    PrivacyEvent.objects.filter(user=user).update(user=None)
    event = PrivacyEvent.objects.create(
        subject=subject,
        kind=PrivacyEvent.Kind.ACCOUNT_DELETED,
        details={"cv_files_erased": len(names), "other_files_erased": len(other_files)},
    )
    user.delete()
    transaction.on_commit(lambda: erase_files(names + other_files), robust=True)
    return event


# -- Applications ----------------------------------------------------------------------------


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


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
    profile.__dict__.pop("active_consent_kinds", None)
    completeness = profile.completeness()
    if not completeness.is_complete:
        return ValidationError(
            _("Complete your profile first. Missing: %(missing)s.")
            % {"missing": ", ".join(str(item) for item in completeness.missing)},
            code="incomplete",
        )
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
    *, profile: TalentProfile, role, cover_letter: str, answers: dict | None = None
) -> Application:
    """Apply ``profile`` to ``role`` with the profile's current CV.

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
    )
    application.full_clean(exclude=["profile", "role", "enterprise", "cv"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(_("You already applied to this role."), code="duplicate") from error
    ApplicationStageChange.objects.create(
        application=application,
        actor=profile.user,
        created_at=application.created_at,
        from_stage="",
        to_stage=ApplicationStage.NEW,
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
    application, *, to_stage, by, reason="", internal=False, kind=ApplicationStageChange.Kind.MOVE
):
    from_stage = application.stage
    now = timezone.now()
    application.stage = to_stage
    application.stage_changed_at = now
    application.save(update_fields=["stage", "stage_changed_at", "rejection_reason", "updated_at"])
    return ApplicationStageChange.objects.create(
        application=application,
        actor=by,
        created_at=now,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason,
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
        "role_title": both(role, "title"),
        "enterprise_name": both(role.enterprise, "name"),
        "stage_label": _english(to_stage.label),
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


@transaction.atomic
def move_application(
    *, application: Application, to_stage: str, by, reason: str = "", internal: bool = False
) -> Application:
    """Move an application along the enterprise's pipeline (forward, a step may be
    skipped) or reject it, recorded with who, when and why.

    Only members of the enterprise applied to, or talent officers, may. A rejection
    needs a reason, which the professional reads; another move's reason is shown to
    them unless ``internal``. The professional is told (``application_stage_changed``).
    An anonymised application (the person deleted their account) can only be rejected,
    silently and without a reason: nobody is left to move forward or to tell.
    """
    if not _may_act_for_enterprise(by, application):
        raise PermissionDenied("Only the enterprise applied to moves an application.")
    if to_stage not in ApplicationStage.values:
        raise ValidationError(_("Choose a stage."), code="invalid_stage")
    to_stage = ApplicationStage(to_stage)
    reason = _clean_reason(reason)
    _locked_application(application)
    if to_stage not in next_stages(application.stage, anonymised=application.is_anonymised):
        raise ValidationError(
            _("An application in “%(from)s” cannot move to “%(to)s”.")
            % {
                "from": ApplicationStage(application.stage).label,
                "to": to_stage.label,
            },
            code="invalid_transition",
        )
    if to_stage == ApplicationStage.REJECTED:
        if not reason and not application.is_anonymised:
            raise ValidationError(
                _("Give the professional a reason for the rejection."), code="reason_required"
            )
        internal = False
        application.rejection_reason = reason
    _record_stage(application, to_stage=to_stage, by=by, reason=reason, internal=internal)
    _tell_applicant(application, to_stage=to_stage, by=by, reason=reason, internal=internal)
    return application


@transaction.atomic
def undo_stage_move(*, application: Application, by, reason: str) -> Application:
    """Put an application back at the stage it had before the enterprise's last move
    (``Application.move_to_undo``), recorded as a correction with who, when and why.

    Only members of the enterprise applied to, or talent officers, may, and only with a
    reason. The professional is told, with the reason: they were told of the wrong
    move (an offer, a rejection), and would otherwise act on it; their page shows the
    corrected stage. An undone rejection no longer shows its reason to them.
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
    to_stage = ApplicationStage(move.from_stage)
    if move.to_stage == ApplicationStage.REJECTED:
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
    if application.stage in FINAL_STAGES:
        raise ValidationError(
            _("This application is closed: it can no longer be withdrawn."), code="final"
        )
    _record_stage(application, to_stage=ApplicationStage.WITHDRAWN, by=by)
    role = application.role
    notify_many(
        recipients=role.enterprise.recruiter_users(),
        kind=Kind.APPLICATION_STAGE_CHANGED,
        context={
            "role_title": both(role, "title"),
            "enterprise_name": both(role.enterprise, "name"),
            "stage_label": _english(ApplicationStage.WITHDRAWN.label),
            "withdrawn": True,
        },
        actor=by,
        link=_english_url(application.workspace_url),
    )
    return application


@transaction.atomic
def add_note(*, application: Application, by, body: str) -> ApplicationNote:
    """An internal note on an application, by a member of the enterprise or an officer."""
    if not _may_act_for_enterprise(by, application):
        raise PermissionDenied("Only the enterprise applied to writes notes.")
    note = ApplicationNote(application=application, author=by, body=(body or "").strip())
    if not note.body:
        raise ValidationError(_("Write the note first."), code="empty")
    note.full_clean(exclude=["application", "author"])
    note.save()
    return note


# -- Job alerts ------------------------------------------------------------------------------

MAX_JOB_ALERTS = 10


@transaction.atomic
def save_job_alert(*, user, alert: JobAlert | None = None, **criteria) -> JobAlert:
    """Create (or, given ``alert``, change) a saved search of ``user``.

    At least one criterion (keywords or a specialty or a filter) is needed, and a
    person keeps at most ``MAX_JOB_ALERTS`` alerts.
    """
    if alert is None:
        alert = JobAlert(user=user)
        if JobAlert.objects.filter(user=user).count() >= MAX_JOB_ALERTS:
            raise ValidationError(
                _("You have %(count)d job alerts already; delete one first.")
                % {"count": MAX_JOB_ALERTS},
                code="too_many",
            )
    elif alert.user_id != user.pk:
        raise PermissionDenied("A job alert is changed by its owner only.")
    for name, value in criteria.items():
        setattr(alert, name, value)
    alert.keywords = (alert.keywords or "").strip()
    alert.name = (alert.name or "").strip() or alert.keywords[:100] or str(_("My job alert"))
    if not (
        alert.keywords
        or alert.specialties
        or alert.employment_type
        or alert.seniority
        or alert.remote_policy
        or alert.sponsors_visa
        or alert.min_salary
    ):
        raise ValidationError(
            _("Give at least one keyword, specialty or filter."), code="empty_alert"
        )
    alert.full_clean(exclude=["user"])
    alert.save()
    return alert


@transaction.atomic
def delete_job_alert(*, alert: JobAlert, by) -> None:
    if alert.user_id != by.pk:
        raise PermissionDenied("A job alert is deleted by its owner only.")
    alert.delete()


def _digest_for_user(user_id: int, *, today, cutoff) -> bool:
    from enterprises.models import Role

    with transaction.atomic():
        # Locked: two beat runs (or a retry) must not both send the same day's digest.
        alerts = list(
            JobAlert.objects.select_for_update()
            .filter(user_id=user_id)
            .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
            .select_related("user")
            .order_by("pk")
        )
        if not alerts:
            return False
        user = alerts[0].user
        matched_names, roles, seen = [], [], set()
        for alert in alerts:
            since = alert.last_digest_at or alert.created_at
            found = (
                alert.matching_roles(Role.objects.published())
                .filter(published_at__gt=since, published_at__lte=cutoff)
                .select_related("enterprise")
                .order_by("-published_at", "-pk")[:50]
            )
            hit = False
            for role in found:
                hit = True
                if role.pk in seen:
                    continue
                seen.add(role.pk)
                roles.append(
                    {
                        "title": both(role, "title"),
                        "enterprise_name": both(role.enterprise, "name"),
                        "path": _english_url(role.get_absolute_url),
                    }
                )
            if hit:
                matched_names.append(alert.name)
            alert.last_digest_at = cutoff
            alert.last_digest_on = today
            alert.save(update_fields=["last_digest_at", "last_digest_on"])
        if not roles or not user.is_active:
            return False
        notify(
            recipient=user,
            kind=Kind.JOB_ALERT_DIGEST,
            context={
                "alert_name": ", ".join(matched_names),
                "roles": roles[:50],
                "count": len(roles[:50]),
            },
            link=_english_url(lambda: reverse("talent:alerts")),
        )
        return True


def send_job_alert_digests(*, today=None) -> int:
    """Send each professional with job alerts one ``job_alert_digest`` of the roles
    first published since their last digest that match any of their alerts; none when
    nothing matched. At most once a day per professional (``today``, the local date):
    running it again the same day sends nothing. Returns the number of digests sent.
    """
    today = today or timezone.localdate()
    cutoff = timezone.now()
    user_ids = list(
        JobAlert.objects.filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_digest_for_user(user_id, today=today, cutoff=cutoff) for user_id in user_ids)
