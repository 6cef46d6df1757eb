"""The officers' recruitment figures, pre-aggregated.

``/admin/analytics/`` and ``/hub-in-numbers/`` must answer in milliseconds at a million
applications: they read these small tables (one row per enterprise and month, one row
per month of profile reviews), rebuilt from the applications by a beat task
(``talent.tasks.rebuild_recruitment_figures``, see ``talent.analytics.rebuild``).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApplicationMonth(models.Model):
    """One enterprise's recruitment in one month.

    Two views of the month in one row: the *cohort* of applications made in it (how far
    each got: ``applied`` … ``reached_hired``, and where they came from), and the *hires
    made* in it (``hired``, with the days each took in ``hire_days``).
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    # The cohort: applications made this month and the furthest stage each reached.
    applied = models.PositiveIntegerField(_("applied"), default=0)
    reached_screening = models.PositiveIntegerField(_("reached screening"), default=0)
    reached_interview = models.PositiveIntegerField(_("reached interview"), default=0)
    reached_offer = models.PositiveIntegerField(_("reached offer"), default=0)
    reached_hired = models.PositiveIntegerField(_("reached hired"), default=0)
    applied_c9 = models.PositiveIntegerField(_("applicants from C9 universities"), default=0)
    applied_international = models.PositiveIntegerField(_("international applicants"), default=0)
    # {source code: applications}
    sources = models.JSONField(_("sources"), default=dict, blank=True)
    # Hires made this month (by the date the application moved to "hired").
    hired = models.PositiveIntegerField(_("hires"), default=0)
    hired_c9 = models.PositiveIntegerField(_("hires from C9 universities"), default=0)
    hired_international = models.PositiveIntegerField(_("international hires"), default=0)
    hired_sponsored = models.PositiveIntegerField(
        _("hires needing work-permit sponsorship"), default=0
    )
    # {days from application to hire: hires}: exact medians and percentiles in days.
    hire_days = models.JSONField(_("days to hire"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("recruitment month")
        verbose_name_plural = _("recruitment months")
        ordering = ["month", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "enterprise"], name="talent_application_month_unique"
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.enterprise_id}"


class ReviewMonth(models.Model):
    """The hub's profile reviews in one month: profiles verified and how long each took
    from its (last) submission."""

    month = models.DateField(_("month"), unique=True)
    verified = models.PositiveIntegerField(_("verified"), default=0)
    # {days from submission to verification: profiles}
    verify_days = models.JSONField(_("days to verify"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("review month")
        verbose_name_plural = _("review months")
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"
