"""No ``next`` parameter sends anyone off the site.

allauth's sign-in, sign-out and sign-up check ``next`` with
``url_has_allowed_host_and_scheme``; our own ``/admin/login/`` (the only view of ours
that reads ``next``, ``westbund/accounts/views.py``) does the same before handing over
to allauth.
"""

from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import PASSWORD, UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    " //evil.example",
    "/%2F/evil.example",
    "http://testserver@evil.example/",
]


def _stays_on_site(location: str) -> bool:
    """A redirect target (and any ``next`` inside it) is a path on this site."""
    for candidate in [location, *parse_qs(urlsplit(location).query).get("next", [])]:
        # Not unquoted again: a browser does not decode %2F when it resolves a Location.
        target = candidate.strip()
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return False
        if not target.startswith("/") or target.startswith(("//", "/\\")):
            return False
    return True


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_signing_in_never_redirects_off_site(client, next_url):
    user = UserFactory()

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_sign_in_page_of_a_signed_in_user_never_redirects_off_site(client, next_url):
    client.force_login(UserFactory())

    response = client.get("/accounts/login/", {"next": next_url})

    assert response.status_code == HTTPStatus.FOUND
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_signing_out_never_redirects_off_site(client, next_url):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/", {"next": next_url})

    assert response.status_code == HTTPStatus.FOUND
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_signing_up_never_redirects_off_site(client, next_url):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_admin_login_never_hands_over_an_off_site_next(client, next_url):
    # Complements tests/test_admin_access.py (one https:// case) with every form.
    response = client.get("/admin/login/", {"next": next_url})

    assert response.status_code == HTTPStatus.FOUND
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_sign_in_form_does_not_carry_an_off_site_next_into_a_link(client, next_url):
    body = client.get("/accounts/login/", {"next": next_url}).content.decode()

    assert 'href="https://evil.example' not in body
    assert 'href="//evil.example' not in body
    assert 'href="javascript:' not in body


def test_opening_a_notification_never_leaves_the_site(client):
    # Stored directly: notify() itself refuses such links (next test).
    notification = NotificationFactory(link="//evil.example/")
    client.force_login(notification.recipient)

    response = client.get(f"/me/inbox/{notification.pk}/go/")

    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_notify_refuses_a_link_off_the_site(link):
    from tests.factories import UserFactory
    from westbund.notifications.actions import notify
    from westbund.notifications.models import Kind, Notification

    with pytest.raises(ValueError):
        notify(recipient=UserFactory(), kind=Kind.PROFILE_REVIEW_DECIDED, context={}, link=link)
    assert not Notification.objects.exists()
