"""The Innovation Center's enterprises, their members and their AI roles."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from westbund.core.bilingual import Bilingual, BilingualLanguage, both, language_of
from westbund.core.fields import optional_user, owning_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields
from westbund.privacy.files import LOGO, check_upload
from westbund.search import CJK, concepts, document_vector, vector_query
from westbund.taxonomy import SpecialtiesField, specialty_filter, specialty_labels

# Stored in English; shown translated by ``Role.location_display``.
DEFAULT_LOCATION = gettext_noop("West Bund, Xuhui, Shanghai")
# BCP 47 tags of the portal's languages, as schema.org's ``inLanguage`` wants them.
LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans"}
# Fields searched by substring: Chinese words, and every word on SQLite.
SUBSTRING_FIELDS = (
    "title_en",
    "title_zh",
    "description_en",
    "description_zh",
    "requirements",
    "enterprise__name_en",
    "enterprise__name_zh",
)


def _any_substring(words) -> Q:
    condition = Q()
    for word in words:
        for field in SUBSTRING_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
    return condition


def validate_logo(file) -> None:
    """An image (PNG, JPEG, GIF or WebP, checked by its content) of at most 2 MB."""
    if getattr(file, "_committed", False):
        # Already stored: it was checked when it was uploaded.
        return
    check_upload(file, LOGO)


# ------------------------------------------------------------------------------
# Enterprises and their members
# ------------------------------------------------------------------------------
class EnterpriseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_member(self, user, *, admin: bool = False):
        """The active enterprises ``user`` belongs to (as an admin, when ``admin``)."""
        memberships = Membership.objects.for_user(user, admin=admin)
        return self.active().filter(pk__in=memberships.values("enterprise_id"))

    def search(self, query: str):
        query = query.strip()
        if not query:
            return self
        return self.filter(Q(name_en__icontains=query) | Q(name_zh__icontains=query))

    def with_focus(self, code: str):
        return self.filter(specialty_filter("focus_areas", code))


class Enterprise(models.Model):
    """A tenant of the Shanghai Foundation Model Innovation Center."""

    class Phase(models.IntegerChoices):
        ONE = 1, _("Phase 1")
        TWO = 2, _("Phase 2")

    class Headcount(models.TextChoices):
        TINY = "1-20", _("1–20 people")
        SMALL = "21-50", _("21–50 people")
        MEDIUM = "51-200", _("51–200 people")
        LARGE = "201-500", _("201–500 people")
        HUGE = "500+", _("More than 500 people")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="enterprises/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    focus_areas = SpecialtiesField(_("focus areas"))
    phase = models.PositiveSmallIntegerField(
        _("Innovation Center phase"), choices=Phase.choices, default=Phase.ONE
    )
    unit = models.CharField(
        _("unit / floor"), max_length=100, blank=True, help_text=_("For example “Tower B, 12F”.")
    )
    moved_in_on = models.DateField(_("move-in date"), null=True, blank=True)
    headcount = models.CharField(
        _("headcount"), max_length=10, choices=Headcount.choices, blank=True
    )
    is_verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked by a talent officer.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive enterprises are hidden everywhere.")
    )
    # The hub's account officer for the enterprise: whom its people ask first.
    account_officer = optional_user(
        _("account officer"),
        related_name="account_enterprises",
        limit_choices_to={"is_staff": True},
        help_text=_("The talent officer who looks after this enterprise at the hub."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=[1, 2]), name="enterprise_phase_1_or_2"),
        ]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("enterprises:detail", args=[self.slug])

    def clean(self):
        super().clean()
        from westbund.accounts.permissions import is_officer

        if self.account_officer_id and not is_officer(self.account_officer):
            raise ValidationError(
                {"account_officer": _("The account officer must be a talent officer.")},
                code="not_officer",
            )

    # In the reader's language, the other as fallback; ``other_name`` shows beside it.
    name = Bilingual("name")
    other_name = Bilingual("name", other=True)
    name_lang = BilingualLanguage("name")
    other_name_lang = BilingualLanguage("name", other=True)
    description = Bilingual("description")

    def focus_area_labels(self) -> list[str]:
        return specialty_labels(self.focus_areas)

    def admin_users(self):
        """The members who manage the enterprise: told about role review decisions."""
        return get_user_model().objects.filter(
            is_active=True,
            enterprise_memberships__enterprise=self,
            enterprise_memberships__role=Membership.Role.ADMIN,
        )

    def recruiter_users(self):
        """Every active member (admins and recruiters): told about applications."""
        return get_user_model().objects.filter(
            is_active=True, enterprise_memberships__enterprise=self
        )


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user, *, admin: bool = False):
        """``user``'s memberships of active enterprises (admin ones, when ``admin``)."""
        if not user.is_authenticated:
            return self.none()
        memberships = self.filter(user=user, enterprise__is_active=True)
        if admin:
            memberships = memberships.filter(role=Membership.Role.ADMIN)
        return memberships


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        RECRUITER = "recruiter", _("Recruiter")

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    user = owning_user(_("user"), related_name="enterprise_memberships")
    role = models.CharField(
        pgettext_lazy("a member's role", "role"),
        max_length=10,
        choices=Role.choices,
        default=Role.RECRUITER,
    )
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["enterprise", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "user"], name="one_membership_per_user"),
        ]

    def __str__(self):
        return f"{self.user} · {self.enterprise} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An enterprise admin's invitation of a colleague, by e-mail address.

    The e-mailed link carries a random token (only its holder can accept) and expires at
    ``expires_at``; accepting needs an account with that verified address.
    """

    VALID_FOR = timedelta(days=7)

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("enterprise"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        pgettext_lazy("a member's role", "role"),
        max_length=10,
        choices=Membership.Role.choices,
        default=Membership.Role.RECRUITER,
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = optional_user(_("invited by"), blank=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = optional_user(_("accepted by"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.enterprise}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        if not self.expires_at:
            self.expires_at = self.created_at + self.VALID_FOR
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enterprises:accept_invitation", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentApplication:
    """A professional's application to a role, as the public pages mention it."""

    pk: int
    created_at: datetime

    def get_absolute_url(self) -> str:
        return reverse("talent:application", args=[self.pk])


