"""Applications to roles, their stage history and the enterprise notes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.bilingual import site_language
from westbund.core.history import Lifecycle, Transition, cause_field, history_subject, state_fields
from westbund.core.notes import InternalNote
from westbund.education import C9_UNIVERSITIES, C9University
from westbund.search import concepts
from westbund.taxonomy import specialty_filter

from .profiles import CVDocument, TalentProfile

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


def _universities_named(word: str) -> list[str]:
    """The codes of the C9 universities whose English or Chinese name contains ``word``."""
    word = word.casefold()
    return [
        university.code
        for university in C9_UNIVERSITIES
        if word in university.name_en.casefold() or word in university.name_zh
    ]


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
        return self.filter(stage=Application.Stage.NEW)

    def with_specialty(self, code: str):
        return self.filter(specialty_filter("profile__specialties", code))

    def c9(self):
        return self.filter(profile__university_code__in=C9University.values)

    def with_tag(self, tag):
        return self.filter(tags=tag)

    def search(self, query: str):
        """Applications whose applicant matches every concept of ``query`` by name
        (Latin or Chinese), skills or university (a C9 university by
        its English or Chinese name). The concepts are the job board's
        (``westbund.search.concepts``): "LLM" also finds "大模型" and "large language
        model" in the skills. An anonymised application matches no query."""
        found = concepts(" ".join((query or "").split()))
        if not found:
            return self
        condition = Q()
        for concept in found:
            either = Q()
            for word in concept.words:
                either |= (
                    Q(profile__full_name__icontains=word)
                    | Q(profile__name_zh__icontains=word)
                    | Q(profile__skills__icontains=word)
                    | Q(profile__university_other__icontains=word)
                )
                codes = _universities_named(word)
                if codes:
                    either |= Q(profile__university_code__in=codes)
            condition &= either
        return self.filter(condition)


