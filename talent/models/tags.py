"""An enterprise's own tags on the applications it received ("strong coder", "call
back in May"): seen and used by its members only, never by the professional."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.badges import BadgeColour, badge_class
from westbund.core.fields import optional_user
from westbund.core.history import Transition, cause_field, history_subject, state_fields

from .applications import Application

TAG_NAME_MAX_LENGTH = 40
# An enterprise's tags fit on one filter list.
MAX_TAGS_PER_ENTERPRISE = 100


class TagQuerySet(models.QuerySet):
    def for_member(self, user):
        """The tags of the active enterprises ``user`` is a member of."""
        from enterprises.models import Enterprise

        return self.filter(enterprise__in=Enterprise.objects.for_member(user))


class Tag(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="application_tags",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=TAG_NAME_MAX_LENGTH)
    colour = models.CharField(
        _("colour"), max_length=10, choices=BadgeColour.choices, default=BadgeColour.BLUE
    )
    applications = models.ManyToManyField(
        Application,
        through="ApplicationTag",
        related_name="tags",
        verbose_name=_("applications"),
    )
    created_by = optional_user(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "enterprise", Lower("name"), name="talent_tag_name_unique_per_enterprise"
            ),
            models.CheckConstraint(
                condition=models.Q(colour__in=BadgeColour.values), name="talent_tag_colour_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def badge_class(self) -> str:
        return badge_class(self.colour)


class ApplicationTag(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("application")
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", verbose_name=_("tag"))
    added_by = optional_user(_("added by"))
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("application tag")
        verbose_name_plural = _("application tags")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "tag"], name="talent_application_tag_once"
            )
        ]
        # The board and the list filtered by a tag start from the tag.
        indexes = [models.Index(fields=["tag", "application"], name="talent_app_tag_tag_idx")]

    def __str__(self):
        return f"{self.application_id}: {self.tag_id}"


class TagEvent(Transition):
    """One change of the tags: a tag created, or attached to / detached from an
    application. The history shape every history table shares (actor, created_at,
    from_state, to_state, reason, cause); ``tag_name`` keeps the name as it was."""

    subject_field = "enterprise"

    class State(models.TextChoices):
        ABSENT = "absent", _("Absent")
        PRESENT = "present", _("Present")

    class Cause(models.TextChoices):
        CREATED = "tag_created", _("Tag created")
        ATTACHED = "tag_attached", _("Tag attached")
        DETACHED = "tag_detached", _("Tag detached")

    enterprise = history_subject("enterprises.Enterprise", _("enterprise"), related_name="+")
    tag = models.ForeignKey(
        Tag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("tag"),
    )
    tag_name = models.CharField(_("tag name"), max_length=TAG_NAME_MAX_LENGTH)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tag_events",
        verbose_name=_("application"),
    )
    from_state, to_state = state_fields(State.choices)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("tag change")
        verbose_name_plural = _("tag changes")
        indexes = [
            models.Index(fields=["application", "created_at"], name="talent_tag_event_app_idx"),
            models.Index(fields=["enterprise", "created_at"], name="talent_tag_event_ent_idx"),
        ]

    def __str__(self):
        return f"{self.tag_name}: {self.get_cause_display()}"
