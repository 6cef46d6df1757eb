"""The review queue in the admin: what officers see, filter and search, and the profile
page with everything on one screen."""

import re
from datetime import UTC
from http import HTTPStatus

import pytest
from django.urls import reverse

from talent.models import ProfileOfficerNote, TalentProfile
from tests.factories import OfficerFactory
from westbund.education import C9University, Degree
from westbund.taxonomy import Specialty

from .factories import (
    ApplicationFactory,
    CompleteProfileFactory,
    InReviewProfileFactory,
    SubmittedProfileFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:talent_talentprofile_changelist")


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def officer_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


def _listed(client, query=""):
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


# -- The list --------------------------------------------------------------------------------


def test_the_queue_shows_what_a_reviewer_needs(officer_client, officer):
    SubmittedProfileFactory(
        full_name="Li Wei",
        nationality="SG",
        highest_degree=Degree.PHD,
        university_code=C9University.TSINGHUA,
        specialties=[Specialty.NLP],
        years_of_experience=7,
        assigned_officer=officer,
    )

    body = _listed(officer_client)

    for shown in (
        "Li Wei",
        "Singapore",
        "Doctorate (PhD)",
        "Tsinghua University",
        '<strong class="c9-badge">C9</strong>',
        "Natural language processing",
        "7",
        "Submitted",
        str(officer),
    ):
        assert shown in body


def test_the_queue_puts_the_longest_waiting_first_and_drafts_last(officer_client):
    """Issue 17: officers work the queue from whoever has waited longest."""
    from datetime import timedelta

    from django.utils import timezone

    CompleteProfileFactory(full_name="Draft Dora")
    SubmittedProfileFactory(full_name="Older Olga", submitted_at=timezone.now() - timedelta(2))
    SubmittedProfileFactory(full_name="Newer Nina", submitted_at=timezone.now())

    body = _listed(officer_client)

    assert body.index("Older Olga") < body.index("Newer Nina") < body.index("Draft Dora")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("review_state__exact=in_review", "In Review Ian", "Submitted Sam"),
        ("c9=yes", "Submitted Sam", "Other Otto"),
        ("c9=no", "Other Otto", "Submitted Sam"),
        ("highest_degree__exact=phd", "Other Otto", "Submitted Sam"),
        ("specialty=speech", "Other Otto", "Submitted Sam"),
        ("nationality=DE", "Other Otto", "Submitted Sam"),
        ("sponsorship=yes", "Other Otto", "Submitted Sam"),
        ("sponsorship=no", "Submitted Sam", "Other Otto"),
        ("officer=none", "Submitted Sam", "In Review Ian"),
        ("mine=yes", "In Review Ian", "Submitted Sam"),
        ("mine=waiting", "In Review Ian", "Verified Vic"),
    ],
)
def test_each_filter_narrows_the_queue(officer_client, officer, query, shown, hidden):
    SubmittedProfileFactory(full_name="Submitted Sam")
    InReviewProfileFactory(full_name="In Review Ian", assigned_officer=officer)
    VerifiedProfileFactory(full_name="Verified Vic", assigned_officer=officer)
    SubmittedProfileFactory(
        full_name="Other Otto",
        nationality="DE",
        university_code="",
        university_other="TU Munich",
        highest_degree=Degree.PHD,
        specialties=[Specialty.SPEECH],
        needs_visa_sponsorship=True,
    )

    body = _listed(officer_client, query)

    assert shown in body
    assert hidden not in body


def test_the_officer_filter_lists_the_officers_and_narrows_to_one(officer_client):
    colleague = OfficerFactory(display_name="Colleague Chen")
    SubmittedProfileFactory(full_name="Case of Chen", assigned_officer=colleague)
    SubmittedProfileFactory(full_name="Case of Nobody")

    assert "Colleague Chen" in _listed(officer_client)
    body = _listed(officer_client, f"officer={colleague.pk}")

    assert "Case of Chen" in body
    assert "Case of Nobody" not in body


@pytest.mark.parametrize(
    ("term", "match"),
    [
        ("wei", "Li Wei"),
        ("李", "Li Wei"),
        ("tsinghua", "Li Wei"),
        ("清华", "Li Wei"),
        ("jax", "Li Wei"),
        ("LI.WEI@EXAMPLE.COM", "Li Wei"),
        ("munich", "Otto Other"),
    ],
)
def test_search_finds_by_name_university_skill_or_email(officer_client, term, match):
    from tests.factories import UserFactory

    SubmittedProfileFactory(
        full_name="Li Wei",
        name_zh="李伟",
        user=UserFactory(email="li.wei@example.com"),
        university_code=C9University.TSINGHUA,
        skills="JAX, RLHF",
    )
    SubmittedProfileFactory(
        full_name="Otto Other", university_code="", university_other="TU Munich"
    )

    body = _listed(officer_client, f"q={term}")

    assert match in body
    other = {"Li Wei", "Otto Other"} - {match}
    assert other.pop() not in body


def test_a_part_of_an_email_address_finds_nobody(officer_client):
    SubmittedProfileFactory(full_name="Li Wei")

    assert "Li Wei" not in _listed(officer_client, "q=@example.com")


def test_the_date_hierarchy_narrows_by_submission(officer_client):
    from datetime import datetime

    SubmittedProfileFactory(full_name="Early", submitted_at=datetime(2025, 3, 1, tzinfo=UTC))
    SubmittedProfileFactory(full_name="Late", submitted_at=datetime(2026, 3, 1, tzinfo=UTC))

    body = _listed(officer_client, "submitted_at__year=2026")

    assert "Late" in body
    assert "Early" not in body


