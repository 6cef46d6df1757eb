"""Consents, the personal-data export and account deletion.

What each domain app does when a consent is withdrawn or an account deleted, and what
it adds to the export, it registers in ``westbund.privacy.registry``; these actions
call every registered function in one transaction.
"""

from django.db import transaction
from django.utils import timezone

from . import registry
from .files import erase_files
from .models import Consent, ConsentKind, PrivacyEvent, subject_reference

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

    The apps act on it in the same transaction (``registry.on_consent_withdrawn``):
    without consent to processing, a profile under review or verified goes back to
    draft (the talent app).
    """
    kind = ConsentKind(kind)
    consent = Consent.objects.select_for_update().filter(user=user, kind=kind).active().first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    _record(user=user, kind=PrivacyEvent.Kind.CONSENT_WITHDRAWN, details={"consent": kind.value})
    for handler in registry.consent_withdrawn_handlers():
        handler(user, kind)
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
    from .export import build_export

    archive = build_export(user=user)
    _record(user=user, kind=PrivacyEvent.Kind.DATA_EXPORTED, details={"bytes": len(archive)})
    return archive


@transaction.atomic
def delete_account(*, user) -> PrivacyEvent:
    """Erase a person: every registered eraser runs (the talent app anonymises what
    enterprises keep of their applications and erases the profile and CVs; the service
    package erases their requests), then the account goes with what cascades from it
    (consents, notifications, job alerts...), then every personal file registered with
    ``erase=True``.

    The files are removed from storage only once the deletion has committed, so a
    failure leaves nothing half-erased. The returned event keeps only a keyed hash of
    the former id and counts.
    """
    # Read before the rows that name them are erased.
    names = [file.name for file in registry.registered_files(user=user) if file.erase]
    details = {"files_erased": len(names)}
    for erase in registry.erasers().values():
        details.update(erase(user) or {})
    subject = subject_reference(user.pk)
    # Earlier privacy events lose their link to the person and keep the hash.
    PrivacyEvent.objects.filter(user=user).update(user=None)
    event = PrivacyEvent.objects.create(
        subject=subject, kind=PrivacyEvent.Kind.ACCOUNT_DELETED, details=details
    )
    user.delete()
    transaction.on_commit(lambda: erase_files(names), robust=True)
    return event
