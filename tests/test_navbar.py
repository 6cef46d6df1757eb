"""The navbar per role and where each role lands after signing in (issue 17, finding 1).

A recruiter finds the workspace from the navbar, an officer the admin, a professional
My hub; the navbar opens on a phone without JavaScript (finding 8); it costs one small
query for a signed-in user and none for a visitor.
"""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.factories import PASSWORD, OfficerFactory, StaffUserFactory, UserFactory
from tests.talent.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


def _navbar(client, path="/services/"):
    body = client.get(path).content.decode()
    return body[body.index("<header>") : body.index("</header>")]


def test_a_recruiter_sees_a_workspace_link_with_the_enterprise_name(client):
    membership = MembershipFactory(enterprise__name_en="Aurora Foundation Models")
    client.force_login(membership.user)

    navbar = _navbar(client)

    assert f'href="/workspace/{membership.enterprise.slug}/"' in navbar
    assert "Workspace · Aurora Foundation Models" in navbar
    assert 'href="/me/"' not in navbar
    assert "My account" in navbar


def test_the_workspace_link_is_chinese_on_chinese_pages(client):
    membership = MembershipFactory(enterprise__name_zh="曙光基础模型")
    client.force_login(membership.user)

    navbar = _navbar(client, "/zh-hans/services/")

    assert f'href="/zh-hans/workspace/{membership.enterprise.slug}/"' in navbar
    assert "工作台 · 曙光基础模型" in navbar


def test_a_member_of_several_enterprises_gets_a_chooser(client):
    first = MembershipFactory(enterprise__name_en="Aurora Foundation Models")
    second = MembershipFactory(user=first.user, enterprise__name_en="Nebula Robotics")
    client.force_login(first.user)

    navbar = _navbar(client)

    assert "<details>" in navbar
    for membership in (first, second):
        assert f'href="/workspace/{membership.enterprise.slug}/"' in navbar
        assert membership.enterprise.name_en in navbar


def test_an_inactive_enterprise_gives_no_workspace_link(client):
    membership = MembershipFactory(enterprise=EnterpriseFactory(is_active=False))
    client.force_login(membership.user)

    assert "/workspace/" not in _navbar(client)


def test_an_officer_sees_the_officers_admin(client):
    client.force_login(OfficerFactory())

    navbar = _navbar(client)

    assert 'href="/admin/"' in navbar
    assert "Officers' admin" in navbar or "Officers&#x27; admin" in navbar
    assert "/workspace/" not in navbar


def test_staff_outside_the_officers_groups_get_no_admin_link(client):
    """The admin link follows the permission module, not the bare staff flag."""
    client.force_login(StaffUserFactory())

    assert 'href="/admin/"' not in _navbar(client)


def test_a_professional_sees_my_hub_and_no_workspace(client):
    client.force_login(TalentProfileFactory().user)

    navbar = _navbar(client)

    assert 'href="/me/"' in navbar
    assert "/workspace/" not in navbar
    assert 'href="/admin/"' not in navbar


def test_the_navbar_opens_without_javascript(client):
    """A checkbox and its label toggle the menu through CSS (the CSP forbids inline
    scripts); Bootstrap's collapse stays wired to the same label for those with JS."""
    navbar = _navbar(client)

    assert '<input type="checkbox" id="main-nav-toggle"' in navbar
    assert '<label for="main-nav-toggle"' in navbar
    assert 'data-bs-target="#main-nav"' in navbar
    text = Path(finders.find("css/site.css")).read_text()
    assert ".nav-toggle:checked ~ .navbar-collapse" in text


def _render_navbar(user):
    request = RequestFactory().get("/services/")
    request.user = user
    request.session = {}
    with translation.override("en"):
        return render_to_string("includes/navbar.html", request=request)


def test_the_navbar_runs_no_query_for_a_visitor(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = _render_navbar(AnonymousUser())
    assert "Sign in" in html


def test_the_workspace_link_costs_one_small_query(django_assert_num_queries):
    first = MembershipFactory()
    MembershipFactory(user=first.user)
    user = type(first.user).objects.get(pk=first.user.pk)
    # The unread badge's COUNT is the other one; the workspaces are one query, however
    # many there are.
    with django_assert_num_queries(2):
        html = _render_navbar(user)
    assert html.count('href="/workspace/') == 2


# -- Where a sign-in lands ----------------------------------------------------------------


def _sign_in(client, user, path="/accounts/login/", **extra):
    return client.post(path, {"login": user.email, "password": PASSWORD, **extra})


def test_a_member_without_a_talent_profile_lands_in_the_workspace(client):
    membership = MembershipFactory()

    response = _sign_in(client, membership.user)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/workspace/"
    dashboard = client.get(response["Location"])
    assert dashboard["Location"] == f"/workspace/{membership.enterprise.slug}/"


def test_a_member_signing_in_from_chinese_pages_lands_in_the_chinese_workspace(client):
    membership = MembershipFactory()

    response = _sign_in(client, membership.user, path="/zh-hans/accounts/login/")

    assert response["Location"] == "/zh-hans/workspace/"


def test_next_wins_over_the_workspace(client):
    membership = MembershipFactory()

    response = _sign_in(client, membership.user, next="/jobs/")

    assert response["Location"] == "/jobs/"


def test_a_professional_lands_in_my_hub(client):
    response = _sign_in(client, TalentProfileFactory().user)

    assert response["Location"] == "/me/"


def test_a_member_who_is_also_a_professional_lands_in_my_hub(client):
    membership = MembershipFactory()
    TalentProfileFactory(user=membership.user)

    assert _sign_in(client, membership.user)["Location"] == "/me/"


def test_someone_with_neither_lands_in_my_hub(client):
    assert _sign_in(client, UserFactory())["Location"] == "/me/"


def test_an_officer_without_a_profile_lands_in_the_admin(client):
    assert _sign_in(client, OfficerFactory())["Location"] == "/admin/"


def test_my_hub_points_a_recruiter_to_the_workspace(client):
    membership = MembershipFactory(enterprise__name_zh="曙光基础模型")
    client.force_login(membership.user)

    body = client.get("/zh-hans/me/").content.decode()
    main = body[body.index("<main") :]

    assert f'href="/zh-hans/workspace/{membership.enterprise.slug}/"' in main
    assert "工作台 · 曙光基础模型" in main
