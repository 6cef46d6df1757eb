"""The talent officers' workspace: the review queue, applications across enterprises,
officer notes and CSV exports (the audit log is ``westbund.privacy``'s).

Every review action calls ``talent.actions`` (the same functions the tests call), which
record the history row, the audit event and the notification.

Built for 100k profiles and 1M applications: no ``COUNT(*)`` over a whole table
(``CappedCountPaginator``), joins chosen up front (``list_select_related``), no
``<select>`` of every user or role, filters and orderings that match indexes
(``TalentProfile.Meta.indexes``, ``Application.Meta.indexes``, migration 0004).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from westbund.accounts.groups import OFFICER_GROUP
from westbund.accounts.permissions import Area, is_officer
from westbund.core.admin_export import CSVExportMixin
from westbund.core.admin_mixins import (
    IntermediateFormMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScaledAdmin,
    apply_to_selected,
)
from westbund.core.bilingual import list_separator
from westbund.core.bulk import error_text
from westbund.core.cache import content_version
from westbund.core.text import NoControlCharactersMixin
from westbund.education import C9_UNIVERSITIES, C9University
from westbund.privacy.models import AuditEvent
from westbund.search import concepts, vector_query
from westbund.taxonomy import Specialty, specialty_filter, specialty_labels

from . import actions
from .counts import (
    all_applications_version,
    officer_page_versions,
    officers_version,
    pool_version,
)
from .forms import ReviewDecisionForm
from .models import (
    Application,
    ApplicationMessage,
    ApplicationNote,
    ApplicationStageChange,
    CVDocument,
    DuplicatePair,
    DuplicatePairHistory,
    Interview,
    InterviewEvent,
    Offer,
    OfferTransition,
    ProfileOfficerNote,
    ProfileReviewEvent,
    Scorecard,
    TalentProfile,
)

# Applications shown on a profile's page; the rest are one click away.
PROFILE_APPLICATIONS_SHOWN = 20


# -- Filters ---------------------------------------------------------------------------------


def _officers():
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True, groups__name=OFFICER_GROUP)
        .order_by("email")
    )


class C9Filter(admin.SimpleListFilter):
    title = _("C9 League")
    parameter_name = "c9"
    field = "university_code"

    def lookups(self, request, model_admin):
        return (("yes", _("C9 League university")), ("no", _("Other or none")))

    def queryset(self, request, queryset):
        c9 = Q(**{f"{self.field}__in": C9University.values})
        if self.value() == "yes":
            return queryset.filter(c9)
        if self.value() == "no":
            return queryset.exclude(c9)
        return queryset


class SpecialtyFilter(admin.SimpleListFilter):
    title = _("AI specialty")
    parameter_name = "specialty"
    field = "specialties"

    def lookups(self, request, model_admin):
        return Specialty.choices

    def queryset(self, request, queryset):
        if self.value() in Specialty.values:
            return queryset.filter(specialty_filter(self.field, self.value()))
        return queryset


class NationalityFilter(CountryFilter):
    title = _("nationality")

    def lookup_choices(self, changelist):
        from .counts import nationalities_in_use

        codes = nationalities_in_use()
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


class NeedsSponsorshipFilter(admin.SimpleListFilter):
    title = _("needs sponsorship")
    parameter_name = "sponsorship"

    def lookups(self, request, model_admin):
        return (("yes", _("Work permit or visa")), ("no", _("Neither")))

    def queryset(self, request, queryset):
        needs = Q(needs_work_permit=True) | Q(needs_visa_sponsorship=True)
        if self.value() == "yes":
            return queryset.filter(needs)
        if self.value() == "no":
            return queryset.exclude(needs)
        return queryset


class ReviewStateFilter(admin.SimpleListFilter):
    """The review state, the queue (submitted or in review, the dashboard's link) one of
    its choices: choosing another state replaces the queue's instead of narrowing it to
    nothing, as Django's field filter beside the dashboard's ``__in`` did."""

    title = _("review state")
    parameter_name = "review_state__in"
    QUEUE = f"{TalentProfile.ReviewState.SUBMITTED},{TalentProfile.ReviewState.IN_REVIEW}"

    def lookups(self, request, model_admin):
        return [(self.QUEUE, _("Waiting for a decision")), *TalentProfile.ReviewState.choices]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        states = [
            state for state in self.value().split(",") if state in TalentProfile.ReviewState.values
        ]
        return queryset.filter(review_state__in=states)


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned to me")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return (("yes", _("Assigned to me")), ("waiting", _("Mine, waiting for a decision")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(assigned_officer=request.user)
        if self.value() == "waiting":
            return queryset.filter(
                assigned_officer=request.user,
                review_state__in=[
                    TalentProfile.ReviewState.SUBMITTED,
                    TalentProfile.ReviewState.IN_REVIEW,
                ],
            )
        return queryset


class AssignedOfficerFilter(admin.SimpleListFilter):
    title = _("assigned officer")
    parameter_name = "officer"

    def lookups(self, request, model_admin):
        return [("none", _("Nobody")), *((str(user.pk), str(user)) for user in _officers())]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assigned_officer__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assigned_officer_id=int(self.value()))
        return queryset


class ApplicationC9Filter(C9Filter):
    field = "profile__university_code"


class ApplicationSpecialtyFilter(SpecialtyFilter):
    field = "profile__specialties"


class RoleFilter(admin.SimpleListFilter):
    """Applications to one role. There are thousands of roles: the sidebar shows only the
    chosen one; officers choose it from the role's link in the list."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        from enterprises.models import Role

        value = self.value()
        if value and value.isdigit():
            return [(str(role.pk), str(role)) for role in Role.objects.filter(pk=int(value))]
        return ()

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(role_id=int(self.value()))
        return queryset


# -- Inlines ---------------------------------------------------------------------------------


class ProfileReviewEventInline(ReadOnlyInline):
    model = ProfileReviewEvent
    fields = (
        "created_at",
        "actor",
        "from_state",
        "to_state",
        "cause",
        "assigned_officer",
        "reason",
    )
    readonly_fields = fields
    verbose_name_plural = _("review history")

    def get_queryset(self, request):
        # The profile too: each row's title (``__str__``) names it.
        return super().get_queryset(request).select_related("profile", "actor", "assigned_officer")


class CVDocumentInline(ReadOnlyInline):
    model = CVDocument
    fields = ("download", "original_name", "size", "page_count", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        # Never the storage URL: private files have none. The view checks permissions
        # (and records the reading in the audit log).
        return format_html(
            '<a href="{}">{}</a>', reverse("talent:cv_download", args=[obj.pk]), obj.download_name
        )


class ProfileApplicationInline(ReadOnlyInline):
    """The person's latest applications (``TalentProfileAdmin.get_formset_kwargs`` keeps
    it to ``PROFILE_APPLICATIONS_SHOWN``); the profile links to all of them."""

    model = Application
    fields = ("application_link", "enterprise", "stage", "created_at", "stage_changed_at")
    readonly_fields = fields
    verbose_name_plural = _("latest applications")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile", "role", "enterprise")

    @admin.display(description=_("role"))
    def application_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:talent_application_change", args=[obj.pk]),
            obj.role,
        )


class ProfileOfficerNoteInline(admin.TabularInline):
    """Officers add notes; nobody edits or deletes one (who wrote what stays)."""

    model = ProfileOfficerNote
    extra = 1
    can_delete = False
    fields = ("body", "author", "created_at")
    readonly_fields = ("author", "created_at")
    verbose_name_plural = _(
        "officer notes (internal: never shown to the professional or enterprises)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- Review actions --------------------------------------------------------------------------


# What an action over the selected profiles says it did.
UPDATED = ngettext_lazy("%(count)d profile updated.", "%(count)d profiles updated.", "count")
DECIDED = ngettext_lazy("%(count)d profile decided.", "%(count)d profiles decided.", "count")
RECOMMENDED = ngettext_lazy(
    "%(count)d profile recommended.", "%(count)d profiles recommended.", "count"
)


class DecisionForm(ReviewDecisionForm):
    """The officer's words on a decision: required to request changes (what to change)
    and to decline (why); the professional reads them."""

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        if decision == TalentProfile.ReviewState.DECLINED:
            self.fields["message"].help_text = _(
                "Required: the reason for declining, which the professional reads."
            )
        elif decision == TalentProfile.ReviewState.VERIFIED:
            self.fields["message"].help_text = _("Optional: a word the professional reads.")

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message and self.decision == TalentProfile.ReviewState.CHANGES_REQUESTED:
            raise ValidationError(_("Say what the professional should change."))
        if not message and self.decision == TalentProfile.ReviewState.DECLINED:
            raise ValidationError(_("Give the professional the reason for declining."))
        return message


# The buttons on a profile's page, in the order of ``TalentProfile.DECISIONS``.
DECISION_BUTTONS = {
    TalentProfile.ReviewState.VERIFIED: _("Verify"),
    TalentProfile.ReviewState.CHANGES_REQUESTED: _("Request changes"),
    TalentProfile.ReviewState.DECLINED: _("Decline"),
}


class RecommendForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    note = forms.CharField(
        label=_("Note to the enterprise"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the enterprise's talent pool with the profile."),
    )

    def __init__(self, *args, **kwargs):
        from enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.active().order_by("name_en")


class AssignOfficerForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=get_user_model().objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers()


def _decision_action(decision: TalentProfile.ReviewState, *, description):
    """An admin action with an intermediate page for the officer's message."""

    def action(modeladmin, request, queryset):
        return modeladmin.selected_rows_form(
            request,
            queryset.select_related("user"),
            form_class=DecisionForm,
            form_kwargs={"decision": decision},
            apply=lambda data: apply_to_selected(
                request,
                queryset,
                lambda profile: actions.decide_review(
                    profile=profile, by=request.user, decision=decision, message=data["message"]
                ),
                done_message=DECIDED,
            ),
            template="admin/talent/talentprofile/review_decision.html",
            title=description,
            action=f"decide_{decision.value}",
            decision_label=decision.label,
        )

    action.__name__ = f"decide_{decision.value}"
    return admin.action(description=description, permissions=["review"])(action)


# -- Talent profiles: the review queue -------------------------------------------------------


def _c9_codes_matching(term: str) -> list[str]:
    """C9 universities whose English or Chinese name contains ``term``: profiles store
    the code, officers type the name."""
    term = term.casefold()
    return [
        university.code
        for university in C9_UNIVERSITIES
        if term in university.name_en.casefold() or term in university.name_zh
    ]


def _search_terms(search_term: str) -> list[str]:
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(bit.strip())
    return terms


def _profile_match(term: str, prefix: str = "") -> Q:
    """Profiles matching one search term: an e-mail address exactly (indexed), otherwise a
    substring of the names, the university or the skills (trigram-indexed on
    PostgreSQL, all on the profile's own table so that the indexes combine)."""
    if "@" in term:
        return Q(**{f"{prefix}user__email": term.lower()})
    match = Q()
    for field in ("full_name", "name_zh", "university_other", "skills"):
        match |= Q(**{f"{prefix}{field}__icontains": term})
    if codes := _c9_codes_matching(term):
        match |= Q(**{f"{prefix}university_code__in": codes})
    # The words of the current CV (and the rest of the profile): the stored vector on
    # PostgreSQL (GIN index, Chinese segmented into words), the CV's text elsewhere.
    if connection.vendor == "postgresql":
        if (query := vector_query(concepts(term))) is not None:
            match |= Q(**{f"{prefix}search_vector": query})
    else:
        match |= Q(**{f"{prefix}current_cv__text__icontains": term})
    return match


PROFILE_CSV_COLUMNS = (
    (pgettext_lazy("person", "Name"), "full_name"),
    (_("Name in Chinese"), "name_zh"),
    (_("E-mail"), "user.email"),
    (_("Nationality"), "nationality.name"),
    (_("Highest degree"), "get_highest_degree_display"),
    (_("University"), "university_name"),
    (_("C9 League"), lambda profile: gettext("yes") if profile.is_c9 else gettext("no")),
    (
        _("AI specialties"),
        lambda profile: list_separator().join(map(str, profile.get_specialties_display())),
    ),
    (_("Years of experience"), "years_of_experience"),
    (_("Review state"), "get_review_state_display"),
    (_("Assigned officer"), "assigned_officer.email"),
    (_("Submitted"), "submitted_at"),
)


class AuditedExportMixin(CSVExportMixin):
    def csv_exported(self, request, queryset) -> None:
        AuditEvent.record(
            actor=request.user,
            action=AuditEvent.Action.CSV_EXPORTED,
            target_type=self.model._meta.label_lower,
            # What was exported is what the filters and the search selected.
            details={"query": request.GET.urlencode()},
        )


@admin.register(TalentProfile)
class TalentProfileAdmin(IntermediateFormMixin, AuditedExportMixin, ScaledAdmin):
    list_display = (
        "full_name",
        "nationality_display",
        "highest_degree",
        "university_display",
        "specialties_display",
        "years_of_experience",
        "review_state",
        "assigned_officer",
        "submitted_at",
    )
    list_filter = (
        ReviewStateFilter,
        AssignedToMeFilter,
        AssignedOfficerFilter,
        C9Filter,
        "highest_degree",
        SpecialtyFilter,
        ("nationality", NationalityFilter),
        NeedsSponsorshipFilter,
    )
    # Overridden by get_search_results; listed so that the admin shows the search box.
    search_fields = ("full_name", "name_zh", "user__email", "university_other", "skills")
    search_help_text = _(
        "Name (Latin or Chinese), university, skill or words of the CV; or an exact e-mail address."
    )
    list_select_related = ("assigned_officer",)
    date_hierarchy = "submitted_at"
    # The review queue: whoever has waited longest comes first.
    ordering = (F("submitted_at").asc(nulls_last=True), "id")
    sortable_by = ("full_name", "years_of_experience", "review_state", "submitted_at")
    change_form_template = "admin/talent/talentprofile/change_form.html"
    change_list_template = "admin/talent/talentprofile/change_list.html"

    def kept_versions(self, request):
        # The profiles (and their search vectors), the officers named in the list and
        # its filter, and the officer reading it.
        return (pool_version(), officers_version(), *officer_page_versions(request))

    autocomplete_fields = ("user",)
    inlines = (
        CVDocumentInline,
        ProfileApplicationInline,
        ProfileReviewEventInline,
        ProfileOfficerNoteInline,
    )
    csv_columns = PROFILE_CSV_COLUMNS
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The review moves only through the actions (with history and notification).
    review_fields = (
        "review_state",
        "review_message",
        "assigned_officer",
        "submitted_at",
        "decided_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("overview", "cv_link", "all_applications", *review_fields)
    fieldsets = (
        (_("At a glance"), {"fields": ("overview", "cv_link", "all_applications")}),
        (_("Hub review"), {"fields": review_fields}),
        (_("Identity"), {"fields": ("user", *TalentProfile.IDENTITY_FIELDS)}),
        (_("Education"), {"fields": TalentProfile.EDUCATION_FIELDS}),
        (_("Experience"), {"fields": TalentProfile.EXPERIENCE_FIELDS}),
        (
            _("Links, work authorisation and availability"),
            {"fields": TalentProfile.LINK_AND_AVAILABILITY_FIELDS, "classes": ("collapse",)},
        ),
    )
    actions = (
        "assign_to_me",
        "assign_to_officer",
        "start_review",
        "recommend_to_enterprise",
        _decision_action(TalentProfile.ReviewState.VERIFIED, description=_("Decide: verified")),
        _decision_action(
            TalentProfile.ReviewState.CHANGES_REQUESTED,
            description=_("Decide: changes requested"),
        ),
        _decision_action(TalentProfile.ReviewState.DECLINED, description=_("Decide: declined")),
    )

    def get_readonly_fields(self, request, obj=None):
        # A profile belongs to its person for good; the CV is the person's to choose.
        if obj is not None:
            return (*self.readonly_fields, "user")
        return self.readonly_fields

    def get_search_results(self, request, queryset, search_term):
        for term in _search_terms(search_term):
            queryset = queryset.filter(_profile_match(term))
        return queryset, False

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ProfileApplicationInline) and obj is not None and obj.pk:
            latest = (
                Application.objects.filter(profile=obj)
                .order_by("-created_at", "-id")
                .values("pk")[:PROFILE_APPLICATIONS_SHOWN]
            )
            kwargs["queryset"] = kwargs["queryset"].filter(pk__in=latest)
        return kwargs

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProfileOfficerNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if note.pk is None and note.body.strip():
                actions.add_officer_note(profile=form.instance, by=request.user, body=note.body)
        return None

    def csv_queryset(self, request):
        return super().csv_queryset(request).select_related("user", "assigned_officer")

    # -- Columns and the summary ------------------------------------------------------------

    @admin.display(description=_("nationality"), ordering="nationality")
    def nationality_display(self, obj):
        # The country's own name lookup: the admin's generic one walks all 250 choices
        # for every row.
        return obj.nationality.name if obj.nationality else ""

    @admin.display(description=_("university"), ordering="university_code")
    def university_display(self, obj):
        if obj.is_c9:
            return format_html('{} <strong class="c9-badge">C9</strong>', obj.university_name)
        return obj.university_name

    @admin.display(description=_("AI specialties"))
    def specialties_display(self, obj):
        return list_separator().join(map(str, specialty_labels(obj.specialties)))

    @admin.display(description=_("profile"))
    def overview(self, obj):
        rows = [
            (pgettext_lazy("person", "Name"), f"{obj.full_name} {obj.name_zh}".strip()),
            (_("Nationality"), obj.nationality.name if obj.nationality else ""),
            (_("Highest degree"), obj.get_highest_degree_display()),
            (
                _("University"),
                f"{obj.university_name}{' (C9)' if obj.is_c9 else ''}",
            ),
            (_("Field of study"), f"{obj.field_of_study} {obj.graduation_year or ''}".strip()),
            (_("Years of experience"), obj.years_of_experience),
            (
                _("Current position"),
                " · ".join(filter(None, [obj.current_title, obj.current_employer])),
            ),
            (_("AI specialties"), self.specialties_display(obj)),
            (_("Skills"), list_separator().join(obj.skill_list())),
            (_("Languages"), obj.languages),
            (_("Availability"), obj.get_availability_display()),
            (
                _("Work authorisation"),
                list_separator().join(
                    str(label)
                    for label, needed in (
                        (_("needs a work permit"), obj.needs_work_permit),
                        (_("needs visa sponsorship"), obj.needs_visa_sponsorship),
                    )
                    if needed
                )
                or gettext("no sponsorship needed"),
            ),
        ]
        return format_html(
            '<dl class="talent-overview">{}</dl>',
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((label, value or "—") for label, value in rows)
            ),
        )

    @admin.display(description=_("current CV"))
    def cv_link(self, obj):
        if obj.current_cv_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("talent:cv_download", args=[obj.current_cv_id]),
            gettext("Download the CV (PDF)"),
        )

    @admin.display(description=_("applications"))
    def all_applications(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}?profile__id__exact={}">{}</a>',
            reverse("admin:talent_application_changelist"),
            obj.pk,
            gettext("All applications of this person"),
        )

    # -- Deciding from the profile's own page ------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_step_view),
                name=f"{prefix}_review_step",
            ),
            path(
                "<path:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name=f"{prefix}_decide",
            ),
            *super().get_urls(),
        ]

    def review_options(self, request, profile) -> dict:
        """What the officer may do to this profile now, for the buttons on its page."""
        if profile is None or not self.has_review_permission(request):
            return {}
        decidable = profile.is_decidable
        return {
            "can_start": profile.review_state == TalentProfile.ReviewState.SUBMITTED,
            "can_take": decidable and profile.assigned_officer_id != request.user.pk,
            "decisions": [
                (
                    decision.value,
                    DECISION_BUTTONS[decision],
                    reverse("admin:talent_talentprofile_decide", args=[profile.pk, decision.value]),
                )
                for decision in TalentProfile.DECISIONS
            ]
            if decidable
            else [],
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        profile = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "review": self.review_options(request, profile)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _profile_or_404(self, request, object_id):
        profile = self.get_object(request, object_id)
        if profile is None:
            raise Http404
        if not self.has_review_permission(request):
            raise PermissionDenied
        return profile

    def _back_to(self, profile):
        return HttpResponseRedirect(reverse("admin:talent_talentprofile_change", args=[profile.pk]))

    def review_step_view(self, request, object_id):
        """Start the review or take the profile over (a POST from its page)."""
        if request.method != "POST":
            raise PermissionDenied
        profile = self._profile_or_404(request, object_id)
        try:
            if "start_review" in request.POST:
                actions.start_review(profile=profile, by=request.user)
                self.message_user(request, gettext("The review has started."), messages.SUCCESS)
            else:
                actions.assign_officer(profile=profile, officer=request.user, by=request.user)
                self.message_user(
                    request, gettext("The profile is assigned to you."), messages.SUCCESS
                )
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
        return self._back_to(profile)

    def decide_view(self, request, object_id, decision):
        """One decision on one profile, with the officer's message, which the professional
        reads (required to request changes or to decline)."""
        profile = self._profile_or_404(request, object_id)
        if decision not in TalentProfile.DECISIONS:
            raise Http404
        decision = TalentProfile.ReviewState(decision)
        posted = request.method == "POST"
        form = DecisionForm(request.POST if posted else None, decision=decision)
        if posted and form.is_valid():
            try:
                actions.decide_review(
                    profile=profile,
                    by=request.user,
                    decision=decision,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Decided: %(decision)s. The professional is told.")
                    % {"decision": decision.label},
                    messages.SUCCESS,
                )
            return self._back_to(profile)
        return self.form_page(
            request,
            "admin/talent/talentprofile/decide.html",
            title=DECISION_BUTTONS[decision],
            original=profile,
            decision_label=decision.label,
            form=form,
        )

    # -- Actions -----------------------------------------------------------------------------

    def has_review_permission(self, request):
        return is_officer(request.user, Area.PROFILE_REVIEW)

    @admin.action(description=_("Assign to me"), permissions=["review"])
    def assign_to_me(self, request, queryset):
        apply_to_selected(
            request,
            queryset,
            lambda profile: actions.assign_officer(
                profile=profile, officer=request.user, by=request.user
            ),
            done_message=UPDATED,
        )

    @admin.action(description=_("Assign to an officer…"), permissions=["review"])
    def assign_to_officer(self, request, queryset):
        return self.selected_rows_form(
            request,
            queryset.select_related("user"),
            form_class=AssignOfficerForm,
            apply=lambda data: apply_to_selected(
                request,
                queryset,
                lambda profile: actions.assign_officer(
                    profile=profile, officer=data["officer"], by=request.user
                ),
                done_message=UPDATED,
            ),
            template="admin/talent/talentprofile/assign_officer.html",
            title=gettext("Assign to an officer"),
            action="assign_to_officer",
        )

    @admin.action(description=_("Recommend to an enterprise…"), permissions=["review"])
    def recommend_to_enterprise(self, request, queryset):
        return self.selected_rows_form(
            request,
            queryset.select_related("user"),
            form_class=RecommendForm,
            apply=lambda data: apply_to_selected(
                request,
                queryset,
                lambda profile: actions.recommend_profile(
                    profile=profile,
                    enterprise=data["enterprise"],
                    note=data["note"],
                    by=request.user,
                ),
                done_message=RECOMMENDED,
            ),
            template="admin/talent/talentprofile/recommend.html",
            title=gettext("Recommend to an enterprise"),
            action="recommend_to_enterprise",
        )

    @admin.action(description=_("Start review (assign to me if nobody is)"), permissions=["review"])
    def start_review(self, request, queryset):
        apply_to_selected(
            request,
            queryset,
            lambda profile: actions.start_review(profile=profile, by=request.user),
            done_message=UPDATED,
        )


# -- Applications ----------------------------------------------------------------------------


class ApplicationStageChangeInline(ReadOnlyInline):
    model = ApplicationStageChange
    fields = ("created_at", "actor", "from_state", "to_state", "kind", "reason", "internal")
    readonly_fields = fields
    verbose_name_plural = _("stage history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ApplicationNoteInline(ReadOnlyInline):
    model = ApplicationNote
    fields = ("created_at", "author", "body")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class InterviewInline(ReadOnlyInline):
    """The application's interviews, their history and scorecards, for officers to read."""

    model = Interview
    fields = ("starts_at", "ends_at", "mode", "place", "status", "people", "history", "feedback")
    readonly_fields = fields
    verbose_name_plural = _("interviews and scorecards")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organizer")
            .prefetch_related(
                "interviewers",
                Prefetch("events", queryset=InterviewEvent.objects.select_related("actor")),
                Prefetch("scorecards", queryset=Scorecard.objects.select_related("interviewer")),
            )
        )

    @admin.display(description=_("place"))
    def place(self, interview):
        return interview.place()

    @admin.display(description=_("interviewers"))
    def people(self, interview):
        return list_separator().join(str(user) for user in interview.interviewers.all())

    @admin.display(description=_("history"))
    def history(self, interview):
        return format_html_join(
            mark_safe("<br>"),
            "{} · {}{}",
            (
                (
                    date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT"),
                    event.get_cause_display(),
                    f" · {event.reason}" if event.reason else "",
                )
                for event in interview.events.all()
            ),
        )

    @admin.display(description=_("scorecards"))
    def feedback(self, interview):
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} · {} · {}",
            (
                (
                    card.interviewer or "—",
                    card.get_recommendation_display(),
                    ", ".join(f"{name} {rating}/5" for name, rating in card.named_ratings()),
                    card.notes,
                )
                for card in interview.scorecards.all()
            ),
        )


