"""Every state change of talent profiles and their CVs: save, review, officers, notes, uploads."""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.accounts.permissions import Area
from westbund.core.history import record_transition
from westbund.core.notes import write_note
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind
from westbund.privacy import files
from westbund.privacy.models import AuditEvent

from ..models import (
    CVDocument,
    ProfileOfficerNote,
    ProfileReviewEvent,
    TalentProfile,
)


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
    reason: str = "",
    cause: str = "",
    extra_fields: Iterable[str] = (),
) -> ProfileReviewEvent:
    # The actions check the state, with their own words, before they move it.
    return profile.move(
        to_state,
        by=by,
        history=ProfileReviewEvent,
        reason=reason,
        cause=cause,
        changes={field: getattr(profile, field) for field in extra_fields},
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
        if changed_certified and profile.certified_fields_locked:
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
        # Consents are privacy's; withdrawing one calls back into profile states
        # (``talent.privacy``).
        from westbund.privacy.actions import set_consents

        set_consents(user=by, granted=consents)
        profile.forget_consents()
        profile.refresh_from_db(fields=["review_state", "assigned_officer"])
    if changed_certified and profile.review_state == TalentProfile.ReviewState.VERIFIED:
        complete = profile.completeness().is_complete
        profile.submitted_at = timezone.now() if complete else profile.submitted_at
        _move(
            profile,
            to_state=TalentProfile.ReviewState.SUBMITTED
            if complete
            else TalentProfile.ReviewState.DRAFT,
            by=by,
            cause=ProfileReviewEvent.Cause.CERTIFIED_FIELDS_CHANGED,
            extra_fields=["submitted_at"],
        )
    _queue_search_vector(profile)
    return profile


def _queue_search_vector(profile: TalentProfile) -> None:
    # Segmenting Chinese loads jieba's dictionary: done by a worker, after commit.
    from ..tasks import queue, update_profile_search_vector

    queue(update_profile_search_vector, profile.pk)


@transaction.atomic
def submit_profile_for_review(*, profile: TalentProfile, by) -> TalentProfile:
    """Send a complete profile, with consent to its processing, to the hub for review.

    Allowed from "draft" and, after the professional's edits, from "changes requested".
    """
    if profile.user_id != by.pk:
        raise PermissionDenied("A profile is submitted by its owner only.")
    _locked(profile)
    if not profile.is_submittable:
        raise ValidationError(
            _("Your profile cannot be submitted now: it is %(state)s.")
            % {"state": profile.get_review_state_display().lower()},
            code="invalid_state",
        )
    refusal = profile.incompleteness_refusal()
    if refusal is not None:
        raise refusal
    profile.submitted_at = timezone.now()
    profile.review_message = ""
    _move(
        profile,
        to_state=TalentProfile.ReviewState.SUBMITTED,
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
    if not profile.can_move_to(TalentProfile.ReviewState.IN_REVIEW):
        raise ValidationError(
            _("Only a submitted profile can be taken into review."), code="invalid_state"
        )
    if profile.assigned_officer_id is None:
        profile.assigned_officer = by
    _move(
        profile,
        to_state=TalentProfile.ReviewState.IN_REVIEW,
        by=by,
        extra_fields=["assigned_officer"],
    )
    AuditEvent.record(
        actor=by,
        action=AuditEvent.Action.REVIEW_STARTED,
        target=profile,
        details={
            "from": TalentProfile.ReviewState.SUBMITTED,
            "to": TalentProfile.ReviewState.IN_REVIEW,
        },
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
    if decision not in TalentProfile.DECISIONS:
        raise ValidationError(_("Choose a decision."), code="invalid_decision")
    decision = TalentProfile.ReviewState(decision)
    message = (message or "").strip()
    if decision == TalentProfile.ReviewState.CHANGES_REQUESTED and not message:
        raise ValidationError(
            _("Say what the professional should change."), code="message_required"
        )
    if decision == TalentProfile.ReviewState.DECLINED and not message:
        raise ValidationError(
            _("Give the professional the reason for declining."), code="message_required"
        )
    _locked(profile)
    if not profile.can_move_to(decision):
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
        reason=message,
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
    record_transition(
        ProfileReviewEvent,
        profile,
        actor=by,
        from_state=profile.review_state,
        to_state=profile.review_state,
        cause=ProfileReviewEvent.Cause.OFFICER_ASSIGNED,
        assigned_officer=officer,
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
    return write_note(ProfileOfficerNote, profile, author=by, body=body)


# -- CV --------------------------------------------------------------------------------------


def upload_cv(*, profile: TalentProfile, upload, by) -> CVDocument:
    """Store a new CV and make it the profile's current one.

    The file is checked by content (``files.CV``), stored under a generated name in
    private storage; earlier CVs are kept (applications sent with them keep them).
    If the database write fails, the stored file is removed again.
    """
    if profile.user_id != by.pk:
        raise PermissionDenied("A CV is uploaded by its owner only.")
    pages = files.check_upload(upload, files.CV).pages
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    cv = CVDocument(
        profile=profile,
        original_name=files.display_name(upload.name),
        size=upload.size,
        page_count=min(pages, 32767),
        sha256=digest.hexdigest(),
    )
    with files.files_removed_on_rollback():
        files.store_file(cv.file, "cv.pdf", upload)
        cv.full_clean()
        cv.save()
        profile.current_cv = cv
        profile.save(update_fields=["current_cv", "updated_at"])
    from ..tasks import extract_cv_text, queue

    # The words of the PDF, for search: extracted by a worker once the CV is stored
    # (the new CV is the current one: the task indexes them with the profile).
    queue(extract_cv_text, cv.pk)
    return cv
