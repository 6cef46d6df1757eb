"""Which policies fit a professional: structured rules compared with profile facts.

``match_policies`` is pure (no database, no request): give it policies and the facts of
one profile, it returns the policies whose every rule holds, each with the reasons.
``profile_facts_for`` reads the facts from the user's talent profile, when they have one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from westbund.education import Degree, meets_degree

from .models import Policy

# Nationality codes are ISO 3166-1 alpha-2 (django-countries). The hub's Chinese-national
# schemes follow the mainland residence rules: other codes count as foreign.
CHINESE_NATIONALITY = "CN"


@dataclass(frozen=True)
class ProfileFacts:
    degree: str = ""
    is_c9: bool = False
    nationality: str = ""
    years_experience: int = 0
    verified: bool = False


@dataclass(frozen=True)
class PolicyMatch:
    policy: Policy
    reasons: list[str] = field(default_factory=list)


def _reasons_if_eligible(policy: Policy, facts: ProfileFacts) -> list[str] | None:
    """The reasons ``facts`` meet every rule of ``policy``; None when one fails."""
    reasons = []
    if policy.min_degree:
        if not meets_degree(facts.degree, policy.min_degree):
            return None
        reasons.append(
            _("Your degree meets the minimum: %(degree)s")
            % {"degree": Degree(policy.min_degree).label}
        )
    if policy.requires_c9:
        if not facts.is_c9:
            return None
        reasons.append(_("You graduated from a C9 League university"))
    scope = policy.nationality_scope
    nationality = (facts.nationality or "").upper()
    if scope == Policy.NationalityScope.CHINESE:
        if nationality != CHINESE_NATIONALITY:
            return None
        reasons.append(_("The policy is for Chinese nationals"))
    elif scope == Policy.NationalityScope.FOREIGN:
        if not nationality or nationality == CHINESE_NATIONALITY:
            return None
        reasons.append(_("The policy is for foreign nationals"))
    if policy.min_years_experience:
        if facts.years_experience < policy.min_years_experience:
            return None
        reasons.append(
            ngettext(
                "You have at least %(years)d year of experience",
                "You have at least %(years)d years of experience",
                policy.min_years_experience,
            )
            % {"years": policy.min_years_experience}
        )
    if policy.requires_verified_profile:
        if not facts.verified:
            return None
        reasons.append(_("Your hub profile is verified"))
    if not reasons:
        reasons.append(_("Open to every professional at the hub"))
    return reasons


def match_policies(policies: Iterable[Policy], facts: ProfileFacts) -> list[PolicyMatch]:
    """The policies whose eligibility rules ``facts`` satisfy, in the given order.

    Reasons are worded in the active language.
    """
    matches = []
    for policy in policies:
        reasons = _reasons_if_eligible(policy, facts)
        if reasons is not None:
            matches.append(PolicyMatch(policy=policy, reasons=reasons))
    return matches


def profile_facts_for(user) -> ProfileFacts | None:
    """The eligibility facts of ``user``'s talent profile; None without one.

    Reads ``user.talent_profile`` (the talent app's ``TalentProfile``) defensively, so
    that this works before that model exists and for users who have no profile.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        profile = user.talent_profile
    except (AttributeError, ObjectDoesNotExist):
        return None
    if profile is None:
        return None
    nationality = getattr(profile, "nationality", "") or ""
    return ProfileFacts(
        degree=str(getattr(profile, "highest_degree", "") or ""),
        is_c9=bool(getattr(profile, "is_c9", False)),
        nationality=str(getattr(nationality, "code", nationality) or "").upper(),
        years_experience=int(
            getattr(profile, "years_of_experience", None)
            or getattr(profile, "years_experience", None)
            or 0
        ),
        verified=getattr(profile, "review_state", "") == "verified",
    )
