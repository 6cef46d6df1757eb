"""The two staff groups and what each may do in the admin.

Kept in code and applied by data migrations (``ensure_staff_groups``), so every
database, production included, has the same groups; re-applied when apps add models.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

OFFICER_GROUP = "Talent officer"
ADMINISTRATOR_GROUP = "Hub administrator"

ALL = ("add", "change", "delete", "view")
HANDLE = ("add", "change", "view")
EDIT = ("change", "view")
READ = ("view",)

# Officers review profiles, moderate roles, handle service requests, read applications,
# and manage the hub's content (policies, manual, events, housing). They never delete
# a person's records and never see the user table.
OFFICER_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "talent": {
        "talentprofile": (*EDIT, "review"),
        "profilereviewevent": READ,
        "cvdocument": READ,
        "application": READ,
        "applicationstagechange": READ,
        "applicationnote": ("add", "view"),
        "profileofficernote": ("add", "view"),
        # The recruitment figures (/admin/analytics/) and the possible duplicates.
        "applicationmonth": READ,
        "reviewmonth": READ,
        "duplicatepair": EDIT,
        "duplicatepairhistory": READ,
        # An application's offers and thread, read-only (the enterprise writes them).
        "offer": READ,
        "offertransition": READ,
        "applicationmessage": READ,
        # The enterprise's interviews and scorecards, read-only (under the application).
        **dict.fromkeys(("interview", "interviewevent", "scorecard", "scorecardcriterion"), READ),
    },
    "privacy": {
        "consent": READ,
        "privacyevent": READ,
        # Not "auditevent": the audit log is read by administrators, it watches officers.
    },
    "enterprises": {
        "enterprise": HANDLE,
        "membership": ALL,
        "invitation": READ,
        "role": EDIT,
        "pendingrole": EDIT,
        "roletransition": READ,
    },
    "services": {
        **dict.fromkeys(
            (
                "policy",
                "policyattachment",
                "talentofficer",
                "housingoption",
                "housingguide",
                "manualchapter",
                "manualsection",
                "event",
                "permitpointstable",
                "permitfactor",
                "permitband",
                "apartmentbuilding",
                "apartmentunit",
            ),
            ALL,
        ),
        "apartmentapplication": EDIT,
        "apartmentapplicationhistory": READ,
        **dict.fromkeys(("servicerequest", "rsvp", "membershipapplication"), EDIT),
        "servicerequestmessage": ("add", "view"),
        **dict.fromkeys(
            (
                "servicerequestattachment",
                "servicerequesthistory",
                "rsvphistory",
                "membershipapplicationhistory",
            ),
            READ,
        ),
    },
    "notifications": {"notification": EDIT, "emailoptout": READ},
}


def officer_codenames() -> dict[str, set[str]]:
    return {
        app_label: {f"{action}_{model}" for model, actions in models.items() for action in actions}
        for app_label, models in OFFICER_GRANTS.items()
    }


def ensure_staff_groups(apps=global_apps) -> None:
    """Create or update the officer and administrator groups (idempotent)."""
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrations; groups need them now.
        # (Historical app configs have no models module, which create_permissions
        # takes as "no models".)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    officer, _created = Group.objects.get_or_create(name=OFFICER_GROUP)
    wanted = []
    for app_label, codenames in officer_codenames().items():
        wanted += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    officer.permissions.set(wanted)

    administrator, _created = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
    administrator.permissions.set(Permission.objects.all())


def make_officer(user) -> None:
    """Put a staff user in the officers' group (demo data, tests, commands)."""
    from django.contrib.auth.models import Group

    ensure_staff_groups()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=OFFICER_GROUP))
