"""The talent pool: invitations to apply from enterprises, and the hub's recommendations.

Who is in the pool is ``TalentProfile.objects.in_talent_pool()``; an enterprise reads
only its own invitations and recommendations (every query is narrowed to the
enterprise of the workspace page).
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields

# Invitations an enterprise may send in one day (Asia/Shanghai), against spam.
POOL_INVITATIONS_PER_DAY = 20
INVITATION_MESSAGE_MAX_LENGTH = 1000
RECOMMENDATION_NOTE_MAX_LENGTH = 1000


class PoolInvitation(Lifecycle, models.Model):
    """An enterprise's invitation to a pool member to apply to one of its published
    roles. Accepting starts an application; until then the enterprise sees neither the
    person's contact details nor their CV."""

    state_field = "status"

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Invitation declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Cause(models.TextChoices):
        """Why the portal itself moved an invitation (empty: a person's decision)."""

        CONSENT_WITHDRAWN = "consent_withdrawn", _("The professional left the talent pool")

    TRANSITIONS = {
        Status.SENT: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
        Status.CANCELLED: set(),
    }

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="pool_invitations",
        verbose_name=_("enterprise"),
    )
    role = models.ForeignKey(
        "enterprises.Role",
        on_delete=models.CASCADE,
        related_name="pool_invitations",
        verbose_name=_("role"),
    )
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="pool_invitations",
        verbose_name=_("profile"),
    )
    invited_by = optional_user(_("invited by"))
    message = models.TextField(_("message"), max_length=INVITATION_MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    application = models.ForeignKey(
        "talent.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("talent pool invitation")
        verbose_name_plural = _("talent pool invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One invitation per person and role: no repeated asking.
            models.UniqueConstraint(fields=["role", "profile"], name="talent_pool_one_invitation"),
            models.CheckConstraint(
                condition=models.Q(status__in=["sent", "accepted", "declined", "cancelled"]),
                name="talent_pool_invitation_status_valid",
            ),
        ]
        indexes = [
            # The daily limit and the enterprise's list.
            models.Index(fields=["enterprise", "-created_at"], name="talent_pool_inv_ent_idx"),
            models.Index(fields=["profile", "-created_at"], name="talent_pool_inv_prof_idx"),
        ]

    def __str__(self):
        return f"{self.profile_id} → {self.role_id}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("talent:invitations")

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SENT


class PoolInvitationEvent(Transition):
    """One step of an invitation: who moved it, when, from where to where, why."""

    subject_field = "invitation"
    Cause = PoolInvitation.Cause

    invitation = history_subject(PoolInvitation, _("invitation"), related_name="events")
    from_state, to_state = state_fields(PoolInvitation.Status.choices)
    cause = cause_field(PoolInvitation.Cause)

    class Meta(Transition.Meta):
        verbose_name = _("talent pool invitation event")
        verbose_name_plural = _("talent pool invitation events")
        indexes = [
            models.Index(fields=["invitation", "created_at"], name="talent_pool_inv_hist_idx")
        ]

    def __str__(self):
        return f"{self.invitation_id}: {self.from_state or '∅'} → {self.to_state}"


class PoolRecommendation(models.Model):
    """An officer's recommendation of a profile to one enterprise: shown in that
    enterprise's pool as "recommended by the hub", with the officer's note."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="pool_recommendations",
        verbose_name=_("enterprise"),
    )
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="pool_recommendations",
        verbose_name=_("profile"),
    )
    officer = optional_user(_("officer"))
    note = models.TextField(_("note"), max_length=RECOMMENDATION_NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("recommended"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation to an enterprise")
        verbose_name_plural = _("recommendations to enterprises")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "profile"], name="talent_pool_one_recommendation"
            ),
        ]

    def __str__(self):
        return f"{self.profile} → {self.enterprise}"
