"""Where talent officers run the service package. Every state change goes through
``services.actions``, exactly as the site does."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from westbund.core.admin_mixins import IntermediateFormMixin, ReadOnlyInline, ReadOnlyInlineMixin
from westbund.core.bulk import BulkResult, apply_to_each

from . import actions
from .forms import AttachmentsField
from .models import (
    RSVP,
    ApartmentApplication,
    ApartmentApplicationHistory,
    ApartmentBuilding,
    ApartmentUnit,
    Event,
    HousingGuide,
    HousingOption,
    ManualChapter,
    ManualSection,
    MembershipApplication,
    MembershipApplicationHistory,
    PermitBand,
    PermitFactor,
    PermitPointsTable,
    Policy,
    PolicyAttachment,
    RequestCategory,
    RSVPHistory,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestHistory,
    ServiceRequestMessage,
    SpokenLanguage,
    TalentOfficer,
)


def _report(modeladmin, request, result: BulkResult, label=str) -> None:
    done = len(result.done)
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", done) % {"count": done},
            messages.SUCCESS,
        )
    for error in result.error_lines(label):
        modeladmin.message_user(request, error, messages.ERROR)


# ------------------------------------------------------------------------------
# Policies
# ------------------------------------------------------------------------------
class PolicyAttachmentInline(admin.TabularInline):
    model = PolicyAttachment
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = (
        "title_en",
        "title_zh",
        "category",
        "effective_from",
        "expires_on",
        "is_published",
        "updated_at",
    )
    list_filter = ("category", "is_published", "requires_c9", "nationality_scope", "min_degree")
    search_fields = ("title_en", "title_zh", "summary_en", "summary_zh", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "effective_from"
    show_full_result_count = False
    inlines = (PolicyAttachmentInline,)
    fieldsets = (
        (None, {"fields": ("slug", "category", "is_published", "effective_from", "expires_on")}),
        (_("English"), {"fields": (
            "title_en", "summary_en", "body_en", "eligibility_en", "benefits_en",
            "documents_en", "how_to_apply_en",
        )}),
        (_("Chinese"), {"fields": (
            "title_zh", "summary_zh", "body_zh", "eligibility_zh", "benefits_zh",
            "documents_zh", "how_to_apply_zh",
        )}),
        (
            _("Eligibility rules (used by “Which policies fit me”)"),
            {
                "fields": (
                    "min_degree",
                    "requires_c9",
                    "nationality_scope",
                    "min_years_experience",
                    "requires_verified_profile",
                )
            },
        ),
    )  # fmt: skip


# ------------------------------------------------------------------------------
# Officers
# ------------------------------------------------------------------------------
class TalentOfficerForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=SpokenLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    areas = forms.MultipleChoiceField(
        label=_("areas"),
        choices=RequestCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = TalentOfficer
        fields = (
            "user", "name_en", "name_zh", "job_title_en", "job_title_zh", "photo", "languages",
            "areas", "bio_en", "bio_zh", "office_hours_en", "office_hours_zh", "email", "phone",
            "is_active", "order",
        )  # fmt: skip


@admin.register(TalentOfficer)
class TalentOfficerAdmin(admin.ModelAdmin):
    form = TalentOfficerForm
    list_display = ("name_en", "name_zh", "job_title_en", "email", "is_active", "order")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_en", "name_zh", "email", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    show_full_result_count = False


# ------------------------------------------------------------------------------
# Housing
# ------------------------------------------------------------------------------
@admin.register(HousingOption)
class HousingOptionAdmin(admin.ModelAdmin):
    list_display = (
        "name_en", "name_zh", "kind", "rent_min", "rent_max", "commute_minutes",
        "is_published", "order",
    )  # fmt: skip
    list_filter = ("kind", "is_published")
    list_editable = ("order", "is_published")
    search_fields = ("name_en", "name_zh", "summary_en", "summary_zh")
    prepopulated_fields = {"slug": ("name_en",)}
    show_full_result_count = False


@admin.register(HousingGuide)
class HousingGuideAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh", "is_published", "order", "updated_at")
    list_filter = ("is_published",)
    list_editable = ("order", "is_published")
    search_fields = ("title_en", "title_zh", "body_en", "body_zh")
    prepopulated_fields = {"slug": ("title_en",)}
    show_full_result_count = False


# ------------------------------------------------------------------------------
# Manual
# ------------------------------------------------------------------------------
class ManualSectionInline(admin.StackedInline):
    model = ManualSection
    extra = 0
    fields = ("order", "title_en", "title_zh", "body_en", "body_zh")


@admin.register(ManualChapter)
class ManualChapterAdmin(admin.ModelAdmin):
    list_display = ("number", "title_en", "title_zh", "is_published", "updated_at")
    list_display_links = ("number", "title_en")
    list_filter = ("is_published",)
    search_fields = ("title_en", "title_zh", "sections__title_en", "sections__title_zh")
    prepopulated_fields = {"slug": ("title_en",)}
    show_full_result_count = False
    inlines = (ManualSectionInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A section edited alone still changes the PDF's cache key (its own
        # updated_at); touching the chapter as well keeps "updated" honest in the list.
        if any(formset.has_changed() for formset in formsets):
            form.instance.save(update_fields=["updated_at"])


@admin.register(ManualSection)
class ManualSectionAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh", "chapter", "order", "updated_at")
    list_filter = ("chapter",)
    list_select_related = ("chapter",)
    search_fields = ("title_en", "title_zh", "body_en", "body_zh")
    show_full_result_count = False


# ------------------------------------------------------------------------------
# Community
# ------------------------------------------------------------------------------
class RSVPInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = RSVP
    fields = ("user", "status", "queued_at", "updated_at")
    readonly_fields = fields
    ordering = ("status", "queued_at")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = (
        "title_en", "kind", "starts_at", "venue_en", "capacity", "confirmed", "waitlisted",
        "is_published",
    )  # fmt: skip
    list_filter = ("kind", "language", "is_published")
    search_fields = ("title_en", "title_zh", "venue_en", "venue_zh")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "starts_at"
    show_full_result_count = False
    inlines = (RSVPInline,)
    actions = ("fill_from_waitlist",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats: the waitlist gets them at once, in order.
            promoted = actions.fill_seats_from_waitlist(event=obj, by=request.user)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person promoted from the waitlist.",
                        "%(count)d people promoted from the waitlist.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("waitlisted"), ordering="waitlist_count")
    def waitlisted(self, obj):
        return obj.waitlist_count

    @admin.action(permissions=["change"], description=_("Give free seats to the waitlist"))
    def fill_from_waitlist(self, request, queryset):
        promoted = 0
        for event in queryset:
            promoted += len(actions.fill_seats_from_waitlist(event=event, by=request.user))
        self.message_user(
            request,
            ngettext(
                "%(count)d person promoted from the waitlist.",
                "%(count)d people promoted from the waitlist.",
                promoted,
            )
            % {"count": promoted},
        )


class RSVPHistoryInline(ReadOnlyInline):
    model = RSVPHistory
    fields = ("created_at", "from_state", "to_state", "actor", "cause", "reason")
    readonly_fields = fields


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "status", "queued_at")
    list_filter = ("status", "event")
    search_fields = ("user__email", "user__display_name", "event__title_en")
    list_select_related = ("event", "user")
    readonly_fields = ("event", "user", "status", "queued_at")
    show_full_result_count = False
    inlines = (RSVPHistoryInline,)
    actions = ("cancel_selected",)

    def has_add_permission(self, request):
        return False

    @admin.action(
        permissions=["change"],
        description=_("Cancel the selected RSVPs (frees seats for the waitlist)"),
    )
    def cancel_selected(self, request, queryset):
        result = apply_to_each(
            queryset.select_related("event", "user"),
            lambda rsvp: actions.cancel_rsvp(
                event=rsvp.event,
                user=rsvp.user,
                by=request.user,
                cause=RSVPHistory.Cause.CANCELLED_BY_OFFICER,
            ),
        )
        _report(self, request, result)


class MembershipHistoryInline(ReadOnlyInline):
    model = MembershipApplicationHistory
    fields = ("created_at", "from_state", "to_state", "actor", "reason")
    readonly_fields = fields


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ("full_name", "company", "position", "applicant", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("full_name", "company", "applicant__email")
    list_select_related = ("applicant", "decided_by")
    readonly_fields = (
        "applicant", "full_name", "company", "position", "website", "motivation", "status",
        "decided_by", "decided_at", "decision_note", "created_at",
    )  # fmt: skip
    show_full_result_count = False
    inlines = (MembershipHistoryInline,)
    actions = ("approve", "decline")

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve: bool):
        result = apply_to_each(
            queryset,
            lambda application: actions.decide_membership(
                application=application, approve=approve, by=request.user
            ),
        )
        _report(self, request, result)

    @admin.action(permissions=["change"], description=_("Approve the selected applications"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(permissions=["change"], description=_("Decline the selected applications"))
    def decline(self, request, queryset):
        self._decide(request, queryset, approve=False)


# ------------------------------------------------------------------------------
# Service requests
# ------------------------------------------------------------------------------
# The requester reads "Waiting for you"; the officer is waiting for the requester.
OFFICER_STATUS_LABELS = {ServiceRequest.Status.WAITING: _("Waiting for the requester")}


def _local_time(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def officer_status_label(value: str) -> str:
    """A request's status as the officers say it."""
    if not value:
        return "—"
    return OFFICER_STATUS_LABELS.get(value) or ServiceRequest.Status(value).label


