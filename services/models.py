"""The hub's service package: policies, officers, housing, the manual, the community and
service requests. Content is bilingual: each text is stored twice (``*_en``, ``*_zh``)
and read through a ``Bilingual`` attribute that picks the active language."""

import secrets
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from westbund.core.bilingual import Bilingual
from westbund.core.fields import optional_user, owning_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields
from westbund.education import Degree
from westbund.privacy.files import ATTACHMENT, check_upload, private_storage


def validate_attachment(value) -> None:
    check_upload(value, ATTACHMENT)


class RequestCategory(models.TextChoices):
    HOUSING = "housing", _("Housing")
    WORK_PERMIT = "work_permit", _("Work permit and visa")
    POLICY_SUBSIDY = "policy_subsidy", _("Policy subsidy")
    SCHOOLING = "schooling", _("Children's schooling")
    HEALTHCARE = "healthcare", _("Healthcare")
    INCUBATION = "incubation", _("Startup incubation")
    OTHER = "other", _("Other")


# ------------------------------------------------------------------------------
# Policies
# ------------------------------------------------------------------------------
class PolicyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_force(self, today: date | None = None):
        """Published policies that have started and not expired: the public list."""
        today = today or timezone.localdate()
        return self.published().filter(
            Q(effective_from__lte=today), Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def search(self, query: str):
        query = query.strip()
        if not query:
            return self
        condition = Q()
        for field in ("title", "summary", "body", "eligibility", "benefits"):
            for suffix in ("en", "zh"):
                condition |= Q(**{f"{field}_{suffix}__icontains": query})
        return self.filter(condition)


class Policy(models.Model):
    class Category(models.TextChoices):
        TALENT_SUBSIDY = "talent_subsidy", _("Talent subsidy")
        HOUSING = "housing", _("Housing")
        WORK_PERMIT = "work_permit", _("Work permit and residence")
        TAX = "tax", _("Tax")
        HEALTHCARE = "healthcare", _("Healthcare")
        EDUCATION = "education", _("Children's education")
        STARTUP = "startup", _("Startup support")

    class NationalityScope(models.TextChoices):
        ANY = "any", _("Any nationality")
        CHINESE = "chinese", _("Chinese nationals")
        FOREIGN = "foreign", _("Foreign nationals")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600)
    summary_zh = models.TextField(_("summary (Chinese)"), max_length=600, blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    body_zh = models.TextField(_("body (Chinese)"), blank=True)
    eligibility_en = models.TextField(_("eligibility (English)"), blank=True)
    eligibility_zh = models.TextField(_("eligibility (Chinese)"), blank=True)
    benefits_en = models.TextField(_("benefits (English)"), blank=True)
    benefits_zh = models.TextField(_("benefits (Chinese)"), blank=True)
    documents_en = models.TextField(_("documents required (English)"), blank=True)
    documents_zh = models.TextField(_("documents required (Chinese)"), blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    how_to_apply_zh = models.TextField(_("how to apply (Chinese)"), blank=True)
    effective_from = models.DateField(_("effective from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    # Eligibility rules, as data: "which policies fit me" compares them with a profile.
    min_degree = models.CharField(
        _("minimum degree"), max_length=16, choices=Degree.choices, blank=True
    )
    requires_c9 = models.BooleanField(_("requires a C9 League degree"), default=False)
    nationality_scope = models.CharField(
        _("nationality"),
        max_length=16,
        choices=NationalityScope.choices,
        default=NationalityScope.ANY,
    )
    min_years_experience = models.PositiveSmallIntegerField(
        _("minimum years of experience"), default=0
    )
    requires_verified_profile = models.BooleanField(
        _("requires a verified hub profile"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PolicyQuerySet.as_manager()

    title = Bilingual("title")
    summary = Bilingual("summary")
    body = Bilingual("body")
    eligibility = Bilingual("eligibility")
    benefits = Bilingual("benefits")
    documents = Bilingual("documents")
    how_to_apply = Bilingual("how_to_apply")

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["category", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("effective_from")),
                name="services_policy_expires_after_effective",
                violation_error_message=_("A policy cannot expire before it takes effect."),
            ),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("services:policy_detail", args=[self.slug])

    @property
    def request_category(self) -> str:
        """The kind of service request that handles questions about this policy."""
        return POLICY_REQUEST_CATEGORIES.get(self.category, RequestCategory.POLICY_SUBSIDY)

    def ask_officer_url(self) -> str:
        return f"{reverse('services:request_create')}?{urlencode({'policy': self.slug})}"

    def next_step_url(self) -> str:
        """Where a reader goes after this page, besides asking an officer (or "")."""
        if self.category == self.Category.HOUSING:
            # Talent apartments, rentals and "Apply for a talent apartment" live there.
            return reverse("services:housing")
        return ""

    def is_expired(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today

    def is_upcoming(self, today: date | None = None) -> bool:
        return self.effective_from > (today or timezone.localdate())

    @property
    def has_rules(self) -> bool:
        return bool(
            self.min_degree
            or self.requires_c9
            or self.nationality_scope != self.NationalityScope.ANY
            or self.min_years_experience
            or self.requires_verified_profile
        )


# Questions about a policy go to the desk of its subject (a housing policy to housing).
POLICY_REQUEST_CATEGORIES = {
    Policy.Category.TALENT_SUBSIDY: RequestCategory.POLICY_SUBSIDY,
    Policy.Category.HOUSING: RequestCategory.HOUSING,
    Policy.Category.WORK_PERMIT: RequestCategory.WORK_PERMIT,
    Policy.Category.TAX: RequestCategory.POLICY_SUBSIDY,
    Policy.Category.HEALTHCARE: RequestCategory.HEALTHCARE,
    Policy.Category.EDUCATION: RequestCategory.SCHOOLING,
    Policy.Category.STARTUP: RequestCategory.INCUBATION,
}


class PolicyAttachment(models.Model):
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("policy")
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    # Public documents (official notices, forms): ordinary media storage.
    file = models.FileField(_("file"), upload_to="policies/%Y/", validators=[validate_attachment])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = Bilingual("title")

    class Meta:
        verbose_name = _("policy attachment")
        verbose_name_plural = _("policy attachments")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title_en


# ------------------------------------------------------------------------------
# Talent officers
# ------------------------------------------------------------------------------
class SpokenLanguage(models.TextChoices):
    MANDARIN = "zh", _("Mandarin")
    ENGLISH = "en", _("English")
    SHANGHAINESE = "wuu", _("Shanghainese")
    CANTONESE = "yue", _("Cantonese")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    RUSSIAN = "ru", _("Russian")


class TalentOfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """The directory entry of a staff account (e.g. a profile's assigned officer)."""
        if user is None:
            return None
        return self.active().filter(user=user).first()


class TalentOfficer(models.Model):
    """An entry of the public team directory; optionally the officer's staff account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer_profile",
        verbose_name=_("staff account"),
        limit_choices_to={"is_staff": True},
    )
    name_en = models.CharField(pgettext_lazy("person", "name (English)"), max_length=120)
    name_zh = models.CharField(
        pgettext_lazy("person", "name (Chinese)"), max_length=120, blank=True
    )
    job_title_en = models.CharField(_("job title (English)"), max_length=160, blank=True)
    job_title_zh = models.CharField(_("job title (Chinese)"), max_length=160, blank=True)
    photo = models.ImageField(_("photo"), upload_to="officers/", blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    areas = models.JSONField(_("areas"), default=list, blank=True)
    bio_en = models.TextField(_("introduction (English)"), blank=True)
    bio_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=200, blank=True)
    office_hours_zh = models.CharField(_("office hours (Chinese)"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TalentOfficerQuerySet.as_manager()

    name = Bilingual("name")
    job_title = Bilingual("job_title")
    bio = Bilingual("bio")
    office_hours = Bilingual("office_hours")

    class Meta:
        verbose_name = _("talent officer")
        verbose_name_plural = _("talent officers")
        ordering = ["order", "name_en"]

    def __str__(self):
        return self.name_en

    def language_labels(self) -> list[str]:
        labels = dict(SpokenLanguage.choices)
        return [str(labels[code]) for code in self.languages if code in labels]

    def area_labels(self) -> list[str]:
        labels = dict(RequestCategory.choices)
        return [str(labels[code]) for code in self.areas if code in labels]


# ------------------------------------------------------------------------------
# Residential guidance
# ------------------------------------------------------------------------------
class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class HousingOption(models.Model):
    class Kind(models.TextChoices):
        TALENT_APARTMENT = "talent_apartment", _("Talent apartment")
        RENTAL_SUBSIDY = "rental_subsidy", _("Rental subsidy scheme")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_zh = models.CharField(_("name (Chinese)"), max_length=160, blank=True)
    summary_en = models.TextField(_("summary (English)"))
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    rent_min = models.PositiveIntegerField(_("rent from (CNY a month)"), null=True, blank=True)
    rent_max = models.PositiveIntegerField(_("rent up to (CNY a month)"), null=True, blank=True)
    commute_minutes = models.PositiveSmallIntegerField(
        _("commute to the West Bund (minutes)"), null=True, blank=True
    )
    commute_en = models.CharField(_("how to commute (English)"), max_length=200, blank=True)
    commute_zh = models.CharField(_("how to commute (Chinese)"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublishedQuerySet.as_manager()

    name = Bilingual("name")
    summary = Bilingual("summary")
    commute = Bilingual("commute")

    class Meta:
        verbose_name = _("housing option")
        verbose_name_plural = _("housing options")
        ordering = ["kind", "order", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rent_min__isnull=True)
                | Q(rent_max__isnull=True)
                | Q(rent_min__lte=models.F("rent_max")),
                name="services_housing_rent_min_lte_max",
                violation_error_message=_("The lowest rent cannot be above the highest."),
            ),
        ]

    def __str__(self):
        return self.name_en


class HousingGuide(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    body_en = models.TextField(_("body (English)"))
    body_zh = models.TextField(_("body (Chinese)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    title = Bilingual("title")
    summary = Bilingual("summary")
    body = Bilingual("body")

    class Meta:
        verbose_name = _("housing guide")
        verbose_name_plural = _("housing guides")
        ordering = ["order", "title_en"]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("services:housing_guide", args=[self.slug])


# ------------------------------------------------------------------------------
# Service manual
# ------------------------------------------------------------------------------
class ManualChapterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def stamp(self) -> str:
        """Changes whenever a chapter or section is added, edited or removed."""
        chapters = self.aggregate(latest=Max("updated_at"), count=Count("pk", distinct=True))
        sections = ManualSection.objects.filter(chapter__in=self).aggregate(
            latest=Max("updated_at"), count=Count("pk")
        )
        parts = [
            chapters["latest"].isoformat() if chapters["latest"] else "-",
            str(chapters["count"]),
            sections["latest"].isoformat() if sections["latest"] else "-",
            str(sections["count"]),
        ]
        return "|".join(parts)


class ManualChapter(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ManualChapterQuerySet.as_manager()

    title = Bilingual("title")
    intro = Bilingual("intro")

    class Meta:
        verbose_name = _("manual chapter")
        verbose_name_plural = _("manual chapters")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title_en}"

    def get_absolute_url(self):
        return reverse("services:manual_chapter", args=[self.slug])


class ManualSection(models.Model):
    chapter = models.ForeignKey(
        ManualChapter,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("chapter"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    body_en = models.TextField(_("body (English)"))
    body_zh = models.TextField(_("body (Chinese)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = Bilingual("title")
    body = Bilingual("body")

    class Meta:
        verbose_name = _("manual section")
        verbose_name_plural = _("manual sections")
        ordering = ["chapter__number", "order", "pk"]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return f"{self.chapter.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"section-{self.pk}"


# ------------------------------------------------------------------------------
# Startup community
# ------------------------------------------------------------------------------
class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        return self.published().filter(starts_at__gt=timezone.now())

    def with_counts(self):
        return self.annotate(
            confirmed_count=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.CONFIRMED)),
            waitlist_count=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.WAITLISTED)),
        )


class Event(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        DEMO_DAY = "demo_day", _("Demo day")
        ASSOCIATION_MEETUP = "association_meetup", _("Association meetup")
        WORKSHOP = "workshop", _("Workshop")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        CHINESE = "zh", _("Chinese")
        BILINGUAL = "bilingual", _("English and Chinese")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.TALK)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_en = models.CharField(_("venue (English)"), max_length=200)
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    language = models.CharField(
        _("language"), max_length=16, choices=Language.choices, default=Language.BILINGUAL
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    title = Bilingual("title")
    description = Bilingual("description")
    venue = Bilingual("venue")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="services_event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="services_event_capacity_positive",
                violation_error_message=_("An event needs at least one seat."),
            ),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("services:event_detail", args=[self.slug])

    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    def confirmed_seats(self) -> int:
        return self.rsvps.filter(status=RSVP.Status.CONFIRMED).count()


class RSVP(Lifecycle, models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    # A first RSVP is confirmed or waitlisted (``rsvp_to_event``); a cancelled one may
    # be made again.
    state_field = "status"
    TRANSITIONS = {
        Status.CONFIRMED: {Status.CANCELLED},
        Status.WAITLISTED: {Status.CONFIRMED, Status.CANCELLED},
        Status.CANCELLED: {Status.CONFIRMED, Status.WAITLISTED},
    }

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    user = owning_user(_("attendee"), related_name="event_rsvps")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # The waitlist is served in this order; a new RSVP after a cancellation queues again.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="services_rsvp_one_per_user"),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} · {self.event} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.can_move_to(self.Status.CANCELLED)


class RSVPHistory(Transition):
    class Cause(models.TextChoices):
        EVENT_FULL = "event_full", _("Event full")
        SEAT_FREED = "seat_freed", _("Seat freed by a cancellation")
        SEATS_ADDED = "seats_added", _("Seats added by an officer")
        CANCELLED_BY_OFFICER = "cancelled_by_officer", _("Cancelled by an officer")

    subject_field = "rsvp"

    rsvp = history_subject(RSVP, _("RSVP"))
    from_state, to_state = state_fields(RSVP.Status.choices, max_length=16)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("RSVP history entry")
        verbose_name_plural = _("RSVP history")
        indexes = [models.Index(fields=["rsvp", "created_at"], name="services_rsvp_hist_idx")]


class MembershipApplication(Lifecycle, models.Model):
    """An application to join the Shanghai Emerging Industry Young Entrepreneurs
    Association, housed at the hub; officers decide it in admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    # An officer's decision is final.
    state_field = "status"
    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.DECLINED},
        Status.APPROVED: set(),
        Status.DECLINED: set(),
    }

    applicant = owning_user(_("applicant"), related_name="association_applications")
    full_name = models.CharField(_("full name"), max_length=120)
    company = models.CharField(_("company or project"), max_length=160)
    position = models.CharField(_("your role"), max_length=120)
    website = models.URLField(_("website"), blank=True)
    motivation = models.TextField(_("why you want to join"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = optional_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the applicant"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("association membership application")
        verbose_name_plural = _("association membership applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status__in=["pending", "approved"]),
                name="services_membership_one_live_per_person",
                violation_error_message=_(
                    "You already have a pending or approved membership application."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_status_display()})"


class MembershipApplicationHistory(Transition):
    subject_field = "application"

    application = history_subject(MembershipApplication, _("application"))
    from_state, to_state = state_fields(MembershipApplication.Status.choices, max_length=16)

    class Meta(Transition.Meta):
        verbose_name = _("membership history entry")
        verbose_name_plural = _("membership history")
        indexes = [
            models.Index(fields=["application", "created_at"], name="services_member_hist_idx")
        ]


# ------------------------------------------------------------------------------
# Service requests
# ------------------------------------------------------------------------------
def member_enterprises(user):
    """The enterprises ``user`` is a member of (the permissions module answers)."""
    from westbund.accounts.permissions import member_enterprises as enterprises_of

    return enterprises_of(user)


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    # Unguessable as well as short: references appear in URLs and e-mail subjects.
    return "SR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class ServiceRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """The requests ``user`` may see: their own and their enterprises' (officers who
        handle service requests: all)."""
        from westbund.accounts.permissions import Area, is_officer

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_officer(user, Area.SERVICE_REQUESTS):
            return self
        return self.filter(Q(requester=user) | Q(enterprise__in=member_enterprises(user)))

    def active(self):
        return self.exclude(status__in=ServiceRequest.FINAL_STATUSES)


class ServiceRequest(Lifecycle, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for you")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    Category = RequestCategory

    # Which status may follow which; ``change_request_status`` enforces it.
    state_field = "status"
    TRANSITIONS = {
        Status.OPEN: {Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSED},
        Status.ASSIGNED: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
        Status.IN_PROGRESS: {Status.WAITING, Status.RESOLVED, Status.CLOSED},
        Status.WAITING: {Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED},
        Status.RESOLVED: {Status.IN_PROGRESS, Status.CLOSED},
        Status.CLOSED: set(),
    }
    FINAL_STATUSES = (Status.RESOLVED, Status.CLOSED)

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    requester = owning_user(_("requester"), related_name="service_requests")
    # Set when a member opens the request for their enterprise: its members all see it.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("on behalf of"),
    )
    category = models.CharField(_("category"), max_length=32, choices=RequestCategory.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    assigned_officer = optional_user(
        _("assigned officer"),
        related_name="assigned_service_requests",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.reference} · {self.subject}"

    def get_absolute_url(self):
        return reverse("services:request_detail", args=[self.reference])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class ServiceRequestMessage(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("service request"),
    )
    author = optional_user(_("author"), blank=False)
    from_officer = models.BooleanField(_("from an officer"), default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        # In Shanghai time, as every date the admin shows beside it.
        return f"{self.request.reference} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    # The stored name is ours, not the uploader's: the original name is kept in a field.
    name = f"{secrets.token_hex(12)}.{instance.extension}"
    return f"service-requests/{instance.request.reference}/{name}"


class ServiceRequestAttachment(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("service request"),
    )
    message = models.ForeignKey(
        ServiceRequestMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = optional_user(_("uploaded by"), blank=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("services:request_attachment", args=[self.request.reference, self.pk])

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )


class ServiceRequestHistory(Transition):
    class Change(models.TextChoices):
        OPENED = "opened", _("Opened")
        ASSIGNED = "assigned", _("Assigned")
        STATUS = "status", _("Status changed")
        MESSAGE = "message", _("Message")

    subject_field = "request"

    request = history_subject(ServiceRequest, _("service request"))
    change = models.CharField(_("change"), max_length=16, choices=Change.choices)
    from_state, to_state = state_fields(ServiceRequest.Status.choices, max_length=16)
    officer = optional_user(_("officer assigned"))

    class Meta(Transition.Meta):
        verbose_name = _("service request history entry")
        verbose_name_plural = _("service request history")
        indexes = [models.Index(fields=["request", "created_at"], name="services_request_hist_idx")]


# ------------------------------------------------------------------------------
# Work-permit self-check: the points table as versioned data
# ------------------------------------------------------------------------------
class PermitPointsTableQuerySet(models.QuerySet):
    def with_rules(self):
        return self.prefetch_related(
            models.Prefetch(
                "factors",
                queryset=PermitFactor.objects.order_by("order", "pk").prefetch_related(
                    models.Prefetch("bands", queryset=PermitBand.objects.order_by("order", "pk"))
                ),
            )
        )

    def current(self):
        """The version the self-check applies: the one marked current, else the newest."""
        tables = self.with_rules()
        return (
            tables.filter(is_current=True).first()
            or tables.order_by("-published_on", "-pk").first()
        )


class PermitPointsTable(models.Model):
    """One published version of the 积分要素计分赋值表 (points table) of the
    外国人来华工作分类标准: its factors and bands are rows officers edit in the admin."""

    version = models.SlugField(_("version"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"))
    source_en = models.TextField(
        _("source (English)"), help_text=_("The official text this version follows, cited.")
    )
    source_zh = models.TextField(_("source (Chinese)"), blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    source_note_en = models.TextField(
        _("note on the source (English)"),
        blank=True,
        help_text=_("What could and could not be checked against the official text."),
    )
    source_note_zh = models.TextField(_("note on the source (Chinese)"), blank=True)
    a_points = models.PositiveSmallIntegerField(_("points for category A"), default=85)
    b_points = models.PositiveSmallIntegerField(_("points for category B"), default=60)
    local_average_salary = models.PositiveIntegerField(
        _("local average salary (CNY a year)"),
        null=True,
        blank=True,
        help_text=_(
            "Shanghai's published average salary. With it, a salary of at least four times "
            "this counts as a category-B route; empty: that route is not checked."
        ),
    )
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The version the self-check applies.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PermitPointsTableQuerySet.as_manager()

    name = Bilingual("name")
    source = Bilingual("source")
    source_note = Bilingual("source_note")

    class Meta:
        verbose_name = _("work-permit points table")
        verbose_name_plural = _("work-permit points tables")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="services_permit_one_current_table",
                violation_error_message=_("Only one points table can be the current one."),
            ),
            models.CheckConstraint(
                condition=Q(a_points__gt=models.F("b_points")),
                name="services_permit_a_above_b",
                violation_error_message=_("Category A needs more points than category B."),
            ),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.version})"


class PermitFactor(models.Model):
    """One factor of a points table (salary, education, age …) and how it is asked."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("A number, scored by bands")
        CHOICE = "choice", _("One choice among the bands")
        FLAGS = "flags", _("Any of the bands, added up to the maximum")

    table = models.ForeignKey(
        PermitPointsTable,
        on_delete=models.CASCADE,
        related_name="factors",
        verbose_name=_("points table"),
    )
    # The self-check knows some codes (salary, education, work_years, age …) to prefill
    # them from the profile and to test the category-B routes.
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    question_zh = models.CharField(_("question (Chinese)"), max_length=300, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=40, blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    can_improve = models.BooleanField(
        _("the person can improve it"),
        default=True,
        help_text=_("Shown in “what would change the result” (not for age)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")
    question = Bilingual("question")
    unit = Bilingual("unit")

    class Meta:
        verbose_name = _("points factor")
        verbose_name_plural = _("points factors")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"], name="services_permit_factor_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.table.version} · {self.name_en}"


class PermitBand(models.Model):
    """A band of a factor: a range of the number (from ``min_value``, below
    ``below_value``) or a choice (``code``), and its points."""

    factor = models.ForeignKey(
        PermitFactor, on_delete=models.CASCADE, related_name="bands", verbose_name=_("factor")
    )
    code = models.SlugField(_("code"), max_length=40, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200, blank=True)
    min_value = models.DecimalField(
        _("from (included)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    below_value = models.DecimalField(
        _("below (excluded)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = Bilingual("label")

    class Meta:
        verbose_name = _("points band")
        verbose_name_plural = _("points bands")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(below_value__isnull=True)
                | Q(min_value__lt=models.F("below_value")),
                name="services_permit_band_range",
                violation_error_message=_("A band must start below where it ends."),
            ),
        ]

    def __str__(self):
        return f"{self.label_en}: {self.points}"

    def contains(self, value) -> bool:
        if self.min_value is not None and value < self.min_value:
            return False
        if self.below_value is not None and value >= self.below_value:
            return False
        return self.min_value is not None or self.below_value is not None


# ------------------------------------------------------------------------------
# Talent apartments: inventory, applications, offers, the waiting list
# ------------------------------------------------------------------------------
class ApartmentBuilding(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_zh = models.CharField(_("name (Chinese)"), max_length=160, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublishedQuerySet.as_manager()

    name = Bilingual("name")
    address = Bilingual("address")
    description = Bilingual("description")

    class Meta:
        verbose_name = _("apartment building")
        verbose_name_plural = _("apartment buildings")
        ordering = ["order", "name_en"]

    def __str__(self):
        return self.name_en


class ApartmentUnitQuerySet(models.QuerySet):
    def offered(self):
        """Units on the public page: in published buildings, not withdrawn."""
        return self.filter(building__is_published=True).exclude(
            status=ApartmentUnit.Status.WITHDRAWN
        )

    def free(self):
        return self.filter(building__is_published=True, status=ApartmentUnit.Status.AVAILABLE)


class ApartmentUnit(Lifecycle, models.Model):
    state_field = "status"

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Free")
        OFFERED = "offered", _("Offered to an applicant")
        LET = "let", _("Let")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Moved only by the apartment actions, under the unit's row lock.
    TRANSITIONS = {
        Status.AVAILABLE: {Status.OFFERED, Status.WITHDRAWN},
        Status.OFFERED: {Status.AVAILABLE, Status.LET},
        Status.LET: {Status.AVAILABLE},
        Status.WITHDRAWN: {Status.AVAILABLE},
    }

    building = models.ForeignKey(
        ApartmentBuilding,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("building"),
    )
    number = models.CharField(_("unit number"), max_length=20)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), default=1)
    size_m2 = models.DecimalField(_("size (m²)"), max_digits=6, decimal_places=1)
    rent = models.PositiveIntegerField(_("rent (CNY a month)"))
    subsidy = models.PositiveIntegerField(_("subsidy (CNY a month)"), default=0)
    available_from = models.DateField(_("available from"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.AVAILABLE,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApartmentUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("apartment unit")
        verbose_name_plural = _("apartment units")
        ordering = ["building__order", "building__name_en", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "number"], name="services_apartment_unit_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(subsidy__lte=models.F("rent")),
                name="services_apartment_subsidy_lte_rent",
                violation_error_message=_("The subsidy cannot be more than the rent."),
            ),
            models.CheckConstraint(
                condition=Q(size_m2__gt=0),
                name="services_apartment_size_positive",
                violation_error_message=_("A unit needs a size."),
            ),
        ]

    def __str__(self):
        return f"{self.building.name_en} {self.number}"

    @property
    def label(self) -> str:
        return f"{self.building.name} {self.number}"

    @property
    def rent_after_subsidy(self) -> int:
        return self.rent - self.subsidy


def validate_household_size(value: int) -> None:
    if not 1 <= value <= 10:
        raise ValidationError(_("A household is between 1 and 10 people."), code="household_size")


class ApartmentApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The applications ``user`` may see: their own (officers: all)."""
        from westbund.accounts.permissions import Area, is_officer

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_officer(user, Area.APARTMENTS):
            return self
        return self.filter(applicant=user)

    def live(self):
        return self.filter(status__in=ApartmentApplication.LIVE_STATUSES)

    def waiting_list(self):
        """The waiting list, in the order it is served."""
        return self.filter(status=ApartmentApplication.Status.WAITLISTED).order_by(
            "queued_at", "pk"
        )


class ApartmentApplication(Lifecycle, models.Model):
    state_field = "status"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Unit offered")
        ACCEPTED = "accepted", _("Offer accepted")
        LEASED = "leased", _("Lease signed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Not eligible")

    # Which status may follow which; the apartment actions are the only movers.
    TRANSITIONS = {
        Status.SUBMITTED: {Status.WAITLISTED, Status.OFFERED, Status.WITHDRAWN, Status.REJECTED},
        Status.WAITLISTED: {Status.OFFERED, Status.WITHDRAWN, Status.REJECTED},
        # Declined or lapsed: back to the end of the waiting list.
        Status.OFFERED: {Status.ACCEPTED, Status.WAITLISTED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.LEASED, Status.WITHDRAWN},
        Status.LEASED: set(),
        Status.WITHDRAWN: set(),
        Status.REJECTED: set(),
    }
    LIVE_STATUSES = (
        Status.SUBMITTED,
        Status.WAITLISTED,
        Status.OFFERED,
        Status.ACCEPTED,
        Status.LEASED,
    )
    # The statuses in which the application holds its unit.
    HOLDING_STATUSES = (Status.OFFERED, Status.ACCEPTED, Status.LEASED)

    applicant = owning_user(_("applicant"), related_name="apartment_applications")
    household_size = models.PositiveSmallIntegerField(
        _("household size"),
        validators=[validate_household_size],
        help_text=_("You and the people who will live with you."),
    )
    move_in_date = models.DateField(_("move-in date"))
    budget = models.PositiveIntegerField(
        _("budget (CNY a month)"), help_text=_("The most you would pay after the subsidy.")
    )
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="apartment_applications",
        verbose_name=_("employer within the Innovation Center"),
    )
    employer_confirmed_by = optional_user(_("employment confirmed by"))
    employer_confirmed_at = models.DateTimeField(
        _("employment confirmed at"), null=True, blank=True
    )
    current_housing = models.TextField(
        _("current housing"),
        max_length=1000,
        help_text=_("Where you live now, and until when."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    unit = models.ForeignKey(
        ApartmentUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("unit"),
    )
    offer_expires_at = models.DateTimeField(_("answer the offer by"), null=True, blank=True)
    queued_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    lease_start = models.DateField(_("lease start"), null=True, blank=True)
    lease_end = models.DateField(_("lease end"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApartmentApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent apartment application")
        verbose_name_plural = _("talent apartment applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(
                    status__in=["submitted", "waitlisted", "offered", "accepted", "leased"]
                ),
                name="services_apartment_one_live_application",
                violation_error_message=_("You already have a talent apartment application."),
            ),
            # The database's own guarantee beside the row lock: a unit is held by one
            # application at a time.
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(status__in=["offered", "accepted", "leased"]),
                name="services_apartment_one_holder_per_unit",
                violation_error_message=_("This unit is already offered to someone."),
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1, household_size__lte=10),
                name="services_apartment_household_size",
                violation_error_message=_("A household is between 1 and 10 people."),
            ),
            models.CheckConstraint(
                condition=Q(lease_start__isnull=True)
                | Q(lease_end__isnull=True)
                | Q(lease_end__gt=models.F("lease_start")),
                name="services_apartment_lease_end_after_start",
                violation_error_message=_("A lease must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self):
        return f"#{self.pk} · {self.applicant} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("services:apartment_application", args=[self.pk])

    @property
    def employer_confirmed(self) -> bool:
        return self.employer_confirmed_at is not None

    def waiting_list_position(self) -> int | None:
        """1 for the first person on the waiting list; None when not on it."""
        if self.status != self.Status.WAITLISTED or self.queued_at is None:
            return None
        ahead = (
            ApartmentApplication.objects.waiting_list()
            .filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk))
            .count()
        )
        return ahead + 1


class ApartmentApplicationHistory(Transition):
    """One step of an apartment application (the project's history shape)."""

    subject_field = "application"

    class Cause(models.TextChoices):
        SUBMITTED = "submitted", _("Application submitted")
        EMPLOYER_CONFIRMED = "employer_confirmed", _("Employment confirmed by an officer")
        WAITLISTED = "waitlisted", _("Placed on the waiting list")
        OFFERED = "offered", _("Unit offered")
        ACCEPTED = "accepted", _("Offer accepted")
        DECLINED = "declined", _("Offer declined: back to the end of the waiting list")
        EXPIRED = "expired", _("Offer not answered in time: back to the end of the waiting list")
        LEASED = "leased", _("Lease recorded")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
        REJECTED = "rejected", _("Not eligible")

    application = history_subject(ApartmentApplication, _("application"))
    from_state, to_state = state_fields(ApartmentApplication.Status.choices, max_length=12)
    cause = cause_field(Cause)
    unit = models.ForeignKey(
        ApartmentUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )

    class Meta(Transition.Meta):
        verbose_name = _("apartment application history entry")
        verbose_name_plural = _("apartment application history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_from_state_display() or '-'} → {self.get_to_state_display()}"
