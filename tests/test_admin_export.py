"""CSV export of the officers' changelists: exactly the filtered and searched rows,
streamed, safe to open in a spreadsheet, for those who may view them, on record."""

import csv
import io
from http import HTTPStatus

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from talent.models import Application
from tests.factories import OfficerFactory, StaffUserFactory
from tests.talent.factories import (
    ApplicationFactory,
    ApplyingProfileFactory,
    CompleteProfileFactory,
    SubmittedProfileFactory,
)
from westbund.education import C9University
from westbund.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

PROFILES_CSV = reverse("admin:talent_talentprofile_export_csv")
APPLICATIONS_CSV = reverse("admin:talent_application_export_csv")


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def officer_client(client, officer, sign_in_officer):
    return sign_in_officer(client, officer)


def _rows(response) -> list[dict]:
    assert response.status_code == HTTPStatus.OK
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_profile_export_streams_a_csv_attachment(officer_client):
    SubmittedProfileFactory()

    response = officer_client.get(PROFILES_CSV)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="talentprofile-')


def test_the_profile_export_has_the_reviewers_columns(officer_client, officer):
    profile = SubmittedProfileFactory(
        full_name="Li Wei", university_code=C9University.FUDAN, assigned_officer=officer
    )

    [row] = _rows(officer_client.get(PROFILES_CSV))

    assert row["Name"] == "Li Wei"
    assert row["E-mail"] == profile.user.email
    assert row["Nationality"] == "China"
    assert row["University"] == "Fudan University"
    assert row["C9 League"] == "yes"
    assert row["AI specialties"] == "LLM pre-training, Multimodal"
    assert row["Review state"] == "Submitted"
    assert row["Assigned officer"] == officer.email
    assert "CV" not in " ".join(row)  # never the CV's contents


def test_the_profile_export_respects_the_filters_and_the_search(officer_client):
    SubmittedProfileFactory(full_name="Wang Fang", university_code=C9University.FUDAN)
    SubmittedProfileFactory(full_name="Wang Other", university_code="", university_other="MIT")
    SubmittedProfileFactory(full_name="Zhou C9", university_code=C9University.FUDAN)
    CompleteProfileFactory(full_name="Wang Draft", university_code=C9University.FUDAN)

    rows = _rows(officer_client.get(f"{PROFILES_CSV}?c9=yes&q=wang&review_state__exact=submitted"))

    assert [row["Name"] for row in rows] == ["Wang Fang"]


def test_the_changelist_links_to_the_export_with_its_filters(officer_client):
    body = officer_client.get(
        reverse("admin:talent_talentprofile_changelist") + "?c9=yes"
    ).content.decode()

    assert 'href="export.csv?c9=yes"' in body


def test_cells_that_look_like_formulas_are_neutralised(officer_client):
    SubmittedProfileFactory(full_name='=HYPERLINK("http://evil.example","x")')

    [row] = _rows(officer_client.get(PROFILES_CSV))

    assert row["Name"].startswith("'=")


def test_the_application_export_respects_the_filters(officer_client):
    ApplicationFactory(
        profile=ApplyingProfileFactory(full_name="In Interview"), stage=Application.Stage.INTERVIEW
    )
    ApplicationFactory(profile=ApplyingProfileFactory(full_name="Just New"))

    rows = _rows(officer_client.get(f"{APPLICATIONS_CSV}?stage__exact=interview"))

    assert [(row["Applicant"], row["Stage"]) for row in rows] == [("In Interview", "Interview")]
    assert set(rows[0]) == {
        "Applicant",
        "E-mail",
        "Role applied to",
        "Enterprise",
        "Stage",
        "Source",
        "Applied",
        "Stage changed",
    }


def test_an_export_is_recorded_with_its_filters(officer_client, officer):
    officer_client.get(f"{PROFILES_CSV}?c9=yes")

    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.details) == (
        officer,
        AuditEvent.Action.CSV_EXPORTED,
        "talent.talentprofile",
        {"query": "c9=yes"},
    )


@pytest.mark.parametrize("url", [PROFILES_CSV, APPLICATIONS_CSV])
def test_a_staff_user_without_view_permission_is_refused(client, sign_in_officer, url):
    SubmittedProfileFactory()
    sign_in_officer(client, StaffUserFactory())

    response = client.get(url)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("url", [PROFILES_CSV, APPLICATIONS_CSV])
def test_a_professional_never_reaches_the_export(client, url):
    profile = SubmittedProfileFactory()
    client.force_login(profile.user)

    response = client.get(url)

    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert not isinstance(response, StreamingHttpResponse)
