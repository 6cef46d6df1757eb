"""/hub-in-numbers/: public aggregates in both languages; no group of fewer than five
people shown."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from talent import analytics
from talent.models import Application
from tests.enterprises.factories import EnterpriseFactory, PublishedRoleFactory
from tests.factories import moved_application
from westbund.education import C9University

from .factories import ApplyingProfileFactory, VerifiedProfileFactory

pytestmark = pytest.mark.django_db

URL = "/hub-in-numbers/"


def _hire(enterprise, **profile):
    moved_application(
        role=PublishedRoleFactory(enterprise=enterprise),
        path=[Application.Stage.OFFER, Application.Stage.HIRED],
        days=9,
        profile=ApplyingProfileFactory(**profile),
    )


def test_small_groups_are_suppressed_and_the_page_says_so(client):
    phase_one = EnterpriseFactory(phase=Enterprise.Phase.ONE)
    EnterpriseFactory(phase=Enterprise.Phase.TWO)
    for _n in range(6):
        VerifiedProfileFactory(university_code=C9University.FUDAN)
    for _n in range(3):  # three placements: fewer than five
        _hire(phase_one)
    analytics.rebuild()
    numbers = analytics.hub_numbers()
    assert numbers["verified"].value == 6
    assert numbers["verified_c9"].suppressed  # 6 of 6: the rest (0) would be a small group
    assert numbers["placements"].suppressed
    assert all(figure.suppressed for _label, figure in numbers["placements_by_phase"])
    page = client.get(URL).content.decode()
    assert "fewer than 5" in page
    assert "A group of fewer than 5 people is not shown" in page
    placements = page.split("Placements</dt>")[1].split("</dd>")[0]
    assert "3" not in placements
    assert "fewer than 5" in placements


def test_large_enough_groups_are_shown(client):
    phase_two = EnterpriseFactory(phase=Enterprise.Phase.TWO)
    for _n in range(5):
        _hire(phase_two, university_code=C9University.ZJU, nationality="CN")
    for _n in range(5):
        _hire(phase_two, university_code="", university_other="MIT", nationality="US")
    analytics.rebuild()
    numbers = analytics.hub_numbers()
    assert numbers["placements"].value == 10
    assert numbers["placements_c9"].value == 50.0
    assert numbers["placements_international"].value == 50.0
    assert dict(numbers["placements_by_phase"])["Phase 2"].value == 10
    assert numbers["enterprises"] == 1
    page = client.get(URL).content.decode()
    assert "50.0 %" in page
    assert page.count("<svg") >= 3


def test_enterprises_and_open_roles_are_counted(client):
    role = PublishedRoleFactory()
    EnterpriseFactory(phase=Enterprise.Phase.TWO, is_active=False)
    numbers = analytics.hub_numbers()
    assert numbers["open_roles"] == 1
    assert dict(numbers["enterprises_by_phase"]) == {"Phase 1": 1, "Phase 2": 0}
    assert role.enterprise.phase == Enterprise.Phase.ONE


def test_the_page_is_in_chinese(client):
    response = client.get("/zh-hans/hub-in-numbers/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "数说人才港" in page
    assert "不足 5 人的群体不予显示" in page


def test_the_page_is_linked_from_the_footer_and_the_sitemap(client):
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/hub-in-numbers/" in sitemap
    assert "/zh-hans/hub-in-numbers/" in sitemap


def test_the_page_is_cached_for_visitors(client):
    client.get(URL)
    assert client.get(URL)["X-Page-Cache"] == "hit"


def test_the_page_has_no_script_and_keeps_the_csp(client):
    response = client.get(URL)
    page = response.content.decode()
    for figure in page.split('<figure class="hub-chart mb-2">')[1:]:
        assert "<script" not in figure.split("</figure>")[0]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_page_costs_the_same_queries_whatever_the_data(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as empty:
        client.get(URL)
    enterprise = EnterpriseFactory()
    for _n in range(6):
        _hire(enterprise)
        VerifiedProfileFactory()
    analytics.rebuild()
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as full:
        client.get(URL)
    assert len(full) <= len(empty) + 1  # the one-off rebuild check finds rows
