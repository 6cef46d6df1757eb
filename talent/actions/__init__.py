"""Every state change of the talent app, one module per area (see ``talent.models``).

Views, admin actions, commands and tasks call these functions, never the models'
fields directly: each runs in one transaction, validates, records its history row and
raises ``ValidationError`` (bad input or a transition that is not allowed) or
``PermissionDenied`` (someone who may not do it).
"""

from .alerts import (
    MAX_JOB_ALERTS,
    delete_job_alert,
    save_job_alert,
    send_job_alert_digests,
)
from .applications import (
    add_note,
    application_refusal,
    move_application,
    submit_application,
    undo_stage_move,
    withdraw_application,
)
from .duplicates import (
    dismiss_duplicate,
    flag_duplicate_profiles,
    merge_duplicate,
)
from .privacy import (
    delete_account,
    export_personal_data,
    grant_consent,
    set_consents,
    withdraw_consent,
)
from .profiles import (
    add_officer_note,
    assign_officer,
    decide_review,
    is_officer,
    save_profile,
    start_review,
    submit_profile_for_review,
    upload_cv,
)

__all__ = [
    "MAX_JOB_ALERTS",
    "add_note",
    "add_officer_note",
    "application_refusal",
    "assign_officer",
    "decide_review",
    "delete_account",
    "delete_job_alert",
    "dismiss_duplicate",
    "export_personal_data",
    "flag_duplicate_profiles",
    "grant_consent",
    "is_officer",
    "merge_duplicate",
    "move_application",
    "save_job_alert",
    "save_profile",
    "send_job_alert_digests",
    "set_consents",
    "start_review",
    "submit_application",
    "submit_profile_for_review",
    "undo_stage_move",
    "upload_cv",
    "withdraw_application",
    "withdraw_consent",
]
