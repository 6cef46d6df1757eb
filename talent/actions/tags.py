"""An enterprise's tags on its applications: create, attach, detach (each recorded)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.core.badges import BadgeColour
from westbund.core.text import reject_control_characters, strip_bidi_controls

from ..models import (
    MAX_TAGS_PER_ENTERPRISE,
    TAG_NAME_MAX_LENGTH,
    Application,
    ApplicationTag,
    Tag,
    TagEvent,
)


def _require_member(user, enterprise_id) -> None:
    if not permissions.is_member(user, enterprise_id):
        raise PermissionDenied("Only the enterprise's members use its tags.")


def clean_tag_name(name: str) -> str:
    """A tag's name as stored: one line, trimmed, no control or bidirectional
    characters, at most ``TAG_NAME_MAX_LENGTH`` characters (refused otherwise)."""
    name = name or ""
    reject_control_characters(name)
    name = " ".join(strip_bidi_controls(name).split())
    if not name:
        raise ValidationError(_("Give the tag a name."), code="required")
    if len(name) > TAG_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Keep the tag's name within %(limit)d characters.") % {"limit": TAG_NAME_MAX_LENGTH},
            code="too_long",
        )
    return name


@transaction.atomic
def create_tag(*, enterprise, name: str, colour: str, by) -> Tag:
    """A new tag of ``enterprise``, by one of its members (recorded). Refused: an empty,
    too long or control-character name, a colour outside the palette, a name the
    enterprise already has (whatever the case), more than ``MAX_TAGS_PER_ENTERPRISE``."""
    _require_member(by, enterprise.pk)
    name = clean_tag_name(name)
    if colour not in BadgeColour.values:
        raise ValidationError(_("Choose a colour from the list."), code="invalid_colour")
    if Tag.objects.filter(enterprise=enterprise).count() >= MAX_TAGS_PER_ENTERPRISE:
        raise ValidationError(
            _("An enterprise has at most %(limit)d tags.") % {"limit": MAX_TAGS_PER_ENTERPRISE},
            code="too_many",
        )
    duplicate = ValidationError(
        _("Your enterprise already has a tag “%(name)s”.") % {"name": name}, code="duplicate"
    )
    if Tag.objects.filter(enterprise=enterprise, name__iexact=name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            tag = Tag.objects.create(enterprise=enterprise, name=name, colour=colour, created_by=by)
    except IntegrityError as error:  # the same name created at the same moment
        raise duplicate from error
    TagEvent.objects.create(
        enterprise=enterprise,
        tag=tag,
        tag_name=tag.name,
        actor=by,
        from_state="",
        to_state=TagEvent.State.PRESENT,
        cause=TagEvent.Cause.CREATED,
    )
    return tag


def _check_same_enterprise(application: Application, tag: Tag, by) -> None:
    _require_member(by, application.enterprise_id)
    if tag.enterprise_id != application.enterprise_id:
        raise PermissionDenied("A tag is attached to its own enterprise's applications only.")


def _record_tag_move(application: Application, tag: Tag, by, *, attached: bool) -> None:
    absent, present = TagEvent.State.ABSENT, TagEvent.State.PRESENT
    TagEvent.objects.create(
        enterprise_id=application.enterprise_id,
        tag=tag,
        tag_name=tag.name,
        application=application,
        actor=by,
        from_state=absent if attached else present,
        to_state=present if attached else absent,
        cause=TagEvent.Cause.ATTACHED if attached else TagEvent.Cause.DETACHED,
    )


@transaction.atomic
def attach_tag(*, application: Application, tag: Tag, by) -> bool:
    """Attach ``tag`` to ``application`` (recorded); False if it already was."""
    _check_same_enterprise(application, tag, by)
    _link, created = ApplicationTag.objects.get_or_create(
        application=application, tag=tag, defaults={"added_by": by}
    )
    if created:
        _record_tag_move(application, tag, by, attached=True)
    return created


@transaction.atomic
def detach_tag(*, application: Application, tag: Tag, by) -> bool:
    """Detach ``tag`` from ``application`` (recorded); False if it was not attached."""
    _check_same_enterprise(application, tag, by)
    deleted, _rows = ApplicationTag.objects.filter(application=application, tag=tag).delete()
    if deleted:
        _record_tag_move(application, tag, by, attached=False)
    return bool(deleted)
