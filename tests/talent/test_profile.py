from http import HTTPStatus

import pytest
from django.urls import reverse

from talent.models import TalentProfile
from tests.factories import UserFactory
from westbund.privacy.models import Consent, ConsentKind

from .factories import (
    CompleteProfileFactory,
    InReviewProfileFactory,
    TalentProfileFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("talent:profile_edit")


def profile_data(**overrides):
    data = {
        "full_name": "Lin Wei",
        "name_zh": "林伟",
        "nationality": "CN",
        "current_city": "Shanghai",
        "phone": "+86 138 0013 8000",
        "languages": "Mandarin, English",
        "highest_degree": "master",
        "university": "fudan",
        "university_other": "",
        "field_of_study": "Computer science",
        "graduation_year": "2021",
        "years_of_experience": "5",
        "current_employer": "Yangpu Vision Lab",
        "current_title": "Research engineer",
        "specialties": ["multimodal", "llm_pretraining"],
        "skills": "PyTorch, RLHF",
        "github_url": "https://github.com/linwei",
        "scholar_url": "https://scholar.google.com/citations?user=abc",
        "website_url": "https://linwei.example",
        "needs_work_permit": "",
        "needs_visa_sponsorship": "",
        "availability": "one_month",
        "consent_processing": "on",
        "consent_sharing": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def professional(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_valid_profile_is_saved_with_its_consent(client, professional):
    response = client.post(PROFILE_URL, profile_data())
    assert response.status_code == HTTPStatus.FOUND
    profile = TalentProfile.objects.get(user=professional)
    assert profile.university_code == "fudan"
    assert profile.is_c9
    assert profile.specialties == ["multimodal", "llm_pretraining"]
    assert str(profile.phone) == "+8613800138000"
    assert Consent.objects.filter(
        user=professional, kind=ConsentKind.PROFILE_PROCESSING, withdrawn_at=None
    ).exists()
    assert not Consent.objects.filter(user=professional, kind=ConsentKind.SHARE_WITH_ENTERPRISES)


def test_missing_full_name_is_refused_and_nothing_saved(client, professional):
    response = client.post(PROFILE_URL, profile_data(full_name=""))
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.content.decode()
    assert not TalentProfile.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a valid phone number"),
        ("graduation_year", "1890", "Enter a year between 1950"),
        ("years_of_experience", "99", "less than or equal to 60"),
        ("github_url", "https://evil.example/linwei", "GitHub page"),
        ("scholar_url", "https://scholar.evil.example/x", "Google Scholar profile"),
        ("website_url", "javascript:alert(1)", "starts with https:// or http://"),
        ("specialties", ["telepathy"], "Select a valid choice"),
        ("full_name", "x" * 121, "at most 120 characters"),
        ("skills", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, professional, field, value, message):
    response = client.post(PROFILE_URL, profile_data(**{field: value}))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert not TalentProfile.objects.exists()


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, professional):
    hostile = '<script>alert("x")</script>'
    client.post(PROFILE_URL, profile_data(full_name=hostile, current_city=hostile))
    assert TalentProfile.objects.get(user=professional).full_name == hostile
    for url in (reverse("talent:me"), PROFILE_URL):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;" in body


def test_unicode_names_are_kept(client, professional):
    client.post(PROFILE_URL, profile_data(full_name="Zoë Ñúñez-Łukasz 🚀", name_zh="林伟𠀀"))
    profile = TalentProfile.objects.get(user=professional)
    assert profile.full_name == "Zoë Ñúñez-Łukasz 🚀"
    assert "Zoë Ñúñez-Łukasz 🚀" in client.get(reverse("talent:me")).content.decode()


def test_other_university_needs_its_name(client, professional):
    response = client.post(PROFILE_URL, profile_data(university="other", university_other=""))
    assert "Type the name of your university." in response.content.decode()
    assert not TalentProfile.objects.exists()


def test_other_university_is_stored_as_typed_and_not_c9(client, professional):
    client.post(PROFILE_URL, profile_data(university="other", university_other="Tongji University"))
    profile = TalentProfile.objects.get(user=professional)
    assert (profile.university_code, profile.university_other) == ("", "Tongji University")
    assert not profile.is_c9


def test_c9_choice_clears_a_typed_university(client, professional):
    client.post(PROFILE_URL, profile_data(university="zju", university_other="Somewhere"))
    profile = TalentProfile.objects.get(user=professional)
    assert (profile.university_code, profile.university_other) == ("zju", "")


def test_form_lists_the_nine_c9_universities():
    from talent.forms import TalentProfileForm

    form = TalentProfileForm(instance=TalentProfile())
    groups = dict(form.fields["university"].choices[1:])
    assert len(next(iter(groups.values()))) == 9


def test_unticking_a_consent_withdraws_it(client, professional):
    client.post(PROFILE_URL, profile_data(consent_sharing="on"))
    client.post(PROFILE_URL, profile_data(consent_sharing=""))
    sharing = Consent.objects.get(user=professional, kind=ConsentKind.SHARE_WITH_ENTERPRISES)
    assert sharing.withdrawn_at is not None


def test_certified_fields_are_locked_while_in_review(client):
    profile = InReviewProfileFactory(full_name="Original Name")
    client.force_login(profile.user)
    client.post(PROFILE_URL, profile_data(full_name="New Name", current_city="Hangzhou"))
    profile.refresh_from_db()
    assert profile.full_name == "Original Name"
    assert profile.current_city == "Hangzhou"
    assert profile.review_state == TalentProfile.ReviewState.IN_REVIEW


def test_editing_a_certified_field_of_a_verified_profile_sends_it_back_for_review(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    client.post(PROFILE_URL, profile_data(full_name=profile.full_name, university="pku"))
    profile.refresh_from_db()
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
    event = profile.history.get()
    assert (event.from_state, event.to_state, event.cause) == (
        "verified",
        "submitted",
        "certified_changed",
    )


def test_editing_contact_details_of_a_verified_profile_keeps_it_verified(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    data = profile_data(full_name=profile.full_name, phone="+86 139 1234 5678")
    data.update(
        name_zh="",
        university="fudan",
        graduation_year="2020",
        field_of_study=profile.field_of_study,
        highest_degree=profile.highest_degree,
        specialties=profile.specialties,
    )
    client.post(PROFILE_URL, data)
    profile.refresh_from_db()
    assert str(profile.phone) == "+8613912345678"
    assert profile.review_state == TalentProfile.ReviewState.VERIFIED


def test_completeness_lists_what_is_missing():
    profile = TalentProfileFactory(full_name="Lin Wei")
    completeness = profile.completeness()
    assert not completeness.is_complete
    assert 0 < completeness.percent < 20
    assert "CV" in [str(item) for item in completeness.missing]
    assert "Full name" not in [str(item) for item in completeness.missing]


def test_complete_profile_is_100_percent():
    completeness = CompleteProfileFactory().completeness()
    assert (completeness.percent, completeness.missing) == (100, [])


def test_me_prompts_onboarding_without_a_profile(client, professional):
    body = client.get(reverse("talent:me")).content.decode()
    assert "Start my profile" in body
    assert professional.email in body


def test_me_shows_the_meter_and_what_is_missing(client):
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    body = client.get(reverse("talent:me")).content.decode()
    assert "<progress" in body
    assert "Still missing:" in body
    assert "Graduation year" in body


def test_me_is_in_chinese_under_the_prefix(client):
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    body = client.get("/zh-hans/me/").content.decode()
    assert "资料完整度" in body or "还缺" in body


def test_me_query_count_does_not_grow_with_history(client, django_assert_max_num_queries):
    from talent import actions

    from .factories import OfficerFactory

    profile = CompleteProfileFactory()
    officer = OfficerFactory()
    for _round in range(4):
        actions.submit_profile_for_review(profile=profile, by=profile.user)
        actions.decide_review(
            profile=profile, by=officer, decision="changes_requested", message="More please."
        )
    client.force_login(profile.user)
    # 14, whatever the history: the navbar's workspaces (issue 17), and since the
    # international-talent work the person's officers (assigned and account officer,
    # with their directory entry) and their apartment application. Issue 16 cuts these.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("talent:me"))
    assert response.status_code == HTTPStatus.OK


def test_database_keeps_one_active_consent_per_kind():
    from django.db import IntegrityError, transaction

    profile = CompleteProfileFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(user=profile.user, kind=ConsentKind.PROFILE_PROCESSING)


def test_database_refuses_two_universities_at_once():
    from django.db import IntegrityError, transaction

    profile = TalentProfileFactory(university_code="fudan")
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentProfile.objects.filter(pk=profile.pk).update(university_other="Tongji")
