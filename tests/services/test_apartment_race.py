"""Two officers offer the last free unit to two people at the same moment: one offer
is made, the other is told the unit is taken (row lock on PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from services import actions
from services.models import ApartmentApplication, ApartmentUnit
from tests.factories import (
    ApartmentUnitFactory,
    EligibleApartmentApplicationFactory,
    OfficerFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_last_unit_is_offered_to_one_person_only():
    unit = ApartmentUnitFactory()
    applications = [EligibleApartmentApplicationFactory() for _ in range(2)]
    officers = [OfficerFactory() for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def offer(application, officer):
        try:
            barrier.wait()
            actions.offer_unit(application=application, unit=unit, by=officer)
            outcomes.append("offered")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=offer, args=(application, officer))
        for application, officer in zip(applications, officers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["offered", "unit_taken"]
    assert ApartmentApplication.objects.filter(unit=unit, status="offered").count() == 1
    assert ApartmentUnit.objects.get(pk=unit.pk).status == ApartmentUnit.Status.OFFERED
