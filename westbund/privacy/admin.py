"""Consents, the privacy log and the audit trail: read-only, written by the portal only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from westbund.core.admin_mixins import ReadOnlyAdminMixin, ScaledAdmin

from .models import AuditEvent, Consent, PrivacyEvent


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: consents are given and withdrawn by the person, never by an officer."""

    list_display = ("user", "kind", "version", "granted_at", "withdrawn_at")
    list_filter = ("kind", "version")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    show_full_result_count = False
    raw_id_fields = ("user",)


@admin.register(PrivacyEvent)
class PrivacyEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The privacy log, read-only: proof of what people asked and what the hub did."""

    list_display = ("created_at", "kind", "subject", "user")
    list_filter = ("kind",)
    search_fields = ("subject", "user__email")
    list_select_related = ("user",)
    show_full_result_count = False
    raw_id_fields = ("user",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScaledAdmin):
    """Who read which CV, who decided what, who exported what: read by administrators
    (the ``view_auditevent`` permission, which officers do not have), written only by
    the portal."""

    list_display = ("at", "actor", "action", "target_type", "target_id", "details")
    list_filter = ("action", "target_type")
    search_fields = ("=target_id", "=actor__email")
    search_help_text = _("Exact id of the CV or profile, or exact e-mail address of the actor.")
    list_select_related = ("actor",)
    ordering = ("-at", "-id")
    date_hierarchy = "at"
    fields = ("at", "actor", "action", "target_type", "target_id", "details")
    readonly_fields = fields
