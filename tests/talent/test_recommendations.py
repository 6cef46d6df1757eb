"""Recommended roles on /me/."""

import pytest
from django.urls import reverse

from talent.matching import recommended_roles
from tests.enterprises.factories import DraftRoleFactory, PublishedRoleFactory

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return ApplyingProfileFactory(
        specialties=["multimodal", "computer_vision"], skills="PyTorch, CUDA"
    )


def test_roles_are_ranked_by_shared_specialties_and_skills(profile):
    best = PublishedRoleFactory(
        title_en="Best", specialties=["multimodal", "computer_vision"], requirements="PyTorch"
    )
    good = PublishedRoleFactory(title_en="Good", specialties=["multimodal"], requirements="Go")
    weak = PublishedRoleFactory(title_en="Weak", specialties=["speech"], requirements="CUDA")
    PublishedRoleFactory(title_en="None", specialties=["speech"], requirements="Java")
    DraftRoleFactory(title_en="Draft", specialties=["multimodal"])
    ranked = recommended_roles(profile)
    assert [item.role for item in ranked] == [best, good, weak]
    assert ranked[0].matches == ["Multimodal", "Computer vision", "PyTorch"]


def test_roles_already_applied_to_are_left_out(profile):
    role = PublishedRoleFactory(specialties=["multimodal"])
    ApplicationFactory(profile=profile, role=role)
    assert recommended_roles(profile) == []


def test_me_page_shows_a_one_line_reason(client, profile):
    PublishedRoleFactory(
        title_en="VLM Engineer", specialties=["multimodal"], requirements="PyTorch"
    )
    client.force_login(profile.user)
    body = client.get(reverse("talent:me")).content.decode()
    assert "VLM Engineer" in body
    assert "matches: Multimodal, PyTorch" in body


def test_a_role_applied_to_after_ranking_leaves_the_recommendations_at_once(profile):
    role = PublishedRoleFactory(specialties=["multimodal"])
    assert [item.role for item in recommended_roles(profile)] == [role]

    ApplicationFactory(profile=profile, role=role)

    assert recommended_roles(profile) == []


def test_a_newly_published_role_is_recommended_at_once(profile):
    first = PublishedRoleFactory(specialties=["multimodal"])
    assert [item.role for item in recommended_roles(profile)] == [first]

    second = PublishedRoleFactory(specialties=["multimodal", "computer_vision"])

    assert [item.role for item in recommended_roles(profile)] == [second, first]


def test_the_ranking_is_reused_between_page_views(profile, django_assert_max_num_queries):
    PublishedRoleFactory.create_batch(3, specialties=["multimodal"])
    recommended_roles(profile)

    with django_assert_max_num_queries(2):
        assert len(recommended_roles(profile)) == 3


def test_two_recommended_roles_of_one_title_are_told_apart(client, profile):
    from enterprises.models import Role

    for seniority, salary in ((Role.Seniority.SENIOR, 600_000), (Role.Seniority.JUNIOR, None)):
        PublishedRoleFactory(
            title_en="VLM Engineer",
            title_zh="视觉语言模型工程师",
            specialties=["multimodal"],
            seniority=seniority,
            salary_min=salary,
            salary_max=salary,
        )
    client.force_login(profile.user)
    body = client.get("/zh-hans/me/").content.decode()
    assert body.count("视觉语言模型工程师</a>") == 2
    assert "高级 · " in body and "初级 · " in body
    assert "600,000" in body
