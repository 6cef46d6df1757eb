import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from westbund.core.text import safe_filename
from westbund.education import C9University, Degree, is_c9
from westbund.taxonomy import SpecialtiesField, specialty_filter, specialty_labels

from .storage import private_storage

# A graduation year further ahead than this is a typo, not a plan.
GRADUATION_YEARS_AHEAD = 8
EARLIEST_GRADUATION_YEAR = 1950


def validate_graduation_year(value: int) -> None:
    latest = timezone.now().year + GRADUATION_YEARS_AHEAD
    if not EARLIEST_GRADUATION_YEAR <= value <= latest:
        raise ValidationError(
            _("Enter a year between %(first)d and %(last)d.")
            % {"first": EARLIEST_GRADUATION_YEAR, "last": latest},
            code="graduation_year",
        )


class ReviewState(models.TextChoices):
    """The hub review of a profile (talent certification).

    The labels of the three decisions are the English source strings the
    ``profile_review_decided`` notification translates: keep them in step.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    VERIFIED = "verified", _("Verified")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    DECLINED = "declined", _("Declined")


# What a professional may submit from, and what an officer may decide.
SUBMITTABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED})
DECIDABLE_STATES = frozenset({ReviewState.SUBMITTED, ReviewState.IN_REVIEW})
DECISIONS = frozenset({ReviewState.VERIFIED, ReviewState.CHANGES_REQUESTED, ReviewState.DECLINED})
# While an officer holds the profile, what they certify must not move under them.
LOCKED_STATES = frozenset({ReviewState.SUBMITTED, ReviewState.IN_REVIEW})


class Availability(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    ONE_MONTH = "one_month", _("Within a month")
    THREE_MONTHS = "three_months", _("Within three months")
    LATER = "later", _("In more than three months")
    NOT_LOOKING = "not_looking", _("Not looking at the moment")


class ConsentKind(models.TextChoices):
    PROFILE_PROCESSING = "profile_processing", _("Processing of my talent profile by the hub")
    SHARE_WITH_ENTERPRISES = (
        "share_with_enterprises",
        _("Sharing my profile and CV with the enterprises I apply to"),
    )


# Bumped when the wording a person agrees to changes; each consent keeps the version.
CONSENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]

    @property
    def is_complete(self) -> bool:
        return not self.missing


class TalentProfileQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(review_state__in=DECIDABLE_STATES)

    def with_active_consent(self, kind: str):
        return self.filter(
            user__consents__kind=kind, user__consents__withdrawn_at__isnull=True
        ).distinct()


class TalentProfile(models.Model):
    """A professional's talent profile: what the hub reviews and enterprises see.

    Fields the hub certifies (``CERTIFIED_FIELDS``) cannot change while an officer holds
    the profile, and changing them on a verified profile sends it back for review.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talent_profile",
        verbose_name=_("user"),
    )
    # Identity
    full_name = models.CharField(_("full name"), max_length=120)
    name_zh = models.CharField(
        _("name in Chinese"), max_length=60, blank=True, help_text=_("Optional.")
    )
    nationality = CountryField(_("nationality"), blank=True)
    current_city = models.CharField(_("current city"), max_length=100, blank=True)
    phone = PhoneNumberField(
        _("phone"),
        region="CN",
        blank=True,
        help_text=_("With the country code, e.g. +44 20 7946 0958; Chinese numbers may omit +86."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Mandarin (native), English (professional)."),
    )
    # Education
    highest_degree = models.CharField(
        _("highest degree"), max_length=20, choices=Degree.choices, blank=True
    )
    university_code = models.CharField(
        _("C9 League university"), max_length=20, choices=C9University.choices, blank=True
    )
    university_other = models.CharField(_("other university"), max_length=200, blank=True)
    field_of_study = models.CharField(_("field of study"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=[validate_graduation_year]
    )
    # Experience
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    current_employer = models.CharField(_("current employer"), max_length=200, blank=True)
    current_title = models.CharField(_("current title"), max_length=200, blank=True)
    specialties = SpecialtiesField(_("AI specialties"))
    skills = models.TextField(
        _("skills"),
        max_length=1000,
        blank=True,
        help_text=_("Comma-separated, e.g. PyTorch, distributed training, RLHF."),
    )
    # Links
    github_url = models.URLField(_("GitHub"), blank=True)
    scholar_url = models.URLField(_("Google Scholar"), blank=True)
    website_url = models.URLField(_("personal website"), blank=True)
    # Work authorisation and availability
    needs_work_permit = models.BooleanField(_("needs a work permit"), default=False)
    needs_visa_sponsorship = models.BooleanField(_("needs visa sponsorship"), default=False)
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, blank=True
    )
    # The CV enterprises see from now on; older ones stay attached to older applications.
    current_cv = models.ForeignKey(
        "talent.CVDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current CV"),
    )
    # Hub review
    review_state = models.CharField(
        _("review state"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
    )
    review_message = models.TextField(
        _("officer's message"),
        blank=True,
        help_text=_("Shown to the professional with the decision."),
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_talent_profiles",
        limit_choices_to={"is_staff": True},
        verbose_name=_("assigned officer"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TalentProfileQuerySet.as_manager()

    # What the hub certifies when it verifies a profile.
    CERTIFIED_FIELDS = (
        "full_name",
        "name_zh",
        "nationality",
        "highest_degree",
        "university_code",
        "university_other",
        "field_of_study",
        "graduation_year",
        "years_of_experience",
        "specialties",
    )

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-updated_at"]
        permissions = [("review_talentprofile", _("Can review talent profiles"))]
        # The review queue (admin) orders by "submitted_at DESC NULLS LAST": its indexes
        # are created on PostgreSQL only (migration 0004), SQLite cannot index NULLS LAST.
        indexes = [
            models.Index(fields=["nationality"], name="talent_profile_nationality_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(university_code="") | Q(university_other=""),
                name="talent_profile_one_university",
            ),
            models.CheckConstraint(
                condition=Q(years_of_experience__isnull=True) | Q(years_of_experience__lte=60),
                name="talent_profile_experience_range",
            ),
            models.CheckConstraint(
                condition=Q(graduation_year__isnull=True)
                | Q(graduation_year__gte=EARLIEST_GRADUATION_YEAR, graduation_year__lte=2100),
                name="talent_profile_graduation_year_range",
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values),
                name="talent_profile_review_state_valid",
            ),
        ]

    def __str__(self):
        return self.full_name or str(self.user)

    def get_absolute_url(self):
        return reverse("talent:profile_edit")

    # -- Education -----------------------------------------------------------------------

    @property
    def university_name(self) -> str:
        if self.university_code:
            return self.get_university_code_display()
        return self.university_other

    @property
    def is_c9(self) -> bool:
        return is_c9(self.university_code)

    def get_specialties_display(self) -> list[str]:
        return specialty_labels(self.specialties)

    def skill_list(self) -> list[str]:
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]

    # -- Consents ------------------------------------------------------------------------

    @cached_property
    def active_consent_kinds(self) -> frozenset[str]:
        return frozenset(
            Consent.objects.filter(user_id=self.user_id).active().values_list("kind", flat=True)
        )

    def has_consent(self, kind: str) -> bool:
        return kind in self.active_consent_kinds

    # -- Completeness and review ------------------------------------------------------------

    def completeness(self) -> Completeness:
        """What a reviewer needs, and which of it is still missing (labels, in order)."""
        items = [
            (_("Full name"), bool(self.full_name)),
            (_("Nationality"), bool(self.nationality)),
            (_("Current city"), bool(self.current_city)),
            (_("Phone"), bool(self.phone)),
            (_("Languages"), bool(self.languages)),
            (_("Highest degree"), bool(self.highest_degree)),
            (_("University"), bool(self.university_code or self.university_other)),
            (_("Field of study"), bool(self.field_of_study)),
            (_("Graduation year"), self.graduation_year is not None),
            (_("Years of experience"), self.years_of_experience is not None),
            (_("AI specialties"), bool(self.specialties)),
            (_("Skills"), bool(self.skills.strip())),
            (_("Availability"), bool(self.availability)),
            (_("CV"), self.current_cv_id is not None),
            (
                _("Consent to the processing of your profile"),
                self.has_consent(ConsentKind.PROFILE_PROCESSING),
            ),
        ]
        done = sum(1 for _label, ok in items if ok)
        return Completeness(
            percent=round(100 * done / len(items)),
            missing=[label for label, ok in items if not ok],
        )

    @property
    def can_be_submitted(self) -> bool:
        return self.review_state in SUBMITTABLE_STATES and self.completeness().is_complete

    @property
    def certified_fields_locked(self) -> bool:
        return self.review_state in LOCKED_STATES

    @property
    def is_verified(self) -> bool:
        return self.review_state == ReviewState.VERIFIED


class ProfileReviewEvent(models.Model):
    """One step of a profile's hub review: who moved it, when, from where to where, why."""

    class Reason(models.TextChoices):
        CERTIFIED_FIELDS_CHANGED = "certified_changed", _("Certified details were edited")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to processing was withdrawn")
        OFFICER_ASSIGNED = "officer_assigned", _("Officer assigned")

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="review_events",
        verbose_name=_("profile"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, choices=ReviewState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ReviewState.choices)
    # Set on an assignment (from and to are then the same state).
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    message = models.TextField(_("message"), blank=True)
    # Why the portal itself moved the profile (empty: a person's decision).
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)

    class Meta:
        verbose_name = _("profile review event")
        verbose_name_plural = _("profile review events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["profile", "created_at"], name="talent_review_hist_idx")]

    def __str__(self):
        return f"{self.profile}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class ProfileOfficerNote(models.Model):
    """An officer's internal note on a profile: for the hub's officers only, never shown
    to the professional or to enterprises. Notes about a person are their personal
    data, so the professional's data export includes them (section "hub_notes")."""

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="officer_notes",
        verbose_name=_("profile"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("officer note")
        verbose_name_plural = _("officer notes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["profile", "created_at"], name="talent_officer_note_idx")]

    def __str__(self):
        return f"{self.profile_id}: {self.body[:40]}"


class CVDocumentQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The CVs ``user`` may download: the only definition of who reads a CV.

        - the professional: their own CVs, current and earlier;
        - officers granted the CV area (``talent.view_cvdocument``);
        - enterprises: see ``_shared_through_applications``.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        from westbund.accounts.permissions import Area, is_officer

        if is_officer(user, Area.CVS):
            return self.all()
        return self.filter(Q(profile__user=user) | self._shared_through_applications(user))

    def _shared_through_applications(self, user) -> Q:
        """CVs an enterprise member reads: those sent with an application to a role of an
        active enterprise ``user`` belongs to. It is the CV sent with the application,
        not the person's newer ones."""
        from enterprises.models import Enterprise

        return Q(
            pk__in=Application.objects.filter(
                enterprise__in=Enterprise.objects.for_member(user), cv__isnull=False
            ).values("cv_id")
        )


def cv_upload_to(instance, filename) -> str:
    # Never the uploaded name: it is the uploader's to choose (``../../``, control
    # characters, someone else's name). The original is kept, for display only.
    return f"cv/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class CVDocument(models.Model):
    """One uploaded CV. Each upload is a new row; none is overwritten, since an
    application keeps the CV it was sent with."""

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="cv_documents",
        verbose_name=_("profile"),
    )
    file = models.FileField(
        _("file"), upload_to=cv_upload_to, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    page_count = models.PositiveSmallIntegerField(_("pages"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = CVDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.original_name or f"CV {self.pk}"

    def get_absolute_url(self):
        return reverse("talent:cv_download", args=[self.pk])

    @property
    def download_name(self) -> str:
        """The person's name and the upload's number ("Lin-Wei-CV-38.pdf"): unique
        among their CVs, as in their data export."""
        name = safe_filename(f"{self.profile.full_name} {_('CV')}", default="CV")
        return f"{name}-{self.pk}.pdf"

    def file_name_for(self, role=None) -> str:
        """The file name a reader saves it under; read as the CV sent with an
        application, the person's name and the role ("Lin-Wei-VLM-Researcher-CV.pdf")."""
        if role is None:
            return self.download_name
        words = f"{self.profile.full_name} {role.title} {_('CV')}"
        return f"{safe_filename(words, default='CV')}.pdf"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One explicit, timestamped consent. Withdrawing sets ``withdrawn_at``; granting
    again is a new row, so the history of what was agreed, and when, is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ConsentKind.choices)
    version = models.CharField(_("wording version"), max_length=20, default=CONSENT_VERSION)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="talent_one_active_consent_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("granted_at")),
                name="talent_consent_withdrawn_after_granted",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


def subject_reference(user_id: int) -> str:
    """A stable pseudonym of a user id for the privacy log: it lets the hub answer
    "was account N deleted, and when?" without keeping who N was."""
    return salted_hmac("westbund.talent.privacy", str(user_id)).hexdigest()


class PrivacyEvent(models.Model):
    """What a person did with their personal data (export, consents, deletion).

    Kept after the account is deleted, with nothing personal: the user link is cleared
    and only ``subject`` (a keyed hash of the former user id) remains.
    """

    class Kind(models.TextChoices):
        CONSENT_GRANTED = "consent_granted", _("Consent granted")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        DATA_EXPORTED = "data_exported", _("Data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="privacy_events",
        verbose_name=_("user"),
    )
    subject = models.CharField(_("subject reference"), max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # Non-personal facts only: a consent kind, a count of files erased.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("privacy event")
        verbose_name_plural = _("privacy events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject[:12]}"


# -- Applications ----------------------------------------------------------------------------


class ApplicationStage(models.TextChoices):
    """Where an application stands. The labels are the English source strings the
    ``application_stage_changed`` notification translates: keep them in step."""

    NEW = "new", _("New")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The enterprise's pipeline, in order: an application moves forward along it (a step
# may be skipped) or is rejected; hired, rejected and withdrawn are final.
PIPELINE = (
    ApplicationStage.NEW,
    ApplicationStage.SCREENING,
    ApplicationStage.INTERVIEW,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
)
FINAL_STAGES = frozenset(
    {ApplicationStage.HIRED, ApplicationStage.REJECTED, ApplicationStage.WITHDRAWN}
)
# The applicant's name wherever an anonymised application is shown.
FORMER_APPLICANT = _("Former applicant")

# Optional questions every application form asks (key, label); answers are stored by key.
APPLICATION_QUESTIONS = (
    ("start_date", _("When could you start?")),
    ("salary_expectation", _("Your salary expectation (CNY per year)")),
    ("work_sample", _("A link to work you are proud of")),
)
# The same questions as the enterprise reads the answers: about the applicant, not to them.
APPLICATION_QUESTION_HEADINGS = {
    "start_date": _("Earliest start"),
    "salary_expectation": _("Salary expectation (CNY per year)"),
    "work_sample": _("Work sample (link)"),
}
# Answers that are web addresses (http or https only: the enterprise gets them as links).
LINK_QUESTIONS = frozenset({"work_sample"})
COVER_LETTER_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 500


def next_stages(stage: str, *, anonymised: bool = False) -> list[str]:
    """The stages an enterprise may move an application in ``stage`` to.

    An anonymised application (the person deleted their account) can only be closed:
    there is no one left to interview, make an offer to or hire.
    """
    if stage in FINAL_STAGES:
        return []
    if anonymised:
        return [ApplicationStage.REJECTED]
    later = list(PIPELINE[PIPELINE.index(stage) + 1 :])
    return [*later, ApplicationStage.REJECTED]


class ApplicationQuerySet(models.QuerySet):
    def for_enterprise_member(self, user):
        """The applications to the active enterprises ``user`` is a member of: the only
        scope of the workspace's applicant pages."""
        from enterprises.models import Enterprise

        return self.filter(enterprise__in=Enterprise.objects.for_member(user))

    def for_profile(self, profile):
        return self.filter(profile=profile)

    def for_user(self, user):
        """The signed-in professional's own applications (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(profile__user=user)

    def new(self):
        return self.filter(stage=ApplicationStage.NEW)

    def with_specialty(self, code: str):
        return self.filter(specialty_filter("profile__specialties", code))

    def c9(self):
        return self.filter(profile__university_code__in=C9University.values)


class Application(models.Model):
    """A professional's application to a role, with the CV they sent.

    One per profile and role (a database constraint). When the professional deletes
    their account the row stays for the enterprise, anonymised: no profile, cover
    letter, answers or CV; role, stage and dates remain.
    """

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("profile"),
    )
    role = models.ForeignKey(
        "enterprises.Role",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("role"),
    )
    # The role's enterprise, kept here so that every workspace query is scoped and
    # indexed without a join through roles.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("enterprise"),
    )
    # The CV as it was when the person applied; a newer upload does not replace it.
    cv = models.ForeignKey(
        CVDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("CV"),
    )
    cover_letter = models.TextField(_("cover letter"), max_length=COVER_LETTER_MAX_LENGTH)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=ApplicationStage.choices,
        default=ApplicationStage.NEW,
    )
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        help_text=_("Shown to the professional."),
    )
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "role"], name="talent_one_application_per_role"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ApplicationStage.values),
                name="talent_application_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(profile__isnull=False) | Q(anonymised_at__isnull=False),
                name="talent_application_profile_or_anonymised",
            ),
        ]
        indexes = [
            models.Index(
                fields=["enterprise", "stage", "-created_at"], name="talent_app_ent_stage_idx"
            ),
            models.Index(fields=["role", "stage", "-created_at"], name="talent_app_role_stage_idx"),
            models.Index(fields=["profile", "-created_at"], name="talent_app_profile_idx"),
            # The officers' applications list (admin): newest first, by stage.
            models.Index(fields=["-created_at", "-id"], name="talent_app_newest_idx"),
            models.Index(fields=["stage", "-created_at", "-id"], name="talent_app_stage_idx"),
        ]

    def __str__(self):
        return f"{self.applicant_name} → {self.role}"

    def get_absolute_url(self):
        return reverse("talent:application", args=[self.pk])

    def workspace_url(self) -> str:
        return reverse("talent:workspace_application", args=[self.enterprise.slug, self.pk])

    @property
    def applicant_name(self) -> str:
        if self.profile is None:
            return str(FORMER_APPLICANT)
        return self.profile.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_final(self) -> bool:
        return self.stage in FINAL_STAGES

    @property
    def can_be_withdrawn(self) -> bool:
        return not self.is_final

    def next_stages(self) -> list[tuple[str, str]]:
        return [
            (stage, ApplicationStage(stage).label)
            for stage in next_stages(self.stage, anonymised=self.is_anonymised)
        ]

    def answer_items(self) -> list[tuple[str, str]]:
        """(question label, answer) for the questions answered, in the form's order."""
        answers = self.answers or {}
        return [(label, answers[key]) for key, label in APPLICATION_QUESTIONS if answers.get(key)]

    def move_to_undo(self):
        """The enterprise's last move if it may be undone, else None.

        Undoable: the latest change of the stage, a move by the enterprise (not the
        application itself, a withdrawal or a correction), while the person is still
        there. Only the latest: undoing steps back once, with a reason.
        """
        if self.is_anonymised or self.stage == ApplicationStage.WITHDRAWN:
            return None
        last = self.stage_changes.order_by("-created_at", "-id").first()
        if (
            last is None
            or not last.from_stage
            or last.kind != ApplicationStageChange.Kind.MOVE
            or last.to_stage != self.stage
        ):
            return None
        return last

    def answer_items_for_enterprise(self) -> list[tuple[str, str, bool]]:
        """(heading, answer, is a link) as the enterprise reads them: headings about
        the applicant ("Salary expectation"), not the form's "Your salary expectation"."""
        answers = self.answers or {}
        return [
            (APPLICATION_QUESTION_HEADINGS[key], answers[key], key in LINK_QUESTIONS)
            for key, _label in APPLICATION_QUESTIONS
            if answers.get(key)
        ]


class ApplicationStageChange(models.Model):
    """One move of an application: who, when, from, to, why.

    ``internal``: the reason is the enterprise's own, never shown to the professional
    (the move itself is). A rejection's reason is always shown to them.
    ``kind``: a correction puts the application back where it was before a wrong move.
    """

    class Kind(models.TextChoices):
        MOVE = "move", _("Move")
        CORRECTION = "correction", _("Correction of a wrong move")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("application"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_stage = models.CharField(
        _("from"), max_length=20, choices=ApplicationStage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=ApplicationStage.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    internal = models.BooleanField(_("internal"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MOVE)

    class Meta:
        verbose_name = _("application stage change")
        verbose_name_plural = _("application stage changes")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["application", "created_at"], name="talent_app_hist_idx"),
        ]

    def __str__(self):
        from_stage = self.get_from_stage_display() or "∅"
        return f"{self.application_id}: {from_stage} → {self.get_to_stage_display()}"

    @property
    def public_reason(self) -> str:
        """The reason as the professional may read it."""
        return "" if self.internal else self.reason


class ApplicationNote(models.Model):
    """An internal note on an application: for the enterprise and the hub's officers,
    never for the professional."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.body[:40]}"


# -- Job alerts ------------------------------------------------------------------------------


class JobAlert(models.Model):
    """A saved search: a daily digest tells the professional of new roles matching it.

    ``last_digest_at`` is the end of the window the last digest covered: the next one
    looks only at roles first published after it, so no role is sent twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="job_alerts",
        verbose_name=_("user"),
    )
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


# -- Audit -----------------------------------------------------------------------------------


class AuditEvent(models.Model):
    """Who looked at or decided what: every CV read by someone other than its owner,
    every review action, every CSV export. Written by the portal only, never edited."""

    class Action(models.TextChoices):
        CV_VIEWED = "cv_viewed", _("CV viewed")
        REVIEW_STARTED = "review_started", _("Review started")
        REVIEW_DECIDED = "review_decided", _("Review decided")
        OFFICER_ASSIGNED = "officer_assigned", _("Officer assigned")
        CSV_EXPORTED = "csv_exported", _("CSV exported")
        ATTACHMENT_VIEWED = "attachment_viewed", _("Service request attachment viewed")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # "app_label.model" and primary key of what was acted on (kept when it is deleted).
    target_type = models.CharField(_("target type"), max_length=60)
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="talent_audit_at_idx"),
            models.Index(fields=["target_type", "target_id"], name="talent_audit_target_idx"),
            models.Index(fields=["actor", "-at"], name="talent_audit_actor_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.target_type}:{self.target_id}"

    @classmethod
    def record(cls, *, actor, action: str, target=None, target_type: str = "", details=None):
        """Store one event; ``target`` is a model instance (or give ``target_type``)."""
        if target is not None:
            target_type = target._meta.label_lower
        return cls.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            target_type=target_type,
            target_id="" if target is None else str(target.pk),
            details=details or {},
        )
