"""Offers of employment made to an applicant, their lifecycle and its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields

from .applications import Application

OFFER_LETTER_MAX_LENGTH = 10000
OFFER_POSITION_MAX_LENGTH = 200
# A hundred million yuan a year: anything above is a typo, not an offer.
OFFER_SALARY_MAX = 100_000_000


class OfferQuerySet(models.QuerySet):
    def for_enterprise_member(self, user):
        """The offers of the active enterprises ``user`` is a member of."""
        from enterprises.models import Enterprise

        return self.filter(enterprise__in=Enterprise.objects.for_member(user))

    def for_candidate(self, user):
        """The offers made to ``user`` that they may read: once sent, never a draft."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(application__profile__user=user, sent_at__isnull=False)

    def outstanding(self):
        """Waiting for someone: the enterprise's admin or the candidate."""
        return self.filter(status__in=[Offer.Status.AWAITING_APPROVAL, Offer.Status.SENT])

    def open(self):
        return self.filter(status__in=Offer.OPEN_STATES)


class Offer(Lifecycle, models.Model):
    """An offer of employment to an applicant, with a letter in the candidate's language.

    A recruiter's offer waits for an admin of the enterprise (who did not draft it) to
    approve it; an admin's own offer is sent directly. The candidate accepts or
    declines it while it has not expired. One open offer per application at a time.
    """

    state_field = "status"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined by the candidate")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {
        Status.DRAFT: {Status.AWAITING_APPROVAL, Status.SENT, Status.WITHDRAWN, Status.EXPIRED},
        Status.AWAITING_APPROVAL: {Status.SENT, Status.WITHDRAWN, Status.EXPIRED},
        Status.SENT: {Status.ACCEPTED, Status.DECLINED, Status.EXPIRED, Status.WITHDRAWN},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
        Status.EXPIRED: set(),
        Status.WITHDRAWN: set(),
    }
    OPEN_STATES = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.SENT)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="offers", verbose_name=_("application")
    )
    # The application's enterprise, for scoping without a join (as on Application).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("enterprise"),
    )
    position = models.CharField(_("position"), max_length=OFFER_POSITION_MAX_LENGTH)
    annual_salary = models.PositiveIntegerField(_("annual salary (CNY)"))
    start_date = models.DateField(_("start date"))
    expires_on = models.DateField(_("offer expires on"))
    # The candidate's language when the offer was drafted: the letter is written in it.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    letter = models.TextField(_("letter"), max_length=OFFER_LETTER_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    drafted_by = optional_user(_("drafted by"))
    approved_by = optional_user(_("approved by"))
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("drafted"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "awaiting_approval", "sent"]),
                name="talent_one_open_offer_per_application",
            ),
            models.CheckConstraint(
                condition=Q(annual_salary__gte=1) & Q(annual_salary__lte=OFFER_SALARY_MAX),
                name="talent_offer_salary_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "awaiting_approval",
                        "sent",
                        "accepted",
                        "declined",
                        "expired",
                        "withdrawn",
                    ]
                ),
                name="talent_offer_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "-created_at"], name="talent_offer_app_idx"),
            models.Index(
                fields=["expires_on"],
                condition=Q(status__in=["draft", "awaiting_approval", "sent"]),
                name="talent_offer_open_expiry_idx",
            ),
        ]

    def __str__(self):
        return f"{self.position} · {self.application_id} ({self.get_status_display()})"

    def workspace_pdf_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "talent:workspace_offer_pdf",
            args=[self.enterprise.slug, self.application_id, self.pk],
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def is_past_expiry(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def awaits_candidate(self) -> bool:
        return self.status == self.Status.SENT and not self.is_past_expiry


class OfferTransition(Transition):
    """One move of an offer: who, when, from, to, why (``cause``: a code, e.g. the
    expiry beat's ``expired``)."""

    subject_field = "offer"

    class Cause(models.TextChoices):
        EXPIRED = "expired", _("The offer's expiry date passed")
        APPROVED = "approved", _("Approved by an admin of the enterprise")
        # Closing the application withdraws its open offers (``close_open_offers_and_interviews``).
        APPLICATION_REJECTED = "application_rejected", _("The application was rejected")
        APPLICATION_WITHDRAWN = (
            "application_withdrawn",
            _("The candidate withdrew their application"),
        )
        CANDIDATE_LEFT = "candidate_left", _("The candidate deleted their account")

    offer = history_subject(Offer, _("offer"), related_name="transitions")
    from_state, to_state = state_fields(Offer.Status.choices)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("offer transition")
        verbose_name_plural = _("offer transitions")
        indexes = [models.Index(fields=["offer", "created_at"], name="talent_offer_hist_idx")]

    def __str__(self):
        from_state = self.get_from_state_display() or "∅"
        return f"{self.offer_id}: {from_state} → {self.get_to_state_display()}"
