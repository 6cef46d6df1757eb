"""Every step of the hub review tells the person it concerns."""

import pytest

from talent import actions
from tests.factories import OfficerFactory
from tests.talent.factories import SubmittedProfileFactory
from westbund.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_starting_the_review_tells_the_professional(django_capture_on_commit_callbacks, mailoutbox):
    profile = SubmittedProfileFactory(user__preferred_language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        actions.start_review(profile=profile, by=OfficerFactory())

    notification = Notification.objects.get(kind=Kind.PROFILE_REVIEW_STARTED)
    assert notification.recipient == profile.user
    assert mailoutbox[0].to == [profile.user.email]
    assert "审核" in mailoutbox[0].subject


def test_assigning_a_profile_tells_the_officer_it_is_assigned_to(
    django_capture_on_commit_callbacks, mailoutbox
):
    profile = SubmittedProfileFactory(full_name="Lin Wei")
    lead, colleague = OfficerFactory(), OfficerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_officer(profile=profile, officer=colleague, by=lead)

    notification = Notification.objects.get(kind=Kind.PROFILE_ASSIGNED)
    assert notification.recipient == colleague
    assert mailoutbox[0].subject == "Profile assigned to you: Lin Wei"
    # The admin is not under a language prefix, whatever the reader's language.
    assert notification.url_in("zh-hans") == f"/admin/talent/talentprofile/{profile.pk}/change/"


def test_assigning_oneself_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    officer = OfficerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_officer(profile=SubmittedProfileFactory(), officer=officer, by=officer)

    assert not Notification.objects.filter(kind=Kind.PROFILE_ASSIGNED).exists()
    assert mailoutbox == []
