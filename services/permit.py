"""The work-permit self-check: a points table (data, ``PermitPointsTable``) applied to
a person's answers.

``assess`` is pure (no database beyond the table it is given, already prefetched, and
no request): answers in, points per factor with the reason, the total, the likely
category with the routes that apply, and what would change the result. The authority
(the foreign-experts office) decides; this is a guide.

Answers are a dict ``{factor code: value}``: a ``Decimal`` for number factors, a band
code for choice factors, a list of band codes for flag factors; and the route
questions ``direct`` (bool: a national talent programme or internationally recognised
achievement) and ``degree_in_china`` (bool: a master's or above from a university in
China).
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from westbund.core.bilingual import list_separator
from westbund.education import degree_rank

from .models import PermitBand, PermitFactor, PermitPointsTable

# The self-check reads the current table with its factors and bands (three queries) on
# every page: kept in the cache under a version that any save or deletion of a table,
# factor or band replaces (officers edit them in the admin).
RULES_VERSION_KEY = "services:permit-rules-version"
RULES_SECONDS = 3600
_NO_TABLE = "none"


def rules_version() -> int:
    return cache.get_or_set(RULES_VERSION_KEY, time.time_ns, None)


def rules_changed(**_kwargs) -> None:
    cache.set(RULES_VERSION_KEY, time.time_ns(), None)


def connect_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (PermitPointsTable, PermitFactor, PermitBand):
        post_save.connect(rules_changed, sender=model, weak=False)
        post_delete.connect(rules_changed, sender=model, weak=False)


def current_table() -> PermitPointsTable | None:
    """The table the self-check applies, with its factors and bands."""
    key = f"services:permit-table:{rules_version()}"
    table = cache.get(key)
    if table is None:
        table = PermitPointsTable.objects.current() or _NO_TABLE
        cache.set(key, table, RULES_SECONDS)
    return None if table == _NO_TABLE else table


CATEGORY_A, CATEGORY_B, CATEGORY_C = "A", "B", "C"
CATEGORY_NAMES = {
    CATEGORY_A: gettext_lazy("Category A: foreign high-end talent (外国高端人才)"),
    CATEGORY_B: gettext_lazy("Category B: foreign professional (外国专业人才)"),
    CATEGORY_C: gettext_lazy("Category C: other foreign staff (其他外国人员), by quota"),
}
CATEGORY_RANK = {CATEGORY_C: 0, CATEGORY_B: 1, CATEGORY_A: 2}
# The factor codes the routes and the prefill know (the seeded tables use them).
SALARY, EDUCATION, WORK_YEARS, AGE = "salary", "education", "work_years", "age"
B_SALARY_MULTIPLE = 4

# What each category is usually asked for, from the work-permit service guide
# (外国人来华工作许可服务指南(暂行), 外专发〔2017〕36号); the officer confirms the list.
DOCUMENTS = {
    CATEGORY_A: (
        gettext_lazy("Passport (information page)"),
        gettext_lazy("Proof of the category-A qualification (talent programme, award, salary …)"),
        gettext_lazy("Employment contract or letter of appointment"),
        gettext_lazy(
            "Highest degree certificate (category A may give a written commitment instead)"
        ),
        gettext_lazy("Criminal-record check (category A may give a written commitment instead)"),
        gettext_lazy("Medical examination report"),
        gettext_lazy("A recent photo"),
    ),
    CATEGORY_B: (
        gettext_lazy("Passport (information page)"),
        gettext_lazy("Degree certificate, authenticated"),
        gettext_lazy("Proof of at least two years of relevant work experience"),
        gettext_lazy("Criminal-record check from your country of residence, authenticated"),
        gettext_lazy("Employment contract or letter of appointment"),
        gettext_lazy("Medical examination report"),
        gettext_lazy("A recent photo"),
    ),
    CATEGORY_C: (
        gettext_lazy("Passport (information page)"),
        gettext_lazy("Proof of the qualification the post needs"),
        gettext_lazy("Criminal-record check from your country of residence, authenticated"),
        gettext_lazy("Employment contract or letter of appointment"),
        gettext_lazy("Medical examination report"),
        gettext_lazy("A recent photo"),
        gettext_lazy("The employer's quota confirmation"),
    ),
}


@dataclass(frozen=True)
class FactorScore:
    factor: PermitFactor
    answer: str
    points: int
    why: str


@dataclass(frozen=True)
class Route:
    category: str
    text: str
    met: bool


@dataclass
class Assessment:
    table: PermitPointsTable
    scores: list[FactorScore]
    total: int
    category: str
    routes: list[Route]
    improvements: list[str] = field(default_factory=list)

    @property
    def category_name(self) -> str:
        return str(CATEGORY_NAMES[self.category])

    @property
    def deciding_route(self) -> Route | None:
        """The route that gives the category (None for C, the category of the rest): a
        category B by degree and experience must not read as contradicting its points."""
        return next(
            (route for route in self.routes if route.met and route.category == self.category),
            None,
        )

    @property
    def documents(self) -> tuple:
        return DOCUMENTS[self.category]


def _number_band(factor: PermitFactor, value):
    for band in factor.bands.all():
        if band.contains(value):
            return band
    return None


def _format_number(value) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def score_factor(factor: PermitFactor, value) -> FactorScore:
    """The points ``value`` earns on ``factor`` and why, capped at its maximum."""
    bands = list(factor.bands.all())
    if factor.kind == PermitFactor.Kind.NUMBER:
        if value is None or value == "":
            return FactorScore(factor, "—", 0, _("Not answered: no points."))
        band = _number_band(factor, Decimal(value))
        answer = f"{_format_number(value)} {factor.unit}".strip()
        if band is None:
            return FactorScore(factor, answer, 0, _("In no band of the table: no points."))
        points = min(band.points, factor.max_points)
        return FactorScore(factor, answer, points, _("Band “%(band)s”.") % {"band": band.label})
    if factor.kind == PermitFactor.Kind.CHOICE:
        band = next((b for b in bands if b.code and b.code == value), None)
        if band is None:
            return FactorScore(factor, "—", 0, _("None of the listed cases: no points."))
        points = min(band.points, factor.max_points)
        return FactorScore(factor, band.label, points, _("“%(band)s”.") % {"band": band.label})
    chosen = [b for b in bands if b.code and b.code in (value or [])]
    if not chosen:
        return FactorScore(factor, "—", 0, _("None of the listed cases: no points."))
    raw = sum(b.points for b in chosen)
    points = min(raw, factor.max_points)
    why = list_separator(clauses=True).join(f"{b.label} ({b.points})" for b in chosen)
    if raw > factor.max_points:
        why += " " + _("— capped at %(max)d points.") % {"max": factor.max_points}
    return FactorScore(factor, list_separator().join(b.label for b in chosen), points, why)


def _routes(table: PermitPointsTable, answers: dict, total: int) -> list[Route]:
    education = answers.get(EDUCATION) or ""
    years = answers.get(WORK_YEARS)
    salary = answers.get(SALARY)
    routes = [
        Route(
            CATEGORY_A,
            _(
                "Selected by a national talent programme or with internationally "
                "recognised achievements"
            ),
            bool(answers.get("direct")),
        ),
        Route(
            CATEGORY_A,
            _("At least %(points)d points") % {"points": table.a_points},
            total >= table.a_points,
        ),
        Route(
            CATEGORY_B,
            _("A bachelor's degree or above and at least two years of relevant work experience"),
            degree_rank(education) >= 1 and years is not None and Decimal(years) >= 2,
        ),
        Route(
            CATEGORY_B,
            _("A master's degree or above from a university in China"),
            bool(answers.get("degree_in_china")) and degree_rank(education) >= 2,
        ),
        Route(
            CATEGORY_B,
            _("At least %(points)d points") % {"points": table.b_points},
            total >= table.b_points,
        ),
    ]
    if table.local_average_salary:
        threshold = B_SALARY_MULTIPLE * table.local_average_salary
        routes.append(
            Route(
                CATEGORY_B,
                _("A salary of at least four times the local average (%(amount)s CNY a year)")
                % {"amount": _format_number(threshold)},
                salary is not None and Decimal(salary) >= threshold,
            )
        )
    return routes


def _category(routes: list[Route]) -> str:
    met = [route.category for route in routes if route.met]
    if CATEGORY_A in met:
        return CATEGORY_A
    if CATEGORY_B in met:
        return CATEGORY_B
    return CATEGORY_C


def _evaluate(table, factors, answers) -> tuple[list[FactorScore], int, str, list[Route]]:
    scores = [score_factor(factor, answers.get(factor.code)) for factor in factors]
    total = sum(score.points for score in scores)
    routes = _routes(table, answers, total)
    return scores, total, _category(routes), routes


def _alternatives(factor: PermitFactor, value, current_points: int):
    """(new answer, its label) for each band that would earn more on ``factor``."""
    for band in factor.bands.all():
        if band.points <= current_points:
            continue
        if factor.kind == PermitFactor.Kind.NUMBER:
            if band.min_value is None:
                continue
            yield band.min_value, band.label
        elif factor.kind == PermitFactor.Kind.CHOICE:
            yield band.code, band.label
        else:
            chosen = list(value or [])
            if band.code and band.code not in chosen:
                yield [*chosen, band.code], band.label


def assess(table: PermitPointsTable, answers: dict) -> Assessment:
    """Apply ``table`` to ``answers``: the points, the category and what would change it.

    "What would change the result": for each factor the person can improve, the
    smallest step up that moves them to a better category (else the next step up),
    worded "with HSK level 4 you would reach 68 points: likely category B".
    """
    factors = list(table.factors.all())
    scores, total, category, routes = _evaluate(table, factors, answers)
    improvements = []
    for score in scores:
        factor = score.factor
        if not factor.can_improve or score.points >= factor.max_points:
            continue
        options = []
        for new_value, label in _alternatives(factor, answers.get(factor.code), score.points):
            trial = {**answers, factor.code: new_value}
            _s, new_total, new_category, _r = _evaluate(table, factors, trial)
            if new_total > total:
                options.append((new_total, new_category, label))
        if not options:
            continue
        better = [o for o in options if CATEGORY_RANK[o[1]] > CATEGORY_RANK[category]]
        new_total, new_category, label = min(better or options, key=lambda o: o[0])
        improvements.append(
            _(
                "With “%(change)s” (%(factor)s) you would reach %(total)d points: "
                "likely %(category)s."
            )
            % {
                "change": label,
                "factor": factor.name,
                "total": new_total,
                "category": CATEGORY_NAMES[new_category],
            }
        )
    return Assessment(
        table=table,
        scores=scores,
        total=total,
        category=category,
        routes=routes,
        improvements=improvements,
    )


def profile_answers(user) -> dict:
    """What the profile of ``user`` already says: degree, years, C9 (a degree in China),
    the latest salary expectation they gave in an application. {} without a profile."""
    profile = getattr(user, "talent_profile", None) if user.is_authenticated else None
    if profile is None:
        return {}
    answers = {}
    if profile.highest_degree:
        answers[EDUCATION] = profile.highest_degree
    if profile.years_of_experience is not None:
        answers[WORK_YEARS] = profile.years_of_experience
    if profile.is_c9:
        answers["degree_in_china"] = True
    latest = profile.applications.exclude(answers={}).order_by("-created_at").first()
    expectation = str((latest.answers or {}).get("salary_expectation", "")) if latest else ""
    digits = expectation.replace(",", "").replace(" ", "")
    if digits.isdigit():
        answers[SALARY] = int(digits)
    return answers
