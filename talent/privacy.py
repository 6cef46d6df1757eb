"""A person's personal data: what the export contains and what deletion erases.

PIPL (China) and the GDPR alike give a person the right to a copy of their data and
to its erasure. The export is built from *sections*: each is a function of the user
returning JSON-safe data. Other parts of the portal that hold personal data (the
applications of a later step, service requests) add theirs with
``@export_section("name")`` so that the export stays complete as the portal grows.
"""

import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import (
    FORMER_APPLICANT,
    Application,
    ApplicationNote,
    ApplicationStageChange,
    ApplicationTag,
    Consent,
    CVDocument,
    JobAlert,
    PrivacyEvent,
    ProfileReviewEvent,
    TagEvent,
    TalentProfile,
)
from .storage import private_storage

logger = logging.getLogger(__name__)

_SECTIONS: dict[str, Callable] = {}
_FILES: dict[str, Callable] = {}


@dataclass(frozen=True)
class PersonalFile:
    """A stored file of a person: copied into their export, erased with their account.

    ``name`` is the file's name in the private storage (``PRIVATE_MEDIA_ROOT``);
    ``archive_name`` its path inside the export ZIP.
    """

    archive_name: str
    name: str
    erase: bool = True


def export_section(name: str):
    """Register ``function(user) -> JSON-safe data`` as section ``name`` of the export."""

    def register(function):
        _SECTIONS[name] = function
        return function

    return register


def personal_files(name: str):
    """Register ``function(user) -> iterable of PersonalFile`` as source ``name`` of the
    person's stored files (the CVs are this module's own)."""

    def register(function):
        _FILES[name] = function
        return function

    return register


def registered_files(*, user) -> list[PersonalFile]:
    return [file for source in _FILES.values() for file in source(user)]


def _iso(value):
    return value.isoformat() if value else None


@export_section("account")
def _account(user):
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


PROFILE_EXPORT_FIELDS = (
    "full_name",
    "name_zh",
    "nationality",
    "current_city",
    "phone",
    "languages",
    "highest_degree",
    "university_code",
    "university_other",
    "field_of_study",
    "graduation_year",
    "years_of_experience",
    "current_employer",
    "current_title",
    "specialties",
    "skills",
    "github_url",
    "scholar_url",
    "website_url",
    "needs_work_permit",
    "needs_visa_sponsorship",
    "availability",
    "review_state",
    "review_message",
    "submitted_at",
    "decided_at",
    "created_at",
    "updated_at",
)


@export_section("talent_profile")
def _profile(user):
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {}
    for name in PROFILE_EXPORT_FIELDS:
        value = getattr(profile, name)
        if name in {"nationality", "phone"}:
            value = str(value) if value else ""
        data[name] = value
    data["university"] = profile.university_name
    data["current_cv_id"] = profile.current_cv_id
    return data


@export_section("cv_documents")
def _cvs(user):
    return [
        {
            "id": cv.pk,
            "file_in_this_archive": _archive_name(cv),
            "original_name": cv.original_name,
            "size": cv.size,
            "pages": cv.page_count,
            "sha256": cv.sha256,
            "uploaded_at": _iso(cv.uploaded_at),
        }
        for cv in CVDocument.objects.filter(profile__user=user)
    ]


@export_section("consents")
def _consents(user):
    return [
        {
            "kind": consent.kind,
            "wording_version": consent.version,
            "granted_at": _iso(consent.granted_at),
            "withdrawn_at": _iso(consent.withdrawn_at),
        }
        for consent in Consent.objects.filter(user=user)
    ]


@export_section("profile_review_history")
def _review_history(user):
    # Who acted is said as "you" or "hub officer": an officer's identity is their own
    # personal data, not the professional's.
    events = ProfileReviewEvent.objects.filter(profile__user=user).order_by("created_at", "pk")
    return [
        {
            "when": _iso(event.created_at),
            "from": event.from_state,
            "to": event.to_state,
            "by": "you"
            if event.actor_id == user.pk
            else ("hub officer" if event.actor_id else "system"),
            "message": event.message,
            "reason": event.reason,
        }
        for event in events
    ]


@export_section("hub_notes")
def _hub_notes(user):
    # Officers' internal notes are about the person, hence theirs to read (PIPL art. 45);
    # the author is said as "hub officer", as in the review history.
    from .models import ProfileOfficerNote

    notes = ProfileOfficerNote.objects.filter(profile__user=user).order_by("created_at", "pk")
    return [
        {"when": _iso(note.created_at), "by": "hub officer", "note": note.body} for note in notes
    ]


