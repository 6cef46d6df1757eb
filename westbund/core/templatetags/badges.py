"""The one place where a state's badge colour is chosen.

Every lifecycle in the portal uses the same few meanings, so one table keyed by state
code serves them all (the codes mean the same thing wherever they recur: ``rejected`` is
a refusal for a role and for an application). A state not listed is "in progress".
"""

from django import template
from django.utils.html import format_html

register = template.Library()

# Bootstrap's text-bg-* tones by meaning.
DONE_WELL = "success"
REFUSED = "danger"
WAITING_ON_SOMEONE = "warning"
INACTIVE = "secondary"
AT_A_STEP = "info"
IN_PROGRESS = "primary"

TONES = {
    # good outcomes
    "verified": DONE_WELL,
    "published": DONE_WELL,
    "hired": DONE_WELL,
    "offer": DONE_WELL,
    "confirmed": DONE_WELL,
    "approved": DONE_WELL,
    "accepted": DONE_WELL,
    "resolved": DONE_WELL,
    # refusals
    "rejected": REFUSED,
    "declined": REFUSED,
    # someone else must act
    "pending_review": WAITING_ON_SOMEONE,
    "changes_requested": WAITING_ON_SOMEONE,
    "waitlisted": WAITING_ON_SOMEONE,
    "waiting": WAITING_ON_SOMEONE,
    "pending": WAITING_ON_SOMEONE,
    # not or no longer active
    "draft": INACTIVE,
    "closed": INACTIVE,
    "withdrawn": INACTIVE,
    "cancelled": INACTIVE,
    "expired": INACTIVE,
    # a notable step on the way
    "interview": AT_A_STEP,
}


def tone(state: str) -> str:
    return TONES.get(str(state), IN_PROGRESS)


@register.simple_tag
def state_badge(state, label, extra_class: str = ""):
    """``{% state_badge role.state role.get_state_display %}``: the state's label in
    the badge colour of its meaning."""
    classes = f"badge text-bg-{tone(state)}"
    if extra_class:
        classes = f"{classes} {extra_class}"
    return format_html('<span class="{}">{}</span>', classes, label)