class OfficerStatusFilter(admin.SimpleListFilter):
    title = _("status")
    # The parameter of the plain field filter: links to the list keep working.
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [(value, officer_status_label(value)) for value in ServiceRequest.Status.values]

    def queryset(self, request, queryset):
        if self.value() in ServiceRequest.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.email} <{obj.email}>"


class HandleRequestForm(forms.Form):
    """What an officer does to a request: assign, change status, reply — in one go."""

    assign_to = OfficerChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("New status"), required=False)
    reply = forms.CharField(
        label=_("Reply to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    reason = forms.CharField(
        label=_("Why (kept in the history; sent with a status change)"),
        required=False,
        max_length=500,
    )
    attachments = AttachmentsField(
        label=_("Files for the requester"),
        help_text=_("Sent with your reply. PDF, JPEG or PNG, at most 5 MB each, up to five files."),
    )

    def __init__(self, *args, service_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"].queryset = (
            get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email")
        )
        self.fields["status"].choices = [("", "—")] + [
            (value, officer_status_label(value))
            for value in ServiceRequest.Status.values
            if service_request.can_move_to(value)
        ]


class MessageInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = ServiceRequestMessage
    fields = ("created_at", "author", "from_officer", "body")
    readonly_fields = fields


class AttachmentInline(admin.TabularInline):
    model = ServiceRequestAttachment
    extra = 0
    can_delete = False
    fields = ("download", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        # The permission-checked view: private files have no public URL.
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class HistoryInline(ReadOnlyInline):
    model = ServiceRequestHistory
    fields = (
        "created_at",
        "change",
        "from_status_display",
        "to_status_display",
        "officer",
        "actor",
        "reason",
    )
    readonly_fields = fields

    @admin.display(description=_("from"))
    def from_status_display(self, obj):
        return officer_status_label(obj.from_state)

    @admin.display(description=_("to"))
    def to_status_display(self, obj):
        return officer_status_label(obj.to_state)


class HandlePageMixin(IntermediateFormMixin):
    """An admin whose objects an officer handles on a page of their own (``handle_view``,
    at ``<id>/handle/``), reached from the button ``handle_link`` labelled ``handle_label``."""

    handle_label = ""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/handle/",
                self.admin_site.admin_view(self.handle_view),
                name=self._handle_url_name(),
            ),
            *super().get_urls(),
        ]

    def _handle_url_name(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_handle"

    @admin.display(description=_("handle"))
    def handle_link(self, obj):
        url = reverse(f"admin:{self._handle_url_name()}", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, self.handle_label)

    def object_to_handle(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj


@admin.register(ServiceRequest)
class ServiceRequestAdmin(HandlePageMixin, admin.ModelAdmin):
    list_display = (
        "reference", "subject", "category", "status_display", "requester", "enterprise",
        "assigned_officer", "updated_at",
    )  # fmt: skip
    list_filter = (
        OfficerStatusFilter,
        "category",
        ("assigned_officer", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("reference", "subject", "requester__email", "requester__display_name")
    list_select_related = ("requester", "assigned_officer", "enterprise")
    readonly_fields = (
        "reference", "requester", "enterprise", "category", "subject", "description",
        "status_display", "assigned_officer", "created_at", "updated_at", "handle_link",
    )  # fmt: skip
    fields = readonly_fields
    show_full_result_count = False
    date_hierarchy = "created_at"
    inlines = (MessageInline, AttachmentInline, HistoryInline)
    actions = ("assign_to_me", "mark_in_progress", "mark_resolved", "mark_closed")
    handle_label = _("Assign, reply or change status")

    def has_add_permission(self, request):
        # Requests are opened by professionals on the site.
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        return officer_status_label(obj.status)

    def handle_view(self, request, object_id):
        service_request = self.object_to_handle(request, object_id)
        form = HandleRequestForm(
            request.POST or None, request.FILES or None, service_request=service_request
        )
        return self.object_form(
            request,
            service_request,
            form,
            # One action, hence one message to the requester with the final state.
            apply=lambda data: actions.answer_request(
                request=service_request,
                by=request.user,
                officer=data["assign_to"],
                message=data["reply"],
                to_status=data["status"],
                attachments=data["attachments"],
                reason=data["reason"],
            ),
            done=_("The request is updated."),
            template="services/admin/handle_request.html",
            context=lambda: {
                "title": _("Handle %(reference)s") % {"reference": service_request.reference},
                "status_label": officer_status_label(service_request.status),
                "thread": format_html_join(
                    "",
                    "<p><strong>{}</strong> · {}<br>{}</p>",
                    (
                        # In Shanghai time, as everywhere in the admin (stored in UTC).
                        (m.author, _local_time(m.created_at), m.body)
                        for m in service_request.messages.select_related("author")
                    ),
                ),
            },
        )

    def _bulk_status(self, request, queryset, to_status):
        result = apply_to_each(
            queryset,
            lambda service_request: actions.change_request_status(
                request=service_request, to_status=to_status, by=request.user
            ),
        )
        _report(self, request, result, label=lambda service_request: service_request.reference)

    @admin.action(permissions=["change"], description=_("Assign the selected requests to me"))
    def assign_to_me(self, request, queryset):
        result = apply_to_each(
            queryset,
            lambda service_request: actions.assign_request(
                request=service_request, officer=request.user, by=request.user
            ),
        )
        _report(self, request, result, label=lambda service_request: service_request.reference)

    @admin.action(permissions=["change"], description=_("Mark the selected requests in progress"))
    def mark_in_progress(self, request, queryset):
        self._bulk_status(request, queryset, ServiceRequest.Status.IN_PROGRESS)

    @admin.action(permissions=["change"], description=_("Mark the selected requests resolved"))
    def mark_resolved(self, request, queryset):
        self._bulk_status(request, queryset, ServiceRequest.Status.RESOLVED)

    @admin.action(permissions=["change"], description=_("Close the selected requests"))
    def mark_closed(self, request, queryset):
        self._bulk_status(request, queryset, ServiceRequest.Status.CLOSED)


# ------------------------------------------------------------------------------
# Work-permit points tables
# ------------------------------------------------------------------------------
class PermitFactorInline(admin.TabularInline):
    model = PermitFactor
    extra = 0
    fields = ("order", "code", "kind", "name_en", "name_zh", "max_points", "can_improve")
    show_change_link = True


@admin.register(PermitPointsTable)
class PermitPointsTableAdmin(admin.ModelAdmin):
    list_display = ("version", "name_en", "published_on", "is_current", "a_points", "b_points")
    list_filter = ("is_current",)
    inlines = (PermitFactorInline,)
    actions = ("copy_as_new_version",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("version", "name_en", "name_zh", "published_on", "is_current")}),
        (
            _("Source"),
            {
                "fields": (
                    "source_en",
                    "source_zh",
                    "source_url",
                    "source_note_en",
                    "source_note_zh",
                )
            },
        ),
        (_("Categories"), {"fields": ("a_points", "b_points", "local_average_salary")}),
    )

    @admin.action(permissions=["add"], description=_("Copy as a new version (not current)"))
    def copy_as_new_version(self, request, queryset):
        done = 0
        for table in queryset:
            actions.copy_points_table(table=table, by=request.user)
            done += 1
        _report(self, request, done, [])


class PermitBandInline(admin.TabularInline):
    model = PermitBand
    extra = 1
    fields = ("order", "code", "label_en", "label_zh", "min_value", "below_value", "points")


@admin.register(PermitFactor)
class PermitFactorAdmin(admin.ModelAdmin):
    list_display = ("name_en", "table", "code", "kind", "max_points", "order")
    list_filter = ("table",)
    inlines = (PermitBandInline,)


# ------------------------------------------------------------------------------
# Talent apartments
# ------------------------------------------------------------------------------
class ApartmentUnitInline(admin.TabularInline):
    model = ApartmentUnit
    extra = 1
    fields = ("number", "bedrooms", "size_m2", "rent", "subsidy", "available_from", "status")
    readonly_fields = ("status",)


@admin.register(ApartmentBuilding)
class ApartmentBuildingAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "is_published", "order")
    inlines = (ApartmentUnitInline,)


@admin.register(ApartmentUnit)
class ApartmentUnitAdmin(admin.ModelAdmin):
    list_display = (
        "__str__", "bedrooms", "size_m2", "rent", "subsidy", "available_from", "status",
    )  # fmt: skip
    list_filter = ("status", "building")
    list_select_related = ("building",)
    readonly_fields = ("status",)


class ApartmentHistoryInline(ReadOnlyInline):
    model = ApartmentApplicationHistory
    fields = ("created_at", "cause", "from_state", "to_state", "unit", "actor", "reason")
    readonly_fields = fields


class FreeUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.label} · {obj.bedrooms} · {obj.size_m2} m² · "
            f"{obj.rent_after_subsidy} CNY · {obj.available_from:%Y-%m-%d}"
        )


