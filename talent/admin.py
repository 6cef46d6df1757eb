"""Talent officers' first tools: review talent profiles from the admin.

Every review action calls ``talent.actions`` (the same functions the tests call). The
full officers' workspace is built elsewhere; this is what lets them act today.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import actions
from .forms import ReviewDecisionForm
from .models import (
    Application,
    ApplicationNote,
    ApplicationStageChange,
    Consent,
    CVDocument,
    PrivacyEvent,
    ProfileReviewEvent,
    ReviewState,
    TalentProfile,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProfileReviewEventInline(ReadOnlyInline):
    model = ProfileReviewEvent
    fields = (
        "created_at",
        "actor",
        "from_state",
        "to_state",
        "reason",
        "assigned_officer",
        "message",
    )
    readonly_fields = fields
    verbose_name_plural = _("review history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "assigned_officer")


class CVDocumentInline(ReadOnlyInline):
    model = CVDocument
    fields = ("download", "original_name", "size", "page_count", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        # Never the storage URL: private files have none. The view checks permissions.
        return format_html(
            '<a href="{}">{}</a>', reverse("talent:cv_download", args=[obj.pk]), obj.download_name
        )


def _review_action(function, *, description, permission="review"):
    """An admin action calling ``function(profile=..., by=request.user)`` per profile."""

    def action(modeladmin, request, queryset):
        done = 0
        for profile in queryset:
            try:
                function(profile=profile, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request, f"{profile}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d profile updated.", "%(count)d profiles updated.", done)
                % {"count": done},
            )

    action.__name__ = function.__name__
    return admin.action(description=description, permissions=[permission])(action)


def _decision_action(decision: ReviewState, *, description):
    """An admin action with an intermediate page for the officer's message."""

    def action(modeladmin, request, queryset):
        form = ReviewDecisionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for profile in queryset:
                try:
                    actions.decide_review(
                        profile=profile,
                        by=request.user,
                        decision=decision,
                        message=form.cleaned_data["message"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    messages.error(
                        request, f"{profile}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                    )
                else:
                    done += 1
            if done:
                messages.success(
                    request,
                    ngettext("%(count)d profile decided.", "%(count)d profiles decided.", done)
                    % {"count": done},
                )
            return None
        return TemplateResponse(
            request,
            "admin/talent/talentprofile/review_decision.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "decision_label": decision.label,
                "profiles": queryset,
                "form": form,
                "action_name": f"decide_{decision.value}",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )

    action.__name__ = f"decide_{decision.value}"
    return admin.action(description=description, permissions=["review"])(action)


@admin.register(TalentProfile)
class TalentProfileAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "user",
        "review_state",
        "university_display",
        "highest_degree",
        "assigned_officer",
        "submitted_at",
    )
    list_filter = ("review_state", "highest_degree", "university_code", "needs_work_permit")
    search_fields = ("full_name", "name_zh", "user__email")
    list_select_related = ("user", "assigned_officer")
    show_full_result_count = False
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at", "-id")
    autocomplete_fields = ("user",)
    raw_id_fields = ("current_cv",)
    inlines = (CVDocumentInline, ProfileReviewEventInline)
    # The review moves only through the actions (with history and notification).
    readonly_fields = (
        "review_state",
        "review_message",
        "assigned_officer",
        "submitted_at",
        "decided_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (_("Hub review"), {"fields": readonly_fields}),
        (
            _("Identity"),
            {
                "fields": (
                    "user",
                    "full_name",
                    "name_zh",
                    "nationality",
                    "current_city",
                    "phone",
                    "languages",
                )
            },
        ),
        (
            _("Education"),
            {
                "fields": (
                    "highest_degree",
                    "university_code",
                    "university_other",
                    "field_of_study",
                    "graduation_year",
                )
            },
        ),
        (
            _("Experience"),
            {
                "fields": (
                    "years_of_experience",
                    "current_employer",
                    "current_title",
                    "specialties",
                    "skills",
                )
            },
        ),
        (
            _("Links, work authorisation and availability"),
            {
                "fields": (
                    "github_url",
                    "scholar_url",
                    "website_url",
                    "needs_work_permit",
                    "needs_visa_sponsorship",
                    "availability",
                    "current_cv",
                ),
                "classes": ("collapse",),
            },
        ),
    )
    actions = (
        _review_action(actions.start_review, description=_("Start review (assign to me)")),
        _decision_action(ReviewState.VERIFIED, description=_("Decide: verified")),
        _decision_action(ReviewState.CHANGES_REQUESTED, description=_("Decide: changes requested")),
        _decision_action(ReviewState.DECLINED, description=_("Decide: declined")),
        "assign_to_me",
    )

    @admin.display(description=_("university"), ordering="university_code")
    def university_display(self, obj):
        if obj.is_c9:
            return format_html("{} <strong>C9</strong>", obj.university_name)
        return obj.university_name

    @admin.action(description=_("Assign to me"), permissions=["review"])
    def assign_to_me(self, request, queryset):
        for profile in queryset:
            try:
                actions.assign_officer(profile=profile, officer=request.user, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request, f"{profile}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )

    def has_review_permission(self, request):
        return actions.is_officer(request.user)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only: consents are given and withdrawn by the person, never by an officer."""

    list_display = ("user", "kind", "version", "granted_at", "withdrawn_at")
    list_filter = ("kind", "version")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    show_full_result_count = False
    raw_id_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrivacyEvent)
class PrivacyEventAdmin(admin.ModelAdmin):
    """The privacy log, read-only: proof of what people asked and what the hub did."""

    list_display = ("created_at", "kind", "subject", "user")
    list_filter = ("kind",)
    search_fields = ("subject", "user__email")
    list_select_related = ("user",)
    show_full_result_count = False
    raw_id_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApplicationStageChangeInline(ReadOnlyInline):
    model = ApplicationStageChange
    fields = ("created_at", "actor", "from_stage", "to_stage", "reason", "internal")
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


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Officers read applications (with the enterprise's internal notes); the
    enterprise moves them in its workspace."""

    list_display = ("__str__", "enterprise", "stage", "created_at", "stage_changed_at")
    list_filter = ("stage", "enterprise")
    list_select_related = ("profile", "role", "enterprise")
    search_fields = ("profile__full_name", "role__title_en", "enterprise__name_en")
    date_hierarchy = "created_at"
    inlines = (ApplicationStageChangeInline, ApplicationNoteInline)
    fields = (
        "profile",
        "role",
        "enterprise",
        "cv",
        "stage",
        "rejection_reason",
        "cover_letter",
        "answers",
        "created_at",
        "stage_changed_at",
        "anonymised_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