@export_section("notifications")
def _notifications(user):
    from westbund.notifications.models import EmailOptOut, Notification

    return {
        "received": [
            {
                "kind": notification.kind,
                "created_at": _iso(notification.created_at),
                "read_at": _iso(notification.read_at),
                "context": notification.context,
                "link": notification.link,
                "email_state": notification.state,
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "email_opt_outs": [
            {"kind": opt_out.kind, "since": _iso(opt_out.created_at)}
            for opt_out in EmailOptOut.objects.filter(user=user)
        ],
    }


@export_section("privacy_events")
def _privacy_events(user):
    return [
        {"kind": event.kind, "when": _iso(event.created_at), "details": event.details}
        for event in PrivacyEvent.objects.filter(user=user).order_by("created_at", "pk")
    ]


@export_section("applications")
def _applications(user):
    # The enterprise's internal notes, internal reasons and tags are its own working
    # papers, not part of what the professional sent or was told.
    applications = (
        Application.objects.filter(profile__user=user)
        .select_related("role", "enterprise")
        .prefetch_related("stage_changes")
        .order_by("created_at", "pk")
    )
    return [
        {
            "role": application.role.title_en,
            "role_path": application.role.get_absolute_url(),
            "enterprise": application.enterprise.name_en,
            "applied_at": _iso(application.created_at),
            "stage": application.stage,
            "cover_letter": application.cover_letter,
            "answers": application.answers,
            "cv_id": application.cv_id,
            "rejection_reason": application.rejection_reason,
            "timeline": [
                {
                    "when": _iso(change.created_at),
                    "from": change.from_stage,
                    "to": change.to_stage,
                    "reason": change.public_reason,
                }
                for change in application.stage_changes.all()
            ],
        }
        for application in applications
    ]


@export_section("job_alerts")
def _job_alerts(user):
    return [
        {
            "name": alert.name,
            "keywords": alert.keywords,
            "specialties": alert.specialties,
            "employment_type": alert.employment_type,
            "seniority": alert.seniority,
            "remote_policy": alert.remote_policy,
            "sponsors_visa": alert.sponsors_visa,
            "min_salary": alert.min_salary,
            "created_at": _iso(alert.created_at),
            "last_digest_at": _iso(alert.last_digest_at),
        }
        for alert in JobAlert.objects.filter(user=user)
    ]


def _archive_name(cv: CVDocument) -> str:
    return f"cv/{cv.download_name}"


def build_export(*, user) -> bytes:
    """A ZIP of ``data.json`` (every section, this user only), the CV files and every
    registered personal file (service request attachments…)."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "format": "westbund-personal-data/1",
    }
    for name, section in _SECTIONS.items():
        data[name] = section(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for cv in CVDocument.objects.filter(profile__user=user):
            try:
                with cv.file.open("rb") as handle:
                    archive.writestr(_archive_name(cv), handle.read())
            except FileNotFoundError:
                logger.warning("CV %s has no file in storage", cv.pk)
        storage = private_storage()
        for file in registered_files(user=user):
            try:
                with storage.open(file.name, "rb") as handle:
                    archive.writestr(file.archive_name, handle.read())
            except FileNotFoundError:
                logger.warning("private file %s is missing from storage", file.name)
    return buffer.getvalue()


def anonymise_for_enterprises(*, profile: TalentProfile) -> int:
    """Before the profile is deleted, keep what an enterprise needs of this person's
    applications as anonymised records: role, stage history and dates stay; the
    profile link, cover letter, answers, CV, reasons and internal notes (all about the
    person) go, and the recruiters' "new application" notifications lose the name.
    Returns how many applications were anonymised.
    """
    from django.utils import translation

    from westbund.notifications.models import Kind, Notification

    applications = list(
        Application.objects.select_for_update().filter(profile=profile).select_related("enterprise")
    )
    if not applications:
        return 0
    ids = [application.pk for application in applications]
    with translation.override("en"):
        paths = [application.workspace_url() for application in applications]
        former = str(FORMER_APPLICANT)
    for notification in Notification.objects.filter(kind=Kind.APPLICATION_RECEIVED, link__in=paths):
        notification.context = {**notification.context, "applicant_name": former}
        notification.save(update_fields=["context"])
    ApplicationNote.objects.filter(application_id__in=ids).delete()
    # The enterprise's tags judge the person ("strong coder"): they go with the notes,
    # their history rows too (a tag's own creation, not about anyone, stays).
    ApplicationTag.objects.filter(application_id__in=ids).delete()
    TagEvent.objects.filter(application_id__in=ids).delete()
    ApplicationStageChange.objects.filter(application_id__in=ids).update(reason="")
    return Application.objects.filter(pk__in=ids).update(
        profile=None,
        cv=None,
        cover_letter="",
        answers={},
        rejection_reason="",
        anonymised_at=timezone.now(),
    )


def erase_files(names: Iterable[str]) -> None:
    """Delete stored files by name (after the rows that pointed at them are gone)."""
    storage = private_storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not erase private file %s", name)
