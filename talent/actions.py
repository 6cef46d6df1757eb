"""Every state change of talent profiles, CVs, consents and personal data.

Views, admin actions, commands and tasks call these functions, never the models'
fields directly: each runs in one transaction, validates, records its history row and
raises ``ValidationError`` (bad input or a transition that is not allowed) or
``PermissionDenied`` (someone who may not do it).
"""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from westbund.notifications.actions import notify
from westbund.notifications.models import Kind

from .models import (
    DECIDABLE_STATES,
    DECISIONS,
    LOCKED_STATES,
    SUBMITTABLE_STATES,
    Consent,
    ConsentKind,
    CVDocument,
    PrivacyEvent,
    ProfileReviewEvent,
    ReviewState,
    TalentProfile,
    subject_reference,
)
from .validators import validate_pdf

REVIEW_PERMISSION = "talent.review_talentprofile"


def is_officer(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(REVIEW_PERMISSION))


def _require_officer(user) -> None:
    if not is_officer(user):
        raise PermissionDenied("Only talent officers review profiles.")


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
    return profile


@transaction.atomic
def decide_review(*, profile: TalentProfile, by, decision: str, message: str = "") -> TalentProfile:
    """An officer's decision on a submitted or in-review profile: verified, changes
    requested (a message saying what to change is required) or declined.

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
    _locked(profile)
    if profile.review_state not in DECIDABLE_STATES:
        raise ValidationError(
            _("Only a submitted or in-review profile can be decided."), code="invalid_state"
        )
    if profile.assigned_officer_id is None:
        profile.assigned_officer = by
    profile.review_message = message
    profile.decided_at = timezone.now()
    _move(
        profile,
        to_state=decision,
        by=by,
        message=message,
        extra_fields=["review_message", "decided_at", "assigned_officer"],
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
    return profile


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
    # EXTENSION POINT (applications): withdrawing SHARE_WITH_ENTERPRISES stops new
    # applications (``submit_application`` must check ``profile.has_consent``); what was
    # already sent stays with the enterprise it was sent to, as the consent then allowed.
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
    """Erase a person: their account, profile, consents, notifications and CV files.

    What enterprises must keep (applications, in a later step) is anonymised first by
    ``privacy.anonymise_for_enterprises``. The files are removed from storage only once
    the deletion has committed, so a failure leaves nothing half-erased. The returned
    event keeps only a keyed hash of the former id.
    """
    from .privacy import anonymise_for_enterprises, erase_files

    profile = TalentProfile.objects.filter(user=user).first()
    names = []
    if profile is not None:
        names = list(profile.cv_documents.values_list("file", flat=True))
        anonymise_for_enterprises(profile=profile)
    subject = subject_reference(user.pk)
    # Earlier privacy events lose their link to the person and keep the hash.
    PrivacyEvent.objects.filter(user=user).update(user=None)
    event = PrivacyEvent.objects.create(
        subject=subject,
        kind=PrivacyEvent.Kind.ACCOUNT_DELETED,
        details={"cv_files_erased": len(names)},
    )
    user.delete()
    transaction.on_commit(lambda: erase_files(names), robust=True)
    return event
