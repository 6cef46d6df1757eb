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
