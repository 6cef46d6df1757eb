"""The scale data command makes what the benchmarks need, consistently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from enterprises.models import Role
from talent.models import Application, Interview, TalentProfile
from westbund.privacy.models import ConsentKind

pytestmark = pytest.mark.django_db


def _seed(**sizes):
    call_command("seed_scale", **sizes, stdout=StringIO())


def test_seed_scale_makes_professionals_roles_and_unique_applications():
    call_command("seed_demo", stdout=StringIO())

    _seed(professionals=40, roles=12, applications=200)

    applications = Application.objects.filter(role__slug__startswith="scale-")
    assert (
        TalentProfile.objects.filter(user__email__endswith="scale.westbund.invalid").count() == 40
    )
    assert Role.objects.published().filter(slug__startswith="scale-").count() == 12
    assert applications.count() == 200
    assert len(set(applications.values_list("profile_id", "role_id"))) == 200
    assert not applications.exclude(enterprise=F("role__enterprise")).exists()
    # Every other application at interview has one interview, in its enterprise,
    # held by the enterprise's members; half of the verified profiles are in the pool.
    at_interview = applications.filter(stage=Application.Stage.INTERVIEW).count()
    interviews = Interview.objects.filter(application__role__slug__startswith="scale-")
    assert interviews.count() == (at_interview + 1) // 2
    assert not interviews.exclude(enterprise=F("application__enterprise")).exists()
    verified = TalentProfile.objects.filter(
        user__email__endswith="scale.westbund.invalid",
        review_state=TalentProfile.ReviewState.VERIFIED,
    )
    pooled = verified.filter(
        user__consents__kind=ConsentKind.TALENT_POOL, user__consents__withdrawn_at=None
    ).count()
    assert pooled == (verified.count() + 1) // 2


def test_seed_scale_run_twice_replaces_its_data():
    call_command("seed_demo", stdout=StringIO())

    _seed(professionals=10, roles=3, applications=20)
    _seed(professionals=10, roles=3, applications=20)

    assert Application.objects.filter(role__slug__startswith="scale-").count() == 20
    at_interview = Application.objects.filter(
        role__slug__startswith="scale-", stage=Application.Stage.INTERVIEW
    ).count()
    assert (
        Interview.objects.filter(application__role__slug__startswith="scale-").count()
        == (at_interview + 1) // 2
    )
