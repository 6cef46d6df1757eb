"""Every URL refuses a POST without a CSRF token, and state changes refuse GET.

The list of URLs is the URL resolver's own (``urlsweep.swept_urls``), so a view added
later is swept too. Each URL is posted to by the kind of user it is for: an officer
(signed in with two factors) under /admin/, the enterprise's admin under /workspace/,
a professional everywhere else. The CSRF check runs before the view, so the sweep's
paths only have to resolve; ``test_with_a_token_the_same_post_gets_through`` shows on
real objects that the 403s come from the missing token, not from a missing permission.

Exception, deliberately: ``/me/inbox/unsubscribe/<token>/`` is ``csrf_exempt`` because
mail clients POST to it for RFC 8058 one-click unsubscribe (``List-Unsubscribe-Post``)
without any cookie. The signed token is the authorisation and it can only switch one
kind of e-mail off, so a forged request can do no more than the link in the e-mail.
allauth's views (sign-in, sign-up, password, 2FA) are swept like ours: all protected.
"""

from http import HTTPStatus

import pytest
from django.test import Client

from tests.enterprises.factories import (
    DraftRoleFactory,
    InvitationFactory,
    MembershipFactory,
    RecruiterMembershipFactory,
)
from tests.factories import OfficerFactory, UserFactory
from tests.notifications.factories import NotificationFactory
from tests.services.factories import EventFactory, ServiceRequestFactory
from tests.talent.factories import JobAlertFactory

from .urlsweep import swept_urls

pytestmark = pytest.mark.django_db

SWEPT = swept_urls()
CSRF_EXEMPT_BY_DESIGN = {"notifications:unsubscribe"}


@pytest.fixture
def sign_in(sign_in_officer):
    """``sign_in(client, area)``: the kind of user an area of the site is for."""

    def sign_in_as(client, area):
        if area == "officer":
            return sign_in_officer(client, OfficerFactory())
        if area == "recruiter":
            client.force_login(MembershipFactory(enterprise__slug="x").user)
        else:
            client.force_login(UserFactory())
        return client

    return sign_in_as


def _token(client, page="/services/requests/new/"):
    client.get(page)
    return client.cookies["csrftoken"].value


def test_the_sweep_covers_every_area_of_the_site():
    paths = {url.path for url in SWEPT}

    assert len(SWEPT) > 200  # the admin's views make most of them
    for expected in (
        "/me/profile/",
        "/me/cv/",
        "/jobs/x/apply/",
        "/workspace/x/roles/new/",
        "/workspace/x/applicants/1/move/",
        "/services/requests/new/",
        "/accounts/login/",
        "/accounts/2fa/authenticate/",
        "/admin/talent/talentprofile/",
    ):
        assert expected in paths


def test_only_the_one_click_unsubscribe_is_csrf_exempt():
    exempt = {url.name for url in SWEPT if url.csrf_exempt}

    assert exempt == CSRF_EXEMPT_BY_DESIGN


@pytest.mark.parametrize("area", ["professional", "recruiter", "officer"])
def test_a_post_without_a_csrf_token_is_refused(csrf_client, sign_in, area):
    # One test per area, every URL of it in a loop: the failure lists each URL that did
    # not refuse (a test per URL would cost a user and a session each, ~250 times).
    sign_in(csrf_client, area)
    not_refused = []

    for url in SWEPT:
        if url.area != area or url.csrf_exempt:
            continue
        response = csrf_client.post(url.path, {"anything": "forged"})
        if response.status_code != HTTPStatus.FORBIDDEN or b"CSRF" not in response.content:
            not_refused.append(f"{url.path} ({url.name}): {response.status_code}")

    assert not not_refused, "\n".join(not_refused)


def test_the_chinese_urls_are_protected_alike(csrf_client, sign_in):
    sign_in(csrf_client, "professional")

    response = csrf_client.post("/zh-hans/me/profile/", {"full_name": "Forged"})

    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.fixture
