"""Every officers' changelist outside talent (whose own test is
tests/talent/test_admin_queries.py) costs the same queries for 3 rows or 30: the
columns that follow a relation are joined, not fetched per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.enterprises.factories import EnterpriseFactory, PendingRoleFactory, PublishedRoleFactory
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _each_with_its_own_officer(count):
    # A different account officer on every enterprise: a per-row fetch shows at once.
    return [EnterpriseFactory(account_officer=OfficerFactory()) for _ in range(count)]


@pytest.mark.parametrize(
    ("changelist", "make"),
    [
        ("admin:enterprises_enterprise_changelist", _each_with_its_own_officer),
        (
            "admin:enterprises_role_changelist",
            lambda n: [
                PublishedRoleFactory(enterprise=EnterpriseFactory(account_officer=OfficerFactory()))
                for _ in range(n)
            ],
        ),
        (
            "admin:enterprises_pendingrole_changelist",
            lambda n: [PendingRoleFactory(enterprise=EnterpriseFactory()) for _ in range(n)],
        ),
    ],
)
def test_changelist_costs_the_same_queries_for_3_or_30_rows(
    client, sign_in_officer, django_assert_max_num_queries, changelist, make
):
    sign_in_officer(client, OfficerFactory())
    url = reverse(changelist)
    make(3)
    few = _queries(client, url)
    make(27)

    with django_assert_max_num_queries(few):
        client.get(url)
