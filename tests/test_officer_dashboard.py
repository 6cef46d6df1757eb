"""The admin home tells officers what waits for them and since when."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.enterprises.factories import PendingRoleFactory
from tests.factories import OfficerFactory
from tests.services.factories import ServiceRequestFactory
from tests.talent.factories import SubmittedProfileFactory, VerifiedProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, sign_in_officer):
    return sign_in_officer(client, OfficerFactory())


def test_the_admin_home_counts_each_queue_and_links_to_it(officer_client):
    oldest = SubmittedProfileFactory(submitted_at=timezone.now() - timedelta(days=3))
    SubmittedProfileFactory()
    VerifiedProfileFactory()
    PendingRoleFactory.create_batch(2)
    ServiceRequestFactory()

    body = officer_client.get("/admin/").content.decode()

    assert "Waiting for the officers" in body
    assert (
        '<a href="/admin/talent/talentprofile/?review_state__in=submitted,in_review">'
        "Profiles waiting for review</a></th>\n        <td>2</td>"
    ) in body
    assert "Roles waiting for moderation</a></th>\n        <td>2</td>" in body
    assert "Open service requests</a></th>\n        <td>1</td>" in body
    assert "3\xa0days ago" in body
    assert oldest.pk


def test_the_linked_profile_queue_is_filtered(officer_client):
    SubmittedProfileFactory(full_name="Waiting Person")
    VerifiedProfileFactory(full_name="Done Person")

    body = officer_client.get(
        "/admin/talent/talentprofile/?review_state__in=submitted,in_review"
    ).content.decode()

    assert "Waiting Person" in body
    assert "Done Person" not in body


def test_the_dashboard_costs_one_query_per_queue(officer_client, django_assert_max_num_queries):
    SubmittedProfileFactory.create_batch(3)
    with django_assert_max_num_queries(30) as captured:
        officer_client.get("/admin/")
    SubmittedProfileFactory.create_batch(10)
    PendingRoleFactory.create_batch(10)

    with django_assert_max_num_queries(len(captured.captured_queries)):
        officer_client.get("/admin/")


def test_from_the_queue_another_review_state_replaces_it(officer_client):
    SubmittedProfileFactory(full_name="Waiting Person")
    VerifiedProfileFactory(full_name="Done Person")
    queue = officer_client.get(
        "/admin/talent/talentprofile/?review_state__in=submitted,in_review"
    ).content.decode()
    # The sidebar's "verified" leads to the verified profiles, not to nothing.
    verified = re.search(r'href="(\?[^"]*review_state__in=verified[^"]*)"', queue).group(1)
    body = officer_client.get(
        "/admin/talent/talentprofile/" + verified.replace("&amp;", "&")
    ).content.decode()
    assert "Done Person" in body
    assert "Waiting Person" not in body