def real_targets(professional, application, recruiter, enterprise, officer, sign_in_officer):
    """State-changing endpoints on real objects: (who, path, data)."""
    alert = JobAlertFactory(user=professional)
    notification = NotificationFactory(recipient=professional)
    draft = DraftRoleFactory(enterprise=enterprise)
    colleague = RecruiterMembershipFactory(enterprise=enterprise)
    invitation = InvitationFactory(enterprise=enterprise, invited_by=recruiter)
    event = EventFactory()
    service_request = ServiceRequestFactory(requester=professional)
    slug = enterprise.slug
    return {
        "profile": (professional, "/me/profile/", {"full_name": "Changed"}),
        "alert delete": (professional, f"/me/alerts/{alert.pk}/delete/", {}),
        "withdraw": (professional, f"/me/applications/{application.pk}/withdraw/", {}),
        "consent": (professional, "/me/privacy/consents/share_with_enterprises/withdraw/", {}),
        "consent grant": (professional, "/me/privacy/consents/talent_pool/grant/", {}),
        "mark read": (professional, f"/me/inbox/{notification.pk}/read/", {}),
        "rsvp": (professional, f"/services/community/events/{event.slug}/rsvp/", {}),
        "reply": (
            professional,
            f"/services/requests/{service_request.reference}/",
            {"body": "Hello"},
        ),
        "submit role": (recruiter, f"/workspace/{slug}/roles/{draft.pk}/submit/", {}),
        "remove member": (recruiter, f"/workspace/{slug}/members/{colleague.pk}/remove/", {}),
        "revoke": (recruiter, f"/workspace/{slug}/invitations/{invitation.pk}/revoke/", {}),
        "note": (
            recruiter,
            f"/workspace/{slug}/applicants/{application.pk}/notes/",
            {"body": "Strong"},
        ),
        "admin": (
            officer,
            "/admin/services/servicerequest/",
            {"action": "", "_selected_action": [service_request.pk]},
        ),
    }


@pytest.mark.parametrize(
    "target",
    [
        "profile",
        "alert delete",
        "withdraw",
        "consent",
        "mark read",
        "rsvp",
        "reply",
        "submit role",
        "remove member",
        "revoke",
        "note",
        "admin",
    ],
)
def test_with_a_token_the_same_post_gets_through(real_targets, sign_in_officer, target):
    user, path, data = real_targets[target]
    client = Client(enforce_csrf_checks=True)
    if user.is_staff:
        sign_in_officer(client, user)
    else:
        client.force_login(user)

    refused = client.post(path, data)
    accepted = client.post(path, {**data, "csrfmiddlewaretoken": _token(client)})

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert accepted.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}


@pytest.mark.parametrize(
    "target",
    [
        "alert delete",
        # Withdrawing a consent is asked first: its GET shows the question (test_privacy).
        "consent grant",
        "mark read",
        "rsvp",
        "submit role",
        "remove member",
        "revoke",
        "note",
    ],
)
def test_a_state_change_refuses_a_get(real_targets, client, target):
    # A GET must never change state: links, prefetchers and <img src> send GETs
    # without any CSRF protection.
    user, path, _data = real_targets[target]
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_a_get_of_withdraw_only_asks(real_targets, client, application):
    # Withdrawing has a confirmation page (issue 17): its GET shows, only its POST acts.
    user, path, _data = real_targets["withdraw"]
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    application.refresh_from_db()
    assert application.stage == "new"
    assert not application.history.filter(to_state="withdrawn").exists()


def test_a_get_of_logout_does_not_sign_out(client):
    client.force_login(UserFactory())

    client.get("/accounts/logout/")

    assert "_auth_user_id" in client.session


def test_the_one_click_unsubscribe_needs_a_valid_signed_token(csrf_client):
    response = csrf_client.post("/me/inbox/unsubscribe/not-a-signed-token/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_one_click_unsubscribe_works_without_a_cookie_for_a_signed_token(csrf_client):
    from westbund.notifications.models import OPTIONAL_EMAIL_KINDS, EmailOptOut
    from westbund.notifications.rendering import unsubscribe_token

    user = UserFactory()
    kind = sorted(OPTIONAL_EMAIL_KINDS)[0]

    response = csrf_client.post(
        f"/me/inbox/unsubscribe/{unsubscribe_token(user_id=user.pk, kind=kind)}/"
    )

    assert response.status_code == HTTPStatus.OK
    assert EmailOptOut.objects.filter(user=user, kind=kind).exists()
