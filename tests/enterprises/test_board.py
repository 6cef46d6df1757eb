"""The public job board, role pages, feed, sitemap and enterprise directory."""

import json
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from enterprises.models import Role
from tests.factories import OfficerFactory

from .factories import (
    ClosedRoleFactory,
    DraftRoleFactory,
    EnterpriseFactory,
    PendingRoleFactory,
    PublishedRoleFactory,
    RejectedRoleFactory,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _board(client, **params):
    response = client.get("/jobs/", params)
    assert response.status_code == HTTPStatus.OK
    return response


def _titles(response) -> set[str]:
    return {role.title_en for role in response.context["roles"]}


@pytest.fixture
def hidden_roles():
    """One role in every state the public must never see."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return [
        DraftRoleFactory(title_en="Hidden draft"),
        PendingRoleFactory(title_en="Hidden pending"),
        RejectedRoleFactory(title_en="Hidden rejected"),
        ClosedRoleFactory(title_en="Hidden closed"),
        PublishedRoleFactory(title_en="Hidden expired", deadline=yesterday),
        PublishedRoleFactory(title_en="Hidden inactive", enterprise__is_active=False),
    ]


# ------------------------------------------------------------------------------
# Visibility
# ------------------------------------------------------------------------------
def test_the_board_lists_published_roles_only(client, hidden_roles):
    PublishedRoleFactory(title_en="Visible role")

    assert _titles(_board(client)) == {"Visible role"}


def test_a_role_that_is_not_published_is_a_404_at_its_own_url(client, hidden_roles):
    for role in hidden_roles:
        assert client.get(role.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_feed_carries_only_published_roles(client, hidden_roles):
    published = PublishedRoleFactory(title_en="Visible role")

    response = client.get("/jobs/feed/")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Visible role" in body
    assert published.get_absolute_url() in body
    for role in hidden_roles:
        assert role.title_en not in body


def test_the_sitemap_lists_published_roles_and_active_enterprises(client, hidden_roles):
    published = PublishedRoleFactory()
    inactive = EnterpriseFactory(is_active=False)

    body = client.get("/sitemap.xml").content.decode()

    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in body
    assert f"http://testserver/zh-hans{published.get_absolute_url()}" in body
    assert f"<loc>http://testserver/enterprises/{published.enterprise.slug}/</loc>" in body
    assert f"/enterprises/{inactive.slug}/" not in body
    for role in hidden_roles:
        assert role.get_absolute_url() not in body


def test_an_enterprise_page_lists_its_published_roles_only(client):
    role = PublishedRoleFactory(title_en="Visible role")
    PendingRoleFactory(enterprise=role.enterprise, title_en="Hidden pending")

    response = client.get(f"/enterprises/{role.enterprise.slug}/")

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Visible role" in body
    assert "Hidden pending" not in body


def test_an_inactive_enterprise_page_is_a_404(client):
    enterprise = EnterpriseFactory(is_active=False)

    assert client.get(f"/enterprises/{enterprise.slug}/").status_code == HTTPStatus.NOT_FOUND


# ------------------------------------------------------------------------------
# Search and filters (the substring search works on every database)
# ------------------------------------------------------------------------------
def test_search_finds_a_role_by_an_english_word(client):
    PublishedRoleFactory(title_en="Speech Recognition Engineer")
    PublishedRoleFactory(title_en="Robot Control Engineer")

    assert _titles(_board(client, q="speech")) == {"Speech Recognition Engineer"}


def test_search_finds_a_role_by_a_chinese_word(client):
    PublishedRoleFactory(title_en="Multimodal Engineer", title_zh="多模态大模型算法工程师")
    PublishedRoleFactory(title_en="Speech Engineer", title_zh="语音识别工程师")

    assert _titles(_board(client, q="多模态")) == {"Multimodal Engineer"}


def test_search_finds_roles_by_enterprise_name(client):
    PublishedRoleFactory(title_en="Role at Aurora", enterprise__name_en="Aurora Models")
    PublishedRoleFactory(title_en="Elsewhere", enterprise__name_en="Huangpu Robotics")

    assert _titles(_board(client, q="Aurora")) == {"Role at Aurora"}


def test_search_finds_roles_by_the_enterprises_chinese_name(client):
    PublishedRoleFactory(title_en="Role at Aurora", enterprise__name_zh="曙光基础模型")
    PublishedRoleFactory(title_en="Elsewhere", enterprise__name_zh="黄浦具身机器人")

    assert _titles(_board(client, q="曙光")) == {"Role at Aurora"}


def test_search_with_several_words_needs_each_of_them(client):
    PublishedRoleFactory(title_en="A", title_zh="多模态研究员", enterprise__name_en="Aurora")
    PublishedRoleFactory(title_en="B", title_zh="多模态工程师", enterprise__name_en="Huangpu")
    PublishedRoleFactory(title_en="C", title_zh="语音工程师", enterprise__name_en="Aurora")

    assert _titles(_board(client, q="Aurora 多模态")) == {"A"}


def test_search_never_shows_a_hidden_role(client, hidden_roles):
    assert _titles(_board(client, q="Hidden")) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"specialty": "multimodal"}, {"Multimodal"}),
        ({"employment_type": "internship"}, {"Intern"}),
        ({"seniority": "senior"}, {"Multimodal"}),
        ({"sponsorship": "on"}, {"Multimodal"}),
        ({"min_salary": "800000"}, {"Multimodal"}),
        ({"remote": "remote"}, {"Intern"}),
    ],
)
def test_each_filter_narrows_the_board(client, params, expected):
    PublishedRoleFactory(
        title_en="Multimodal",
        specialties=["multimodal", "computer_vision"],
        seniority="senior",
        sponsors_visa=True,
        salary_min=600_000,
        salary_max=900_000,
    )
    PublishedRoleFactory(
        title_en="Intern",
        specialties=["speech"],
        employment_type="internship",
        seniority="intern",
        remote_policy="remote",
        salary_min=60_000,
        salary_max=90_000,
    )

    assert _titles(_board(client, **params)) == expected


def test_the_enterprise_filter_takes_a_slug(client):
    role = PublishedRoleFactory(title_en="Ours")
    PublishedRoleFactory(title_en="Theirs")

    assert _titles(_board(client, enterprise=role.enterprise.slug)) == {"Ours"}


def test_an_invalid_filter_is_ignored_not_an_error(client):
    PublishedRoleFactory(title_en="Visible role")

    response = _board(client, min_salary="lots", specialty="alchemy", page="x")

    assert _titles(response) == {"Visible role"}


def test_sorting_by_date_puts_the_newest_first(client):
    now = timezone.now()
    PublishedRoleFactory(title_en="Older", published_at=now - timedelta(days=3))
    PublishedRoleFactory(title_en="Newer", published_at=now)

    roles = _board(client, sort="date").context["roles"]

    assert [role.title_en for role in roles] == ["Newer", "Older"]


def test_the_board_is_paginated(client):
    PublishedRoleFactory.create_batch(25)

    first = _board(client)
    second = _board(client, page=2)

    assert len(first.context["roles"]) == 20
    assert len(second.context["roles"]) == 5
    assert "page=2" in first.content.decode()


def test_the_board_query_count_does_not_grow_with_roles(client, django_assert_max_num_queries):
    PublishedRoleFactory.create_batch(3)
    with django_assert_max_num_queries(4) as few:
        _board(client)
    PublishedRoleFactory.create_batch(40, specialties=["multimodal", "speech"])

    with django_assert_max_num_queries(len(few.captured_queries)):
        _board(client, q="Engineer", specialty="multimodal")


def test_the_directory_query_count_does_not_grow_with_enterprises(
    client, django_assert_max_num_queries
):
    for _ in range(30):
        PublishedRoleFactory()

    with django_assert_max_num_queries(3):
        response = client.get("/enterprises/")

    assert response.status_code == HTTPStatus.OK


def test_the_role_page_and_feed_have_constant_queries(client, django_assert_max_num_queries):
    role = PublishedRoleFactory()
    PublishedRoleFactory.create_batch(20)

    with django_assert_max_num_queries(2):
        client.get(role.get_absolute_url())
    with django_assert_max_num_queries(2):
        client.get("/jobs/feed/")


# ------------------------------------------------------------------------------
# The directory
# ------------------------------------------------------------------------------
def test_the_directory_filters_by_phase_focus_and_name_in_either_language(client):
    EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="曙光基础模型", phase=1)
    EnterpriseFactory(
        name_en="Huangpu Embodied Robotics",
        name_zh="黄浦具身机器人",
        phase=2,
        focus_areas=["embodied_ai"],
    )

    def names(**params):
        response = client.get("/enterprises/", params)
        return {enterprise.name_en for enterprise in response.context["enterprises"]}

    assert names(phase="2") == {"Huangpu Embodied Robotics"}
    assert names(focus="embodied_ai") == {"Huangpu Embodied Robotics"}
    assert names(q="aurora") == {"Aurora Foundation Models"}
    assert names(q="具身") == {"Huangpu Embodied Robotics"}


def test_the_directory_counts_open_roles(client):
    role = PublishedRoleFactory()
    PublishedRoleFactory(enterprise=role.enterprise)
    PendingRoleFactory(enterprise=role.enterprise)

    enterprise = client.get("/enterprises/").context["enterprises"][0]

    assert enterprise.open_roles == 2


def test_the_enterprise_page_shows_the_chinese_name_first_in_chinese(client):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="曙光基础模型")

    body = client.get(f"/zh-hans/enterprises/{enterprise.slug}/").content.decode()

    assert re.search(r"<h1[^>]*>曙光基础模型</h1>", body)


# ------------------------------------------------------------------------------
# The role page
# ------------------------------------------------------------------------------
def test_the_role_page_carries_a_job_posting_json_ld(client):
    role = PublishedRoleFactory(
        title_en="Multimodal Researcher",
        description_en="Research on <vision> & language.",
        employment_type=Role.EmploymentType.FULL_TIME,
        salary_min=600_000,
        salary_max=900_000,
        enterprise__name_en="Aurora Foundation Models",
    )

    body = client.get(role.get_absolute_url()).content.decode()

    data = json.loads(JSON_LD.search(body).group(1))
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Multimodal Researcher"
    assert data["description"] == "Research on <vision> & language."
    assert data["datePosted"] == timezone.localdate().isoformat()
    assert data["validThrough"].startswith(role.deadline.isoformat())
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"]["name"] == "Aurora Foundation Models"
    assert data["jobLocation"]["address"]["addressCountry"] == "CN"
    assert data["baseSalary"]["currency"] == "CNY"
    assert data["baseSalary"]["value"]["minValue"] == 600_000
    assert data["baseSalary"]["value"]["maxValue"] == 900_000
    assert data["directApply"] is True


def test_the_json_ld_cannot_close_its_script_element(client):
    role = PublishedRoleFactory(description_en="</script><script>alert(1)</script>")

    body = client.get(role.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in body
    assert json.loads(JSON_LD.search(body).group(1))["description"] == role.description


def test_the_json_ld_has_no_salary_when_none_is_given(client):
    role = PublishedRoleFactory(salary_min=None, salary_max=None)

    body = client.get(role.get_absolute_url()).content.decode()

    assert "baseSalary" not in json.loads(JSON_LD.search(body).group(1))


def test_the_role_page_shows_the_salary_and_the_apply_button(client):
    role = PublishedRoleFactory(salary_min=600_000, salary_max=900_000, sponsors_visa=True)

    body = client.get(role.get_absolute_url()).content.decode()

    assert "CNY 600,000–900,000 a year" in body
    assert f'href="{role.get_absolute_url()}apply/"' in body
    assert "The enterprise sponsors the work permit" in body


def test_the_role_page_is_served_in_chinese(client):
    role = PublishedRoleFactory(title_en="Multimodal Researcher", title_zh="多模态研究员")

    body = client.get(f"/zh-hans/jobs/{role.slug}/").content.decode()

    assert re.search(r"<h1[^>]*>多模态研究员</h1>", body)


# ------------------------------------------------------------------------------
# PostgreSQL full-text search
# ------------------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_search_stems_english_words(client):
    PublishedRoleFactory(title_en="Speech Recognition Engineer", description_en="Models.")
    PublishedRoleFactory(title_en="Robot Control Engineer", description_en="Robots.")

    assert _titles(_board(client, q="speech engineers")) == {"Speech Recognition Engineer"}


@pytest.mark.postgres
def test_postgres_search_ranks_a_title_match_above_a_description_match(client):
    PublishedRoleFactory(title_en="Data Engineer", description_en="We love multimodal data.")
    PublishedRoleFactory(title_en="Multimodal Researcher", description_en="Research.")

    roles = _board(client, q="multimodal").context["roles"]

    assert [role.title_en for role in roles] == ["Multimodal Researcher", "Data Engineer"]


@pytest.mark.postgres
def test_postgres_search_finds_chinese_titles_and_enterprise_names(client):
    PublishedRoleFactory(title_en="A", title_zh="多模态大模型算法工程师")
    PublishedRoleFactory(
        title_en="B", title_zh="语音识别工程师", enterprise__name_zh="曙光基础模型"
    )
    PublishedRoleFactory(title_en="C", title_zh="推荐算法工程师")

    assert _titles(_board(client, q="多模态")) == {"A"}
    assert _titles(_board(client, q="曙光")) == {"B"}
    assert _titles(_board(client, q="算法工程师")) == {"A", "C"}


@pytest.mark.postgres
def test_postgres_search_finds_an_enterprise_name_and_follows_renames(client):
    role = PublishedRoleFactory(title_en="Engineer", enterprise__name_en="Aurora Models")
    from enterprises import actions

    assert _titles(_board(client, q="aurora")) == {"Engineer"}
    actions.update_enterprise(
        enterprise=role.enterprise, by=OfficerFactory(), changes={"name_en": "Dawnlight Models"}
    )

    assert _titles(_board(client, q="dawnlight")) == {"Engineer"}
    assert _titles(_board(client, q="aurora")) == set()


@pytest.mark.postgres
def test_postgres_has_the_search_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'enterprises_role'"
        )
        indexes = dict(cursor.fetchall())

    assert "gin (search_vector)" in indexes["role_search_vector_gin"]
    assert "gin_trgm_ops" in indexes["role_title_zh_trgm"]


@pytest.mark.postgres
def test_postgres_search_tolerates_query_syntax(client):
    PublishedRoleFactory(title_en="Speech Engineer")

    for query in ['"speech', "speech & | !", "-", "or", "()"]:
        assert _board(client, q=query).status_code == HTTPStatus.OK
