"""The navbar's workspace links (westbund/core/context_processors.py) follow every
write to what they show: a membership made, changed or removed, an enterprise
renamed, moved to another slug, deactivated or activated again. Receivers live here:
the project library imports no domain app."""

from django.db.models.signals import post_delete, post_save

from westbund.core import frame
from westbund.core.context_processors import WORKSPACES

# What the links show of an enterprise, and whether they show it at all.
SHOWN_FIELDS = frozenset({"slug", "name_en", "name_zh", "is_active"})


def membership_changed(sender=None, instance=None, **_kwargs) -> None:
    if instance is not None:
        frame.changed(WORKSPACES, instance.user_id)


def enterprise_saved(sender=None, instance=None, created=False, update_fields=None, **_kwargs):
    from .models import Membership

    # A new enterprise has no members yet; a save of other fields changes no link.
    if created or (update_fields is not None and not SHOWN_FIELDS & set(update_fields)):
        return
    frame.changed(
        WORKSPACES,
        *Membership.objects.filter(enterprise_id=instance.pk).values_list("user_id", flat=True),
    )


def connect_invalidation() -> None:
    from .models import Enterprise, Membership

    # Plumbing, not business logic: whichever path writes (actions, admin, demo data),
    # the links must follow. Deleting an enterprise deletes its memberships, one
    # signal each.
    post_save.connect(membership_changed, sender=Membership, weak=False)
    post_delete.connect(membership_changed, sender=Membership, weak=False)
    post_save.connect(enterprise_saved, sender=Enterprise, weak=False)
