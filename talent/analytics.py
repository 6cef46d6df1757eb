"""Recruitment figures: rebuilt into small tables by a beat task, read by the officers'
analytics page and the public "Hub in numbers".

Definitions (the page says them too):
- an application *reached* a stage when it stands there or went past it; a rejected or
  withdrawn one reached the stage it left (the last move's ``from_state``);
- *time to hire*: days from the application to its move to "hired";
- *C9*: the profile's university is one of the nine C9 League universities;
- *international*: a nationality other than China's (Hong Kong, Macao and Taiwan,
  China count with China: they need no foreigner's work permit);
- *sponsorship*: the person needs a work permit or visa sponsorship;
- *time to verify*: days from a profile's (last) submission to its verification.
"""

import datetime
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from westbund.education import C9University

from .models import (
    Application,
    ApplicationMonth,
    ApplicationStageChange,
    DuplicatePair,
    ReviewMonth,
    TalentProfile,
)

# Nationalities counted as domestic (see the module docstring).
DOMESTIC = ("CN", "HK", "MO", "TW")
# The public page shows no group of fewer people than this.
MIN_GROUP = 5
# new (applied) → screening → interview → offer → hired: the enterprise's pipeline.
FUNNEL = (
    Application.Stage.NEW,
    Application.Stage.SCREENING,
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
)
REACHED_FIELDS = {
    Application.Stage.SCREENING: "reached_screening",
    Application.Stage.INTERVIEW: "reached_interview",
    Application.Stage.OFFER: "reached_offer",
    Application.Stage.HIRED: "reached_hired",
}


def _c9() -> Q:
    return Q(profile__university_code__in=C9University.values)


def _international(prefix: str = "profile__") -> Q:
    return ~Q(**{f"{prefix}nationality": ""}) & ~Q(**{f"{prefix}nationality__in": DOMESTIC})


def _sponsored() -> Q:
    return Q(profile__needs_work_permit=True) | Q(profile__needs_visa_sponsorship=True)


