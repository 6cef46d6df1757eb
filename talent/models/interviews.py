"""Interviews of an application, their history, and the interviewers' scorecards."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.bilingual import Bilingual, pick
from westbund.core.fields import optional_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields

from .applications import Application

INTERVIEW_TEXT_MAX_LENGTH = 2000
SCORECARD_NOTES_MAX_LENGTH = 4000
CRITERION_NAME_MAX_LENGTH = 120
MAX_CRITERIA = 10
DURATIONS = (15, 30, 45, 60, 90, 120, 180)


class InterviewQuerySet(models.QuerySet):
    def for_enterprise_member(self, user):
        """Interviews of the active enterprises ``user`` is a member of: the workspace's
        only scope for interviews."""
        from enterprises.models import Enterprise

        return self.filter(enterprise__in=Enterprise.objects.for_member(user))

    def for_candidate(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(application__profile__user=user)

    def active(self):
        return self.filter(status__in=Interview.ACTIVE)

    def upcoming(self, *, now=None):
        return self.active().filter(ends_at__gte=now or timezone.now())

    def past(self, *, now=None):
        """Over, done or cancelled: every interview ``upcoming`` leaves out."""
        return self.filter(Q(ends_at__lt=now or timezone.now()) | ~Q(status__in=Interview.ACTIVE))

    def with_interviewer(self, user):
        return self.filter(interviewers=user)

    def due_for_reminder(self, *, now=None):
        """Active interviews starting within the next day whose reminder is not sent."""
        now = now or timezone.now()
        return self.active().filter(
            reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + timedelta(days=1)
        )


class Interview(Lifecycle, models.Model):
    """One interview of an application: when, how, where, with whom.

    ``uid`` names it in calendars for its whole life; ``sequence`` rises with every
    change the invited people must see (rescheduled, cancelled), as iCalendar requires.
    """

    state_field = "status"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CONFIRMED = "confirmed", _("Confirmed by the candidate")
        CHANGE_REQUESTED = "change_requested", _("Another time requested")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    class Mode(models.TextChoices):
        ONSITE = "onsite", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone call")

    # Rescheduling is a move to SCHEDULED (again): the candidate is asked anew.
    TRANSITIONS = {
        Status.SCHEDULED: {
            Status.SCHEDULED,
            Status.CONFIRMED,
            Status.CHANGE_REQUESTED,
            Status.CANCELLED,
            Status.DONE,
        },
        Status.CONFIRMED: {
            Status.SCHEDULED,
            Status.CHANGE_REQUESTED,
            Status.CANCELLED,
            Status.DONE,
        },
        Status.CHANGE_REQUESTED: {Status.SCHEDULED, Status.CANCELLED},
        Status.CANCELLED: set(),
        Status.DONE: set(),
    }
    ACTIVE = (Status.SCHEDULED, Status.CONFIRMED, Status.CHANGE_REQUESTED)

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    # The application's enterprise, kept here so that the workspace's interview list is
    # scoped and indexed without a join.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("enterprise"),
    )
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    location = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("video link"), max_length=500, blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="interviews_to_hold", verbose_name=_("interviewers")
    )
    organizer = optional_user(_("scheduled by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="talent_interview_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["scheduled", "confirmed", "change_requested", "cancelled", "done"]
                ),
                name="talent_interview_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "starts_at"], name="talent_interview_ent_idx"),
            models.Index(fields=["application", "starts_at"], name="talent_interview_app_idx"),
            models.Index(
                fields=["starts_at"],
                condition=Q(reminder_sent_at__isnull=True),
                name="talent_interview_remind_idx",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} @ {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def workspace_url(self) -> str:
        return reverse("talent:workspace_interview", args=[self.enterprise.slug, self.pk])

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def candidate_may_answer(self) -> bool:
        """The candidate confirms or asks for another time while it is scheduled (a
        confirmed one may still be asked to move) and has not started."""
        return (
            self.status in (self.Status.SCHEDULED, self.Status.CONFIRMED)
            and self.starts_at > timezone.now()
        )

    def calendar_uid(self) -> str:
        from urllib.parse import urlsplit

        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"interview-{self.uid}@{host}"

    def place(self) -> str:
        """Where, as the invited read it: the place, the link, or both."""
        return " · ".join(part for part in (self.location, self.link) if part)


class InterviewEvent(Transition):
    """One step of an interview's life: who, when, from, to, why (``cause``: a code)."""

    subject_field = "interview"

    class Cause(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CONFIRMED = "confirmed", _("Confirmed by the candidate")
        CHANGE_REQUESTED = "change_requested", _("The candidate asked for another time")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Marked as done")
        # Closing the application cancels its upcoming interviews (the same codes as
        # ``OfferTransition.Cause``).
        APPLICATION_REJECTED = "application_rejected", _("The application was rejected")
        APPLICATION_WITHDRAWN = (
            "application_withdrawn",
            _("The candidate withdrew their application"),
        )
        CANDIDATE_LEFT = "candidate_left", _("The candidate deleted their account")

    interview = history_subject(Interview, _("interview"), related_name="events")
    from_state, to_state = state_fields(Interview.Status.choices)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("interview event")
        verbose_name_plural = _("interview events")
        indexes = [
            models.Index(fields=["interview", "created_at"], name="talent_interview_hist_idx"),
        ]

    def __str__(self):
        return f"{self.interview_id}: {self.from_state or '∅'} → {self.to_state}"


class ScorecardCriterion(models.Model):
    """What the interviewers of a role rate, in both languages (the defaults come from
    the role's specialties; the enterprise's members edit them)."""

    role = models.ForeignKey(
        "enterprises.Role",
        on_delete=models.CASCADE,
        related_name="scorecard_criteria",
        verbose_name=_("role"),
    )
    name_en = models.CharField(_("criterion (English)"), max_length=CRITERION_NAME_MAX_LENGTH)
    name_zh = models.CharField(
        _("criterion (Chinese)"), max_length=CRITERION_NAME_MAX_LENGTH, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scorecard criterion")
        verbose_name_plural = _("scorecard criteria")
        ordering = ["role", "position", "id"]

    def __str__(self):
        return self.name_en

    name = Bilingual("name")


class Scorecard(models.Model):
    """One interviewer's feedback on one interview: a 1–5 rating per criterion (the
    criterion's names kept as they were), an overall recommendation and notes.

    Never shown to the candidate; part of their data export (docs/privacy-interviews.md).
    """

    class Recommendation(models.IntegerChoices):
        STRONG_NO = 1, _("Strong no")
        NO = 2, _("No")
        YES = 3, _("Yes")
        STRONG_YES = 4, _("Strong yes")

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("interview")
    )
    interviewer = optional_user(_("interviewer"), related_name="scorecards", blank=False)
    # [{"criterion": {"en": ..., "zh-hans": ...}, "rating": 1..5}, ...]
    ratings = models.JSONField(_("ratings"), default=list)
    recommendation = models.PositiveSmallIntegerField(
        _("recommendation"),
        choices=Recommendation.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    notes = models.TextField(_("notes"), max_length=SCORECARD_NOTES_MAX_LENGTH, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="talent_one_scorecard_per_interviewer"
            ),
            models.CheckConstraint(
                condition=Q(recommendation__gte=1, recommendation__lte=4),
                name="talent_scorecard_recommendation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.interview_id} · {self.interviewer_id}"

    def named_ratings(self) -> list[tuple[str, int]]:
        """(criterion in the reader's language, rating), in the scorecard's order."""
        return [(pick(item["criterion"]), item["rating"]) for item in self.ratings]

    def get_recommendation_display_en(self) -> str:
        from django.utils import translation

        with translation.override("en"):
            return str(self.get_recommendation_display())

    def average(self) -> float | None:
        values = [item["rating"] for item in self.ratings if item.get("rating")]
        return round(sum(values) / len(values), 1) if values else None
