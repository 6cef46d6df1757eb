"""The site's frame: home in both languages, robots.txt, health check, language switch."""

import json
from http import HTTPStatus

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_is_served_in_english_without_prefix(client):
    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Build the future of AI at the West Bund" in body
    assert "Shanghai Foundation Model Innovation Center" in body


def test_home_is_served_in_chinese_under_zh_hans(client):
    response = client.get("/zh-hans/")

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "在西岸共建人工智能的未来" in body
    assert "上海市徐汇区" in body or "徐汇" in body


def test_navbar_links_to_the_public_sections_and_sign_in(client):
    body = client.get("/").content.decode()

    for href in ('href="/jobs/"', 'href="/enterprises/"', 'href="/services/"'):
        assert href in body
    assert 'href="/accounts/login/"' in body


def test_navbar_shows_my_hub_to_a_signed_in_user(client):
    client.force_login(UserFactory())

    body = client.get("/").content.decode()

    assert 'href="/me/"' in body
    assert "Sign in" not in body


def test_bootstrap_comes_from_our_own_static_files(client):
    body = client.get("/").content.decode()

    assert "/static/bootstrap/css/bootstrap.min.css" in body
    assert "cdn" not in body.lower()


@pytest.mark.parametrize("path", ["/jobs/", "/enterprises/", "/services/", "/zh-hans/services/"])
def test_public_sections_answer(client, path):
    assert client.get(path).status_code == HTTPStatus.OK


def test_my_hub_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/me/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=/me/")


def test_robots_txt_is_plain_text_without_database_work(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_pages_in_both_languages(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "<loc>http://testserver/jobs/</loc>" in body
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/jobs/"' in body


def test_healthz_reports_database_and_eager_broker(client, settings):
    settings.CELERY_BROKER_URL = "memory://"

    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == {"database": "ok", "broker": "eager"}


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(response.content) == {"database": "ok", "broker": "unreachable"}


def test_the_language_switcher_links_to_the_same_page_in_the_other_language(client):
    body = client.get("/services/?q=housing").content.decode()

    assert 'href="/zh-hans/services/?q=housing" lang="zh-hans"' in body
    assert (
        '<link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/services/?q=housing">'
        in body
    )


def test_the_chinese_page_links_back_to_english_without_prefix(client):
    body = client.get("/zh-hans/services/").content.decode()

    assert 'href="/services/" lang="en"' in body


def test_an_anonymous_page_sets_no_cookie(client):
    # No CSRF token or session on public pages: they can be cached and shared.
    response = client.get("/")

    assert response.cookies == {} or all(not morsel.value for morsel in response.cookies.values())


def test_a_user_chooses_the_language_of_their_emails(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post("/me/language/", {"preferred_language": "zh-hans"})

    assert response.status_code == HTTPStatus.FOUND
    # The page stays in the language it is read in (issue 17, finding 21).
    assert response["Location"] == "/me/language/"
    user.refresh_from_db()
    assert user.preferred_language == "zh-hans"


def test_an_unknown_email_language_is_refused(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post("/me/language/", {"preferred_language": "xx-evil"})

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_the_email_language_page_needs_sign_in(client):
    response = client.get("/me/language/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")