def _furthest_stage():
    """The furthest pipeline stage an application reached (see the module docstring)."""
    left_from = ApplicationStageChange.objects.filter(application=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return Case(
        When(stage__in=FUNNEL, then=F("stage")),
        default=Coalesce(
            Subquery(left_from.values("from_state")[:1]),
            Value(Application.Stage.NEW.value),
        ),
        output_field=CharField(),
    )


def _flag(condition: Q):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _month(field_name: str):
    return TruncMonth(field_name, output_field=DateField())


@transaction.atomic
def rebuild(*, now: datetime.datetime | None = None) -> int:
    """Recompute every ``ApplicationMonth`` and ``ReviewMonth`` from the applications and
    profiles (idempotent: the tables are replaced in one transaction, readers see the
    old figures until it commits). Returns the number of enterprise-month rows."""
    now = now or timezone.now()
    rows: dict[tuple, dict] = defaultdict(lambda: {"sources": {}, "hire_days": Counter()})

    cohort = (
        Application.objects.order_by()
        .annotate(month=_month("created_at"), furthest=_furthest_stage())
        .values("month", "enterprise_id", "furthest")
        .annotate(
            n=Count("pk"),
            c9=Count("pk", filter=_c9()),
            international=Count("pk", filter=_international()),
        )
    )
    order = {stage: index for index, stage in enumerate(FUNNEL)}
    for group in cohort:
        row = rows[(group["month"], group["enterprise_id"])]
        row["applied"] = row.get("applied", 0) + group["n"]
        row["applied_c9"] = row.get("applied_c9", 0) + group["c9"]
        row["applied_international"] = row.get("applied_international", 0) + group["international"]
        reached = order.get(group["furthest"], 0)
        for stage, name in REACHED_FIELDS.items():
            if reached >= order[stage]:
                row[name] = row.get(name, 0) + group["n"]

    by_source = (
        Application.objects.order_by()
        .annotate(month=_month("created_at"))
        .values("month", "enterprise_id", "source")
        .annotate(n=Count("pk"))
    )
    for group in by_source:
        rows[(group["month"], group["enterprise_id"])]["sources"][group["source"]] = group["n"]

    hires = (
        Application.objects.filter(stage=Application.Stage.HIRED)
        .order_by()
        .annotate(
            is_c9=_flag(_c9()),
            is_international=_flag(_international()),
            is_sponsored=_flag(_sponsored()),
        )
        .values_list(
            "enterprise_id",
            "created_at",
            "stage_changed_at",
            "is_c9",
            "is_international",
            "is_sponsored",
        )
    )
    for enterprise_id, applied_at, hired_at, c9, international, sponsored in hires.iterator():
        month = timezone.localtime(hired_at).date().replace(day=1)
        row = rows[(month, enterprise_id)]
        row["hired"] = row.get("hired", 0) + 1
        row["hired_c9"] = row.get("hired_c9", 0) + bool(c9)
        row["hired_international"] = row.get("hired_international", 0) + bool(international)
        row["hired_sponsored"] = row.get("hired_sponsored", 0) + bool(sponsored)
        row["hire_days"][max((hired_at - applied_at).days, 0)] += 1

    ApplicationMonth.objects.all().delete()
    ApplicationMonth.objects.bulk_create(
        [
            ApplicationMonth(
                month=month,
                enterprise_id=enterprise_id,
                computed_at=now,
                **{
                    **values,
                    "hire_days": {str(days): n for days, n in sorted(values["hire_days"].items())},
                },
            )
            for (month, enterprise_id), values in sorted(rows.items())
        ],
        batch_size=1000,
    )

    reviews: dict[datetime.date, Counter] = defaultdict(Counter)
    verified = TalentProfile.objects.filter(
        review_state=TalentProfile.ReviewState.VERIFIED,
        submitted_at__isnull=False,
        decided_at__isnull=False,
    ).values_list("submitted_at", "decided_at")
    for submitted_at, decided_at in verified.iterator():
        month = timezone.localtime(decided_at).date().replace(day=1)
        reviews[month][max((decided_at - submitted_at).days, 0)] += 1
    ReviewMonth.objects.all().delete()
    ReviewMonth.objects.bulk_create(
        [
            ReviewMonth(
                month=month,
                verified=sum(days.values()),
                verify_days={str(d): n for d, n in sorted(days.items())},
                computed_at=now,
            )
            for month, days in sorted(reviews.items())
        ]
    )
    # The figures read from these tables are cached under this version (see figures()):
    # bumped now, and again on commit, so that figures computed from the old tables
    # while this transaction ran are not kept.
    _new_figures_version()
    transaction.on_commit(_new_figures_version)
    return len(rows)


def computed_at() -> datetime.datetime | None:
    row = ApplicationMonth.objects.order_by().values("computed_at").first()
    return row["computed_at"] if row else None


def ensure_computed() -> None:
    """A fresh install (or one whose beat has not run yet) computes once on first read."""
    if not ApplicationMonth.objects.exists() and Application.objects.exists():
        rebuild()


# -- Reading ---------------------------------------------------------------------------------


def percentile(histogram: dict, q: float) -> float | None:
    """The ``q`` quantile (0..1) of the values counted in ``histogram`` ({value: count}),
    linearly interpolated between ranks (PostgreSQL's ``percentile_cont``)."""
    items = sorted((int(value), count) for value, count in histogram.items() if count)
    total = sum(count for _value, count in items)
    if not total:
        return None
    position = q * (total - 1)
    below, above = int(position), min(int(position) + 1, total - 1)

    def value_at(rank):
        seen = 0
        for value, count in items:
            seen += count
            if rank < seen:
                return value
        return items[-1][0]

    low, high = value_at(below), value_at(above)
    return low + (high - low) * (position - below)


def share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


@dataclass
class Figures:
    """What the analytics page shows for one choice of filters."""

    funnel: list[tuple[str, int]] = field(default_factory=list)
    months: list[dict] = field(default_factory=list)
    hires_by_enterprise: list[tuple[object, int]] = field(default_factory=list)
    hires_by_phase: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)
    hired: int = 0
    hire_median: float | None = None
    hire_p90: float | None = None
    applied: int = 0
    applied_c9: int = 0
    applied_international: int = 0
    hired_c9: int = 0
    hired_international: int = 0
    hired_sponsored: int = 0
    verified: int = 0
    verify_median: float | None = None
    verify_p90: float | None = None
    backlog: int = 0
    backlog_oldest: datetime.datetime | None = None
    computed_at: datetime.datetime | None = None

    def share(self, part: str, whole: str) -> float | None:
        return share(getattr(self, part), getattr(self, whole))


