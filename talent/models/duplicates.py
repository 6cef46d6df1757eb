"""Two profiles that may be the same person, flagged to the officers."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields

from .profiles import TalentProfile


class DuplicatePairQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DuplicatePair.Status.OPEN)

    def involving(self, profile):
        return self.filter(Q(first=profile) | Q(second=profile))


class DuplicatePair(Lifecycle, models.Model):
    """Two profiles sharing an e-mail, a phone number, or a name with the same
    university and graduation year (profiles hold no birth year).

    Found by ``talent.actions.flag_duplicate_profiles`` (beat); one row per pair, the
    lower primary key first, so a pair is flagged once: a dismissed pair stays dismissed.
    An officer merges it (``duplicate`` is marked as a duplicate of ``kept``; nothing
    moves between the two accounts) or dismisses it.
    """

    state_field = "status"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Dismissed")

    class Match(models.TextChoices):
        EMAIL = "email", _("Same e-mail address")
        PHONE = "phone", _("Same phone number")
        NAME = "name", _("Same name, university and graduation year")

    TRANSITIONS = {
        Status.OPEN: {Status.MERGED, Status.DISMISSED},
        Status.MERGED: set(),
        Status.DISMISSED: set(),
    }

    first = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("first profile"),
    )
    second = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("second profile"),
    )
    # Match codes, in the order of ``Match``.
    matches = models.JSONField(_("what they share"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # Set by a merge: the profile that stays, and the one marked as its duplicate.
    kept = models.ForeignKey(
        TalentProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profile kept"),
    )
    duplicate = models.ForeignKey(
        TalentProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicate_marks",
        verbose_name=_("marked as duplicate"),
    )
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = DuplicatePairQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="talent_duplicate_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="talent_duplicate_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "merged", "dismissed"]),
                name="talent_duplicate_pair_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.first} ≟ {self.second}"

    def get_matches_display(self) -> list[str]:
        labels = dict(self.Match.choices)
        return [str(labels[code]) for code in self.matches if code in labels]

    def profiles(self) -> tuple[TalentProfile, TalentProfile]:
        return (self.first, self.second)


class DuplicatePairHistory(Transition):
    """One step of a pair's life: flagged, merged or dismissed; who, when, why."""

    subject_field = "pair"

    class Cause(models.TextChoices):
        # An officer's merge or dismissal has no cause code: their reason says why.
        FLAGGED = "flagged", _("Found by the duplicate check")

    pair = history_subject(DuplicatePair, _("possible duplicate"))
    from_state, to_state = state_fields(DuplicatePair.Status.choices, max_length=12)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("possible duplicate history")
        verbose_name_plural = _("possible duplicate history")
        indexes = [models.Index(fields=["pair", "created_at"], name="talent_dup_hist_idx")]

    def __str__(self):
        return f"{self.pair_id}: {self.from_state or '∅'} → {self.to_state}"
