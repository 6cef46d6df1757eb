"""Recommended roles for a professional: published roles ranked by how many of their
specialties and skills the role names, each with a one-line reason."""

from dataclasses import dataclass

from django.db.models import Q

from westbund.taxonomy import Specialty, specialty_filter

from .models import Application, TalentProfile

# Candidates scored per page view: enough to rank well, bounded so /me/ stays light.
CANDIDATES = 200
MAX_SKILLS = 10


@dataclass(frozen=True)
class Recommendation:
    role: object
    score: int
    matches: list[str]


def recommended_roles(profile: TalentProfile, *, limit: int = 5) -> list[Recommendation]:
    """Up to ``limit`` published roles the profile has not applied to, best first: a
    shared specialty counts 2, a skill named in the role's text counts 1."""
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
            | Q(description__icontains=skill)
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
        text = f"{role.title_en}\n{role.description}\n{role.requirements}".lower()
        named = [skill for skill in skills if skill.lower() in text]
        score = 2 * len(shared) + len(named)
        if score:
            matches = [str(labels[code]) for code in shared] + named
            ranked.append(Recommendation(role=role, score=score, matches=matches))
    ranked.sort(key=lambda item: -item.score)
    return ranked[:limit]
