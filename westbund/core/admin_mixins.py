"""Small admin building blocks shared by the apps."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """For records nobody edits by hand: consents, logs, application files. They are
    written only through the apps' actions; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A history shown under its object: never added to, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False
    template = "admin/edit_inline/tabular_history.html"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
