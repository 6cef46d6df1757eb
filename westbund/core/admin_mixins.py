"""Small admin building blocks shared by the apps."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property


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


# -- Pagination ------------------------------------------------------------------------------


class CappedCountPaginator(Paginator):
    """A paginator that never counts a whole big table.

    - Unfiltered, on PostgreSQL: the planner's row estimate (``pg_class.reltuples``,
      kept current by autovacuum), shown as "about N".
    - Otherwise: the rows are counted up to ``CAP`` only (``COUNT(*)`` over a
      ``LIMIT CAP + 1`` subquery), shown as "more than N" beyond it. Officers narrow a
      longer list with the filters; the first ``CAP / per_page`` pages stay reachable.
    """

    CAP = 10_000
    # Below this many rows an exact count is cheap and reads better.
    ESTIMATE_FROM = 50_000

    count_is_estimate = False
    count_is_capped = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where and connection.vendor == "postgresql":
            estimate = self._estimate(queryset.model._meta.db_table)
            if estimate >= self.ESTIMATE_FROM:
                self.count_is_estimate = True
                return estimate
        counted = queryset.order_by()[: self.CAP + 1].count()
        if counted > self.CAP:
            self.count_is_capped = True
            return self.CAP
        return counted

    @staticmethod
    def _estimate(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] and row[0] > 0 else 0


class ScaledAdmin(admin.ModelAdmin):
    """What every changelist over a big table needs (its app's ``admin/<app>/pagination.html``
    says "about N" / "more than N", see ``templates/admin/talent/pagination.html``)."""

    paginator = CappedCountPaginator
    show_full_result_count = False
    # Rendering the rows is most of a changelist's time (each cell goes through the
    # admin's display machinery): 25 rows halve it, and officers narrow with filters.
    list_per_page = 25
