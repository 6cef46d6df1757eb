"""The Young Entrepreneurs Association: applying, and officers deciding."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services import actions
from services.models import MembershipApplication, MembershipApplicationHistory
from tests.factories import StaffUserFactory, UserFactory

from .factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "full_name": "Lin Wei",
    "company": "Riverside Robotics",
    "position": "Founder",
    "website": "https://riverside.example",
    "motivation": "To meet founders who build embodied AI.",
}


def test_signed_in_user_applies_and_sees_it_pending(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("services:association"), APPLICATION, follow=True)

    application = MembershipApplication.objects.get()
    assert application.applicant == user
    assert application.status == MembershipApplication.Status.PENDING
    assert "your application is with the hub" in response.text
    assert MembershipApplicationHistory.objects.get().to_status == "pending"


def test_an_incomplete_application_is_refused(client):
    client.force_login(UserFactory())

    response = client.post(reverse("services:association"), {**APPLICATION, "motivation": ""})

    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    assert not MembershipApplication.objects.exists()


def test_a_second_application_while_one_is_pending_is_refused(client):
    pending = MembershipApplicationFactory()
    client.force_login(pending.applicant)

    response = client.post(reverse("services:association"), APPLICATION, follow=True)

    assert "already have a pending or approved application" in response.text
    assert MembershipApplication.objects.count() == 1


def test_anonymous_is_asked_to_sign_in(client):
    response = client.get(reverse("services:association"))

    assert "Sign in to apply" in response.text
    assert client.post(reverse("services:association"), APPLICATION).status_code == 302
    assert not MembershipApplication.objects.exists()


def test_officer_approves_and_the_decision_is_recorded():
    application = MembershipApplicationFactory()
    officer = StaffUserFactory()

    actions.decide_membership(application=application, approve=True, by=officer, note="Welcome")

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == officer
    entry = MembershipApplicationHistory.objects.get(application=application)
    assert (entry.from_status, entry.to_status, entry.by) == ("pending", "approved", officer)


def test_a_decided_application_cannot_be_decided_again():
    application = MembershipApplicationFactory(status=MembershipApplication.Status.DECLINED)

    with pytest.raises(ValidationError):
        actions.decide_membership(application=application, approve=True, by=StaffUserFactory())


def test_declined_applicant_may_apply_again(client):
    declined = MembershipApplicationFactory(status=MembershipApplication.Status.DECLINED)
    client.force_login(declined.applicant)

    client.post(reverse("services:association"), APPLICATION)

    assert MembershipApplication.objects.filter(applicant=declined.applicant).count() == 2
