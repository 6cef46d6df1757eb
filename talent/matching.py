"""Recommended roles for a professional: published roles ranked by how many of their
specialties and skills the role names, each with a one-line reason."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language

from westbund.core.cache import content_version
from westbund.taxonomy import Specialty, specialty_filter

from .models import Application, TalentProfile

# Candidates scored per ranking: enough to rank well, bounded so /me/ stays light.
CANDIDATES = 200
MAX_SKILLS = 10
# A ranking is reused until the profile or the public roles change, or this passes.
RANKING_SECONDS = 600


@dataclass(frozen=True)
class Recommendation:
    role: object
    score: int
    matches: list[str]


def recommended_roles(profile: TalentProfile, *, limit: int = 5) -> list[Recommendation]:
    """Up to ``limit`` published roles the profile has not applied to, best first: a
    shared specialty counts 2, a skill named in the role's text counts 1.

    Ranking reads a few hundred roles; the result (ids, scores, reasons) is cached per
    profile version and public content version, so /me/ costs one small query.
    """
    from enterprises.models import Role

    key = (
        f"talent:recommended:{profile.pk}:{profile.updated_at.timestamp()}:"
        f"{content_version()}:{get_language()}"
    )
    ranking = cache.get(key)
    if ranking is None:
        ranking = [
            (item.role.pk, item.score, item.matches) for item in _rank(profile, limit=limit * 3)
        ]
        cache.set(key, ranking, RANKING_SECONDS)
    applied = set(
        Application.objects.filter(
            profile=profile, role_id__in=[pk for pk, _s, _m in ranking]
        ).values_list("role_id", flat=True)
    )
    wanted = [(pk, score, matches) for pk, score, matches in ranking if pk not in applied]
    roles = (
        Role.objects.published()
        .select_related("enterprise")
        .in_bulk([pk for pk, _s, _m in wanted[:limit]])
    )
    return [
        Recommendation(role=roles[pk], score=score, matches=matches)
        for pk, score, matches in wanted[:limit]
        if pk in roles
    ]


def _rank(profile: TalentProfile, *, limit: int) -> list[Recommendation]:
    from enterprises.models import Role

    specialties = list(profile.specialties or [])
    skills = profile.skill_list()[:MAX_SKILLS]
    if not specialties and not skills:
        return []
    wanted = Q()
    for code in specialties:
        wanted |= specialty_filter("specialties", code)
    for skill in skills:
        wanted |= (
            Q(title_en__icontains=skill)
            | Q(description_en__icontains=skill)
            | Q(description_zh__icontains=skill)
            | Q(requirements__icontains=skill)
        )
    applied = Application.objects.filter(profile=profile).values("role_id")
    candidates = (
        Role.objects.published()
        .filter(wanted)
        .exclude(pk__in=applied)
        .select_related("enterprise")
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    labels = dict(Specialty.choices)
    ranked = []
    for role in candidates:
        shared = [code for code in specialties if code in (role.specialties or [])]
        text = f"{role.title_en}\n{role.description_en}\n{role.requirements}".lower()
        named = [skill for skill in skills if skill.lower() in text]
        score = 2 * len(shared) + len(named)
        if score:
            matches = [str(labels[code]) for code in shared] + named
            ranked.append(Recommendation(role=role, score=score, matches=matches))
    ranked.sort(key=lambda item: -item.score)
    return ranked[:limit]