class RoleQuerySet(models.QuerySet):
    def published(self):
        """The only definition of "visible on the board": published, deadline not passed,
        enterprise active. The board, feed, sitemap and role page all use it."""
        today = timezone.localdate()
        return self.filter(state=Role.State.PUBLISHED, enterprise__is_active=True).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        )

    def for_member(self, user):
        """The roles of the enterprises ``user`` belongs to: the workspace's scope."""
        return self.filter(enterprise__in=Enterprise.objects.for_member(user))

    def pending_review(self):
        return self.filter(state=Role.State.PENDING_REVIEW)

    def applications_of(self, user) -> dict[int, "SentApplication"]:
        """The applications ``user`` sent to these roles, by role id, in one query.

        Applications belong to the talent app; they are read here through the reverse
        relation (``Role.applications``) so that this app does not import it.
        """
        if not getattr(user, "is_authenticated", False):
            return {}
        rows = (
            self.filter(applications__profile__user=user)
            .order_by()
            .values_list("pk", "applications__pk", "applications__created_at")
        )
        return {role_id: SentApplication(pk, created_at) for role_id, pk, created_at in rows}

    def with_specialty(self, code: str):
        return self.filter(specialty_filter("specialties", code))

    def search(self, query: str):
        """Roles matching ``query`` over titles, descriptions, requirements and enterprise
        names in both languages, annotated with ``rank`` (higher is better).

        The query's concepts (``westbund.search.concepts``) each bring their synonyms in
        both languages and their spelling variants ("LLMs", 大模型 and "large language
        model" find the same roles); a role must match every concept.

        PostgreSQL: the stored ``search_vector`` (GIN index; Latin words stemmed, Chinese
        segmented into words by jieba, see ``westbund.search``), plus substring matches
        for the Chinese words (trigram GIN indexes serve those ``ILIKE``s). SQLite: a
        plain substring search of every word.
        """
        query = " ".join(query.split())
        found = concepts(query)
        if not found:
            return self.annotate(rank=Value(0.0, output_field=FloatField()))
        if connection.vendor != "postgresql":
            substring = Q()
            for concept in found:
                substring &= _any_substring(concept.words)
            return self.filter(substring).annotate(
                rank=Case(
                    When(Q(title_en__icontains=query) | Q(title_zh__icontains=query), then=1.0),
                    default=0.5,
                    output_field=FloatField(),
                )
            )
        # Two ways to match: the stored vector (every concept, Latin words stemmed,
        # Chinese ones segmented into words as the vector was: 大模型 预训练 in any
        # order), and substrings of the Chinese words (Latin ones too in a query that
        # mixes both languages, as in "Aurora 多模态"), served by trigram indexes.
        mixed = bool(CJK.search(query))
        matches = Q(pk__in=[])
        search_query = vector_query(found)
        if search_query is not None:
            matches |= Q(search_vector=search_query)
        if all(concept.chinese or mixed for concept in found):
            substring = Q()
            for concept in found:
                substring &= _any_substring(concept.words if mixed else concept.chinese)
            matches |= substring
        rank = Value(0.0, output_field=FloatField())
        if search_query is not None:
            rank = Coalesce(SearchRank(F("search_vector"), search_query), 0.0)
        if mixed:
            rank = rank + Case(
                When(title_zh__icontains=query, then=1.0),
                When(enterprise__name_zh__icontains=query, then=0.5),
                default=0.1,
                output_field=FloatField(),
            )
        return self.filter(matches).annotate(rank=rank)

    def update_search_vector(self) -> int:
        """Recompute the stored search vector of these roles (PostgreSQL; else no-op).

        Computed in Python (``westbund.search.document_vector``): Chinese is segmented
        into words by jieba, Latin words stemmed; titles weigh most, then the
        enterprise's names, the requirements, the descriptions."""
        if connection.vendor != "postgresql":
            return 0
        count = 0
        rows = self.select_related("enterprise").only(
            "pk",
            "title_en",
            "title_zh",
            "requirements",
            "description_en",
            "description_zh",
            "responsibilities",
            "enterprise__name_en",
            "enterprise__name_zh",
        )
        for role in rows.iterator(chunk_size=500):
            vector = document_vector(
                [
                    (f"{role.title_en} {role.title_zh}", "A"),
                    (f"{role.enterprise.name_en} {role.enterprise.name_zh}", "B"),
                    (role.requirements, "C"),
                    (
                        f"{role.description_en} {role.description_zh} {role.responsibilities}",
                        "D",
                    ),
                ]
            )
            count += Role.objects.filter(pk=role.pk).update(search_vector=vector)
        return count


