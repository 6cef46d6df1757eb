"""Applications across all enterprises, read-only for officers, with filters and links."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from talent.models import Application
from tests.factories import OfficerFactory
from westbund.education import C9University
from westbund.taxonomy import Specialty

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:talent_application_changelist")


@pytest.fixture
def officer_client(client, sign_in_officer):
    return sign_in_officer(client, OfficerFactory())


@pytest.fixture
def applications():
    """Two applications that differ in every filtered respect."""
    first = ApplicationFactory(
        profile=ApplyingProfileFactory(
            full_name="Fudan Fay",
            university_code=C9University.FUDAN,
            specialties=[Specialty.NLP],
        ),
        role__title_en="NLP researcher",
        stage=Application.Stage.INTERVIEW,
    )
    second = ApplicationFactory(
        profile=ApplyingProfileFactory(
            full_name="Other Oscar",
            university_code="",
            university_other="TU Munich",
            specialties=[Specialty.SPEECH],
        ),
        role__title_en="Speech engineer",
    )
    return first, second


def _listed(client, query=""):
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_list_links_each_application_to_its_profile_and_role(officer_client, applications):
    first, _second = applications

    body = _listed(officer_client)

    assert reverse("admin:talent_talentprofile_change", args=[first.profile_id]) in body
    assert reverse("admin:enterprises_role_change", args=[first.role_id]) in body
    assert f'href="?role={first.role_id}"' in body
    assert first.enterprise.name_en in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("stage__exact=interview", "Fudan Fay", "Other Oscar"),
        ("c9=yes", "Fudan Fay", "Other Oscar"),
        ("c9=no", "Other Oscar", "Fudan Fay"),
        ("specialty=speech", "Other Oscar", "Fudan Fay"),
        ("q=oscar", "Other Oscar", "Fudan Fay"),
    ],
)
def test_each_filter_narrows_the_applications(officer_client, applications, query, shown, hidden):
    body = _listed(officer_client, query)

    assert shown in body
    assert hidden not in body


def test_the_enterprise_and_role_filters_narrow_to_one(officer_client, applications):
    first, second = applications

    by_enterprise = _listed(officer_client, f"enterprise__id__exact={second.enterprise_id}")
    by_role = _listed(officer_client, f"role={first.role_id}")

    assert "Other Oscar" in by_enterprise and "Fudan Fay" not in by_enterprise
    assert "Fudan Fay" in by_role and "Other Oscar" not in by_role
    assert "NLP researcher" in by_role  # the chosen role is named in the sidebar


def test_the_profile_link_lists_the_persons_applications_only(officer_client, applications):
    first, _second = applications

    body = _listed(officer_client, f"profile__id__exact={first.profile_id}")

    assert "Fudan Fay" in body
    assert "Other Oscar" not in body


def test_an_anonymised_application_is_listed_as_a_former_applicant(officer_client):
    from django.utils import timezone

    application = ApplicationFactory()
    type(application).objects.filter(pk=application.pk).update(
        profile=None, anonymised_at=timezone.now()
    )

    assert "Former applicant" in _listed(officer_client)


def test_an_officer_reads_an_application_but_cannot_change_or_delete_it(
    officer_client, applications
):
    first, _second = applications
    url = reverse("admin:talent_application_change", args=[first.pk])

    page = officer_client.get(url)

    assert page.status_code == HTTPStatus.OK
    assert 'name="stage"' not in page.content.decode()
    assert officer_client.post(url, {"stage": "hired"}).status_code == HTTPStatus.FORBIDDEN
    delete = reverse("admin:talent_application_delete", args=[first.pk])
    assert officer_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    first.refresh_from_db()
    assert first.stage == Application.Stage.INTERVIEW
