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
from .interviews import (
    GENERAL_CRITERIA,
    MAX_DEFAULT_SPECIALTIES,
    Cause,
    Status,
    add_criterion,
    cancel_interview,
    clashes,
    confirm_interview,
    default_criteria,
    ensure_criteria,
    is_interviewer,
    mark_interview_done,
    may_read_scorecards,
    remove_criterion,
    request_interview_change,
    reschedule_interview,
    schedule_interview,
    send_interview_reminders,
    submit_scorecard,
)
from .pool import (
    ACCEPTED_WITHOUT_LETTER,
    accept_invitation,
    cancel_open_invitations,
    decline_invitation,
    invitations_sent_today,
    invite_to_apply,
    recommend_profile,
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
    "ACCEPTED_WITHOUT_LETTER",
    "GENERAL_CRITERIA",
    "MAX_DEFAULT_SPECIALTIES",
    "MAX_JOB_ALERTS",
    "Cause",
    "Status",
    "accept_invitation",
    "add_criterion",
    "add_note",
    "add_officer_note",
    "application_refusal",
    "assign_officer",
    "cancel_interview",
    "cancel_open_invitations",
    "clashes",
    "confirm_interview",
    "decide_review",
    "decline_invitation",
    "default_criteria",
    "delete_job_alert",
    "ensure_criteria",
    "invitations_sent_today",
    "invite_to_apply",
    "is_interviewer",
    "is_officer",
    "mark_interview_done",
    "may_read_scorecards",
    "move_application",
    "recommend_profile",
    "remove_criterion",
    "request_interview_change",
    "reschedule_interview",
    "save_job_alert",
    "save_profile",
    "schedule_interview",
    "send_interview_reminders",
    "send_job_alert_digests",
    "start_review",
    "submit_application",
    "submit_profile_for_review",
    "submit_scorecard",
    "undo_stage_move",
    "upload_cv",
    "withdraw_application",
]
