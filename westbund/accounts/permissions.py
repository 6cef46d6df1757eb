"""Who may do what: the one place that answers it.

- An *officer* is an active staff account in one of the staff groups of
  ``westbund.accounts.groups`` (talent officers, hub administrators), or an active
  superuser.
- What an officer may do is an *area*, granted by a Django permission the staff
  groups hold (``groups.OFFICER_GRANTS``). An administrator changes what officers may
  do by changing the group, not the code.
- Who is a *member* (or an *admin*) of which enterprise is the enterprises app's
  ``Membership`` rows, asked here so that actions and views ask one place.

Actions call ``require_officer`` / ``require_enterprise_admin`` (they raise
``PermissionDenied``); views, admin classes and templates ask ``is_officer`` /
``is_member`` (booleans). This module imports no domain app: the enterprises models
are looked up by name when a question about members is asked.
"""

from enum import StrEnum

from django.apps import apps
from django.core.exceptions import PermissionDenied

from .groups import ADMINISTRATOR_GROUP, OFFICER_GROUP

STAFF_GROUPS = (OFFICER_GROUP, ADMINISTRATOR_GROUP)


class Area(StrEnum):
    """An officer area and the permission that grants it."""

    PROFILE_REVIEW = "talent.review_talentprofile"
    PROFILE_NOTES = "talent.add_profileofficernote"
    CVS = "talent.view_cvdocument"
    APPLICATIONS = "talent.view_application"
    ROLE_MODERATION = "enterprises.change_role"
    ENTERPRISES = "enterprises.change_enterprise"
    ENTERPRISE_MEMBERS = "enterprises.change_membership"
    SERVICE_REQUESTS = "services.change_servicerequest"
    SERVICE_REQUEST_FILES = "services.view_servicerequestattachment"
    ASSOCIATION = "services.change_membershipapplication"
    EVENTS = "services.change_rsvp"
    CONTENT = "services.change_policy"
    APARTMENTS = "services.change_apartmentapplication"
    NOTIFICATIONS = "notifications.change_notification"
    ANALYTICS = "talent.view_applicationmonth"
    DUPLICATES = "talent.change_duplicatepair"


def _in_staff_group(user) -> bool:
    # Cached on the user object, as Django caches its permissions there: a page asks
    # several times.
    cached = getattr(user, "_staff_group_cache", None)
    if cached is None:
        cached = user.groups.filter(name__in=STAFF_GROUPS).exists()
        user._staff_group_cache = cached
    return cached


def is_officer(user, area: Area | str | None = None) -> bool:
    """Whether ``user`` is an officer (and, given ``area``, one granted that area)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    # The permission before the group: Django has it cached, the group needs a query.
    if area is not None and not user.has_perm(Area(area).value):
        return False
    return _in_staff_group(user)


def require_officer(user, area: Area | str | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is an officer granted ``area``."""
    if not is_officer(user, area):
        raise PermissionDenied(
            f"Only officers granted {Area(area).name} may do this." if area else "Officers only."
        )


# -- Enterprise members -----------------------------------------------------------------------


def memberships(user, *, admin: bool = False):
    """``user``'s memberships of active enterprises (admin ones, when ``admin``)."""
    membership = apps.get_model("enterprises", "Membership")
    return membership.objects.for_user(user, admin=admin)


def member_enterprises(user, *, admin: bool = False):
    """The active enterprises ``user`` belongs to (as an admin, when ``admin``)."""
    enterprise = apps.get_model("enterprises", "Enterprise")
    return enterprise.objects.for_member(user, admin=admin)


def is_member(user, enterprise, *, admin: bool = False) -> bool:
    """Whether ``user`` is a member (an admin, when ``admin``) of the active ``enterprise``
    (an instance or a primary key)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    enterprise_id = getattr(enterprise, "pk", enterprise)
    return memberships(user, admin=admin).filter(enterprise_id=enterprise_id).exists()


def is_enterprise_admin(user, enterprise) -> bool:
    return is_member(user, enterprise, admin=True)


def require_member(user, enterprise) -> None:
    if not is_member(user, enterprise):
        raise PermissionDenied("Members of the enterprise only.")


def require_enterprise_admin(user, enterprise) -> None:
    if not is_enterprise_admin(user, enterprise):
        raise PermissionDenied("Admins of the enterprise only.")


def require_member_or_officer(user, enterprise, area: Area | str) -> None:
    """For what an enterprise does for itself and an officer may do for it."""
    if not (is_member(user, enterprise) or is_officer(user, area)):
        raise PermissionDenied("Members of the enterprise or officers only.")
