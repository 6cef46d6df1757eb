"""The audit log: every reading of someone else's CV, every review action and every CSV
export leaves a record that administrators list and nobody edits."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from talent import actions
from talent.models import TalentProfile
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import OfficerFactory, StaffUserFactory
from westbund.accounts.groups import ADMINISTRATOR_GROUP, ensure_staff_groups
from westbund.privacy.models import AuditEvent

from .factories import ApplicationFactory, SubmittedProfileFactory

pytestmark = pytest.mark.django_db

AUDIT_LIST = reverse("admin:privacy_auditevent_changelist")


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def administrator():
    ensure_staff_groups()
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))
    return user


def _download(client, cv_id):
    response = client.get(reverse("talent:cv_download", args=[cv_id]))
    assert response.status_code == HTTPStatus.OK
    b"".join(response.streaming_content)
    return response


def test_an_officer_reading_a_cv_is_recorded(client, officer, sign_in_officer):
    profile = SubmittedProfileFactory()
    sign_in_officer(client, officer)

    _download(client, profile.current_cv_id)

    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.target_id) == (
        officer,
        AuditEvent.Action.CV_VIEWED,
        "talent.cvdocument",
        str(profile.current_cv_id),
    )
    assert event.details == {"profile_id": profile.pk}


def test_a_recruiter_reading_an_applicants_cv_is_recorded(client):
    application = ApplicationFactory()
    recruiter = RecruiterMembershipFactory(enterprise=application.enterprise).user
    client.force_login(recruiter)

    _download(client, application.cv_id)

    assert AuditEvent.objects.get().actor == recruiter


def test_the_owner_reading_their_own_cv_is_not_an_access_to_audit(client):
    profile = SubmittedProfileFactory()
    client.force_login(profile.user)

    _download(client, profile.current_cv_id)

    assert not AuditEvent.objects.exists()


def test_a_refused_cv_download_records_nothing(client):
    profile = SubmittedProfileFactory()
    client.force_login(StaffUserFactory())

    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.exists()


def test_each_review_action_is_recorded(officer, mailoutbox):
    profile = SubmittedProfileFactory()

    actions.assign_officer(profile=profile, officer=officer, by=officer)
    actions.start_review(profile=profile, by=officer)
    actions.decide_review(profile=profile, by=officer, decision=TalentProfile.ReviewState.VERIFIED)

    assert list(
        AuditEvent.objects.filter(target_id=str(profile.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        AuditEvent.Action.OFFICER_ASSIGNED,
        AuditEvent.Action.REVIEW_STARTED,
        AuditEvent.Action.REVIEW_DECIDED,
    ]


def test_an_administrator_lists_the_audit_log(client, administrator, officer, sign_in_officer):
    profile = SubmittedProfileFactory(full_name="Audited Ann")
    actions.decide_review(profile=profile, by=officer, decision=TalentProfile.ReviewState.VERIFIED)
    sign_in_officer(client, administrator)

    response = client.get(f"{AUDIT_LIST}?action__exact=review_decided")

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Review decided" in body
    assert str(officer) in body


def test_an_officer_cannot_read_the_audit_log(client, officer, sign_in_officer):
    sign_in_officer(client, officer)

    assert client.get(AUDIT_LIST).status_code == HTTPStatus.FORBIDDEN


def test_nobody_adds_changes_or_deletes_an_audit_event(
    client, administrator, officer, sign_in_officer
):
    profile = SubmittedProfileFactory()
    actions.start_review(profile=profile, by=officer)
    event = AuditEvent.objects.get()
    sign_in_officer(client, administrator)

    assert client.get(reverse("admin:privacy_auditevent_add")).status_code == HTTPStatus.FORBIDDEN
    change = reverse("admin:privacy_auditevent_change", args=[event.pk])
    assert client.post(change, {"action": "csv_exported"}).status_code == HTTPStatus.FORBIDDEN
    delete = reverse("admin:privacy_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    event.refresh_from_db()
    assert event.action == AuditEvent.Action.REVIEW_STARTED
