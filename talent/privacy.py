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

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import Consent, CVDocument, PrivacyEvent, ProfileReviewEvent, TalentProfile
from .storage import private_storage

logger = logging.getLogger(__name__)

_SECTIONS: dict[str, Callable] = {}


def export_section(name: str):
    """Register ``function(user) -> JSON-safe data`` as section ``name`` of the export."""

    def register(function):
        _SECTIONS[name] = function
        return function

    return register


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


# EXTENSION POINT (applications, service requests): register a section here or in the
# owning app, e.g.
#   @export_section("applications")
#   def _applications(user): return [... for a in Application.objects.filter(profile__user=user)]


def _archive_name(cv: CVDocument) -> str:
    return f"cv/{cv.download_name}"


def build_export(*, user) -> bytes:
    """A ZIP of ``data.json`` (every section, this user only) and the CV files."""
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
    return buffer.getvalue()


def anonymise_for_enterprises(*, profile: TalentProfile) -> int:
    """EXTENSION POINT (applications): before the profile is deleted, keep what an
    enterprise needs of this person's applications as anonymised records.

    The applications step makes this: detach each ``Application`` from the profile
    (``profile=None``), clear its CV link (the file is erased), replace the applicant's
    name and contact details with "Former applicant" and keep role, stage history and
    dates. Returns how many were anonymised; nothing to do yet.
    """
    return 0


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
