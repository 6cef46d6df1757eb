"""Badge colours: the one palette every badge of the portal draws from.

A colour is stored by its code (a tag's colour, for example) and drawn with the
Bootstrap class named here; models map their states to a colour (an application's
stage, a role's state) instead of naming classes in templates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BadgeColour(models.TextChoices):
    BLUE = "blue", _("Blue")
    TEAL = "teal", _("Teal")
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")
    DARK = "dark", _("Dark")


# Bootstrap's contrast-safe pairs (text colour chosen for the background).
BADGE_CLASSES = {
    BadgeColour.BLUE: "text-bg-primary",
    BadgeColour.TEAL: "text-bg-info",
    BadgeColour.GREEN: "text-bg-success",
    BadgeColour.AMBER: "text-bg-warning",
    BadgeColour.RED: "text-bg-danger",
    BadgeColour.GREY: "text-bg-secondary",
    BadgeColour.DARK: "text-bg-dark",
}


def badge_class(colour: str) -> str:
    """The CSS class of a badge of ``colour`` (grey for an unknown code)."""
    return BADGE_CLASSES.get(colour, BADGE_CLASSES[BadgeColour.GREY])
