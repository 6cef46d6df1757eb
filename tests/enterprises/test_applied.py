"""A professional sees where they applied (finding 16): the role page says when and links
to the application instead of offering Apply again; the board marks those roles, with
one query for the page. Visitors' pages stay the same for everyone, and cached."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

from .factories import PublishedRoleFactory

pytestmark = pytest.mark.django_db

APPLIED_BADGE = re.compile(r'class="badge[^"]*applied-badge"')


@pytest.fixture
def professional(client):
    profile = ApplyingProfileFactory()
    client.force_login(profile.user)
    return profile


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_role_page_says_when_i_applied_instead_of_offering_apply(client, professional):
    application = ApplicationFactory(profile=professional)
    role = application.role

    body = _page(client, role.get_absolute_url())

    date = application.created_at.strftime("%Y")
    assert "You applied on" in body and date in body
    assert f'href="{application.get_absolute_url()}"' in body
    assert f'href="{role.get_absolute_url()}apply/"' not in body


def test_the_chinese_role_page_says_it_in_chinese(client, professional):
    application = ApplicationFactory(profile=professional)

    body = _page(client, f"/zh-hans/jobs/{application.role.slug}/")

    assert "您已于" in body and "查看您的申请" in body
    assert f'href="/zh-hans/me/applications/{application.pk}/"' in body


def test_the_role_page_still_offers_apply_where_i_did_not_apply(client, professional):
    ApplicationFactory(profile=professional)
    other = PublishedRoleFactory()

    body = _page(client, other.get_absolute_url())

    assert f'href="{other.get_absolute_url()}apply/"' in body
    assert "You applied on" not in body


def test_someone_elses_application_does_not_show_on_my_pages(client, professional):
    theirs = ApplicationFactory()

    assert "You applied on" not in _page(client, theirs.role.get_absolute_url())
    assert not APPLIED_BADGE.search(_page(client, "/jobs/"))


def test_the_board_marks_the_roles_i_applied_to(client, professional):
    applied = ApplicationFactory(profile=professional).role
    PublishedRoleFactory(title_en="Not applied")

    body = _page(client, "/jobs/")

    assert len(APPLIED_BADGE.findall(body)) == 1
    marked = [role for role in client.get("/jobs/").context["roles"] if role.sent_application]
    assert [role.pk for role in marked] == [applied.pk]


def test_the_chinese_board_marks_them_in_chinese(client, professional):
    ApplicationFactory(profile=professional)

    body = _page(client, "/zh-hans/jobs/")

    assert re.search(r'applied-badge"[^>]*>已申请</a>', body)


def test_the_board_marks_with_one_query_however_many_roles_i_applied_to(client, professional):
    ApplicationFactory(profile=professional)
    with CaptureQueriesContext(connection) as one:
        _page(client, "/jobs/")
    for _ in range(5):
        ApplicationFactory(profile=professional)

    with CaptureQueriesContext(connection) as six:
        body = _page(client, "/jobs/")

    assert len(APPLIED_BADGE.findall(body)) == 6
    assert len(six) == len(one)


def test_the_enterprise_page_marks_the_roles_i_applied_to(client, professional):
    role = ApplicationFactory(profile=professional).role

    body = _page(client, role.enterprise.get_absolute_url())

    assert len(APPLIED_BADGE.findall(body)) == 1


def test_visitors_pages_carry_no_marker_and_are_served_from_the_cache(client):
    role = ApplicationFactory().role
    first = _page(client, "/jobs/")

    with CaptureQueriesContext(connection) as queries:
        again = _page(client, "/jobs/")

    assert not APPLIED_BADGE.search(first)
    assert again == first
    assert not [query for query in queries if "talent_application" in query["sql"]]
    assert f'href="{role.get_absolute_url()}apply/"' in _page(client, role.get_absolute_url())


def test_a_signed_in_person_without_a_profile_sees_apply(client):
    role = PublishedRoleFactory()
    client.force_login(UserFactory())

    assert f'href="{role.get_absolute_url()}apply/"' in _page(client, role.get_absolute_url())