class Role(Lifecycle, models.Model):
    """An AI job posting of an enterprise, moderated by the hub's talent officers."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Pending review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        INTERNSHIP = "internship", _("Internship")
        CONTRACT = "contract", _("Contract")

    class Seniority(models.TextChoices):
        INTERN = "intern", _("Intern")
        JUNIOR = "junior", _("Junior")
        MID = "mid", _("Mid-level")
        SENIOR = "senior", _("Senior")
        LEAD = "lead", _("Lead / principal")
        HEAD = "head", _("Head / director")

    class RemotePolicy(models.TextChoices):
        ONSITE = "onsite", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    # The moves the lifecycle allows; every other move is refused.
    TRANSITIONS = {
        State.DRAFT: {State.PENDING_REVIEW},
        State.PENDING_REVIEW: {State.PUBLISHED, State.REJECTED},
        State.PUBLISHED: {State.CLOSED, State.PENDING_REVIEW},
        State.REJECTED: {State.PENDING_REVIEW},
        State.CLOSED: set(),
    }
    EDITABLE_STATES = {State.DRAFT, State.PENDING_REVIEW, State.PUBLISHED, State.REJECTED}
    # Fields a recruiter may change on a published role without a new review.
    MINOR_FIELDS = frozenset({"openings", "deadline"})
    # schema.org employmentType values.
    SCHEMA_EMPLOYMENT = {
        EmploymentType.FULL_TIME: "FULL_TIME",
        EmploymentType.PART_TIME: "PART_TIME",
        EmploymentType.INTERNSHIP: "INTERN",
        EmploymentType.CONTRACT: "CONTRACTOR",
    }

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="roles", verbose_name=_("enterprise")
    )
    title_en = models.CharField(pgettext_lazy("role", "title (English)"), max_length=200)
    title_zh = models.CharField(
        pgettext_lazy("role", "title (Chinese)"), max_length=200, blank=True
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    description_en = models.TextField(_("description (English)"))
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    specialties = SpecialtiesField(_("specialties"))
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    seniority = models.CharField(
        _("seniority"), max_length=10, choices=Seniority.choices, default=Seniority.MID
    )
    location = models.CharField(_("location"), max_length=200, default=DEFAULT_LOCATION)
    remote_policy = models.CharField(
        _("remote policy"), max_length=10, choices=RemotePolicy.choices, default=RemotePolicy.ONSITE
    )
    salary_min = models.PositiveIntegerField(
        _("minimum yearly salary (CNY)"), null=True, blank=True
    )
    salary_max = models.PositiveIntegerField(
        _("maximum yearly salary (CNY)"), null=True, blank=True
    )
    sponsors_visa = models.BooleanField(
        _("sponsors a work permit / visa"),
        default=False,
        help_text=_("The enterprise sponsors the work permit and residence of a foreign hire."),
    )
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    deadline_reminder_sent_at = models.DateTimeField(
        _("deadline reminder sent"), null=True, blank=True
    )
    created_by = optional_user(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept up to date by ``RoleQuerySet.update_search_vector`` (PostgreSQL only; GIN index
    # created by migration 0002, which is a no-op on SQLite).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = RoleQuerySet.as_manager()

    # What a role says (as opposed to its state, dates and history): what the workspace
    # form edits, besides the deadline, and what a duplicate copies.
    CONTENT_FIELDS = (
        "title_en",
        "title_zh",
        "description_en",
        "description_zh",
        "responsibilities",
        "requirements",
        "specialties",
        "employment_type",
        "seniority",
        "location",
        "remote_policy",
        "salary_min",
        "salary_max",
        "sponsors_visa",
        "openings",
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="role_salary_min_not_above_max",
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="role_has_an_opening"),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="role_board_idx"),
        ]

    def __str__(self):
        return self.title_en

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._new_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enterprises:role", args=[self.slug])

    def _new_slug(self) -> str:
        base = slugify(self.title_en)[:80].strip("-") or "role"
        return f"{base}-{secrets.token_hex(3)}"

    def clean(self):
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            raise ValidationError(
                {"salary_min": _("The minimum salary cannot be above the maximum salary.")},
                code="salary_min_above_max",
            )

    # In the reader's language, the other as fallback; ``other_title`` shows beside it.
    title = Bilingual("title")
    other_title = Bilingual("title", other=True)
    title_lang = BilingualLanguage("title")
    other_title_lang = BilingualLanguage("title", other=True)
    description = Bilingual("description")

    @property
    def location_display(self) -> str:
        """The location in the reader's language when it is the usual one."""
        return gettext(DEFAULT_LOCATION) if self.location == DEFAULT_LOCATION else self.location

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def deadline_passed(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.deadline is not None and self.deadline < today

    def is_open_for_applications(self) -> bool:
        """Published, enterprise active, deadline not passed: the Apply button works."""
        return (
            self.state == self.State.PUBLISHED
            and self.enterprise.is_active
            and not self.deadline_passed()
        )

    def specialty_labels(self) -> list[str]:
        return specialty_labels(self.specialties)

    def workspace_url(self) -> str:
        return reverse("enterprises:workspace_role", args=[self.enterprise.slug, self.pk])

    def notice_names(self) -> dict:
        """The role's title and its enterprise's name in both languages, as the context
        of a notification about the role holds them."""
        return {"role_title": both(self, "title"), "enterprise_name": both(self.enterprise, "name")}

    def job_posting(self, *, base_url: str) -> dict:
        """schema.org ``JobPosting`` of the role, for the role page's JSON-LD: its
        title and description in the page's language (the other as fallback), and
        ``inLanguage`` the language of the description shown."""
        enterprise = self.enterprise
        organization = {"@type": "Organization", "name": enterprise.name}
        if enterprise.other_name:
            organization["alternateName"] = enterprise.other_name
        if enterprise.website:
            organization["sameAs"] = enterprise.website
        if enterprise.logo:
            organization["logo"] = f"{base_url}{enterprise.logo.url}"
        posted = self.published_at or self.created_at
        data = {
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": self.title,
            "description": self.description,
            "inLanguage": LANGUAGE_TAGS[language_of(self, "description")],
            "datePosted": timezone.localtime(posted).date().isoformat(),
            "employmentType": self.SCHEMA_EMPLOYMENT[self.EmploymentType(self.employment_type)],
            "hiringOrganization": organization,
            "jobLocation": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.location,
                    "addressLocality": "Shanghai",
                    "addressRegion": "Shanghai",
                    "addressCountry": "CN",
                },
            },
            "directApply": True,
            "url": f"{base_url}{self.get_absolute_url()}",
            "identifier": {
                "@type": "PropertyValue",
                "name": enterprise.name_en,
                "value": self.slug,
            },
            "totalJobOpenings": self.openings,
        }
        if self.deadline:
            data["validThrough"] = f"{self.deadline.isoformat()}T23:59:59+08:00"
        if self.remote_policy == self.RemotePolicy.REMOTE:
            data["jobLocationType"] = "TELECOMMUTE"
        if self.has_salary:
            value = {"@type": "QuantitativeValue", "unitText": "YEAR"}
            if self.salary_min is not None:
                value["minValue"] = self.salary_min
            if self.salary_max is not None:
                value["maxValue"] = self.salary_max
            data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "CNY", "value": value}
        return data


class RoleTransition(Transition):
    """One move of a role through its lifecycle: who, when, from, to, why. No one (the
    portal) moved it when a deadline passed."""

    class Cause(models.TextChoices):
        EDITED_AFTER_PUBLICATION = "edited_after_publication", _("Edited after publication")
        DEADLINE_PASSED = "deadline_passed", _("The application deadline passed.")

    subject_field = "role"

    role = history_subject(Role, _("role"))
    from_state, to_state = state_fields(Role.State.choices)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("role transition")
        verbose_name_plural = _("role transitions")
        indexes = [models.Index(fields=["role", "created_at"], name="enterprises_role_hist_idx")]


class PendingRole(Role):
    """The talent officers' review queue in Django admin."""

    class Meta:
        proxy = True
        verbose_name = _("role awaiting review")
        verbose_name_plural = _("roles awaiting review")
