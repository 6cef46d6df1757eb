"""The one place where a state's badge colour is chosen (from ``westbund.core.badges``).

Every lifecycle in the portal uses the same few meanings, so one table keyed by state
code serves them all (the codes mean the same thing wherever they recur: ``rejected`` is
a refusal for a role and for an application). A state not listed is "in progress".
"""

from django import template
from django.utils.html import format_html

from westbund.core.badges import BadgeColour, badge_class

register = template.Library()

# The palette's colours by meaning.
DONE_WELL = BadgeColour.GREEN
REFUSED = BadgeColour.RED
WAITING_ON_SOMEONE = BadgeColour.AMBER
INACTIVE = BadgeColour.GREY
AT_A_STEP = BadgeColour.TEAL
IN_PROGRESS = BadgeColour.BLUE
FINISHED = BadgeColour.DARK

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
    "change_requested": WAITING_ON_SOMEONE,
    # not or no longer active
    "draft": INACTIVE,
    "closed": INACTIVE,
    "withdrawn": INACTIVE,
    "cancelled": INACTIVE,
    "expired": INACTIVE,
    # a notable step on the way
    "interview": AT_A_STEP,
    "scheduled": AT_A_STEP,
    # over, neither a success nor a refusal (an interview held)
    "done": FINISHED,
}


def tone(state: str) -> str:
    """The badge class of ``state``."""
    return badge_class(TONES.get(str(state), IN_PROGRESS))


@register.simple_tag
def state_badge(state, label, extra_class: str = ""):
    """``{% state_badge role.state role.get_state_display %}``: the state's label in
    the badge colour of its meaning."""
    classes = f"badge {tone(state)}"
    if extra_class:
        classes = f"{classes} {extra_class}"
    return format_html('<span class="{}">{}</span>', classes, label)
