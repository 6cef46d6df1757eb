"""The professional's side: /me/applications/, the timeline, withdrawing."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from talent import actions
from talent.models import Application
from tests.enterprises.factories import PublishedRoleFactory, RecruiterMembershipFactory
from westbund.notifications.models import Kind, Notification

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    application = ApplicationFactory(role=PublishedRoleFactory(title_en="VLM Researcher"))
    client.force_login(application.profile.user)
    return application


@pytest.fixture
def recruiter(application):
    return RecruiterMembershipFactory(enterprise=application.enterprise).user


def test_list_shows_each_application_with_its_stage_and_timeline(client, application, recruiter):
    actions.move_application(
        application=application, to_stage="screening", by=recruiter, reason="Looks good"
    )
    body = client.get(reverse("talent:applications")).content.decode()
    assert "VLM Researcher" in body
    assert "Screening" in body
    assert "New → <strong>Screening</strong>" in body
    assert "Looks good" in body


def test_timeline_hides_internal_reasons(client, application, recruiter):
    actions.move_application(
        application=application,
        to_stage="screening",
        by=recruiter,
        reason="Salary too high",
        internal=True,
    )
    for url in (reverse("talent:applications"), application.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "Screening" in body
        assert "Salary too high" not in body


def test_rejection_reason_is_shown_to_the_professional(client, application, recruiter):
    actions.move_application(
        application=application, to_stage="rejected", by=recruiter, reason="Role filled"
    )
    body = client.get(application.get_absolute_url()).content.decode()
    assert "Rejected" in body
    assert "Role filled" in body


def test_withdraw_is_recorded_and_tells_the_enterprise(
    client, application, recruiter, django_capture_on_commit_callbacks, mailoutbox
):
    url = reverse("talent:application_withdraw", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    change = application.history.last()
    assert (change.to_state, change.actor) == ("withdrawn", application.profile.user)
    notification = Notification.objects.get(recipient=recruiter)
    assert notification.kind == Kind.APPLICATION_WITHDRAWN
    assert [m.to for m in mailoutbox] == [[recruiter.email]]
    assert "withdrew" in mailoutbox[0].body


def test_withdrawing_asks_first_and_a_get_changes_nothing(client, application):
    """Finding 6: the application page links to a confirmation; only its POST withdraws."""
    url = reverse("talent:application_withdraw", args=[application.pk])
    detail = client.get(application.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail
    assert f'action="{url}"' not in detail
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Withdraw my application?" in body
    assert "the enterprise is told" in body
    assert f'action="{url}"' in body
    assert 'method="post"' in body
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert not application.history.filter(to_state="withdrawn").exists()


def test_withdraw_confirmation_is_in_chinese(client, application):
    url = reverse("talent:application_withdraw", args=[application.pk])
    with translation.override("zh-hans"):
        zh_url = reverse("talent:application_withdraw", args=[application.pk])
    body = client.get(zh_url).content.decode()
    assert zh_url.startswith("/zh-hans/") and zh_url != url
    assert "撤回我的申请？" in body
    assert "Withdraw my application?" not in body


def test_withdraw_confirmation_of_a_closed_application_sends_back(client, application):
    url = reverse("talent:application_withdraw", args=[application.pk])
    client.post(url)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert "can no longer be withdrawn" in response.content.decode()


def test_withdrawing_twice_gives_a_message(client, application):
    url = reverse("talent:application_withdraw", args=[application.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    assert application.history.count() == 2


def test_me_page_shows_recent_applications(client, application):
    body = client.get(reverse("talent:me")).content.decode()
    assert "VLM Researcher" in body
    assert reverse("talent:applications") in body


def _grow(profile, count, recruiter=None):
    for _ in range(count):
        application = ApplicationFactory(profile=profile)
        member = RecruiterMembershipFactory(enterprise=application.enterprise).user
        actions.move_application(
            application=application, to_stage="interview", by=member, reason="Let us talk"
        )


def test_list_query_count_does_not_grow(client, application, django_assert_max_num_queries):
    url = reverse("talent:applications")
    _grow(application.profile, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _grow(application.profile, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Let us talk") == 17


def test_me_page_query_count_does_not_grow(client, application, django_assert_max_num_queries):
    url = reverse("talent:me")
    _grow(application.profile, 2)
    PublishedRoleFactory(specialties=["multimodal"])  # something to recommend
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    _grow(application.profile, 10)
    for _ in range(10):
        PublishedRoleFactory(specialties=["multimodal"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_another_profile_is_not_withdrawn_through_the_action(application):
    other = ApplyingProfileFactory()
    with pytest.raises(PermissionDenied):
        actions.withdraw_application(application=application, by=other.user)


def test_the_language_links_of_a_form_shown_again_lead_to_the_page_the_form_was_on(
    client, application
):
    # The message form failed (empty) and is shown at its POST-only address: switching
    # language there must not lead to a 405.
    page = f"/zh-hans/me/applications/{application.pk}/"
    response = client.post(
        f"{page}messages/", {"body": ""}, HTTP_REFERER=f"http://testserver{page}"
    )
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f'href="/me/applications/{application.pk}/" lang="en"' in body
    assert client.get(f"/me/applications/{application.pk}/").status_code == HTTPStatus.OK
    # Without a Referer of this site, the links lead home.
    response = client.post(
        f"{page}messages/", {"body": ""}, HTTP_REFERER="https://elsewhere.example/me/"
    )
    assert 'href="/" lang="en"' in response.content.decode()