class HandleApartmentForm(forms.Form):
    """One officer step on an apartment application."""

    STEPS = (
        ("confirm_employer", _("Confirm the employment")),
        ("waitlist", _("Place on the waiting list")),
        ("offer", _("Offer a unit")),
        ("lease", _("Record the lease")),
        ("reject", _("Not eligible")),
    )

    step = forms.ChoiceField(label=_("Step"), choices=STEPS, widget=forms.RadioSelect)
    unit = FreeUnitChoiceField(
        label=_("Unit to offer"), queryset=ApartmentUnit.objects.none(), required=False
    )
    days = forms.IntegerField(
        label=_("Days to answer"), min_value=1, max_value=60, initial=actions.OFFER_DAYS
    )
    lease_start = forms.DateField(
        label=_("Lease start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    lease_end = forms.DateField(
        label=_("Lease end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Why (shown to the applicant)"), required=False, max_length=500
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ApartmentUnit.objects.free().select_related("building")

    def clean(self):
        data = super().clean()
        if data.get("step") == "offer" and not data.get("unit"):
            self.add_error("unit", _("Choose the unit to offer."))
        return data


@admin.register(ApartmentApplication)
class ApartmentApplicationAdmin(HandlePageMixin, admin.ModelAdmin):
    list_display = (
        "pk", "applicant", "employer", "household_size", "move_in_date", "budget", "status",
        "employer_confirmed_at", "queued_at", "unit",
    )  # fmt: skip
    list_filter = ("status",)
    search_fields = ("applicant__email", "employer__name_en", "employer__name_zh")
    list_select_related = ("applicant", "employer", "unit__building")
    readonly_fields = (
        "applicant", "household_size", "move_in_date", "budget", "employer",
        "current_housing", "status", "eligibility", "waiting_position",
        "employer_confirmed_by", "employer_confirmed_at", "unit", "offer_expires_at",
        "queued_at", "lease_start", "lease_end", "created_at", "handle_link",
    )  # fmt: skip
    fields = readonly_fields
    inlines = (ApartmentHistoryInline,)
    ordering = ("status", "queued_at", "created_at")
    handle_label = _("Confirm, waitlist, offer a unit …")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("eligibility"))
    def eligibility(self, obj):
        problems = actions.apartment_eligibility(obj)
        return " ".join(problems) if problems else _("Eligible")

    @admin.display(description=_("place on the waiting list"))
    def waiting_position(self, obj):
        return obj.waiting_list_position() or "—"

    def _do(self, request, application, data):
        step = data["step"]
        if step == "confirm_employer":
            actions.confirm_employer(application=application, by=request.user)
        elif step == "waitlist":
            actions.place_on_waiting_list(application=application, by=request.user)
        elif step == "offer":
            actions.offer_unit(
                application=application, unit=data["unit"], by=request.user, days=data["days"]
            )
        elif step == "lease":
            actions.record_lease(
                application=application,
                lease_start=data["lease_start"],
                lease_end=data["lease_end"],
                by=request.user,
            )
        else:
            actions.reject_apartment_application(
                application=application, by=request.user, reason=data["reason"]
            )

    def handle_view(self, request, object_id):
        application = self.object_to_handle(request, object_id)
        return self.object_form(
            request,
            application,
            HandleApartmentForm(request.POST or None),
            apply=lambda data: self._do(request, application, data),
            done=_("The application is updated."),
            template="services/admin/handle_apartment.html",
            context=lambda: {
                "title": _("Handle apartment application #%(pk)s") % {"pk": application.pk},
                "eligibility": self.eligibility(application),
                "position": application.waiting_list_position(),
            },
        )