class Application(Lifecycle, models.Model):
    """A professional's application to a role, with the CV they sent.

    One per profile and role (a database constraint). When the professional deletes
    their account the row stays for the enterprise, anonymised: no profile, cover
    letter, answers or CV; role, stage and dates remain.
    """

    class Stage(models.TextChoices):
        """Where an application stands. The labels are the English source strings the
        ``application_stage_changed`` notification translates: keep them in step."""

        NEW = "new", _("New")
        SCREENING = "screening", _("Screening")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The enterprise moves an application forward along its pipeline (new, screening,
    # interview, offer, hired; a step may be skipped) or rejects it; the professional
    # may withdraw it; hired, rejected and withdrawn are final. Undoing a wrong move
    # (``undo_stage_move``) is a correction, not a move of the lifecycle.
    state_field = "stage"
    TRANSITIONS = {
        Stage.NEW: {
            Stage.SCREENING,
            Stage.INTERVIEW,
            Stage.OFFER,
            Stage.HIRED,
            Stage.REJECTED,
            Stage.WITHDRAWN,
        },
        Stage.SCREENING: {
            Stage.INTERVIEW,
            Stage.OFFER,
            Stage.HIRED,
            Stage.REJECTED,
            Stage.WITHDRAWN,
        },
        Stage.INTERVIEW: {Stage.OFFER, Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.OFFER: {Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.HIRED: set(),
        Stage.REJECTED: set(),
        Stage.WITHDRAWN: set(),
    }
    # The professional's own move; every other move is the enterprise's.
    APPLICANT_MOVES = frozenset({Stage.WITHDRAWN})

    class Source(models.TextChoices):
        """Where an application came from: the ``src`` parameter of the link the person
        followed to the role page, carried to the apply form (``from_link``)."""

        BOARD = "board", _("Job board")
        SEARCH = "search", _("Search results")
        ALERT = "alert", _("Job alert e-mail")
        RECOMMENDED = "recommended", _("Recommendation on My hub")
        INVITED = "invited", _("Talent pool invitation")
        FEED = "feed", _("Feed")
        DIRECT = "direct", _("Direct link")

        @classmethod
        def from_link(cls, value) -> "Application.Source":
            """The source a link's ``src`` names; anything else is a direct link. An
            invitation is never taken from a link: only accepting one records it."""
            if isinstance(value, str) and value in cls.values and value != cls.INVITED:
                return cls(value)
            return cls.DIRECT

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
        choices=Stage.choices,
        default=Stage.NEW,
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

    source = models.CharField(
        _("source"),
        max_length=12,
        choices=Source.choices,
        default=Source.DIRECT,
        help_text=_("Where the person came from when they applied."),
    )

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
                condition=Q(profile__isnull=False) | Q(anonymised_at__isnull=False),
                name="talent_application_profile_or_anonymised",
            ),
            models.CheckConstraint(
                condition=Q(
                    source__in=[
                        "board",
                        "search",
                        "alert",
                        "recommended",
                        "invited",
                        "feed",
                        "direct",
                    ]
                ),
                name="talent_application_source_valid",
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

    # Meta's body cannot see the nested choices: the stage's constraint is added here.
    Meta.constraints.insert(
        1,
        models.CheckConstraint(
            condition=Q(stage__in=Stage.values),
            name="talent_application_stage_valid",
        ),
    )

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

    def candidate_language(self) -> str:
        """The language to write to the candidate in (theirs; the default once the
        account is gone)."""
        return site_language(self.profile.user.preferred_language if self.profile else None)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_final(self) -> bool:
        return not self.TRANSITIONS.get(self.stage)

    def can_move_to(self, stage: str) -> bool:
        """An anonymised application (the person deleted their account) can only be
        closed: there is no one left to interview, make an offer to or hire."""
        if self.is_anonymised and stage != self.Stage.REJECTED:
            return False
        return super().can_move_to(stage)

    def get_stage_display(self) -> str:
        # Django's generated display rebuilds the choices' dict on every call (50 µs);
        # every list and the board show it per row.
        try:
            return self.Stage(self.stage).label
        except ValueError:
            return self.stage

    @property
    def days_in_stage(self) -> int:
        """Whole days since the application reached its stage (the board shows it)."""
        return max((timezone.now() - self.stage_changed_at).days, 0)

    @property
    def can_be_withdrawn(self) -> bool:
        return not self.is_final

    def next_stages(self) -> list[tuple[str, str]]:
        """(stage, label) the enterprise may move the application to, in pipeline order."""
        return [
            (stage, stage.label)
            for stage in self.Stage
            if stage not in self.APPLICANT_MOVES and self.can_move_to(stage)
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
        if self.is_anonymised or self.stage == self.Stage.WITHDRAWN:
            return None
        last = self.history.order_by("-created_at", "-id").first()
        if (
            last is None
            or not last.from_state
            or last.kind != ApplicationStageChange.Kind.MOVE
            or last.to_state != self.stage
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


class ApplicationStageChange(Transition):
    """One move of an application: who, when, from, to, why.

    ``internal``: the reason is the enterprise's own, never shown to the professional
    (the move itself is). A rejection's reason is always shown to them.
    ``kind``: a correction puts the application back where it was before a wrong move.
    ``cause``: the offer that made the move (sent: to offer; accepted: to hired).
    """

    class Kind(models.TextChoices):
        MOVE = "move", _("Move")
        CORRECTION = "correction", _("Correction of a wrong move")

    class Cause(models.TextChoices):
        OFFER_SENT = "offer_sent", _("An offer was sent to the candidate")
        OFFER_ACCEPTED = "offer_accepted", _("The candidate accepted the offer")

    subject_field = "application"

    application = history_subject(Application, _("application"))
    from_state, to_state = state_fields(Application.Stage.choices)
    internal = models.BooleanField(_("internal"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MOVE)
    cause = cause_field(Cause)

    class Meta(Transition.Meta):
        verbose_name = _("application stage change")
        verbose_name_plural = _("application stage changes")
        indexes = [
            models.Index(fields=["application", "created_at"], name="talent_app_hist_idx"),
        ]

    @property
    def public_reason(self) -> str:
        """The reason as the professional may read it."""
        return "" if self.internal else self.reason

    @property
    def is_correction(self) -> bool:
        """An undone move, which both sides' timelines mark."""
        return self.kind == self.Kind.CORRECTION


class ApplicationNote(InternalNote):
    """An internal note on an application: for the enterprise and the hub's officers,
    never for the professional."""

    subject_field = "application"

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("application"),
    )

    class Meta(InternalNote.Meta):
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


# -- Job alerts ------------------------------------------------------------------------------
