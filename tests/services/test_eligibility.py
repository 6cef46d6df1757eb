"""Which policies fit a professional: the structured rules against profile facts."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from services.eligibility import ProfileFacts, match_policies, profile_facts_for
from services.models import Policy
from westbund.education import Degree

from .factories import PolicyFactory

pytestmark = pytest.mark.django_db

SENIOR_FOREIGN_C9 = ProfileFacts(
    degree=Degree.PHD, is_c9=True, nationality="FR", years_experience=8, verified=True
)
JUNIOR_CHINESE = ProfileFacts(
    degree=Degree.BACHELOR, is_c9=False, nationality="CN", years_experience=1, verified=False
)


def matched(policies, facts):
    return {match.policy.slug for match in match_policies(policies, facts)}


def test_a_policy_without_rules_fits_everyone_with_a_reason():
    policy = PolicyFactory.build(slug="open")

    [match] = match_policies([policy], JUNIOR_CHINESE)

    assert match.reasons == ["Open to every professional at the hub"]


@pytest.mark.parametrize(
    ("required", "held", "fits"),
    [
        (Degree.MASTER, Degree.MASTER, True),
        (Degree.MASTER, Degree.PHD, True),
        (Degree.MASTER, Degree.BACHELOR, False),
        (Degree.BACHELOR, "", False),
    ],
)
def test_minimum_degree_is_met_by_that_degree_or_higher(required, held, fits):
    policy = PolicyFactory.build(slug="degree", min_degree=required)

    assert bool(match_policies([policy], ProfileFacts(degree=held))) is fits


def test_c9_rule_needs_a_c9_graduate():
    policy = PolicyFactory.build(slug="c9", requires_c9=True)

    assert matched([policy], SENIOR_FOREIGN_C9) == {"c9"}
    assert matched([policy], JUNIOR_CHINESE) == set()


@pytest.mark.parametrize(
    ("scope", "nationality", "fits"),
    [
        (Policy.NationalityScope.CHINESE, "CN", True),
        (Policy.NationalityScope.CHINESE, "FR", False),
        (Policy.NationalityScope.FOREIGN, "FR", True),
        (Policy.NationalityScope.FOREIGN, "CN", False),
        (Policy.NationalityScope.FOREIGN, "", False),
        (Policy.NationalityScope.ANY, "", True),
    ],
)
def test_nationality_scope(scope, nationality, fits):
    policy = PolicyFactory.build(slug="n", nationality_scope=scope)

    assert bool(match_policies([policy], ProfileFacts(nationality=nationality))) is fits


def test_years_of_experience_and_verified_profile_rules():
    policy = PolicyFactory.build(
        slug="senior", min_years_experience=5, requires_verified_profile=True
    )

    [match] = match_policies([policy], SENIOR_FOREIGN_C9)

    assert match.reasons == [
        "You have at least 5 years of experience",
        "Your hub profile is verified",
    ]
    assert matched([policy], ProfileFacts(years_experience=8, verified=False)) == set()
    assert matched([policy], ProfileFacts(years_experience=4, verified=True)) == set()


def test_every_rule_must_hold_and_each_gives_its_reason():
    policy = PolicyFactory.build(
        slug="all",
        min_degree=Degree.MASTER,
        requires_c9=True,
        nationality_scope=Policy.NationalityScope.FOREIGN,
    )

    [match] = match_policies([policy], SENIOR_FOREIGN_C9)

    assert match.reasons == [
        "Your degree meets the minimum: Master's degree",
        "You graduated from a C9 League university",
        "The policy is for foreign nationals",
    ]
    assert matched([policy], JUNIOR_CHINESE) == set()


def test_profile_facts_are_none_without_a_talent_profile():
    from tests.factories import UserFactory

    assert profile_facts_for(UserFactory()) is None


def test_profile_facts_are_read_from_the_talent_profile():
    from tests.talent.factories import VerifiedProfileFactory

    profile = VerifiedProfileFactory(nationality="DE", highest_degree=Degree.PHD)

    facts = profile_facts_for(profile.user)

    assert facts == ProfileFacts(
        degree="phd", is_c9=True, nationality="DE", years_experience=5, verified=True
    )


def test_policies_for_me_lists_matching_policies_with_reasons(client):
    from tests.talent.factories import CompleteProfileFactory

    profile = CompleteProfileFactory(highest_degree=Degree.MASTER)
    PolicyFactory(title_en="For masters", min_degree=Degree.MASTER)
    PolicyFactory(title_en="For doctors", min_degree=Degree.PHD)
    client.force_login(profile.user)

    response = client.get(reverse("services:policies_for_me"))

    assert response.status_code == HTTPStatus.OK
    assert "For masters" in response.text
    assert "Your degree meets the minimum" in response.text
    assert "For doctors" not in response.text


def test_policy_list_highlights_the_policies_that_fit(client):
    from tests.talent.factories import CompleteProfileFactory

    profile = CompleteProfileFactory(nationality="CN")
    PolicyFactory(title_en="Chinese nationals only", nationality_scope="chinese")
    PolicyFactory(title_en="Foreign nationals only", nationality_scope="foreign")
    client.force_login(profile.user)

    response = client.get(reverse("services:policy_list"))

    rows = dict((policy.title_en, reasons) for policy, reasons in response.context["rows"])
    assert rows["Chinese nationals only"] == ["The policy is for Chinese nationals"]
    assert rows["Foreign nationals only"] is None
    assert "Fits your profile:" in response.text


def test_policies_for_me_without_a_profile_explains_what_to_do(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get(reverse("services:policies_for_me"))

    assert response.status_code == HTTPStatus.OK
    assert "Create your profile first" in response.text


def test_policies_for_me_needs_sign_in(client):
    response = client.get(reverse("services:policies_for_me"))

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]
