"""Issue 17, the account side of each role's day: the greeting (finding 15), signing
out (20), the e-mail language page (21), allauth's e-mails (10), hreflang (26) and an
invited recruiter's sign-up (the "next" lost after verification)."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings

from enterprises.models import Membership
from tests.enterprises.factories import InvitationFactory
from tests.factories import PASSWORD, UserFactory
from tests.talent.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")


def _link_in(message) -> str:
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


# -- My hub's greeting ---------------------------------------------------------------------


def test_my_hub_greets_by_the_full_name_once_saved(client):
    user = UserFactory(email="ada.l@example.com", display_name="")
    TalentProfileFactory(user=user, full_name="Ada Lovelace", name_zh="艾达")
    client.force_login(user)

    assert "Welcome, Ada Lovelace." in client.get("/me/").content.decode()
    assert "艾达" in client.get("/zh-hans/me/").content.decode().split("</h1>", 1)[1][:200]
    assert "ada.l" not in client.get("/me/").content.decode().split("</h1>", 1)[1][:200]


def test_my_hub_greets_by_the_e_mail_name_before_there_is_a_profile(client):
    client.force_login(UserFactory(email="ada.l@example.com", display_name=""))

    assert "Welcome, ada.l." in client.get("/me/").content.decode()


# -- Signing out ----------------------------------------------------------------------------


def test_signing_out_from_chinese_pages_lands_on_the_chinese_home_with_a_message(client):
    client.force_login(UserFactory())
    client.get("/zh-hans/")  # a page read before, so the home page may be in the cache

    response = client.post("/zh-hans/accounts/logout/", follow=True)

    assert response.redirect_chain[-1][0] == "/zh-hans/"
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "您已登出" in body or "已退出" in body


def test_signing_out_shows_the_message_although_the_home_page_is_cached(client):
    client.get("/")  # cached for anonymous visitors
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/", follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "You have signed out." in response.content.decode()
    # Shown once: the next visit is the plain (cacheable) page again.
    assert "You have signed out." not in client.get("/").content.decode()


# -- The e-mail language page ----------------------------------------------------------------


def test_saving_the_e_mail_language_keeps_the_page_in_its_language(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post("/me/language/", {"preferred_language": "zh-hans"}, follow=True)

    assert response.redirect_chain[-1][0] == "/me/language/"
    assert '<html lang="en">' in response.content.decode()
    assert "Your e-mails will be written in the language you chose." in response.content.decode()
    user.refresh_from_db()
    assert user.preferred_language == "zh-hans"


def test_saving_the_e_mail_language_from_chinese_pages_stays_chinese(client):
    client.force_login(UserFactory(preferred_language="zh-hans"))

    response = client.post("/zh-hans/me/language/", {"preferred_language": "en"}, follow=True)

    assert response.redirect_chain[-1][0] == "/zh-hans/me/language/"
    assert '<html lang="zh-hans">' in response.content.decode()


# -- allauth's e-mails -------------------------------------------------------------------------


def _sign_up(client, email, prefix="", **extra):
    return client.post(
        f"{prefix}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


def test_the_verification_e_mail_carries_the_hubs_name_in_english(client, mailoutbox):
    _sign_up(client, "ada@example.com")

    message = mailoutbox[0]
    assert message.subject == (
        "[West Bund Talent Hub] Confirm your e-mail address to finish signing up"
    )
    assert "Hello from" not in message.body
    assert "127.0.0.1" not in message.body.replace(SITE, "")
    assert "Thank you for joining the West Bund Talent Hub" in message.body
    assert f"{SITE}/" in message.body
    assert "/accounts/confirm-email/" in message.body


def test_the_verification_e_mail_is_all_chinese_for_a_chinese_sign_up(client, mailoutbox):
    _sign_up(client, "li.na@example.com", prefix="/zh-hans")

    message = mailoutbox[0]
    assert message.subject.startswith("[西岸人才港] ")
    assert re.search(r"[A-Za-z]{3,}", message.subject) is None
    text = re.sub(r"https?://\S+|\S+@\S+", "", message.body)
    assert re.search(r"[A-Za-z]{3,}", text) is None, text
    assert "西岸人才港" in message.body
    assert f"{SITE}/zh-hans/" in message.body
    assert "/zh-hans/accounts/confirm-email/" in message.body


def test_password_reset_mail_is_in_the_account_holders_language(client, mailoutbox):
    UserFactory(email="li.na@example.com", preferred_language="zh-hans")

    client.post("/accounts/password/reset/", {"email": "li.na@example.com"})

    message = mailoutbox[0]
    assert message.subject == "[西岸人才港] 设置新密码"
    text = re.sub(r"https?://\S+|\S+@\S+", "", message.body)
    assert re.search(r"[A-Za-z]{3,}", text) is None, text
    assert "/accounts/password/reset/key/" in message.body


def test_password_reset_for_an_unknown_address_is_branded(client, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    message = mailoutbox[0]
    assert message.subject == "[West Bund Talent Hub] No account with this address"
    assert "West Bund Talent Hub" in message.body
    assert "Hello from" not in message.body


def test_signing_up_again_with_a_taken_address_is_branded(client, mailoutbox):
    UserFactory(email="ada@example.com")

    _sign_up(client, "ada@example.com")

    message = mailoutbox[0]
    assert message.subject == "[West Bund Talent Hub] You already have an account"
    assert "/accounts/password/reset/" in message.body
    assert "Hello from" not in message.body


def test_a_new_address_of_an_account_gets_a_branded_confirmation(client, mailoutbox):
    client.force_login(UserFactory(preferred_language="zh-hans"))

    client.post("/accounts/email/", {"action_add": "", "email": "second@example.com"})

    message = mailoutbox[0]
    assert message.subject == "[西岸人才港] 确认您的电子邮箱"
    assert "second@example.com" in message.body


# -- hreflang ------------------------------------------------------------------------------------


def test_hreflang_links_are_absolute_with_an_x_default(client, settings):
    """On the host the page was asked for, like the sitemap's alternates."""
    settings.ALLOWED_HOSTS = ["talent.westbund.example"]
    body = client.get("/zh-hans/jobs/", HTTP_HOST="talent.westbund.example").content.decode()

    site = "http://talent.westbund.example"
    assert f'<link rel="alternate" hreflang="en" href="{site}/jobs/">' in body
    assert f'<link rel="alternate" hreflang="zh-hans" href="{site}/zh-hans/jobs/">' in body
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/jobs/">' in body


