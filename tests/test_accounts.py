"""Sign-up with mandatory e-mail verification, login by e-mail, password reset."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a-much-better-passphrase-42"


def _link_in(message) -> str:
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_sends_a_verification_email_and_the_link_verifies(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "Ada@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="ada@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ada@example.com"]
    confirm_path = _link_in(mailoutbox[0])

    page = client.get(confirm_path)
    assert page.status_code == HTTPStatus.OK
    response = client.post(confirm_path)

    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/me/").status_code == HTTPStatus.OK


def test_an_unverified_user_cannot_sign_in(client, mailoutbox):
    UserFactory(email="late@example.com", verified_email=False)
    EmailAddress.objects.create(
        user=User.objects.get(email="late@example.com"),
        email="late@example.com",
        verified=False,
        primary=True,
    )

    response = client.post("/accounts/login/", {"login": "late@example.com", "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/").status_code == HTTPStatus.FOUND


def test_a_verified_user_signs_in_with_email_and_lands_in_my_hub(client):
    UserFactory(email="lin@example.com")

    response = client.post("/accounts/login/", {"login": "lin@example.com", "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/me/"
    assert "lin@example.com" in client.get("/me/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="lin@example.com")

    response = client.post("/accounts/login/", {"login": "lin@example.com", "password": "nope"})

    assert response.status_code == HTTPStatus.OK
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="lin@example.com")
    responses = [
        client.post("/accounts/login/", {"login": "lin@example.com", "password": f"wrong-{i}"})
        for i in range(6)
    ]

    assert "Too many failed login attempts" in responses[-1].content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post("/accounts/login/", {"login": "lin@example.com", "password": PASSWORD})
    assert response.status_code == HTTPStatus.OK
    assert client.get("/me/").status_code == HTTPStatus.FOUND


def test_signup_in_chinese_sets_the_preferred_language(client, mailoutbox):
    client.post(
        "/zh-hans/accounts/signup/",
        {"email": "wei@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert User.objects.get(email="wei@example.com").preferred_language == "zh-hans"


def test_signup_refuses_an_existing_email_without_creating_a_second_account(client, mailoutbox):
    UserFactory(email="taken@example.com")

    client.post(
        "/accounts/signup/",
        {"email": "taken@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert User.objects.filter(email="taken@example.com").count() == 1


def test_signup_with_mismatched_passwords_shows_the_error_and_saves_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": "different-thing-1"},
    )

    assert response.status_code == HTTPStatus.OK
    assert "same password" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_password_reset_by_email_link(client, mailoutbox):
    UserFactory(email="forgetful@example.com")

    client.post("/accounts/password/reset/", {"email": "forgetful@example.com"})

    assert len(mailoutbox) == 1
    reset_path = _link_in(mailoutbox[0])
    # allauth moves the key into the session and redirects to a key-less URL.
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "forgetful@example.com", "password": NEW_PASSWORD}
    )
    assert response["Location"] == "/me/"


def test_auth_pages_use_the_site_layout(client):
    body = client.get("/accounts/login/").content.decode()

    assert "West Bund Talent Hub" in body
    assert 'class="btn btn-primary"' in body
    assert "/static/bootstrap/css/bootstrap.min.css" in body


def test_demo_command_is_idempotent_and_creates_the_four_accounts(db):
    from django.core.management import call_command

    from westbund.portal.demo import DEMO_ACCOUNTS

    call_command("seed_demo")
    call_command("seed_demo")

    demo = User.objects.filter(email__in=[account.email for account in DEMO_ACCOUNTS])
    assert demo.count() == 4
    assert demo.filter(is_staff=True, is_superuser=False).count() == 1
    assert EmailAddress.objects.filter(user__in=demo, verified=True).count() == 4


@pytest.mark.django_db
def test_signing_in_names_the_person_as_the_pages_greet_them(client):
    from tests.talent.factories import CompleteProfileFactory

    profile = CompleteProfileFactory(full_name="Lin Wei", name_zh="林伟")
    EmailAddress.objects.get_or_create(
        user=profile.user, email=profile.user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        "/zh-hans/accounts/login/",
        {"login": profile.user.email, "password": PASSWORD},
        follow=True,
    )
    assert "以 林伟 成功登录。" in response.content.decode()
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": profile.user.email, "password": PASSWORD}, follow=True
    )
    assert "Successfully signed in as Lin Wei." in response.content.decode()
