"""The home page's live figures, and the page cache of anonymous public pages."""

from http import HTTPStatus

import pytest

from enterprises import actions as enterprise_actions
from tests.enterprises.factories import EnterpriseFactory, PendingRoleFactory, PublishedRoleFactory
from tests.factories import OfficerFactory, UserFactory
from tests.services.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_home_shows_live_figures_and_the_newest_roles(client):
    aurora = EnterpriseFactory(name_en="Aurora Foundation Models", phase=2)
    EnterpriseFactory(phase=1)
    PublishedRoleFactory(enterprise=aurora, title_en="Multimodal Research Engineer")
    PublishedRoleFactory(enterprise=aurora, title_en="Speech Scientist", sponsors_visa=True)
    PendingRoleFactory(enterprise=aurora, title_en="Unapproved Role")

    body = client.get("/").content.decode()

    assert '<p class="display-6 mb-1">2</p>' in body  # enterprises, and open roles
    assert "open AI roles, 1 with work permit sponsorship" in body
    assert "Multimodal Research Engineer" in body
    assert "Unapproved Role" not in body


def test_home_query_count_does_not_grow_with_roles(client, django_assert_max_num_queries):
    PublishedRoleFactory.create_batch(3)
    with django_assert_max_num_queries(8) as captured:
        client.get("/zh-hans/")
    PublishedRoleFactory.create_batch(20)

    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get("/")


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(
    client, django_assert_num_queries
):
    PublishedRoleFactory.create_batch(2)
    first = client.get("/jobs/")
    assert "X-Page-Cache" not in first

    with django_assert_num_queries(0):
        second = client.get("/jobs/")

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_the_cache_keeps_languages_and_queries_apart(client):
    PublishedRoleFactory(title_en="Speech Scientist", title_zh="语音科学家")
    client.get("/jobs/")

    chinese = client.get("/zh-hans/jobs/")
    searched = client.get("/jobs/?q=nothing-matches-this")

    assert "X-Page-Cache" not in chinese
    assert "人工智能职位" in chinese.content.decode()
    assert "X-Page-Cache" not in searched


def test_approving_a_role_shows_it_at_once_on_cached_pages(client):
    role = PendingRoleFactory(title_en="Alignment Researcher")
    assert "Alignment Researcher" not in client.get("/jobs/").content.decode()
    assert "Alignment Researcher" not in client.get("/").content.decode()

    enterprise_actions.approve_role(role=role, by=OfficerFactory())

    assert "Alignment Researcher" in client.get("/jobs/").content.decode()
    assert "Alignment Researcher" in client.get("/").content.decode()


def test_editing_a_policy_in_admin_refreshes_the_cached_policy_list(client):
    policy = PolicyFactory(title_en="Housing subsidy for new graduates")
    client.get("/services/policies/")

    policy.title_en = "Housing subsidy for young talent"
    policy.save()

    assert "Housing subsidy for young talent" in client.get("/services/policies/").content.decode()


def test_a_signed_in_users_pages_are_never_cached(client):
    client.force_login(UserFactory())
    client.get("/jobs/")

    response = client.get("/jobs/")

    assert response.status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in response


def test_a_cached_page_never_carries_a_signed_in_users_navbar(client):
    user = UserFactory(email="lin@example.com")
    client.force_login(user)
    client.get("/")
    client.logout()

    body = client.get("/").content.decode()

    assert "lin@example.com" not in body
    assert 'href="/accounts/login/"' in body


def test_a_very_long_query_is_served_but_not_cached(client):
    path = "/jobs/?q=" + "x" * 300

    client.get(path)
    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in response