class ApplicationOfferInline(ReadOnlyInline):
    model = Offer
    fields = (
        "created_at",
        "position",
        "annual_salary",
        "start_date",
        "expires_on",
        "status",
        "drafted_by",
        "approved_by",
        "decline_reason",
    )
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("drafted_by", "approved_by")


class ApplicationMessageInline(ReadOnlyInline):
    model = ApplicationMessage
    fields = ("created_at", "from_candidate", "sender", "subject", "body")
    readonly_fields = fields
    verbose_name_plural = _("conversation with the candidate")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sender")


APPLICATION_CSV_COLUMNS = (
    (_("Applicant"), "applicant_name"),
    (_("E-mail"), "profile.user.email"),
    (_("Role applied to"), "role.title_en"),
    (_("Enterprise"), "enterprise.name_en"),
    (_("Stage"), "get_stage_display"),
    (_("Source"), "get_source_display"),
    (_("Applied"), "created_at"),
    (_("Stage changed"), "stage_changed_at"),
)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, AuditedExportMixin, ScaledAdmin):
    """Officers read applications across enterprises (with the enterprise's internal
    notes); the enterprise moves them in its workspace."""

    list_display = (
        "applicant_link",
        "role_link",
        "enterprise",
        "stage",
        "c9",
        "created_at",
        "stage_changed_at",
    )
    list_filter = (
        "stage",
        "source",
        "enterprise",
        RoleFilter,
        ApplicationC9Filter,
        ApplicationSpecialtyFilter,
    )
    # The applicant and role columns link to the profile and the role: the date opens the
    # application (a link inside Django's first-column link would be lost).
    list_display_links = ("created_at",)
    list_select_related = ("profile", "role", "enterprise")
    # Only the applicant (1M rows: a search across roles and enterprises too would scan
    # them all); a role or an enterprise is a filter.
    search_fields = ("profile__full_name", "profile__name_zh", "profile__user__email")
    search_help_text = _("Applicant's name (Latin or Chinese) or exact e-mail address.")
    ordering = ("-created_at", "-id")

    def kept_versions(self, request):
        # Every enterprise's applications, the applicants' names, the roles and the
        # enterprises, and the officer reading it.
        return (
            all_applications_version(),
            pool_version(),
            content_version(),
            *officer_page_versions(request),
        )

    sortable_by = ("created_at",)
    inlines = (
        ApplicationStageChangeInline,
        ApplicationNoteInline,
        InterviewInline,
        ApplicationOfferInline,
        ApplicationMessageInline,
    )
    csv_columns = APPLICATION_CSV_COLUMNS
    fields = (
        "profile",
        "role",
        "enterprise",
        "cv",
        "stage",
        "source",
        "rejection_reason",
        "cover_letter",
        "answers",
        "created_at",
        "stage_changed_at",
        "anonymised_at",
    )
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        for term in _search_terms(search_term):
            if "@" in term:
                queryset = queryset.filter(profile__user__email=term.lower())
            else:
                names = Q(full_name__icontains=term) | Q(name_zh__icontains=term)
                queryset = queryset.filter(
                    profile__in=TalentProfile.objects.filter(names).values("pk")
                )
        return queryset, False

    def csv_queryset(self, request):
        return super().csv_queryset(request).select_related("profile__user")

    @admin.display(description=_("applicant"))
    def applicant_link(self, obj):
        if obj.profile_id is None:
            return obj.applicant_name
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:talent_talentprofile_change", args=[obj.profile_id]),
            obj.applicant_name,
        )

    @admin.display(description=_("role"))
    def role_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> <a href="?role={}" title="{}">⧩</a>',
            reverse("admin:enterprises_role_change", args=[obj.role_id]),
            obj.role,
            obj.role_id,
            gettext("Only the applications to this role"),
        )

    @admin.display(description=_("C9"), boolean=True)
    def c9(self, obj):
        return None if obj.profile is None else obj.profile.is_c9


