"""Talent profiles, their review by the hub and their CVs."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Exists, F, FloatField, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from westbund.core.bilingual import CHINESE, list_separator, reader_language
from westbund.core.fields import optional_user
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields
from westbund.core.notes import InternalNote
from westbund.core.text import safe_filename
from westbund.education import C9_UNIVERSITIES, C9University, Degree, is_c9
from westbund.privacy.files import private_storage
from westbund.privacy.models import Consent, ConsentKind
from westbund.taxonomy import (
    SpecialtiesField,
    specialty_filter,
    specialty_labels,
    specialty_names,
)

GRADUATION_YEARS_AHEAD = 8
# A search text longer than this is cut (each word is one more condition anyway).
MAX_SEARCH_QUERY = 200
# Searched by substring where there is no stored vector (SQLite, ``make run``).
PROFILE_SEARCH_FIELDS = (
    "skills",
    "current_title",
    "field_of_study",
    "current_employer",
    "current_city",
    "university_other",
    "current_cv__text",
)
EARLIEST_GRADUATION_YEAR = 1950


def substring_match(concepts) -> Q:
    """Without PostgreSQL's search vectors (SQLite, ``make run``): every concept found
    in one of the searched texts, or in the names of the profile's university and
    specialties in either language (they are stored as codes)."""
    condition = Q()
    for concept in concepts:
        either = Q()
        for word in concept.words:
            for field in PROFILE_SEARCH_FIELDS:
                either |= Q(**{f"{field}__icontains": word})
            universities = _codes_named(
                ((u.code, u.name_en, u.name_zh) for u in C9_UNIVERSITIES), word
            )
            if universities:
                either |= Q(university_code__in=universities)
            for code in _codes_named(specialty_names(), word):
                either |= specialty_filter("specialties", code)
        condition &= either
    return condition


def _codes_named(named, word: str) -> list[str]:
    word = word.casefold()
    return [code for code, *names in named if any(word in name.casefold() for name in names)]


def validate_graduation_year(value: int) -> None:
    latest = timezone.now().year + GRADUATION_YEARS_AHEAD
    if not EARLIEST_GRADUATION_YEAR <= value <= latest:
        raise ValidationError(
            _("Enter a year between %(first)d and %(last)d.")
            % {"first": EARLIEST_GRADUATION_YEAR, "last": latest},
            code="graduation_year",
        )


class Availability(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    ONE_MONTH = "one_month", _("Within a month")
    THREE_MONTHS = "three_months", _("Within three months")
    LATER = "later", _("In more than three months")
    NOT_LOOKING = "not_looking", _("Not looking at the moment")


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]

    @property
    def is_complete(self) -> bool:
        return not self.missing


class TalentProfileQuerySet(models.QuerySet):
    def awaiting_review(self):
        decidable = TalentProfile.states_leading_to(TalentProfile.ReviewState.VERIFIED)
        return self.filter(review_state__in=sorted(decidable))

    def in_talent_pool(self):
        """The only definition of who is in the talent pool: verified by the hub, the
        account active, and the pool consent in force now. Read live; a pool page kept
        whole (talent/counts.py ``pool_version``) changes with every write to a profile,
        a consent or an account, so a withdrawal takes the person out at once."""
        pool_consent = Consent.objects.filter(
            user_id=OuterRef("user_id"), kind=ConsentKind.TALENT_POOL, withdrawn_at__isnull=True
        )
        return self.filter(
            review_state=TalentProfile.ReviewState.VERIFIED, user__is_active=True
        ).filter(Exists(pool_consent))

    def search_text(self, query: str):
        """Profiles matching ``query`` (skills, title, specialties, studies, employer,
        city, languages and the current CV's text), annotated with ``rank``.

        PostgreSQL: the stored ``search_vector`` (GIN index; Chinese segmented into
        words, Latin words stemmed, the job board's synonyms). SQLite: substrings.
        """
        from westbund.search import concepts, vector_query

        found = concepts(" ".join(query.replace("\x00", " ").split())[:MAX_SEARCH_QUERY])
        if not found:
            return self.annotate(rank=Value(0.0, output_field=FloatField()))
        if connection.vendor == "postgresql":
            search_query = vector_query(found)
            if search_query is None:
                return self.none().annotate(rank=Value(0.0, output_field=FloatField()))
            return self.filter(search_vector=search_query).annotate(
                rank=SearchRank(F("search_vector"), search_query)
            )
        return self.filter(substring_match(found)).annotate(
            rank=Value(0.5, output_field=FloatField())
        )

    def update_search_vector(self) -> int:
        """Recompute the stored search vector of these profiles (PostgreSQL; else
        no-op), the current CV's extracted text included."""
        if connection.vendor != "postgresql":
            # No vector to store, but what the pool's substring search finds (a CV's
            # new text) has changed all the same.
            from talent.counts import pool_changed

            pool_changed()
            return 0
        from westbund.search import document_vector

        count = 0
        for profile in self.select_related("current_cv").iterator(chunk_size=200):
            cv_text = profile.current_cv.text if profile.current_cv else ""
            vector = document_vector(
                [
                    (f"{profile.current_title} {' '.join(profile.specialty_words())}", "A"),
                    (profile.skills, "A"),
                    (
                        f"{profile.field_of_study} {profile.university_name} "
                        f"{profile.current_employer}",
                        "B",
                    ),
                    (f"{profile.current_city} {profile.languages}", "C"),
                    (cv_text, "D"),
                ]
            )
            count += TalentProfile.objects.filter(pk=profile.pk).update(search_vector=vector)
        if count:
            # A bulk update sends no signal; what the pool's search finds has changed.
            from talent.counts import pool_changed

            pool_changed()
        return count

    def with_active_consent(self, kind: str):
        return self.filter(
            user__consents__kind=kind, user__consents__withdrawn_at__isnull=True
        ).distinct()


class TalentProfile(Lifecycle, models.Model):
    """A professional's talent profile: what the hub reviews and enterprises see.

    Fields the hub certifies (``CERTIFIED_FIELDS``) cannot change while an officer holds
    the profile, and changing them on a verified profile sends it back for review.
    """

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

    # The professional submits a draft, or after changes were requested; an officer
    # takes it into review and decides (verified, changes requested, declined); editing
    # a certified detail sends a verified profile back (to "submitted", or to "draft"
    # if no longer complete); withdrawing consent to processing sends a submitted, in
    # review or verified one back to draft. A declined profile stays declined.
    state_field = "review_state"
    TRANSITIONS = {
        ReviewState.DRAFT: {ReviewState.SUBMITTED},
        ReviewState.SUBMITTED: {
            ReviewState.IN_REVIEW,
            ReviewState.VERIFIED,
            ReviewState.CHANGES_REQUESTED,
            ReviewState.DECLINED,
            ReviewState.DRAFT,
        },
        ReviewState.IN_REVIEW: {
            ReviewState.VERIFIED,
            ReviewState.CHANGES_REQUESTED,
            ReviewState.DECLINED,
            ReviewState.DRAFT,
        },
        ReviewState.VERIFIED: {ReviewState.SUBMITTED, ReviewState.DRAFT},
        ReviewState.CHANGES_REQUESTED: {ReviewState.SUBMITTED},
        ReviewState.DECLINED: set(),
    }
    # An officer's decisions, in the order the admin offers them.
    DECISIONS = (ReviewState.VERIFIED, ReviewState.CHANGES_REQUESTED, ReviewState.DECLINED)

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
    assigned_officer = optional_user(
        _("assigned officer"),
        related_name="assigned_talent_profiles",
        limit_choices_to={"is_staff": True},
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept up to date by ``TalentProfileQuerySet.update_search_vector`` (PostgreSQL only;
    # GIN index created by migration 0008, a no-op on SQLite).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = TalentProfileQuerySet.as_manager()

    # What the professional writes on the profile, in the order they fill it in, by
    # the parts of the profile form and of the admin's page (the university through its
    # own chooser). Together they are the profile form's fields and the first section
    # of the data export.
    IDENTITY_FIELDS = ("full_name", "name_zh", "nationality", "current_city", "phone", "languages")
    EDUCATION_FIELDS = (
        "highest_degree",
        "university_code",
        "university_other",
        "field_of_study",
        "graduation_year",
    )
    EXPERIENCE_FIELDS = (
        "years_of_experience",
        "current_employer",
        "current_title",
        "specialties",
        "skills",
    )
    LINK_AND_AVAILABILITY_FIELDS = (
        "github_url",
        "scholar_url",
        "website_url",
        "needs_work_permit",
        "needs_visa_sponsorship",
        "availability",
    )
    OWN_FIELDS = (
        *IDENTITY_FIELDS,
        *EDUCATION_FIELDS,
        *EXPERIENCE_FIELDS,
        *LINK_AND_AVAILABILITY_FIELDS,
    )
    # What the hub certifies when it verifies a profile.
    CERTIFIED_FIELDS = (
        "full_name",
        "name_zh",
        "nationality",
        *EDUCATION_FIELDS,
        "years_of_experience",
        "specialties",
    )

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-updated_at"]
        permissions = [("review_talentprofile", _("Can review talent profiles"))]
        # The review queue (admin) orders by "submitted_at ASC NULLS LAST": its indexes
        # are created on PostgreSQL only (migrations 0004, 0017), SQLite cannot index
        # NULLS LAST.
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
        ]

    # Meta's body cannot see the nested choices: the state's constraint is added here.
    Meta.constraints.append(
        models.CheckConstraint(
            condition=Q(review_state__in=ReviewState.values),
            name="talent_profile_review_state_valid",
        )
    )

    def __str__(self):
        return self.full_name or str(self.user)

    def get_absolute_url(self):
        return reverse("talent:profile_edit")

    # -- Education -----------------------------------------------------------------------

    @property
    def university_name(self) -> str:
        if self.university_code:
            # Not get_university_code_display(): Django rebuilds the choices' dict on
            # every call (90 µs), and the workspace and admin lists show it per row.
            try:
                return C9University(self.university_code).label
            except ValueError:
                return self.university_code
        return self.university_other

    @property
    def is_c9(self) -> bool:
        return is_c9(self.university_code)

    def get_specialties_display(self) -> list[str]:
        return specialty_labels(self.specialties)

    def specialty_words(self) -> list[str]:
        """The specialties' names in both languages, for the search vector."""
        chosen = set(self.specialties or ())
        names = [row for row in specialty_names() if row[0] in chosen]
        return [english for _code, english, _ in names] + [chinese for *_, chinese in names]

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

    @property
    def reader_name(self) -> str:
        """The person's name as the page's language writes it: the Chinese one on Chinese
        pages when they gave it, else the one they gave first."""
        if reader_language() == CHINESE and self.name_zh:
            return self.name_zh
        return self.full_name

    @property
    def has_processing_consent(self) -> bool:
        """Whether the hub may review and show the profile (the professional's consent)."""
        return self.has_consent(ConsentKind.PROFILE_PROCESSING)

    def forget_consents(self) -> None:
        """Drop the cached consents: the next question reads them again (after a grant or
        a withdrawal in this request)."""
        self.__dict__.pop("active_consent_kinds", None)

    # -- Completeness and review ------------------------------------------------------------

    def incompleteness_refusal(self) -> ValidationError | None:
        """Why the profile cannot be submitted or used to apply yet (None: complete).
        Reads the consents afresh (one may have been given in this request)."""
        self.forget_consents()
        completeness = self.completeness()
        if completeness.is_complete:
            return None
        return ValidationError(
            _("Complete your profile first. Missing: %(missing)s.")
            % {"missing": list_separator().join(str(item) for item in completeness.missing)},
            code="incomplete",
        )

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
                self.has_processing_consent,
            ),
        ]
        done = sum(1 for _label, ok in items if ok)
        return Completeness(
            percent=round(100 * done / len(items)),
            missing=[label for label, ok in items if not ok],
        )

    @property
    def is_submittable(self) -> bool:
        """The professional may send it for review. A verified profile goes back to
        "submitted" only when a certified detail changes (``save_profile``)."""
        return self.can_move_to(self.ReviewState.SUBMITTED) and not self.is_verified

    @property
    def can_be_submitted(self) -> bool:
        return self.is_submittable and self.completeness().is_complete

    @property
    def is_decidable(self) -> bool:
        """Submitted or in review: an officer holds it and may decide."""
        return self.can_move_to(self.ReviewState.VERIFIED)

    @property
    def review_explanation(self) -> str:
        """What the review state means for the owner, shown beside its badge in /me/."""
        return REVIEW_EXPLANATIONS.get(self.review_state, "")

    @property
    def submit_label(self) -> str:
        if self.review_state == self.ReviewState.CHANGES_REQUESTED:
            return _("Submit again for review")
        return _("Submit for review")

    @property
    def certified_fields_locked(self) -> bool:
        # While an officer holds the profile, what they certify must not move under them.
        return self.is_decidable

    @property
    def is_verified(self) -> bool:
        return self.review_state == self.ReviewState.VERIFIED


REVIEW_EXPLANATIONS = {
    TalentProfile.ReviewState.DRAFT: _(
        "Your profile is a draft: only you can see it. Submit it when it is complete, "
        "and a talent officer will review it."
    ),
    TalentProfile.ReviewState.SUBMITTED: _(
        "Your profile is waiting for a talent officer. You will be told of the decision "
        "by e-mail and in your inbox."
    ),
    TalentProfile.ReviewState.IN_REVIEW: _(
        "A talent officer is reviewing your profile. The certified details are locked "
        "until the decision."
    ),
    TalentProfile.ReviewState.VERIFIED: _(
        "The hub has verified your profile. Changing a certified detail (identity, "
        "education, experience, specialties) sends it back for review."
    ),
    TalentProfile.ReviewState.CHANGES_REQUESTED: _(
        "The talent officer asks you to change your profile. Edit it, then submit it again."
    ),
    TalentProfile.ReviewState.DECLINED: _(
        "The hub has declined to verify your profile. You can still keep it and use the "
        "hub's services."
    ),
}


class ProfileReviewEvent(Transition):
    """One step of a profile's hub review: who moved it, when, from where to where, why
    (``reason``: the officer's message; ``cause``: why the portal itself moved it)."""

    class Cause(models.TextChoices):
        CERTIFIED_FIELDS_CHANGED = "certified_changed", _("Certified details were edited")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to processing was withdrawn")
        OFFICER_ASSIGNED = "officer_assigned", _("Officer assigned")

    subject_field = "profile"

    profile = history_subject(TalentProfile, _("profile"))
    from_state, to_state = state_fields(TalentProfile.ReviewState.choices)
    cause = cause_field(Cause)
    # Set on an assignment (from and to are then the same state).
    assigned_officer = optional_user(_("assigned to"))

    class Meta(Transition.Meta):
        verbose_name = _("profile review event")
        verbose_name_plural = _("profile review events")
        indexes = [models.Index(fields=["profile", "created_at"], name="talent_review_hist_idx")]


class ProfileOfficerNote(InternalNote):
    """An officer's internal note on a profile: for the hub's officers only, never shown
    to the professional or to enterprises. Notes about a person are their personal
    data, so the professional's data export includes them (section "hub_notes")."""

    subject_field = "profile"

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="officer_notes",
        verbose_name=_("profile"),
    )

    class Meta(InternalNote.Meta):
        verbose_name = _("officer note")
        verbose_name_plural = _("officer notes")
        indexes = [models.Index(fields=["profile", "created_at"], name="talent_officer_note_idx")]


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

        from .applications import Application

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
    # The words of the PDF, extracted after upload (``talent.tasks.extract_cv_text``):
    # what officers and, for pool members, enterprises search. Erased with the CV.
    text = models.TextField(_("text of the CV"), blank=True, editable=False)
    text_extracted_at = models.DateTimeField(
        _("text extracted"), null=True, blank=True, editable=False
    )

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
