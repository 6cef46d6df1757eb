"""Small admin building blocks shared by the apps."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property

from .bulk import apply_to_each
from .forms import submit
from .kept import kept_page


class ReadOnlyAdminMixin:
    """For records nobody edits by hand: consents, logs, application files. They are
    written only through the apps' actions; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin:
    """Rows shown under their object that only the apps' actions write: never added
    to, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyInlineMixin, admin.TabularInline):
    """A history shown under its object, as a compact table."""

    template = "admin/edit_inline/tabular_history.html"


# -- Actions over the selected rows --------------------------------------------------------


def apply_to_selected(request, rows: Iterable, function, *, done_message, **options) -> int:
    """Call ``function(row)`` on each selected row (``westbund.core.bulk.apply_to_each``,
    ``options`` passed on): each refusal reported with its row, then the successes in one
    message, ``done_message`` (an ``ngettext_lazy(singular, plural, "count")``). A refused
    row is left exactly as it was. Returns how many went through."""
    result = apply_to_each(rows, function, **options)
    for line in result.error_lines():
        messages.error(request, line)
    if result.done:
        messages.success(request, done_message % {"count": len(result.done)})
    return len(result.done)


# -- Pages with a form before the admin acts --------------------------------------------------


class IntermediateFormMixin:
    """For a ModelAdmin whose actions or buttons ask for a form before they act (a
    reason, an officer, a decision). Their templates extend
    ``admin/intermediate_form.html``, which lists the selected rows or names the object."""

    def form_page(self, request, template: str, **context) -> TemplateResponse:
        """One of this admin's own pages, with what every admin page needs."""
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    def selected_rows_form(
        self,
        request,
        rows: Iterable,
        *,
        form_class,
        apply: Callable[[dict], object],
        template: str,
        title: str,
        action: str,
        form_kwargs: dict | None = None,
        sent_with: str = "apply",
        **context,
    ):
        """The body of an admin action over the selected ``rows`` that needs a form:
        the form page until it comes back valid, then ``apply(cleaned_data)`` and
        back to the changelist. ``sent_with`` names the field that only the form page's
        own post carries (the first post, from the changelist, shows the form)."""
        sent = sent_with in request.POST
        form = form_class(request.POST if sent else None, **(form_kwargs or {}))
        if sent and form.is_valid():
            apply(form.cleaned_data)
            return None
        return self.form_page(
            request,
            template,
            title=title,
            rows=rows,
            form=form,
            action_name=action,
            action_checkbox_name=ACTION_CHECKBOX_NAME,
            **context,
        )

    def object_form(
        self,
        request,
        original,
        form,
        *,
        apply: Callable[[dict], object],
        done: str,
        template: str,
        context: Callable[[], dict],
    ):
        """An object's own form page (its "handle" button): once the form comes back
        valid, ``apply(cleaned_data)`` and back to the object's page with ``done``; an
        action's refusal (``ValidationError``) is shown on the form, nothing changed."""
        if request.method == "POST" and submit(form, apply):
            self.message_user(request, done, messages.SUCCESS)
            url = reverse(admin_urlname(self.model._meta, "change"), args=[original.pk])
            return HttpResponseRedirect(url)
        return self.form_page(request, template, original=original, form=form, **context())


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

    def kept_versions(self, request):
        """The state the changelist shows, as versions, to keep it whole per officer
        (westbund/core/kept.py); None (the default): rendered every time."""
        return None

    def changelist_view(self, request, extra_context=None):
        def versions(request, *_args, **_kwargs):
            # A kept page skips the view, and with it the view's permission check.
            if not self.has_view_or_change_permission(request):
                return None
            return self.kept_versions(request)

        view = kept_page(versions=versions, name=f"admin-changelist:{self.opts.label}")(
            super().changelist_view
        )
        return view(request, extra_context)

    # Rendering the rows is most of a changelist's time (each cell goes through the
    # admin's display machinery): 25 rows halve it, and officers narrow with filters.
    list_per_page = 25