# -- Offers ----------------------------------------------------------------------------------


class OfferTransitionInline(ReadOnlyInline):
    model = OfferTransition
    fields = ("created_at", "actor", "from_state", "to_state", "cause", "reason")
    readonly_fields = fields
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Officers read offers across enterprises; the enterprise makes them in its workspace
    and the candidate answers in /me/."""

    list_display = ("position", "enterprise", "status", "annual_salary", "expires_on", "created_at")
    list_filter = ("status", "enterprise")
    list_select_related = ("enterprise",)
    ordering = ("-created_at", "-id")
    fields = (
        "application",
        "enterprise",
        "position",
        "annual_salary",
        "start_date",
        "expires_on",
        "language",
        "letter",
        "status",
        "drafted_by",
        "approved_by",
        "decline_reason",
        "created_at",
        "sent_at",
        "decided_at",
    )
    readonly_fields = fields
    inlines = (OfferTransitionInline,)


# -- Possible duplicate profiles -------------------------------------------------------------


class DuplicatePairHistoryInline(ReadOnlyInline):
    model = DuplicatePairHistory
    fields = ("created_at", "actor", "from_state", "to_state", "cause", "reason")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class DuplicateDecisionForm(NoControlCharactersMixin, forms.Form):
    """Merge (keep one of the two) or dismiss, and why."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For the officers' record: what showed they are, or are not, one person."),
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (
                f"keep_{pair.first_id}",
                gettext("Merge: keep %(kept)s, mark %(other)s as its duplicate")
                % {"kept": pair.first, "other": pair.second},
            ),
            (
                f"keep_{pair.second_id}",
                gettext("Merge: keep %(kept)s, mark %(other)s as its duplicate")
                % {"kept": pair.second, "other": pair.first},
            ),
            ("dismiss", gettext("Dismiss: two different people (never flagged again)")),
        ]


