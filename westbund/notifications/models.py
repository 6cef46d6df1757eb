from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user, owning_user


class Kind(models.TextChoices):
    """Every recruitment event the portal tells people about.

    Each kind has templates in ``templates/notifications/<kind>/``: ``subject.txt``,
    ``body.txt`` and ``body.html``, rendered in the recipient's language.
    """

    APPLICATION_RECEIVED = "application_received", _("Application received")
    APPLICATION_STAGE_CHANGED = "application_stage_changed", _("Application stage changed")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
    PROFILE_REVIEW_STARTED = "profile_review_started", _("Profile review started")
    PROFILE_REVIEW_DECIDED = "profile_review_decided", _("Profile review decided")
    PROFILE_ASSIGNED = "profile_assigned", _("Profile assigned to an officer")
    ROLE_REVIEW_DECIDED = "role_review_decided", _("Role review decided")
    ROLE_DEADLINE_SOON = "role_deadline_soon", _("Role deadline soon")
    JOB_ALERT_DIGEST = "job_alert_digest", _("Job alert digest")
    SERVICE_REQUEST_UPDATED = "service_request_updated", _("Service request updated")
    ENTERPRISE_INVITATION = "enterprise_invitation", _("Enterprise invitation")
    EVENT_RSVP = "event_rsvp", _("Event RSVP")
    ASSOCIATION_MEMBERSHIP_DECIDED = (
        "association_membership_decided",
        _("Association membership decided"),
    )
    POOL_INVITATION = "pool_invitation", _("Invitation to apply from the talent pool")
    INTERVIEW_INVITATION = "interview_invitation", _("Interview invitation")
    INTERVIEW_ANSWERED = "interview_answered", _("Interview answered by the candidate")
    INTERVIEW_REMINDER = "interview_reminder", _("Interview reminder")
    INTERVIEW_FEEDBACK_DUE = "interview_feedback_due", _("Interview feedback due")

    OFFER_APPROVAL_REQUESTED = "offer_approval_requested", _("Offer awaiting approval")
    OFFER_RECEIVED = "offer_received", _("Offer received")
    OFFER_STATUS_CHANGED = "offer_status_changed", _("Offer status changed")
    APPLICATION_MESSAGE = "application_message", _("Message about an application")

    APARTMENT_APPLICATION_UPDATED = (
        "apartment_application_updated",
        _("Talent apartment application updated"),
    )


def kind_choices():
    # A callable, so that migrations refer to it instead of copying the list: a new kind
    # needs no migration.
    return Kind.choices


# Kinds a person may stop receiving by e-mail (they stay in the inbox). Every other kind
# is essential: decisions about someone's application, profile, role or request always
# go out.
OPTIONAL_EMAIL_KINDS = frozenset({Kind.JOB_ALERT_DIGEST, Kind.ROLE_DEADLINE_SOON})


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def stale_pending(self, *, older_than):
        """Pending notifications nobody has tried to deliver for a while: their task was
        lost (broker down at event time, worker killed mid-task)."""
        cutoff = timezone.now() - older_than
        return self.filter(state=Notification.State.PENDING, created_at__lt=cutoff).filter(
            models.Q(last_enqueued_at__isnull=True) | models.Q(last_enqueued_at__lt=cutoff)
        )


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not e-mailed")

    recipient = optional_user(
        _("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    # For people without an account yet (an invitation): the address and the language
    # to write in. Unused when there is a recipient.
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    actor = optional_user(_("actor"))
    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    context = models.JSONField(_("context"), default=dict, blank=True)
    # A path without language prefix ("/me/applications/3/"); shown in the reader's
    # language by ``url_in``.
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""),
                name="notification_has_an_addressee",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(state="pending"),
                name="notif_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient or self.email}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("notifications:detail", args=[self.pk])

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.email

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def email_is_optional(self) -> bool:
        return self.kind in OPTIONAL_EMAIL_KINDS

    @staticmethod
    def inbox_path(language: str) -> str:
        from django.urls import reverse
        from django.utils import translation

        with translation.override(language):
            return reverse("notifications:inbox")

    def url_in(self, language: str) -> str:
        """The link in ``language`` (Chinese pages live under ``/zh-hans/``; paths
        outside the translated URLs, such as the admin's, stay as they are)."""
        if not self.link:
            return ""
        from django.urls import translate_url
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            return translate_url(self.link, language)


class EmailOptOut(models.Model):
    """A person's choice not to receive one optional kind by e-mail."""

    user = owning_user(_("user"), related_name="email_opt_outs")
    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    via_unsubscribe_link = models.BooleanField(_("via unsubscribe link"), default=False)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_opt_out_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} ✕ {self.get_kind_display()}"
