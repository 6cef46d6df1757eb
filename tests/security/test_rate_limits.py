"""Password guessing is slowed down by allauth's rate limits (``ACCOUNT_RATE_LIMITS`` in
``westbund/settings.py``: ``login_failed`` 5 per 5 minutes per account, 10 per minute
per IP address).

The officers' second factor is tested in ``tests/test_admin_access.py`` (a code is
required, a wrong code does not sign in, a session without it is signed out of the
admin); it is not repeated here.
"""

from http import HTTPStatus

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password, ip="203.0.113.7"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client):
    user = UserFactory()
    for _ in range(5):
        assert _sign_in(client, user.email, "wrong-guess").status_code == HTTPStatus.OK

    response = _sign_in(client, user.email, PASSWORD)

    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_of_one_account_does_not_lock_out_another(client):
    victim, bystander = UserFactory(), UserFactory()
    for _ in range(5):
        _sign_in(client, victim.email, "wrong-guess")

    response = _sign_in(client, bystander.email, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND


def test_one_address_guessing_many_accounts_is_slowed_down(client):
    users = UserFactory.create_batch(11)
    for user in users[:10]:
        _sign_in(client, user.email, "wrong-guess")

    response = _sign_in(client, users[10].email, PASSWORD)

    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_translated(client):
    user = UserFactory()
    for _ in range(5):
        client.post("/zh-hans/accounts/login/", {"login": user.email, "password": "wrong"})

    response = client.post("/zh-hans/accounts/login/", {"login": user.email, "password": "x"})

    assert "Too many failed login attempts" not in response.content.decode()