def _months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


FIGURES_VERSION_KEY = "talent:analytics:figures-version"
FIGURES_SECONDS = 2 * 3600


def _new_figures_version() -> None:
    cache.set(FIGURES_VERSION_KEY, time.time_ns(), None)


def figures_version() -> int:
    """Changes with every rebuild of the monthly tables."""
    return cache.get_or_set(FIGURES_VERSION_KEY, time.time_ns, None)


def figures(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    phase: int | None = None,
    enterprise=None,
) -> Figures:
    """The figures for the months ``start``..``end`` (first days of months, inclusive),
    for one phase or one enterprise. A fixed number of queries, whatever the data.

    What comes from the monthly tables is cached until their next rebuild (reading
    and adding up 1,700 enterprise-months was most of the page's time); the review
    backlog is read live."""
    key = (
        f"talent:analytics:figures:{figures_version()}:{start}:{end}:{phase}:"
        f"{getattr(enterprise, 'pk', enterprise)}"
    )
    result = cache.get(key)
    if result is None:
        result = _monthly_figures(start=start, end=end, phase=phase, enterprise=enterprise)
        cache.set(key, result, FIGURES_SECONDS)
    backlog = TalentProfile.objects.awaiting_review().order_by()
    waiting = backlog.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    result.backlog, result.backlog_oldest = waiting["n"], waiting["oldest"]
    return result


def _monthly_figures(*, start, end, phase, enterprise) -> Figures:
    from enterprises.models import Enterprise

    rows = ApplicationMonth.objects.select_related("enterprise")
    reviews = ReviewMonth.objects.all()
    if start:
        rows, reviews = rows.filter(month__gte=start), reviews.filter(month__gte=start)
    if end:
        rows, reviews = rows.filter(month__lte=end), reviews.filter(month__lte=end)
    if phase:
        rows = rows.filter(enterprise__phase=phase)
    if enterprise is not None:
        rows = rows.filter(enterprise=enterprise)
    result = Figures()
    reached = Counter()
    by_month: dict[datetime.date, Counter] = defaultdict(Counter)
    by_enterprise: Counter = Counter()
    enterprises = {}
    by_phase: Counter = Counter()
    sources: Counter = Counter()
    hire_days: Counter = Counter()
    for row in rows:
        reached[Application.Stage.NEW] += row.applied
        for stage, name in REACHED_FIELDS.items():
            reached[stage] += getattr(row, name)
        for name in (
            "applied",
            "applied_c9",
            "applied_international",
            "hired",
            "hired_c9",
            "hired_international",
            "hired_sponsored",
        ):
            setattr(result, name, getattr(result, name) + getattr(row, name))
        by_month[row.month]["applied"] += row.applied
        by_month[row.month]["hired"] += row.hired
        for name in REACHED_FIELDS.values():
            by_month[row.month][name] += getattr(row, name)
        if row.hired:
            by_enterprise[row.enterprise_id] += row.hired
            enterprises[row.enterprise_id] = row.enterprise
            by_phase[row.enterprise.phase] += row.hired
        sources.update(row.sources)
        hire_days.update({int(days): n for days, n in row.hire_days.items()})
    result.funnel = [(stage, reached[stage]) for stage in FUNNEL]
    if by_month:
        first = start or min(by_month)
        last = end or max(by_month)
        # Per month: applications made and hires made, and how far that month's
        # applications got (the funnel of each period).
        result.months = [
            {
                "month": month,
                "applied": by_month[month]["applied"],
                "hired": by_month[month]["hired"],
                "funnel": [by_month[month]["applied"]]
                + [by_month[month][name] for name in REACHED_FIELDS.values()],
            }
            for month in _months_between(first, last)
        ]
    result.hires_by_enterprise = [
        (enterprises[pk], n)
        for pk, n in sorted(by_enterprise.items(), key=lambda item: (-item[1], item[0]))
    ]
    phase_labels = dict(Enterprise.Phase.choices)
    result.hires_by_phase = [(phase_labels[code], by_phase[code]) for code in phase_labels]
    labels = dict(Application.Source.choices)
    result.sources = [(labels[code], sources[code]) for code in labels]
    result.hire_median = percentile(hire_days, 0.5)
    result.hire_p90 = percentile(hire_days, 0.9)
    verify_days: Counter = Counter()
    for review in reviews:
        result.verified += review.verified
        verify_days.update({int(days): n for days, n in review.verify_days.items()})
    result.verify_median = percentile(verify_days, 0.5)
    result.verify_p90 = percentile(verify_days, 0.9)
    result.computed_at = computed_at()
    return result


