"""Applications in the data export, and what remains of them after account deletion."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talent import actions
from talent.models import (
    Application,
    ApplicationNote,
    ApplicationStageChange,
    CVDocument,
    JobAlert,
)
from tests.enterprises.factories import PublishedRoleFactory, RecruiterMembershipFactory
from tests.factories import PASSWORD
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions

from .factories import ApplyingProfileFactory, JobAlertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    return PublishedRoleFactory(title_en="VLM Researcher")


@pytest.fixture
def recruiter(role):
    return RecruiterMembershipFactory(enterprise=role.enterprise).user


@pytest.fixture
def mine(role, recruiter):
    profile = ApplyingProfileFactory(full_name="Lin Wei", phone="+86 138 0013 8000")
    application = actions.submit_application(
        profile=profile,
        role=role,
        cover_letter="My secret cover letter",
        answers={"start_date": "March"},
    )
    actions.move_application(
        application=application, to_stage="screening", by=recruiter, reason="Public words"
    )
    actions.move_application(
        application=application,
        to_stage="interview",
        by=recruiter,
        reason="Internal words",
        internal=True,
    )
    actions.add_note(application=application, by=recruiter, body="Lin Wei seems strong")
    JobAlertFactory(user=profile.user, name="My VLM alert")
    return application


@pytest.fixture
def theirs(role):
    profile = ApplyingProfileFactory(full_name="Other Person")
    return actions.submit_application(profile=profile, role=role, cover_letter="Their letter")


def _export(client, user):
    client.force_login(user)
    response = client.post(reverse("talent:privacy_export"))
    assert response.status_code == HTTPStatus.OK
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("data.json"))


def test_export_contains_the_users_applications_and_alerts_only(client, mine, theirs):
    archive, data = _export(client, mine.profile.user)
    assert len(data["applications"]) == 1
    exported = data["applications"][0]
    assert exported["role"] == "VLM Researcher"
    assert exported["cover_letter"] == "My secret cover letter"
    assert exported["answers"] == {"start_date": "March"}
    assert exported["cv_id"] == mine.cv_id
    assert exported["stage"] == Application.Stage.INTERVIEW
    assert [(t["from"], t["to"], t["reason"]) for t in exported["timeline"]] == [
        ("", "new", ""),
        ("new", "screening", "Public words"),
        ("screening", "interview", ""),
    ]
    assert [alert["name"] for alert in data["job_alerts"]] == ["My VLM alert"]
    text = archive.read("data.json").decode()
    for foreign in ("Their letter", "Other Person", "Internal words", "seems strong"):
        assert foreign not in text
    assert f"cv/{mine.cv.download_name}" in archive.namelist()


def test_deleting_the_account_keeps_an_anonymised_application(
    client, mine, theirs, recruiter, settings, django_capture_on_commit_callbacks
):
    user = mine.profile.user
    cv_names = list(CVDocument.objects.filter(profile=mine.profile).values_list("file", flat=True))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:account_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == HTTPStatus.FOUND

    application = Application.objects.get(pk=mine.pk)
    assert application.profile is None
    assert application.cv is None
    assert (application.cover_letter, application.answers) == ("", {})
    assert application.anonymised_at is not None
    assert (application.role, application.stage) == (mine.role, Application.Stage.INTERVIEW)
    assert application.created_at == mine.created_at
    stages = list(application.history.values_list("to_state", "reason", "actor"))
    assert stages == [
        ("new", "", None),
        ("screening", "", recruiter.pk),
        ("interview", "", recruiter.pk),
    ]
    assert not ApplicationNote.objects.filter(application=application).exists()
    assert not JobAlert.objects.exists()
    assert not CVDocument.objects.filter(pk=mine.cv_id).exists()
    for name in cv_names:
        assert not (settings.PRIVATE_MEDIA_ROOT / name).exists()
    # The other applicant is untouched.
    theirs.refresh_from_db()
    assert theirs.cover_letter == "Their letter"


def test_no_personal_field_of_the_deleted_user_remains(client, mine, recruiter):
    user = mine.profile.user
    email, name, phone = user.email, "Lin Wei", "8613800138000"
    privacy_actions.delete_account(user=user)
    received = Notification.objects.get(recipient=recruiter, kind=Kind.APPLICATION_RECEIVED)
    assert received.context["applicant_name"] == "Former applicant"
    for model in (Application, ApplicationStageChange, ApplicationNote, Notification):
        for row in model.objects.values():
            text = json.dumps(row, default=str)
            for value in (email, name, phone, "My secret cover letter", "March"):
                assert value not in text, (model.__name__, value)


def test_recruiter_sees_a_former_applicant(client, mine, recruiter):
    privacy_actions.delete_account(user=mine.profile.user)
    client.force_login(recruiter)
    listing = client.get(
        reverse("talent:workspace_applicants", args=[mine.enterprise.slug])
    ).content.decode()
    assert "Former applicant" in listing
    assert "Lin Wei" not in listing
    detail = client.get(mine.workspace_url())
    assert detail.status_code == HTTPStatus.OK
    assert "anonymised record" in detail.content.decode()
    csv_url = reverse(
        "talent:workspace_role_applicants_csv", args=[mine.enterprise.slug, mine.role_id]
    )
    assert "Former applicant" in client.get(csv_url).content.decode("utf-8-sig")


def test_withdrawn_sharing_consent_stops_new_applications(mine):
    profile = mine.profile
    privacy_actions.withdraw_consent(user=profile.user, kind="share_with_enterprises")
    with pytest.raises(ValidationError) as error:
        actions.submit_application(
            profile=profile, role=PublishedRoleFactory(), cover_letter="Another"
        )
    assert error.value.code == "consent_required"
    # What was already sent stays with the enterprise.
    assert Application.objects.get(pk=mine.pk).profile == profile
