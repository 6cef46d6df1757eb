"""The officers' recruitment analytics (``/admin/analytics/``) and the public "Hub in
numbers" (``/hub-in-numbers/``). Both read the tables ``talent.analytics`` rebuilds."""

import csv
import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from westbund.accounts.permissions import Area, is_officer
from westbund.core.admin_export import csv_cell
from westbund.core.cache import content_version, public_page
from westbund.core.kept import kept_page
from westbund.privacy.models import AuditEvent

from . import analytics, charts
from .counts import officer_page_versions, pool_version
from .models import (
    Application,
)


def _month_back(month: datetime.date, months: int) -> datetime.date:
    year, index = divmod(month.year * 12 + month.month - 1 - months, 12)
    return datetime.date(year, index + 1, 1)


class AnalyticsFilterForm(forms.Form):
    """Period, phase and enterprise; every choice is optional and a bad value is
    ignored (the page falls back to the default), never a 500."""

    PERIODS = (
        ("12m", gettext_lazy("Last 12 months")),
        ("3m", gettext_lazy("Last 3 months")),
        ("this_year", gettext_lazy("This year")),
        ("last_year", gettext_lazy("Last year")),
        ("all", gettext_lazy("All time")),
    )

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    phase = forms.TypedChoiceField(
        label=gettext_lazy("Phase"), coerce=int, required=False, empty_value=None
    )
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("Enterprise"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All enterprises"),
    )

    def __init__(self, *args, **kwargs):
        from enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *Enterprise.Phase.choices]
        self.fields["enterprise"].queryset = Enterprise.objects.order_by("name_en")

    def selection(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        this_month = timezone.localdate().replace(day=1)
        period = data.get("period") or "12m"
        start, end = {
            "12m": (_month_back(this_month, 11), this_month),
            "3m": (_month_back(this_month, 2), this_month),
            "this_year": (this_month.replace(month=1), this_month),
            "last_year": (
                datetime.date(this_month.year - 1, 1, 1),
                datetime.date(this_month.year - 1, 12, 1),
            ),
            "all": (None, None),
        }[period]
        return {
            "start": start,
            "end": end,
            "phase": data.get("phase"),
            "enterprise": data.get("enterprise"),
        }


def _require_analytics(request) -> None:
    # admin_view: a staff session (the two-factor middleware guards all of /admin/);
    # then the area, as every officer page asks it.
    if not is_officer(request.user, Area.ANALYTICS):
        raise PermissionDenied


def _month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _days(value) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _tables(figures: analytics.Figures) -> list[dict]:
    """Every chart of the page and its numbers: (title, chart, headers, rows)."""
    stage_labels = dict(Application.Stage.choices)
    # The funnel's first step: everyone who applied (not the date they did).
    stage_labels[Application.Stage.NEW] = pgettext("funnel stage", "Applied")
    funnel = [(stage_labels[stage], n) for stage, n in figures.funnel]
    months = [_month_label(row["month"]) for row in figures.months]
    enterprises = [(str(enterprise.name), n) for enterprise, n in figures.hires_by_enterprise]
    shares = [
        (_("Applicants from C9 universities"), figures.share("applied_c9", "applied")),
        (_("Hires from C9 universities"), figures.share("hired_c9", "hired")),
        (_("International applicants"), figures.share("applied_international", "applied")),
        (_("International hires"), figures.share("hired_international", "hired")),
        (
            _("Hires needing work-permit sponsorship"),
            figures.share("hired_sponsored", "hired"),
        ),
    ]
    tables = [
        {
            "id": "funnel",
            "title": _("Funnel: applications that reached each stage"),
            "chart": charts.bar(_("Funnel"), funnel, horizontal=True),
            "headers": [_("Stage"), _("Applications")],
            "rows": funnel,
        },
        {
            "id": "trend",
            "title": _("Monthly trends: applications made and hires made"),
            "chart": charts.lines(
                _("Monthly trends"),
                months,
                [
                    (_("Applications"), [row["applied"] for row in figures.months]),
                    (_("Hires"), [row["hired"] for row in figures.months]),
                ],
            ),
            "headers": [_("Month"), _("Applications"), _("Hires")],
            "rows": [
                (_month_label(row["month"]), row["applied"], row["hired"]) for row in figures.months
            ],
        },
        {
            "id": "funnel-by-month",
            "title": _("Funnel by month: how far each month's applications got"),
            "chart": charts.lines(
                _("Funnel by month"),
                months,
                [
                    (label, [row["funnel"][index] for row in figures.months])
                    for index, (label, _n) in enumerate(funnel)
                ],
            ),
            "headers": [_("Month"), *(label for label, _n in funnel)],
            "rows": [(_month_label(row["month"]), *row["funnel"]) for row in figures.months],
        },
        {
            "id": "enterprises",
            "title": _("Hires by enterprise"),
            "chart": charts.bar(_("Hires by enterprise"), enterprises[:15], horizontal=True),
            "headers": [_("Enterprise"), _("Hires")],
            "rows": enterprises,
        },
        {
            "id": "phases",
            "title": _("Hires by Innovation Center phase"),
            "chart": charts.bar(_("Hires by phase"), figures.hires_by_phase),
            "headers": [_("Phase"), _("Hires")],
            "rows": figures.hires_by_phase,
        },
        {
            "id": "shares",
            "title": _("C9 universities, international professionals and sponsorship (%)"),
            "chart": charts.bar(_("Shares (%)"), shares, horizontal=True),
            "headers": [_("Share"), _("Per cent")],
            "rows": [(label, "—" if value is None else value) for label, value in shares],
        },
        {
            "id": "sources",
            "title": _("Where applications came from"),
            "chart": charts.pie(_("Sources"), figures.sources),
            "headers": [_("Source"), _("Applications")],
            "rows": figures.sources,
        },
    ]
    return tables


def _figures_as_filtered(request):
    """The request's filter form, what it selects and the figures selected (for an
    officer of the analytics area only)."""
    _require_analytics(request)
    form = AnalyticsFilterForm(request.GET or None)
    selection = form.selection()
    analytics.ensure_computed()
    return form, selection, analytics.figures(**selection)


def _page_versions(request):
    """What the kept analytics page shows (westbund/core/kept.py): the monthly tables'
    rebuild, the profiles (the review backlog), the enterprises (the filter), the
    officer's navbar pieces and permissions (the admin's menu follows them)."""
    _require_analytics(request)
    return (
        analytics.figures_version(),
        pool_version(),
        content_version(),
        *officer_page_versions(request),
    )


@kept_page(versions=_page_versions)
def analytics_page(request):
    form, _selection, figures = _figures_as_filtered(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Recruitment analytics"),
        "form": form,
        "figures": figures,
        "tables": _tables(figures),
        "hire_median": _days(figures.hire_median),
        "hire_p90": _days(figures.hire_p90),
        "verify_median": _days(figures.verify_median),
        "verify_p90": _days(figures.verify_p90),
        "export_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "admin/analytics.html", context)


def analytics_export(request):
    """The page's tables as one CSV, exactly as filtered; audited like every export."""
    _form, selection, figures = _figures_as_filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="analytics-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(_("Recruitment analytics")), csv_cell(_period_text(selection))])
    writer.writerow([csv_cell(_("Median days to hire")), _days(figures.hire_median)])
    writer.writerow([csv_cell(_("90th percentile of days to hire")), _days(figures.hire_p90)])
    writer.writerow([csv_cell(_("Profiles waiting for review")), figures.backlog])
    writer.writerow([csv_cell(_("Median days to verify")), _days(figures.verify_median)])
    for table in _tables(figures):
        writer.writerow([])
        writer.writerow([csv_cell(table["title"])])
        writer.writerow([csv_cell(header) for header in table["headers"]])
        for row in table["rows"]:
            writer.writerow([csv_cell(cell) for cell in row])
    AuditEvent.record(
        actor=request.user,
        action=AuditEvent.Action.CSV_EXPORTED,
        target_type="talent.applicationmonth",
        details={"query": request.GET.urlencode()},
    )
    return response


def _period_text(selection) -> str:
    start, end = selection["start"], selection["end"]
    if start is None:
        return _("All time")
    return f"{_month_label(start)} – {_month_label(end)}"


@public_page
def hub_in_numbers(request):
    """Aggregates only: a count of people below ``analytics.MIN_GROUP`` is not shown.
    Cached like the other public pages (the content version, and a 5-minute expiry for
    the figures the hourly rebuild changes)."""
    analytics.ensure_computed()
    numbers = analytics.hub_numbers()
    placements = [(label, figure.value) for label, figure in numbers["placements_by_phase"]]
    shares = [
        (_("Verified professionals from C9 universities"), numbers["verified_c9"]),
        (_("International verified professionals"), numbers["verified_international"]),
        (_("Placements from C9 universities"), numbers["placements_c9"]),
        (_("International placements"), numbers["placements_international"]),
    ]
    context = {
        "numbers": numbers,
        "min_group": analytics.MIN_GROUP,
        "shares": shares,
        "placements": placements,
        "enterprise_chart": charts.bar(_("Enterprises by phase"), numbers["enterprises_by_phase"]),
        "placement_chart": charts.bar(_("Placements by phase"), placements),
        "share_chart": charts.bar(
            _("Shares (%)"), [(label, figure.value) for label, figure in shares], horizontal=True
        ),
    }
    return render(request, "talent/hub_in_numbers.html", context)
