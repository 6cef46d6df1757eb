"""The scale data command makes what the benchmarks need, consistently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from enterprises.models import Role
from talent.models import Application, TalentProfile

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


def test_seed_scale_run_twice_replaces_its_data():
    call_command("seed_demo", stdout=StringIO())

    _seed(professionals=10, roles=3, applications=20)
    _seed(professionals=10, roles=3, applications=20)

    assert Application.objects.filter(role__slug__startswith="scale-").count() == 20
