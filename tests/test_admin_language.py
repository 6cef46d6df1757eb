"""The admin speaks the officer's language (issue 17, finding 2): it follows
``preferred_language``, a switch in its header saves it, and the sign-in pages that
lead to it follow the visitor's choice. And a favicon for every page (finding 26)."""

from http import HTTPStatus

import pytest

from tests.factories import OfficerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _html_lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_admin_is_chinese_for_an_officer_who_prefers_chinese(client, sign_in_officer):
    sign_in_officer(client, OfficerFactory(preferred_language="zh-hans"))

    response = client.get("/admin/")

    assert response.status_code == HTTPStatus.OK
    assert _html_lang(response) == "zh-hans"
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert "人才专员工作台" in page
    # Django's own admin catalogue is active too.
    assert "注销" in page or "退出" in page
    assert "Log out" not in page


def test_the_admin_stays_english_for_an_officer_who_prefers_english(client, sign_in_officer):
    sign_in_officer(client, OfficerFactory(preferred_language="en"))

    response = client.get("/admin/talent/talentprofile/", headers={"accept-language": "zh-hans"})

    assert _html_lang(response) == "en"
    assert "Log out" in response.content.decode()


def test_the_admin_url_stays_unprefixed(client, sign_in_officer):
    sign_in_officer(client, OfficerFactory(preferred_language="zh-hans"))

    assert client.get("/zh-hans/admin/").status_code == HTTPStatus.NOT_FOUND


def test_the_language_switch_in_the_admin_header_saves_the_choice_and_comes_back(
    client, sign_in_officer
):
    officer = OfficerFactory(preferred_language="en")
    sign_in_officer(client, officer)
    page = client.get("/admin/talent/talentprofile/?review_state__exact=submitted")
    assert 'action="/admin/language/"' in page.content.decode()
    assert 'value="zh-hans"' in page.content.decode()

    response = client.post(
        "/admin/language/",
        {
            "preferred_language": "zh-hans",
            "next": "/admin/talent/talentprofile/?review_state__exact=submitted",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/talent/talentprofile/?review_state__exact=submitted"
    officer.refresh_from_db()
    assert officer.preferred_language == "zh-hans"
    followed = client.get(response["Location"])
    assert _html_lang(followed) == "zh-hans"
    assert "管理后台和您的电子邮件现在使用这种语言。" in followed.content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/admin/", "/me/", "", "//evil.example"])
def test_the_language_switch_goes_back_only_to_an_admin_page(client, sign_in_officer, next_url):
    sign_in_officer(client, OfficerFactory(preferred_language="en"))

    response = client.post("/admin/language/", {"preferred_language": "en", "next": next_url})

    assert response["Location"] == "/admin/"


def test_the_language_switch_refuses_an_unknown_language(client, sign_in_officer):
    officer = OfficerFactory(preferred_language="en")
    sign_in_officer(client, officer)

    response = client.post("/admin/language/", {"preferred_language": "fr", "next": "/admin/"})

    assert response.status_code == HTTPStatus.FOUND
    officer.refresh_from_db()
    assert officer.preferred_language == "en"
    assert "Choose one of the languages offered." in client.get("/admin/").content.decode()


def test_the_language_switch_is_post_only(client, sign_in_officer):
    sign_in_officer(client, OfficerFactory())

    assert client.get("/admin/language/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("signed_in", [False, True])
def test_nobody_but_staff_changes_a_language_through_the_admin_switch(client, signed_in):
    user = UserFactory(preferred_language="en")
    if signed_in:
        client.force_login(user)

    response = client.post("/admin/language/", {"preferred_language": "zh-hans"})

    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_the_admin_sign_in_follows_the_language_the_visitor_chose_on_the_site(client):
    client.cookies["django_language"] = "zh-hans"

    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/zh-hans/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_sign_in_follows_a_chinese_browser(client):
    response = client.get("/admin/", headers={"accept-language": "zh-CN,zh;q=0.9"}, follow=True)

    assert response.redirect_chain[-1][0].startswith("/zh-hans/accounts/login/")
    assert _html_lang(response) == "zh-hans"


def test_an_officer_asked_for_the_second_factor_again_is_asked_in_their_language(client):
    from allauth.mfa.totp.internal.auth import TOTP

    officer = StaffUserFactory(preferred_language="zh-hans")
    TOTP.activate(officer, "JBSWY3DPEHPK3PXPWESTBUND")
    client.force_login(officer)  # no second factor in this session

    response = client.get("/admin/")

    assert response["Location"].startswith("/zh-hans/accounts/login/?next=")


def test_the_site_has_a_favicon_at_the_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_admin_pages_link_the_favicon(client, sign_in_officer):
    sign_in_officer(client, OfficerFactory())

    page = client.get("/admin/").content.decode()

    assert 'rel="icon"' in page
    assert 'href="/favicon.ico"' in page
