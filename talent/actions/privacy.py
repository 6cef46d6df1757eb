"""Consents, the personal-data export and account deletion."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    LOCKED_STATES,
    Consent,
    ConsentKind,
    PrivacyEvent,
    ProfileReviewEvent,
    ReviewState,
    TalentProfile,
    subject_reference,
)
from .profiles import _locked, _move

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
    from ..privacy import build_export

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
    from ..privacy import anonymise_for_enterprises, erase_files, registered_files

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
