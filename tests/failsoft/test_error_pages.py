"""Error pages in the site's look and the visitor's language, each with a way home.

The language is the URL's prefix, also for addresses that resolve to nothing. The 500
page is rendered without a request context, so it answers when the database or the
cache is what broke: tested with both unreachable (a closed port each).
"""

import re
import socket
from http import HTTPStatus

import pytest
from django.db import connections
from django.test import Client

PAGES = {
    "en": {
        HTTPStatus.NOT_FOUND: "Page not found",
        HTTPStatus.FORBIDDEN: "Access denied",
        HTTPStatus.BAD_REQUEST: "Bad request",
        HTTPStatus.INTERNAL_SERVER_ERROR: "Something went wrong",
        "csrf": "The form has expired",
        "home": "Go to the home page",
    },
    "zh-hans": {
        HTTPStatus.NOT_FOUND: "找不到该页面",
        HTTPStatus.FORBIDDEN: "无权访问",
        HTTPStatus.BAD_REQUEST: "请求无效",
        HTTPStatus.INTERNAL_SERVER_ERROR: "出错了",
        "csrf": "表单已过期",
        "home": "返回首页",
    },
}
PREFIX = {"en": "", "zh-hans": "/zh-hans"}
HOME = {"en": "/", "zh-hans": "/zh-hans/"}
LANGUAGES = list(PAGES)


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.failsoft.urls"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_error_page(response, status, language, heading_key=None):
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert PAGES[language][heading_key or status] in html
    home_link = f'<a class="btn btn-primary" href="{HOME[language]}">{PAGES[language]["home"]}</a>'
    assert home_link in html
    assert "bootstrap.min.css" in html and "site.css" in html
    # The CSP allows no inline script: the page has none.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == language


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/no-such-page/", "/jobs/no-such-role/", "/x/y/z"])
def test_an_unknown_address_gets_a_404_in_the_language_of_its_prefix(client, language, path):
    response = client.get(PREFIX[language] + path)

    assert_error_page(response, HTTPStatus.NOT_FOUND, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_forbidden_page_gets_a_403_in_the_visitors_language(client, failing_urls, language):
    response = client.get(PREFIX[language] + "/failing/forbidden/")

    assert_error_page(response, HTTPStatus.FORBIDDEN, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_malformed_request_gets_a_400_in_the_visitors_language(client, failing_urls, language):
    response = client.get(PREFIX[language] + "/failing/malformed/")

    assert_error_page(response, HTTPStatus.BAD_REQUEST, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_csrf_token_gets_the_csrf_page_in_the_visitors_language(language):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        PREFIX[language] + "/accounts/login/", {"login": "a@example.com", "password": "x"}
    )

    assert_error_page(response, HTTPStatus.FORBIDDEN, language, heading_key="csrf")
    # For support, and for tests/security/test_csrf.py: the 403 is the CSRF check's.
    assert "CSRF" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bug_gets_the_500_page_in_the_visitors_language(client, failing_urls, language):
    response = client.get(PREFIX[language] + "/failing/broken/")

    assert_error_page(response, HTTPStatus.INTERNAL_SERVER_ERROR, language)


@pytest.fixture
def cache_unreachable(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "westbund.core.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }


@pytest.fixture
def database_unreachable(django_db_blocker):
    """The database at a closed port: every query raises ``OperationalError``."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (a port to close)")
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(
            HOST="127.0.0.1", PORT=str(closed_port()), OPTIONS={"connect_timeout": 2}
        )
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


# No django_db mark: pytest-django makes any query raise, so a 500 page that touched the
# database would fail to render and the client would raise instead.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_renders_without_the_cache_or_the_database(
    client, failing_urls, cache_unreachable, language
):
    response = client.get(PREFIX[language] + "/failing/broken/")

    assert_error_page(response, HTTPStatus.INTERNAL_SERVER_ERROR, language)


@pytest.mark.postgres
@pytest.mark.parametrize("language", LANGUAGES)
def test_with_database_and_cache_down_the_home_page_answers_the_500_page(
    client, cache_unreachable, database_unreachable, settings, language
):
    # The page cache would fail first; this way the home page's own queries fail.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    response = client.get(HOME[language])

    assert_error_page(response, HTTPStatus.INTERNAL_SERVER_ERROR, language)