# -- An invited recruiter signs up from the invitation link --------------------------------------


def test_an_invited_recruiter_lands_on_the_invitation_after_verifying(client, mailoutbox):
    invitation = InvitationFactory(email="li.na@example.com")
    join = f"/zh-hans/enterprises/join/{invitation.token}/"

    page = client.get(join)
    assert page.status_code == HTTPStatus.OK
    assert "/zh-hans/accounts/signup/?next=" in page.content.decode()
    _sign_up(client, "li.na@example.com", prefix="/zh-hans")
    confirm = _link_in(mailoutbox[-1])
    client.get(confirm)
    response = client.post(confirm)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == join
    accept = client.post(response["Location"])
    assert accept["Location"] == f"/zh-hans/workspace/{invitation.enterprise.slug}/"
    assert Membership.objects.filter(
        enterprise=invitation.enterprise, user__email="li.na@example.com"
    ).exists()


def test_an_invited_recruiter_who_verifies_elsewhere_comes_back_on_signing_in(client, mailoutbox):
    """The link opened in another browser signs nobody in; the first sign-in in the
    browser that opened the invitation still goes to it."""
    invitation = InvitationFactory(email="li.na@example.com")
    join = f"/enterprises/join/{invitation.token}/"
    client.get(join)
    _sign_up(client, "li.na@example.com")
    confirm = _link_in(mailoutbox[-1])
    other = type(client)()
    other.post(confirm)

    response = client.post("/accounts/login/", {"login": "li.na@example.com", "password": PASSWORD})

    assert response["Location"] == join


def test_the_sign_up_link_of_the_invitation_page_keeps_next_through_verification(
    client, mailoutbox
):
    invitation = InvitationFactory(email="li.na@example.com")
    join = f"/enterprises/join/{invitation.token}/"
    client.get(join)
    _sign_up(client, "li.na@example.com", next=join)
    confirm = _link_in(mailoutbox[-1])

    assert client.post(confirm)["Location"] == join


def test_a_pending_invitation_is_forgotten_once_seen(client):
    invitation = InvitationFactory(email="li.na@example.com")
    user = UserFactory(email="li.na@example.com")
    client.get(f"/enterprises/join/{invitation.token}/")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get(response["Location"]).status_code == HTTPStatus.OK

    client.get("/me/")
    client.force_login(user)  # a later sign-in, same session
    again = client.post("/accounts/logout/")
    assert again.status_code == HTTPStatus.FOUND
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response["Location"] == "/me/"
