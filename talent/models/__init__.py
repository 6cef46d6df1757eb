"""The talent app's models, one module per area: profiles and their review, consents and
audit, applications, job alerts. Imported here for Django and for callers.
"""

from .alerts import (
    JobAlert,
)
from .applications import (
    ANSWER_MAX_LENGTH,
    APPLICATION_QUESTION_HEADINGS,
    APPLICATION_QUESTIONS,
    COVER_LETTER_MAX_LENGTH,
    FORMER_APPLICANT,
    LINK_QUESTIONS,
    Application,
    ApplicationNote,
    ApplicationQuerySet,
    ApplicationStageChange,
)
from .privacy import (
    CONSENT_VERSION,
    AuditEvent,
    Consent,
    ConsentKind,
    ConsentQuerySet,
    PrivacyEvent,
    subject_reference,
)
from .profiles import (
    EARLIEST_GRADUATION_YEAR,
    GRADUATION_YEARS_AHEAD,
    Availability,
    Completeness,
    CVDocument,
    CVDocumentQuerySet,
    ProfileOfficerNote,
    ProfileReviewEvent,
    TalentProfile,
    TalentProfileQuerySet,
    cv_upload_to,
    validate_graduation_year,
)

__all__ = [
    "ANSWER_MAX_LENGTH",
    "APPLICATION_QUESTIONS",
    "APPLICATION_QUESTION_HEADINGS",
    "CONSENT_VERSION",
    "COVER_LETTER_MAX_LENGTH",
    "EARLIEST_GRADUATION_YEAR",
    "FORMER_APPLICANT",
    "GRADUATION_YEARS_AHEAD",
    "LINK_QUESTIONS",
    "Application",
    "ApplicationNote",
    "ApplicationQuerySet",
    "ApplicationStageChange",
    "AuditEvent",
    "Availability",
    "CVDocument",
    "CVDocumentQuerySet",
    "Completeness",
    "Consent",
    "ConsentKind",
    "ConsentQuerySet",
    "JobAlert",
    "PrivacyEvent",
    "ProfileOfficerNote",
    "ProfileReviewEvent",
    "TalentProfile",
    "TalentProfileQuerySet",
    "cv_upload_to",
    "subject_reference",
    "validate_graduation_year",
]
