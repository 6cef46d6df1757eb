"""Talent officers: enterprises and their first admin, and the role review queue."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from westbund.core.admin_mixins import IntermediateFormMixin, ReadOnlyInline, apply_to_selected
from westbund.core.bilingual import list_separator
from westbund.taxonomy import specialty_labels

from . import actions
from .forms import ReasonForm
from .models import Enterprise, Invitation, Membership, PendingRole, Role, RoleTransition


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = (
        "name_en", "name_zh", "phase", "unit", "account_officer", "is_verified", "is_active",
    )  # fmt: skip
    # Named: the admin's automatic select_related follows only non-null foreign keys,
    # and the account officer is optional (one query per row without it).
    list_select_related = ("account_officer",)
    list_filter = (
        "phase",
        "is_verified",
        "is_active",
        "headcount",
        ("account_officer", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name_en", "name_zh", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (MembershipInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "logo", "website")}),
        (_("Description"), {"fields": ("description_en", "description_zh", "focus_areas")}),
        (
            _("At the Innovation Center"),
            {"fields": ("phase", "unit", "moved_in_on", "headcount")},
        ),
        (_("At the hub"), {"fields": ("account_officer",)}),
        (_("Status"), {"fields": ("is_verified", "is_active")}),
    )

    def save_model(self, request, obj, form, change):
        if not change:
            # A new enterprise has no roles to index yet.
            return super().save_model(request, obj, form, change)
        # Through the action (actor check, validation, re-indexing on renames): the
        # form has put its values on ``obj``, the action saves them.
        changes = {name: getattr(obj, name) for name in form.changed_data}
        actions.update_enterprise(enterprise=obj, by=request.user, changes=changes)
        return None


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "enterprise", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "enterprise__name_en", "enterprise__name_zh")
    list_select_related = ("enterprise",)
    readonly_fields = (
        "enterprise",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    exclude = ("token",)

    def has_add_permission(self, request):
        return False


class RoleTransitionInline(ReadOnlyInline):
    model = RoleTransition
    fields = ("created_at", "from_state", "to_state", "actor", "cause", "reason")
    readonly_fields = fields


ROLES_PUBLISHED = ngettext_lazy("%(count)d role published.", "%(count)d roles published.", "count")
ROLES_REJECTED = ngettext_lazy("%(count)d role rejected.", "%(count)d roles rejected.", "count")


class ReviewActionsMixin(IntermediateFormMixin):
    """Approve / reject, one role or a selection, through ``enterprises.actions``."""

    actions = ["approve_selected", "reject_selected"]

    @admin.action(description=_("Approve and publish the selected roles"), permissions=["change"])
    def approve_selected(self, request, queryset):
        apply_to_selected(
            request,
            queryset.select_related("enterprise"),
            lambda role: actions.approve_role(role=role, by=request.user),
            done_message=ROLES_PUBLISHED,
            # Only a refusal of the role is reported on the list; a missing right stays a 403.
            refusals=(ValidationError,),
        )

    @admin.action(
        description=_("Reject the selected roles, with a reason…"), permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        roles = list(queryset.select_related("enterprise"))

        return self.selected_rows_form(
            request,
            roles,
            form_class=ReasonForm,
            apply=lambda data: apply_to_selected(
                request,
                roles,
                lambda role: actions.reject_role(role=role, by=request.user, reason=data["reason"]),
                done_message=ROLES_REJECTED,
                refusals=(ValidationError,),
            ),
            template="enterprises/admin/reject_roles.html",
            title=_("Reject roles"),
            action="reject_selected",
            sent_with="reason",
        )


@admin.register(Role)
class RoleAdmin(ReviewActionsMixin, admin.ModelAdmin):
    list_display = ("title_en", "enterprise", "state", "published_at", "deadline")
    list_filter = ("state", "employment_type", "seniority", "sponsors_visa")
    search_fields = ("title_en", "title_zh", "enterprise__name_en", "enterprise__name_zh")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    readonly_fields = (
        "slug",
        "state",
        "rejection_reason",
        "submitted_at",
        "published_at",
        "closed_at",
        "created_by",
        "created_at",
    )
    inlines = (RoleTransitionInline,)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Through the actions: a new role starts with its first transition row, an
        # edited one follows the rules of ``update_role`` (back to review when its
        # words change after publication), both checked against the officer.
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            actions.update_role(role=obj, by=request.user, changes=changes)
            return
        fields = {name: value for name, value in form.cleaned_data.items() if name != "enterprise"}
        role = actions.create_role(enterprise=obj.enterprise, by=request.user, **fields)
        obj.pk = role.pk
        obj.refresh_from_db()
        obj._state.adding = False


@admin.register(PendingRole)
class PendingRoleAdmin(ReviewActionsMixin, admin.ModelAdmin):
    """The review queue: roles waiting for a talent officer, oldest first."""

    list_display = ("title_en", "title_zh", "enterprise", "submitted_at", "deadline", "review")
    list_select_related = ("enterprise",)
    search_fields = ("title_en", "title_zh", "enterprise__name_en", "enterprise__name_zh")
    ordering = ("submitted_at",)
    # The specialties as their labels, not the stored JSON list of codes.
    readonly_fields = [
        "specialties_display" if field.name == "specialties" else field.name
        for field in Role._meta.fields
        if field.name != "search_vector"
    ]
    exclude = ("search_vector", "specialties")
    inlines = (RoleTransitionInline,)
    change_form_template = "enterprises/admin/pendingrole_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=Role.State.PENDING_REVIEW)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("enterprises.change_role")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("enterprises.view_role") or self.has_change_permission(
            request, obj
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=_("specialties"))
    def specialties_display(self, obj):
        return list_separator().join(map(str, specialty_labels(obj.specialties))) or "—"

    @admin.display(description=_("Review"))
    def review(self, obj):
        url = reverse("admin:enterprises_pendingrole_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="enterprises_pendingrole_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """Approve or reject one role from its review page."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        role = get_object_or_404(self.get_queryset(request).select_related("enterprise"), pk=pk)
        queue = reverse("admin:enterprises_pendingrole_changelist")
        try:
            with transaction.atomic():
                if "approve" in request.POST:
                    actions.approve_role(role=role, by=request.user)
                    self.message_user(request, _("The role is published."), messages.SUCCESS)
                else:
                    actions.reject_role(
                        role=role, by=request.user, reason=request.POST.get("reason", "")
                    )
                    self.message_user(request, _("The role is rejected."), messages.SUCCESS)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:enterprises_pendingrole_change", args=[pk]))
        return redirect(queue)
