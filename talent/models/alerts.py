"""Saved searches that send a daily digest of new roles."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import owning_user
from westbund.taxonomy import SpecialtiesField, specialty_filter, specialty_labels


class JobAlert(models.Model):
    """A saved search: a daily digest tells the professional of new roles matching it.

    ``last_digest_at`` is the end of the window the last digest covered: the next one
    looks only at roles first published after it, so no role is sent twice.
    """

    user = owning_user(_("user"), related_name="job_alerts")
    name = models.CharField(_("name"), max_length=100)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    specialties = SpecialtiesField(_("AI specialties"))
    employment_type = models.CharField(_("employment type"), max_length=20, blank=True)
    seniority = models.CharField(_("seniority"), max_length=10, blank=True)
    remote_policy = models.CharField(_("remote policy"), max_length=10, blank=True)
    sponsors_visa = models.BooleanField(_("sponsors a work permit only"), default=False)
    min_salary = models.PositiveIntegerField(
        _("minimum yearly salary (CNY)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_digest_at = models.DateTimeField(_("last digest up to"), null=True, blank=True)
    last_digest_on = models.DateField(_("last digest day"), null=True, blank=True)

    class Meta:
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["last_digest_on"], name="talent_alert_digest_idx")]

    def __str__(self):
        return self.name

    def matching_roles(self, roles):
        """``roles`` (a Role queryset) narrowed to this alert's search."""
        roles = roles.search(self.keywords) if self.keywords.strip() else roles
        if self.specialties:
            any_specialty = Q()
            for code in self.specialties:
                any_specialty |= specialty_filter("specialties", code)
            roles = roles.filter(any_specialty)
        if self.employment_type:
            roles = roles.filter(employment_type=self.employment_type)
        if self.seniority:
            roles = roles.filter(seniority=self.seniority)
        if self.remote_policy:
            roles = roles.filter(remote_policy=self.remote_policy)
        if self.sponsors_visa:
            roles = roles.filter(sponsors_visa=True)
        if self.min_salary:
            roles = roles.filter(salary_max__gte=self.min_salary)
        return roles

    def summary(self) -> list[str]:
        """The alert's criteria, as short labels."""
        parts = [f"“{self.keywords}”"] if self.keywords else []
        parts += [str(label) for label in specialty_labels(self.specialties)]
        return parts
