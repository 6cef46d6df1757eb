"""The Young Entrepreneurs Association: applying, and officers deciding."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services import actions
from services.models import MembershipApplication, MembershipApplicationHistory
from tests.factories import OfficerFactory, UserFactory
from westbund.notifications.models import Kind, Notification

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
    assert MembershipApplicationHistory.objects.get().to_state == "pending"


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
    officer = OfficerFactory()

    actions.decide_membership(application=application, approve=True, by=officer, note="Welcome")

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == officer
    entry = MembershipApplicationHistory.objects.get(application=application)
    assert (entry.from_state, entry.to_state, entry.actor) == ("pending", "approved", officer)


def test_a_decided_application_cannot_be_decided_again():
    application = MembershipApplicationFactory(status=MembershipApplication.Status.DECLINED)

    with pytest.raises(ValidationError):
        actions.decide_membership(application=application, approve=True, by=OfficerFactory())


def test_declined_applicant_may_apply_again(client):
    declined = MembershipApplicationFactory(status=MembershipApplication.Status.DECLINED)
    client.force_login(declined.applicant)

    client.post(reverse("services:association"), APPLICATION)

    assert MembershipApplication.objects.filter(applicant=declined.applicant).count() == 2


# ------------------------------------------------------------------------------
# The decision reaches the applicant
# ------------------------------------------------------------------------------
def test_approval_is_sent_to_the_applicant_in_english(
    django_capture_on_commit_callbacks, mailoutbox
):
    application = MembershipApplicationFactory(company="Riverside Robotics")

    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_membership(
            application=application, approve=True, by=OfficerFactory(), note="Welcome aboard."
        )

    notification = Notification.objects.get()
    assert notification.recipient == application.applicant
    assert notification.kind == Kind.ASSOCIATION_MEMBERSHIP_DECIDED
    assert notification.link == reverse("services:association")
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [application.applicant.email]
    assert email.subject == "Welcome to the Young Entrepreneurs Association"
    assert "is approved: you are now a member" in email.body
    assert "Riverside Robotics" in email.body
    assert "Welcome aboard." in email.body


def test_a_decline_is_sent_in_chinese_to_a_chinese_reader(
    django_capture_on_commit_callbacks, mailoutbox
):
    applicant = UserFactory(preferred_language="zh-hans")
    application = MembershipApplicationFactory(applicant=applicant, company="滨江机器人")

    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_membership(application=application, approve=False, by=OfficerFactory())

    email = mailoutbox[0]
    assert email.subject == "您的青年企业家协会入会申请"
    assert "上海市新兴产业青年企业家协会" in email.body
    assert "本次未获通过" in email.body
    assert "滨江机器人" in email.body
    assert "approved" not in email.body


def test_the_decision_is_in_the_applicants_inbox(client):
    application = MembershipApplicationFactory()
    actions.decide_membership(application=application, approve=True, by=OfficerFactory())
    client.force_login(application.applicant)

    response = client.get(reverse("notifications:inbox"))

    assert "Welcome to the Young Entrepreneurs Association" in response.text


def test_a_refused_second_decision_tells_nobody():
    application = MembershipApplicationFactory(status=MembershipApplication.Status.APPROVED)

    with pytest.raises(ValidationError):
        actions.decide_membership(application=application, approve=False, by=OfficerFactory())
    assert not Notification.objects.exists()