# -- Public figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFigure:
    """A count about people, or None when it is smaller than ``MIN_GROUP``."""

    value: int | float | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def people(count: int) -> PublicFigure:
    return PublicFigure(count if count >= MIN_GROUP else None)


def public_share(part: int, whole: int) -> PublicFigure:
    """A share shown only when both the group and the rest have at least ``MIN_GROUP``
    people (a share of 98 % of 50 would single out one person)."""
    if part < MIN_GROUP or whole - part < MIN_GROUP:
        return PublicFigure(None)
    return PublicFigure(share(part, whole))


def verified_profiles():
    """Verified profiles, each person once: a profile an officer marked as the duplicate
    of another is not counted."""
    merged = DuplicatePair.objects.filter(status=DuplicatePair.Status.MERGED)
    return TalentProfile.objects.filter(review_state=TalentProfile.ReviewState.VERIFIED).exclude(
        pk__in=merged.values("duplicate_id")
    )


def hub_numbers() -> dict:
    """The public page's figures: a fixed handful of queries."""
    from enterprises.models import Enterprise, Role

    phase_labels = dict(Enterprise.Phase.choices)
    phases = Counter(
        dict(
            Enterprise.objects.active()
            .order_by()
            .values_list("phase")
            .annotate(n=Count("pk"))
            .values_list("phase", "n")
        )
    )
    verified = verified_profiles().order_by()
    counts = verified.aggregate(
        n=Count("pk"),
        c9=Count("pk", filter=Q(university_code__in=C9University.values)),
        international=Count("pk", filter=_international(prefix="")),
    )
    placed = ApplicationMonth.objects.order_by().values("enterprise__phase")
    placements = Counter()
    placed_c9 = placed_international = 0
    for row in placed.annotate(
        hired=Sum("hired"), c9=Sum("hired_c9"), international=Sum("hired_international")
    ):
        placements[row["enterprise__phase"]] += row["hired"] or 0
        placed_c9 += row["c9"] or 0
        placed_international += row["international"] or 0
    total_placed = sum(placements.values())
    return {
        "enterprises_by_phase": [(phase_labels[code], phases[code]) for code in phase_labels],
        "enterprises": sum(phases.values()),
        "open_roles": Role.objects.published().order_by().count(),
        "verified": people(counts["n"]),
        "verified_c9": public_share(counts["c9"], counts["n"]),
        "verified_international": public_share(counts["international"], counts["n"]),
        "placements": people(total_placed),
        "placements_by_phase": [
            (phase_labels[code], people(placements[code])) for code in phase_labels
        ],
        "placements_c9": public_share(placed_c9, total_placed),
        "placements_international": public_share(placed_international, total_placed),
    }