def test_the_date_bar_is_kept_per_officer_and_filter(client, sign_in_officer):
    """The date bar's months are cached (a DISTINCT over every profile): never one
    officer's "assigned to me" months shown to another, nor one filter's to another."""
    from datetime import datetime

    first, second = OfficerFactory(), OfficerFactory()
    SubmittedProfileFactory(assigned_officer=first, submitted_at=datetime(2025, 3, 1, tzinfo=UTC))
    SubmittedProfileFactory(assigned_officer=second, submitted_at=datetime(2026, 7, 1, tzinfo=UTC))

    sign_in_officer(client, first)
    assert "submitted_at__year=2025" in _listed(client, "mine=yes")
    sign_in_officer(client, second)
    mine = _listed(client, "mine=yes")
    assert "submitted_at__year=2025" not in mine
    assert "submitted_at__month=7" in mine or "submitted_at__year=2026" in mine
    everyone = _listed(client)
    assert "submitted_at__year=2025" in everyone and "submitted_at__year=2026" in everyone


def test_a_nationality_new_to_the_queue_is_offered_by_its_filter_at_once(officer_client):
    SubmittedProfileFactory(nationality="SG")
    assert "nationality=SG" in _listed(officer_client)  # the set is now cached
    assert "nationality=KE" not in _listed(officer_client)

    SubmittedProfileFactory(nationality="KE")

    assert "nationality=KE" in _listed(officer_client)


# -- The profile page ------------------------------------------------------------------------


def _page(client, profile):
    response = client.get(reverse("admin:talent_talentprofile_change", args=[profile.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_profile_page_shows_the_profile_readably_with_its_cv(officer_client):
    profile = SubmittedProfileFactory(
        full_name="Li Wei", name_zh="李伟", skills="JAX, RLHF", needs_work_permit=True
    )

    body = _page(officer_client, profile)

    assert "Li Wei 李伟" in body
    assert "Fudan University (C9)" in body
    assert "JAX, RLHF" in body
    assert "needs a work permit" in body
    assert reverse("talent:cv_download", args=[profile.current_cv_id]) in body


def test_the_profile_page_shows_the_latest_twenty_applications_and_links_to_all(officer_client):
    profile = ApplicationFactory().profile
    for _ in range(21):
        ApplicationFactory(profile=profile)
    oldest = profile.applications.order_by("created_at", "id").first()

    body = _page(officer_client, profile)

    assert len(re.findall(r'href="/admin/talent/application/\d+/change/"', body)) == 20
    assert reverse("admin:talent_application_change", args=[oldest.pk]) not in body
    assert f"/admin/talent/application/?profile__id__exact={profile.pk}" in body


def test_the_profile_page_shows_the_review_history(officer_client, officer, mailoutbox):
    from talent import actions

    profile = SubmittedProfileFactory()
    actions.decide_review(
        profile=profile,
        by=officer,
        decision=TalentProfile.ReviewState.CHANGES_REQUESTED,
        message="Add X.",
    )

    body = _page(officer_client, profile)

    assert "Review history" in body
    assert "Add X." in body


def test_an_officer_adds_an_internal_note_signed_with_their_name(officer_client, officer):
    from django.forms.models import model_to_dict

    profile = SubmittedProfileFactory()
    page = officer_client.get(reverse("admin:talent_talentprofile_change", args=[profile.pk]))
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in model_to_dict(profile, fields=form.fields.keys()).items()
        if value is not None
    }
    data["specialties"] = profile.specialties
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    data["officer_notes-0-body"] = "Strong publication record; check the visa."

    response = officer_client.post(
        reverse("admin:talent_talentprofile_change", args=[profile.pk]), data
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    note = ProfileOfficerNote.objects.get(profile=profile)
    assert (note.author, note.body) == (officer, "Strong publication record; check the visa.")
    assert "Strong publication record" in _page(officer_client, profile)


def test_a_note_cannot_be_changed_or_deleted_by_an_officer(officer_client, officer):
    profile = SubmittedProfileFactory()
    ProfileOfficerNote.objects.create(profile=profile, author=officer, body="First look: good.")

    body = _page(officer_client, profile)

    assert "First look: good." in body
    assert 'name="officer_notes-0-body"' not in body  # shown, not editable
    assert 'name="officer_notes-0-DELETE"' not in body


def test_notes_are_in_the_professionals_data_export_without_the_officer_name(officer):
    from westbund.privacy.registry import sections

    profile = SubmittedProfileFactory()
    ProfileOfficerNote.objects.create(profile=profile, author=officer, body="Check the visa.")

    notes = sections()["hub_notes"](profile.user)

    assert [(note["by"], note["note"]) for note in notes] == [("hub officer", "Check the visa.")]


def test_notes_are_never_shown_to_the_professional(client):
    profile = SubmittedProfileFactory()
    ProfileOfficerNote.objects.create(profile=profile, body="Internal: check the visa.")
    client.force_login(profile.user)

    for name in ("talent:me", "talent:profile_edit"):
        assert "Internal: check the visa." not in client.get(reverse(name)).content.decode()


def test_the_owner_of_a_profile_cannot_be_changed_on_its_page(officer_client):
    profile = SubmittedProfileFactory()

    body = _page(officer_client, profile)

    assert 'name="user"' not in body


def test_an_officer_cannot_delete_a_profile_from_the_queue(officer_client):
    SubmittedProfileFactory()

    body = _listed(officer_client)

    assert 'value="delete_selected"' not in body
