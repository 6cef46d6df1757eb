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
from .conversations import (
    RenderedMessage,
    application_team,
    delete_message_template,
    move_application_and_send,
    render_message_template,
    save_message_template,
    send_message,
    send_template_message,
)
from .offers import (
    accept_offer,
    approve_offer,
    decline_offer,
    draft_offer,
    expire_offers,
    role_openings_filled,
    submit_offer,
    withdraw_offer,
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
    "RenderedMessage",
    "accept_offer",
    "add_note",
    "add_officer_note",
    "application_refusal",
    "application_team",
    "approve_offer",
    "assign_officer",
    "decide_review",
    "decline_offer",
    "delete_account",
    "delete_job_alert",
    "delete_message_template",
    "draft_offer",
    "expire_offers",
    "export_personal_data",
    "grant_consent",
    "is_officer",
    "move_application",
    "move_application_and_send",
    "render_message_template",
    "role_openings_filled",
    "save_job_alert",
    "save_message_template",
    "save_profile",
    "send_job_alert_digests",
    "send_message",
    "send_template_message",
    "set_consents",
    "start_review",
    "submit_application",
    "submit_offer",
    "submit_profile_for_review",
    "undo_stage_move",
    "upload_cv",
    "withdraw_application",
    "withdraw_consent",
    "withdraw_offer",
]
