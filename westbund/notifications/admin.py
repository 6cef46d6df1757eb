from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import actions
from .models import EmailOptOut, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "recipient", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("recipient__email",)
    list_select_related = ("recipient",)
    show_full_result_count = False
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient", "actor")
    readonly_fields = (
        "recipient",
        "actor",
        "kind",
        "context",
        "link",
        "created_at",
        "state",
        "attempts",
        "last_error",
        "last_enqueued_at",
        "sent_at",
        "read_at",
    )
    actions = ["retry_delivery"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry delivery"), permissions=["change"])
    def retry_delivery(self, request, queryset):
        count = actions.retry_delivery(notifications=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued for delivery again.",
                "%(count)d notifications queued for delivery again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "via_unsubscribe_link", "created_at")
    list_filter = ("kind", "via_unsubscribe_link")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
