"""The conversation of an application: messages between the enterprise's members and the
candidate, and the enterprise's message templates."""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.bilingual import Bilingual
from westbund.core.fields import optional_user

from .applications import Application

MESSAGE_BODY_MAX_LENGTH = 5000
MESSAGE_SUBJECT_MAX_LENGTH = 200
# What a template may say about the application; anything else in braces is refused.
TEMPLATE_PLACEHOLDERS = ("name", "role", "enterprise", "interview_time")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class ApplicationMessageQuerySet(models.QuerySet):
    def for_enterprise_member(self, user):
        return self.filter(application__in=Application.objects.for_enterprise_member(user))

    def for_candidate(self, user):
        return self.filter(application__in=Application.objects.for_user(user))


class ApplicationMessage(models.Model):
    """One message in an application's thread, from the candidate or from a member of
    the enterprise (``from_candidate`` says which side wrote it)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("application"),
    )
    sender = optional_user(_("sender"))
    from_candidate = models.BooleanField(_("from the candidate"), default=False)
    subject = models.CharField(_("subject"), max_length=MESSAGE_SUBJECT_MAX_LENGTH, blank=True)
    body = models.TextField(_("message"), max_length=MESSAGE_BODY_MAX_LENGTH)
    template = models.ForeignKey(
        "talent.MessageTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    objects = ApplicationMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="talent_msg_app_idx")]

    def __str__(self):
        return f"{self.application_id}: {self.body[:40]}"


class MessageTemplate(models.Model):
    """An enterprise's reusable message, in both languages, with placeholders
    ``{name}``, ``{role}``, ``{enterprise}`` and ``{interview_time}`` (see
    ``talent.actions.render_message_template``)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="message_templates",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=100)
    subject_en = models.CharField(
        _("subject (English)"), max_length=MESSAGE_SUBJECT_MAX_LENGTH, blank=True
    )
    subject_zh = models.CharField(
        _("subject (Chinese)"), max_length=MESSAGE_SUBJECT_MAX_LENGTH, blank=True
    )
    body_en = models.TextField(
        _("message (English)"), max_length=MESSAGE_BODY_MAX_LENGTH, blank=True
    )
    body_zh = models.TextField(
        _("message (Chinese)"), max_length=MESSAGE_BODY_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    subject = Bilingual("subject")
    body = Bilingual("body")

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"], name="talent_one_template_name_per_enterprise"
            ),
        ]

    def __str__(self):
        return self.name
