"""CSV export of an admin changelist, exactly as filtered and searched on screen."""

import csv
import datetime
from collections.abc import Callable, Iterator

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

# Spreadsheet programs run cells that start like a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One cell of a CSV export as the reader reads the page: dates and times in the
    format of their language (Asia/Shanghai), never a formula."""
    if isinstance(value, datetime.datetime):
        text = formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    elif isinstance(value, datetime.date):
        text = formats.date_format(value, "DATE_FORMAT")
    else:
        text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


class CSVExportMixin:
    """Adds ``export.csv`` to a ModelAdmin: the rows of the current changelist (filters,
    search, date hierarchy), streamed, for users who may view the model.

    ``csv_columns`` is a sequence of ``(header, getter)``; a getter is an attribute
    path ("profile.user.email") or a callable taking the object.
    """

    csv_columns: tuple[tuple[str, str | Callable], ...] = ()
    change_list_template = "admin/change_list_with_export.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv),
                name=f"{opts.app_label}_{opts.model_name}_export_csv",
            ),
            *super().get_urls(),
        ]

    def csv_queryset(self, request):
        changelist = self.get_changelist_instance(request)
        return changelist.get_queryset(request)

    def export_csv(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.csv_queryset(request)
        response = StreamingHttpResponse(
            self._rows(queryset, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{self.model._meta.model_name}-{stamp}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        self.csv_exported(request, queryset)
        return response

    def csv_exported(self, request, queryset) -> None:
        """Hook: record the export (audit)."""

    def _rows(self, queryset, language) -> Iterator[str]:
        # The rows are written after the view has returned, while the response streams:
        # in the language of the request, whatever the thread's is by then.
        with translation.override(language):
            writer = csv.writer(_Echo())
            getters = [getter for _header, getter in self.csv_columns]
            # A BOM so that spreadsheet programs read the Chinese text as UTF-8.
            headers = [str(header) for header, _getter in self.csv_columns]
            yield "\ufeff" + writer.writerow(headers)
            for obj in queryset.iterator(chunk_size=2000):
                yield writer.writerow([csv_cell(self._value(obj, getter)) for getter in getters])

    @staticmethod
    def _value(obj, getter):
        if callable(getter):
            return getter(obj)
        value = obj
        for part in getter.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
        return value() if callable(value) else value


EXPORT_LABEL = _("Export CSV")