def _profile_card(profile) -> str:
    if profile is None:
        return "—"
    rows = [
        (gettext("E-mail"), profile.user.email),
        (gettext("Phone"), profile.phone or "—"),
        (gettext("University"), profile.university_name or "—"),
        (gettext("Graduation year"), profile.graduation_year or "—"),
        (gettext("Review state"), profile.get_review_state_display()),
        (gettext("created"), profile.created_at.date()),
    ]
    return format_html(
        '<a href="{}">{}</a>{}<dl>{}</dl>',
        reverse("admin:talent_talentprofile_change", args=[profile.pk]),
        profile.full_name,
        f" · {profile.name_zh}" if profile.name_zh else "",
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
    )


@admin.register(DuplicatePair)
class DuplicatePairAdmin(IntermediateFormMixin, admin.ModelAdmin):
    """Pairs of profiles the hourly check found may be one person: an officer merges
    (one is marked as the other's duplicate; nothing moves between the accounts) or
    dismisses them; a dismissed pair is never flagged again."""

    list_display = ("__str__", "matches_display", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("first", "second")
    search_fields = ("first__full_name", "second__full_name", "first__name_zh", "second__name_zh")
    ordering = ("-created_at", "-id")
    inlines = (DuplicatePairHistoryInline,)
    fields = ("first_card", "second_card", "matches_display", "status", "kept", "duplicate")
    readonly_fields = fields
    change_form_template = "admin/talent/duplicatepair/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Decided through the decision page only: the change form shows, never saves.
        return False

    def has_view_permission(self, request, obj=None):
        return is_officer(request.user, Area.DUPLICATES)

    def has_module_permission(self, request):
        return is_officer(request.user, Area.DUPLICATES)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("first__user", "second__user", "kept", "duplicate")
        )

    @admin.display(description=_("What they share"))
    def matches_display(self, obj):
        return list_separator().join(obj.get_matches_display())

    @admin.display(description=_("first profile"))
    def first_card(self, obj):
        return _profile_card(obj.first)

    @admin.display(description=_("second profile"))
    def second_card(self, obj):
        return _profile_card(obj.second)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="talent_duplicatepair_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_decide": self._may_decide(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _may_decide(self, request) -> bool:
        return is_officer(request.user, Area.DUPLICATES)

    def decide_view(self, request, object_id):
        if not self._may_decide(request):
            raise PermissionDenied
        pair = self.get_object(request, object_id)
        if pair is None:
            raise Http404
        back = HttpResponseRedirect(reverse("admin:talent_duplicatepair_change", args=[pair.pk]))
        if pair.status != DuplicatePair.Status.OPEN:
            self.message_user(
                request, gettext("This possible duplicate was already decided."), messages.ERROR
            )
            return back
        posted = request.method == "POST"
        form = DuplicateDecisionForm(request.POST if posted else None, pair=pair)
        if posted and form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                if decision == "dismiss":
                    actions.dismiss_duplicate(pair=pair, by=request.user, reason=reason)
                    done = gettext("Dismissed: these profiles will not be flagged again.")
                else:
                    keep = pair.first if decision == f"keep_{pair.first_id}" else pair.second
                    actions.merge_duplicate(pair=pair, keep=keep, by=request.user, reason=reason)
                    done = gettext("Merged: %(kept)s is kept.") % {"kept": keep}
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
            return back
        return self.form_page(
            request,
            "admin/talent/duplicatepair/decide.html",
            title=gettext("Decide on a possible duplicate"),
            original=pair,
            form=form,
            first_card=_profile_card(pair.first),
            second_card=_profile_card(pair.second),
        )
