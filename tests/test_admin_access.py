"""Who reaches the officers' admin: staff who signed in with two factors, nobody else."""

from http import HTTPStatus

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.factories import PASSWORD, StaffUserFactory, UserFactory
from tests.totp import SECRET, current_code

pytestmark = pytest.mark.django_db


def _sign_in_with_two_factors(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == HTTPStatus.FOUND
    return response


def test_an_officer_with_an_authenticator_signs_in_with_a_code_and_reaches_admin(client):
    officer = StaffUserFactory(email="officer@example.com")
    TOTP.activate(officer, SECRET)

    _sign_in_with_two_factors(client, "officer@example.com")

    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_a_wrong_code_does_not_sign_the_officer_in(client):
    officer = StaffUserFactory(email="officer@example.com")
    TOTP.activate(officer, SECRET)
    client.post("/accounts/login/", {"login": "officer@example.com", "password": PASSWORD})

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == HTTPStatus.OK
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


def test_a_staff_user_without_an_authenticator_is_sent_to_set_one_up(client):
    client.force_login(StaffUserFactory())

    response = client.get("/admin/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_session_that_skipped_the_second_factor_must_sign_in_again(client):
    officer = StaffUserFactory()
    TOTP.activate(officer, SECRET)
    client.force_login(officer)  # a session without an MFA record

    response = client.get("/admin/talent/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Ftalent%2F"
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_hands_over_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/notifications/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fnotifications%2F"


def test_the_admin_login_refuses_an_off_site_next(client):
    response = client.get("/admin/login/?next=https://evil.example.com/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_a_signed_in_non_staff_user_cannot_reach_admin_at_all(client):
    client.force_login(UserFactory())

    assert client.get("/admin/login/").status_code == HTTPStatus.FORBIDDEN
    response = client.get("/admin/", follow=True)
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_demo_officer_can_use_the_printed_secret(client, demo_users):
    response = client.post(
        "/accounts/login/",
        {"login": demo_users["officer"].email, "password": "westbund-demo-2026"},
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"

    client.post("/accounts/2fa/authenticate/", {"code": current_code()})

    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_a_wrong_code_is_told_plainly_in_chinese(client):
    officer = StaffUserFactory(email="officer@example.com")
    TOTP.activate(officer, SECRET)
    client.post("/zh-hans/accounts/login/", {"login": "officer@example.com", "password": PASSWORD})

    body = client.post("/zh-hans/accounts/2fa/authenticate/", {"code": "000000"}).content.decode()

    assert "验证码不正确，请检查身份验证器应用后重试。" in body
    assert "错误代码" not in body
