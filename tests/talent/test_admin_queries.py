"""The officers' changelists and the profile page cost the same number of queries
whatever the number of rows (no N+1), and never count a whole big table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talent.models import ProfileOfficerNote
from tests.factories import OfficerFactory
from westbund.core.admin_mixins import CappedCountPaginator

from .factories import ApplicationFactory, SubmittedProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def officer_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_profile_queue_costs_the_same_queries_for_3_or_30_profiles(
    officer_client, officer, django_assert_max_num_queries
):
    url = reverse("admin:talent_talentprofile_changelist")
    SubmittedProfileFactory.create_batch(3, assigned_officer=officer)
    few = _queries(officer_client, url)
    SubmittedProfileFactory.create_batch(27, assigned_officer=officer)

    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_the_applications_list_costs_the_same_queries_for_3_or_30_applications(
    officer_client, django_assert_max_num_queries
):
    url = reverse("admin:talent_application_changelist")
    ApplicationFactory.create_batch(3)
    few = _queries(officer_client, url)
    ApplicationFactory.create_batch(27)

    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_the_profile_page_costs_the_same_queries_for_3_or_30_of_everything(
    officer_client, officer, django_assert_max_num_queries
):
    from talent import actions

    profile = ApplicationFactory().profile
    url = reverse("admin:talent_talentprofile_change", args=[profile.pk])

    def add(count):
        for _ in range(count):
            ApplicationFactory(profile=profile)
            ProfileOfficerNote.objects.create(profile=profile, author=officer, body="Note")
            actions.assign_officer(profile=profile, officer=officer, by=officer)

    add(2)
    few = _queries(officer_client, url)
    add(28)

    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_no_changelist_counts_the_whole_table(officer_client):
    SubmittedProfileFactory.create_batch(2)
    with CaptureQueriesContext(connection) as captured:
        officer_client.get(reverse("admin:talent_talentprofile_changelist"))
        officer_client.get(reverse("admin:talent_application_changelist"))

    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    # Only the capped count (a COUNT over a LIMITed subquery), never a bare COUNT(*).
    assert counts
    assert all("LIMIT" in sql.upper() for sql in counts)


def test_a_long_list_says_more_than_the_cap_and_stays_browsable(officer_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    SubmittedProfileFactory.create_batch(5)

    body = officer_client.get(reverse("admin:talent_talentprofile_changelist")).content.decode()

    assert "more than 3 talent profiles" in body


@pytest.mark.postgres
def test_an_unfiltered_big_list_shows_postgresqls_estimate_instead_of_counting(
    officer_client, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "ESTIMATE_FROM", 1)
    SubmittedProfileFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE talent_talentprofile")
    url = reverse("admin:talent_talentprofile_changelist")

    with CaptureQueriesContext(connection) as captured:
        body = officer_client.get(url).content.decode()

    assert "about 3 talent profiles" in body
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert (
        "about"
        not in officer_client.get(f"{url}?c9=yes")
        .content.decode()
        .split('class="paginator"')[1][:200]
    )
