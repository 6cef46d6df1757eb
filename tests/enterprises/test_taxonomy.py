"""The shared AI specialty taxonomy, stored as a JSON list of codes."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise, Role
from westbund.taxonomy import Specialty, specialty_labels, validate_specialties

from .factories import EnterpriseFactory, PublishedRoleFactory

pytestmark = pytest.mark.django_db


def test_known_codes_are_valid():
    validate_specialties([Specialty.MULTIMODAL, Specialty.AI_SAFETY])


@pytest.mark.parametrize("value", [["alchemy"], ["speech", "speech"], "speech", [1]])
def test_unknown_repeated_or_malformed_codes_are_refused(value):
    with pytest.raises(ValidationError):
        validate_specialties(value)


def test_labels_follow_the_taxonomy_order():
    assert specialty_labels(["ai_product", "llm_pretraining"]) == [
        "LLM pre-training",
        "AI product",
    ]


def test_a_model_refuses_an_unknown_specialty_on_full_clean():
    enterprise = EnterpriseFactory.build(focus_areas=["alchemy"])

    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()

    assert "focus_areas" in error.value.message_dict


def test_filtering_by_specialty_matches_whole_codes_only():
    PublishedRoleFactory(title_en="AI", specialties=["ai_infra"])
    PublishedRoleFactory(title_en="Safety", specialties=["ai_safety", "speech"])
    EnterpriseFactory(name_en="Infra Co", focus_areas=["ai_infra"])

    assert [r.title_en for r in Role.objects.with_specialty("ai_safety")] == ["Safety"]
    assert [r.title_en for r in Role.objects.with_specialty("ai_infra")] == ["AI"]
    assert [e.name_en for e in Enterprise.objects.with_focus("ai_infra")] == ["Infra Co"]
