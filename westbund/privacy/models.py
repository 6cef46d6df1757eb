"""Consents, privacy events and the audit trail.

The tables were the talent app's: ``db_table`` keeps their names (and the constraint
and index names stay as they were), so moving the models here changed no row.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user, owning_user


class ConsentKind(models.TextChoices):
    PROFILE_PROCESSING = "profile_processing", _("Processing of my talent profile by the hub")
    SHARE_WITH_ENTERPRISES = (
        "share_with_enterprises",
        _("Sharing my profile and CV with the enterprises I apply to"),
    )
    # PIPL art. 23: providing personal information to others needs a separate consent.
    TALENT_POOL = (
        "talent_pool",
        _(
            "Being found in the hub's talent pool by the Innovation Center's enterprises "
            "(verified profile only; contact details and CV stay hidden until I accept "
            "an invitation)"
        ),
    )


# Bumped when the wording a person agrees to changes; each consent keeps the version.
CONSENT_VERSION = "2026-11"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One explicit, timestamped consent. Withdrawing sets ``withdrawn_at``; granting
    again is a new row, so the history of what was agreed, and when, is kept."""

    user = owning_user(_("user"), related_name="consents")
    kind = models.CharField(_("kind"), max_length=30, choices=ConsentKind.choices)
    version = models.CharField(_("wording version"), max_length=20, default=CONSENT_VERSION)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        db_table = "talent_consent"
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="talent_one_active_consent_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("granted_at")),
                name="talent_consent_withdrawn_after_granted",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


def subject_reference(user_id: int) -> str:
    """A stable pseudonym of a user id for the privacy log: it lets the hub answer
    "was account N deleted, and when?" without keeping who N was. (The salt names the
    app that first kept the log: changing it would orphan every earlier reference.)"""
    return salted_hmac("westbund.talent.privacy", str(user_id)).hexdigest()


class PrivacyEvent(models.Model):
    """What a person did with their personal data (export, consents, deletion).

    Kept after the account is deleted, with nothing personal: the user link is cleared
    and only ``subject`` (a keyed hash of the former user id) remains.
    """

    class Kind(models.TextChoices):
        CONSENT_GRANTED = "consent_granted", _("Consent granted")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        DATA_EXPORTED = "data_exported", _("Data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")

    user = optional_user(_("user"), related_name="privacy_events")
    subject = models.CharField(_("subject reference"), max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # Non-personal facts only: a consent kind, a count of files erased.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        db_table = "talent_privacyevent"
        verbose_name = _("privacy event")
        verbose_name_plural = _("privacy events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject[:12]}"


class AuditEvent(models.Model):
    """Who looked at or decided what: every CV read by someone other than its owner,
    every review action, every CSV export. Written by the portal only, never edited."""

    class Action(models.TextChoices):
        CV_VIEWED = "cv_viewed", _("CV viewed")
        REVIEW_STARTED = "review_started", _("Review started")
        REVIEW_DECIDED = "review_decided", _("Review decided")
        OFFICER_ASSIGNED = "officer_assigned", _("Officer assigned")
        CSV_EXPORTED = "csv_exported", _("CSV exported")
        ATTACHMENT_VIEWED = "attachment_viewed", _("Service request attachment viewed")

    actor = optional_user(_("by"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # "app_label.model" and primary key of what was acted on (kept when it is deleted).
    target_type = models.CharField(_("target type"), max_length=60)
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        db_table = "talent_auditevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="talent_audit_at_idx"),
            models.Index(fields=["target_type", "target_id"], name="talent_audit_target_idx"),
            models.Index(fields=["actor", "-at"], name="talent_audit_actor_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.target_type}:{self.target_id}"

    @classmethod
    def record(cls, *, actor, action: str, target=None, target_type: str = "", details=None):
        """Store one event; ``target`` is a model instance (or give ``target_type``)."""
        if target is not None:
            target_type = target._meta.label_lower
        return cls.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            target_type=target_type,
            target_id="" if target is None else str(target.pk),
            details=details or {},
        )
