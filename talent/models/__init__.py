"""The talent app's models, one module per area: profiles and their review,
applications, job alerts, the talent pool (consents and audit are
``westbund.privacy``'s). Imported here for Django and for callers.
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
from .pool import (
    INVITATION_MESSAGE_MAX_LENGTH,
    POOL_INVITATIONS_PER_DAY,
    RECOMMENDATION_NOTE_MAX_LENGTH,
    PoolInvitation,
    PoolInvitationEvent,
    PoolRecommendation,
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
    "COVER_LETTER_MAX_LENGTH",
    "EARLIEST_GRADUATION_YEAR",
    "FORMER_APPLICANT",
    "GRADUATION_YEARS_AHEAD",
    "INVITATION_MESSAGE_MAX_LENGTH",
    "LINK_QUESTIONS",
    "POOL_INVITATIONS_PER_DAY",
    "RECOMMENDATION_NOTE_MAX_LENGTH",
    "Application",
    "ApplicationNote",
    "ApplicationQuerySet",
    "ApplicationStageChange",
    "Availability",
    "CVDocument",
    "CVDocumentQuerySet",
    "Completeness",
    "JobAlert",
    "PoolInvitation",
    "PoolInvitationEvent",
    "PoolRecommendation",
    "ProfileOfficerNote",
    "ProfileReviewEvent",
    "TalentProfile",
    "TalentProfileQuerySet",
    "cv_upload_to",
    "validate_graduation_year",
]
